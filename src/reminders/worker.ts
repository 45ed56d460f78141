/**
 * The reminder delivery loop: claims due reminders from the store, merges them per chat, sends each
 * chat one message through the injected `send` (the bot wiring renders and sends it), and then
 * acknowledges, postpones, retries or fails them by the outcome. Delivery is at least once: concurrent
 * workers never send the same reminder, but a worker that dies between sending and acknowledging (its
 * lease expires) or a send that reached Telegram and then reported a network error gets sent again.
 */
import type { ClaimedReminder, ReminderStore } from "../store/reminders.js";
import { realSleep, type Clock, type Pacer, type Sleep } from "./pacer.js";

/** One chat's due reminders, oldest due first, to be sent as a single message. */
export interface ChatDelivery {
  chatId: number;
  reminders: readonly ClaimedReminder[];
}

/**
 * What happened to one chat's message: delivered; rate limited by Telegram (429, wait `retryAfterMs`);
 * blocked by the user (403, final); or failed for a reason worth retrying (network error, 5xx).
 */
export type SendOutcome = "ok" | "blocked" | "failed" | { retryAfterMs: number };

/** Why a reminder was given up, as recorded in the store's failure list (admins read it in /stats). */
export const FAILURE_REASONS = { blocked: "blocked", exhausted: "attempts_exhausted" } as const;
export type FailureReason = (typeof FAILURE_REASONS)[keyof typeof FAILURE_REASONS];

/** Sends one chat's reminders as one message. A thrown error counts as "failed". */
export type SendReminders = (delivery: ChatDelivery) => Promise<SendOutcome>;

/** The subset of pino's logger the worker uses. */
export interface ReminderLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface BackoffPolicy {
  /** Ceiling of the delay after the first failure; it doubles with each further failure. */
  baseMs: number;
  capMs: number;
}

export interface ReminderWorkerOptions {
  store: ReminderStore;
  send: SendReminders;
  clock: Clock;
  pacer: Pacer;
  /** Identifies this worker's leases; must differ between concurrently running workers. */
  workerId: string;
  /** Waits between polls of an empty queue; real timers by default. */
  sleep?: Sleep;
  batchSize?: number;
  leaseMs?: number;
  /** No message is started once less than this is left of the lease; the rest of the batch goes back. */
  leaseMarginMs?: number;
  intervalMs?: number;
  /** Send attempts before a failing reminder is given up, the first one included; the default 8 with the default backoff spans about an hour. */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  /** Returns a number in [0, 1); jitters the retry delays. */
  random?: () => number;
  /** Office hours: null (or a time not after `now`) means send now; a later time means wait until then. */
  canSendAt?: (now: Date) => Date | null;
  logger?: ReminderLogger;
}

/** What one tick did, counted in reminders except `messages`. */
export interface TickReport {
  claimed: number;
  /** Chat messages sent successfully. */
  messages: number;
  delivered: number;
  /** Put back without counting an attempt: office hours or a 429. */
  postponed: number;
  /** Put back after a failed send, with backoff. */
  retried: number;
  /** Recorded as permanent failures: blocked, or out of attempts. */
  failed: number;
  /** Put back unsent because the lease was running out. */
  released: number;
  /** Acknowledgements refused because the lease had passed to another worker or the reminder was cancelled. */
  leaseLost: number;
}

export interface ReminderWorker {
  /** Claims one batch and delivers it; resolves when every claimed reminder is settled. */
  tick(): Promise<TickReport>;
  /** Starts polling: ticks back to back while batches come full, otherwise waits `intervalMs` between ticks. */
  start(): void;
  /** Stops polling; resolves once the batch in progress is settled. */
  stop(): Promise<void>;
}

const silentLogger: ReminderLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The delay before retry number `attempt` (1 after the first failure): exponential, capped, with "equal
 * jitter" (between half and all of the ceiling) so retries spread out but never come back immediately.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Groups reminders by chat, keeping the claim's due order inside each chat and across chats by first due. */
export function groupByChat(reminders: readonly ClaimedReminder[]): ChatDelivery[] {
  const byChat = new Map<number, ClaimedReminder[]>();
  for (const reminder of reminders) {
    const list = byChat.get(reminder.chatId);
    if (list) list.push(reminder);
    else byChat.set(reminder.chatId, [reminder]);
  }
  return [...byChat].map(([chatId, list]) => ({ chatId, reminders: list }));
}

function emptyReport(): TickReport {
  return { claimed: 0, messages: 0, delivered: 0, postponed: 0, retried: 0, failed: 0, released: 0, leaseLost: 0 };
}

