/**
 * The reminder queue's contract, shared by its two implementations: jobs (deadline reminders, and
 * notifications about requests) wait by due time, a worker claims a batch atomically and holds it under a lease,
 * then acknowledges, retries or fails each one. A worker that dies mid-batch loses nothing: its leases expire and the next claim hands the
 * reminders to someone else. The Redis store (reminders-redis.ts) is the production one; the in-memory
 * store (reminders-memory.ts) keeps the same contract for the terminal demo. This module re-exports both.
 */
import { z } from "zod";
import { isReminderKind, REMINDER_KINDS, type ReminderKind } from "../domain/reminder-plan.js";

export { REMINDER_KINDS, type ReminderKind } from "../domain/reminder-plan.js";

/** The largest payload accepted, as encoded JSON; reminders are pointers to data, not the data itself. */
export const MAX_PAYLOAD_CHARS = 1024;

/**
 * Notifications that go through the same durable queue as the reminders (retries, pacing, the global
 * send budget, leases), each delivered by a sender of its own (the worker's `senders` option).
 */
export const NOTIFICATION_KINDS = [
  "officer_new_preapplication",
  "preapplication_closed_idle",
  "citizen_status_changed",
  "officer_withdrawn",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Every kind of job the queue carries. */
export const JOB_KINDS = [...REMINDER_KINDS, ...NOTIFICATION_KINDS] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** A job: something to send to one chat at or after `dueAt`. schedule() validates every one against this. */
export const jobSchema = z
  .strictObject({
    /** Deterministic (e.g. `${preappId}:${kind}:${seq}`), which is what makes schedule() idempotent. */
    id: z.string().min(1).max(200),
    dueAt: z.number().int().nonnegative(),
    chatId: z.number().int(),
    kind: z.enum(JOB_KINDS),
    /**
     * The group the job belongs to, if any: cancelFor(preappId) removes the group's pending jobs. A
     * request's reminders use its id; notices use `<id>:citizen` and `<id>:withdrawn` (app/notifications.ts).
     */
    preappId: z.string().min(1).max(100).optional(),
    payload: z
      .json()
      .refine((value) => JSON.stringify(value).length <= MAX_PAYLOAD_CHARS, `payload over ${MAX_PAYLOAD_CHARS} chars`)
      .optional(),
  })
  .refine((job) => !isReminderKind(job.kind) || job.preappId !== undefined, {
    message: "a reminder needs its preappId",
    path: ["preappId"],
  });
export type Job = z.infer<typeof jobSchema>;

/** A deadline reminder: a job of a reminder kind, always about a pre-application. */
export type Reminder = Job & { kind: ReminderKind; preappId: string };

/** A job handed to a worker, with the number of send attempts that already failed. */
export type ClaimedJob = Job & { attempts: number };
export type ClaimedReminder = Reminder & { attempts: number };

export { isReminderKind } from "../domain/reminder-plan.js";

/** A reminder that will never be delivered, kept for the admins' /stats. */
export interface ReminderFailure {
  reminder: Job;
  reason: string;
  /** Send attempts made, the final one included. */
  attempts: number;
  failedAt: number;
}

export interface ReminderStore {
  /** Adds reminders not seen before; ids already pending, leased, delivered or failed are left alone. Returns how many were added. */
  schedule(reminders: readonly Job[]): Promise<number>;
  /** Removes every pending job of a group (a pre-application's reminders, …), leased ones included; returns them. */
  cancelFor(preappId: string): Promise<Job[]>;
  /** Atomically leases up to `limit` reminders due at `now`, in due order, after returning expired leases to the queue. */
  claimDue(now: number, limit: number, leaseMs: number, workerId: string): Promise<ClaimedJob[]>;
  /**
   * Forgets a pending job its scheduler delivered at once (leaving the tombstone, as ack does), unless a
   * worker has leased it meanwhile; false then, or when it is not pending.
   */
  completeUnclaimed(id: string): Promise<boolean>;
  /** Removes a delivered reminder for good; false when the worker no longer holds its lease. */
  ack(id: string, workerId: string): Promise<boolean>;
  /** Puts a leased reminder whose send failed back in the queue for `at`, counting one failed attempt; false without the lease. */
  retryLater(id: string, workerId: string, at: number): Promise<boolean>;
  /** Puts a reminder back in the queue for `at` without counting an attempt (rate limit, office hours, lease running out). */
  postpone(id: string, workerId: string, at: number): Promise<boolean>;
  /** Drops a leased reminder for good and records why in the capped failure list; false without the lease. */
  failPermanently(id: string, workerId: string, reason: string, now: number): Promise<boolean>;
  /** The latest permanent failures, newest first. */
  recentFailures(limit: number): Promise<ReminderFailure[]>;
  /** Removes the failure records of jobs sent to `chatId` (erasure: no record keeps a citizen's chat); returns how many. The count stays. */
  forgetFailuresOf(chatId: number): Promise<number>;
  /** Permanent failures ever recorded, beyond the capped list. */
  failureCount(): Promise<number>;
  /** Reminders not yet delivered or failed, leased ones included. */
  pendingCount(): Promise<number>;
  /** Reminders a claim at `now` could take: due ones plus those whose lease has expired. */
  dueCount(now: number): Promise<number>;
  /**
   * The store's own clock in ms (Redis: TIME on the server), which every instance shares: workers take
   * `now` from it rather than from their host, so a host clock minutes off cannot steal leases or send early.
   */
  serverTime(): Promise<number>;
}

export interface ReminderStoreOptions {
  /** How many failures recentFailures() can show; older ones only count in failureCount(). */
  failureCap?: number;
}

export const DEFAULT_FAILURE_CAP = 100;

export const failureSchema = z.object({
  reminder: jobSchema,
  reason: z.string(),
  attempts: z.number().int().nonnegative(),
  failedAt: z.number(),
});

export function validateClaimArgs(limit: number, leaseMs: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`claim limit must be a positive integer, got ${limit}`);
  if (!Number.isSafeInteger(leaseMs) || leaseMs < 1)
    throw new RangeError(`leaseMs must be a positive integer, got ${leaseMs}`);
}

export function validateCap(cap: number): number {
  if (!Number.isSafeInteger(cap) || cap < 1) throw new RangeError(`failureCap must be a positive integer, got ${cap}`);
  return cap;
}
