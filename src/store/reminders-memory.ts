/**
 * The reminder queue held in process memory, for the terminal demo and for running without Redis: the
 * same contract as the Redis store (the contract tests run both); tombstones live as long as the process.
 */
import {
  DEFAULT_FAILURE_CAP,
  jobSchema,
  validateCap,
  validateClaimArgs,
  type Job,
  type ReminderFailure,
  type ReminderStore,
  type ReminderStoreOptions,
} from "./reminder-queue.js";

interface Lease {
  expiresAt: number;
  workerId: string;
}

function byScoreThenId(a: [string, number], b: [string, number]): number {
  return a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

/** The same contract held in process memory, for the terminal demo and for running without Redis. */
export function createMemoryReminderStore(options: ReminderStoreOptions = {}): ReminderStore {
  const failureCap = validateCap(options.failureCap ?? DEFAULT_FAILURE_CAP);
  const due = new Map<string, number>();
  const leases = new Map<string, Lease>();
  const data = new Map<string, Job>();
  const attempts = new Map<string, number>();
  const byPreapp = new Map<string, Set<string>>();
  const done = new Set<string>();
  const failures: ReminderFailure[] = [];
  let failureTotal = 0;

  const holds = (id: string, workerId: string): boolean => leases.get(id)?.workerId === workerId;

  const forget = (id: string): Job | undefined => {
    const reminder = data.get(id);
    due.delete(id);
    leases.delete(id);
    data.delete(id);
    attempts.delete(id);
    if (reminder?.preappId !== undefined) {
      const ids = byPreapp.get(reminder.preappId);
      ids?.delete(id);
      if (ids?.size === 0) byPreapp.delete(reminder.preappId);
    }
    return reminder;
  };

  const release = async (id: string, workerId: string, at: number, countAttempt: boolean): Promise<boolean> => {
    if (!holds(id, workerId)) return false;
    leases.delete(id);
    if (countAttempt) attempts.set(id, (attempts.get(id) ?? 0) + 1);
    due.set(id, at);
    return true;
  };

  return {
    async schedule(reminders) {
      const valid = reminders.map((r) => jobSchema.parse(r));
      let added = 0;
      for (const reminder of valid) {
        if (data.has(reminder.id) || done.has(reminder.id)) continue;
        data.set(reminder.id, structuredClone(reminder));
        due.set(reminder.id, reminder.dueAt);
        if (reminder.preappId !== undefined) {
          const ids = byPreapp.get(reminder.preappId) ?? new Set<string>();
          byPreapp.set(reminder.preappId, ids.add(reminder.id));
        }
        added += 1;
      }
      return added;
    },
    async cancelFor(preappId) {
      const ids = [...(byPreapp.get(preappId) ?? [])];
      return ids.map((id) => forget(id)).filter((job): job is Job => job !== undefined);
    },
    async claimDue(now, limit, leaseMs, workerId) {
      validateClaimArgs(limit, leaseMs);
      const expired = [...leases]
        .map(([id, lease]): [string, number] => [id, lease.expiresAt])
        .filter(([, expiresAt]) => expiresAt <= now)
        .sort(byScoreThenId)
        .slice(0, limit);
      for (const [id, expiresAt] of expired) {
        leases.delete(id);
        due.set(id, expiresAt);
      }
      const ready = [...due]
        .filter(([, at]) => at <= now)
        .sort(byScoreThenId)
        .slice(0, limit);
      return ready.map(([id]) => {
        due.delete(id);
        leases.set(id, { expiresAt: now + leaseMs, workerId });
        return { ...structuredClone(data.get(id) as Job), attempts: attempts.get(id) ?? 0 };
      });
    },
    async completeUnclaimed(id) {
      if (leases.has(id) || !data.has(id)) return false;
      forget(id);
      done.add(id);
      return true;
    },
    async ack(id, workerId) {
      if (!holds(id, workerId)) return false;
      forget(id);
      done.add(id);
      return true;
    },
    retryLater: (id, workerId, at) => release(id, workerId, at, true),
    postpone: (id, workerId, at) => release(id, workerId, at, false),
    async failPermanently(id, workerId, reason, now) {
      if (!holds(id, workerId)) return false;
      const attemptsMade = (attempts.get(id) ?? 0) + 1;
      const reminder = forget(id);
      done.add(id);
      if (reminder) failures.unshift({ reminder, reason, attempts: attemptsMade, failedAt: now });
      failures.length = Math.min(failures.length, failureCap);
      failureTotal += 1;
      return true;
    },
    async recentFailures(limit) {
      return structuredClone(failures.slice(0, Math.max(0, limit)));
    },
    async forgetFailuresOf(chatId) {
      const before = failures.length;
      const kept = failures.filter((failure) => failure.reminder.chatId !== chatId);
      failures.splice(0, failures.length, ...kept);
      return before - kept.length;
    },
    async failureCount() {
      return failureTotal;
    },
    async pendingCount() {
      return due.size + leases.size;
    },
    async dueCount(now) {
      let count = 0;
      for (const at of due.values()) if (at <= now) count += 1;
      for (const lease of leases.values()) if (lease.expiresAt <= now) count += 1;
      return count;
    },
    async serverTime() {
      return Date.now();
    },
  };
}