/** Creates a worker; nothing runs until tick() or start() is called. */
export function createReminderWorker(options: ReminderWorkerOptions): ReminderWorker {
  const { store, send, clock, pacer, workerId } = options;
  const sleep = options.sleep ?? realSleep;
  const batchSize = options.batchSize ?? 100;
  const leaseMs = options.leaseMs ?? 120_000;
  const leaseMarginMs = options.leaseMarginMs ?? Math.floor(leaseMs / 4);
  const intervalMs = options.intervalMs ?? 5_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const backoff = options.backoff ?? { baseMs: 30_000, capMs: 30 * 60_000 };
  const random = options.random ?? Math.random;
  const logger = options.logger ?? silentLogger;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError("batchSize must be a positive integer");
  if (!(leaseMarginMs >= 0 && leaseMarginMs < leaseMs)) throw new RangeError("leaseMarginMs must be in [0, leaseMs)");
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) throw new RangeError("maxAttempts must be a positive integer");

  const countLost = (results: readonly boolean[], report: TickReport): void => {
    const lost = results.filter((ok) => !ok).length;
    if (lost === 0) return;
    report.leaseLost += lost;
    logger.warn({ workerId, lost }, "reminder lease lost before it was settled");
  };

  const postponeAll = async (reminders: readonly ClaimedReminder[], at: number, report: TickReport): Promise<void> => {
    countLost(await Promise.all(reminders.map((r) => store.postpone(r.id, workerId, at))), report);
  };

  const failAll = async (reminders: readonly ClaimedReminder[], reason: string, report: TickReport): Promise<void> => {
    const now = clock.now();
    countLost(await Promise.all(reminders.map((r) => store.failPermanently(r.id, workerId, reason, now))), report);
    report.failed += reminders.length;
  };

  const sendSafely = async (delivery: ChatDelivery): Promise<SendOutcome> => {
    try {
      return await send(delivery);
    } catch (error) {
      logger.error({ err: error, chatId: delivery.chatId }, "reminder send threw; treating it as a failed attempt");
      return "failed";
    }
  };

  const settle = async (delivery: ChatDelivery, outcome: SendOutcome, report: TickReport): Promise<void> => {
    const { chatId, reminders } = delivery;
    const ids = reminders.map((r) => r.id);
    if (outcome === "ok") {
      const acked = await Promise.all(reminders.map((r) => store.ack(r.id, workerId)));
      countLost(acked, report);
      report.messages += 1;
      report.delivered += acked.filter(Boolean).length;
    } else if (outcome === "blocked") {
      logger.warn({ chatId, ids }, "chat blocked the bot; reminders dropped");
      await failAll(reminders, FAILURE_REASONS.blocked, report);
    } else if (outcome === "failed") {
      const attempt = Math.max(...reminders.map((r) => r.attempts)) + 1;
      const retryAt = clock.now() + backoffDelay(attempt, backoff, random);
      const exhausted = reminders.filter((r) => r.attempts + 1 >= maxAttempts);
      const retrying = reminders.filter((r) => r.attempts + 1 < maxAttempts);
      if (exhausted.length > 0) {
        logger.warn({ chatId, ids: exhausted.map((r) => r.id) }, "reminder send failed too often; giving up");
        await failAll(exhausted, FAILURE_REASONS.exhausted, report);
      }
      countLost(await Promise.all(retrying.map((r) => store.retryLater(r.id, workerId, retryAt))), report);
      report.retried += retrying.length;
    } else {
      const retryAfterMs = Math.max(0, Math.ceil(outcome.retryAfterMs));
      logger.warn({ chatId, retryAfterMs }, "rate limited by Telegram; reminders postponed");
      await postponeAll(reminders, clock.now() + retryAfterMs, report);
      report.postponed += reminders.length;
    }
  };

  const tick = async (): Promise<TickReport> => {
    const report = emptyReport();
    const claimedAt = clock.now();
    const claimed = await store.claimDue(claimedAt, batchSize, leaseMs, workerId);
    report.claimed = claimed.length;
    if (claimed.length === 0) return report;

    const openAt = options.canSendAt?.(new Date(claimedAt))?.getTime();
    if (openAt !== undefined && openAt > claimedAt) {
      await postponeAll(claimed, openAt, report);
      report.postponed += claimed.length;
      logger.info({ count: claimed.length, until: new Date(openAt).toISOString() }, "outside office hours; reminders postponed");
      return report;
    }

    const sendBy = claimedAt + leaseMs - leaseMarginMs;
    const deliveries = groupByChat(claimed);
    for (const [index, delivery] of deliveries.entries()) {
      await pacer.acquire(delivery.chatId);
      if (clock.now() >= sendBy) {
        const unsent = deliveries.slice(index).flatMap((d) => d.reminders);
        await postponeAll(unsent, clock.now(), report);
        report.released += unsent.length;
        logger.warn({ workerId, released: unsent.length }, "lease running out; rest of the batch put back");
        break;
      }
      await settle(delivery, await sendSafely(delivery), report);
    }
    return report;
  };

  let running: { stop: () => void; loop: Promise<void> } | undefined;

  return {
    tick,
    start() {
      if (running) return;
      let active = true;
      let wake = (): void => undefined;
      const stopped = new Promise<void>((resolve) => (wake = resolve));
      const loop = (async () => {
        while (active) {
          let claimed = 0;
          try {
            claimed = (await tick()).claimed;
          } catch (error) {
            logger.error({ err: error, workerId }, "reminder tick failed");
          }
          if (active && claimed < batchSize) await Promise.race([sleep(intervalMs), stopped]);
        }
      })();
      running = {
        stop: () => {
          active = false;
          wake();
        },
        loop,
      };
    },
    async stop() {
      if (!running) return;
      const { stop, loop } = running;
      stop();
      await loop;
      running = undefined;
    },
  };
}
