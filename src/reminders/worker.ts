/**
 * The delivery loop of the durable job queue (deadline reminders and digests, and the notifications about
 * requests: new or assigned, the citizen's steps, withdrawn, closed for inactivity; app/notifications.ts):
 * claims due jobs from the store, merges them per chat and sender (reminders into one message; each
 * notification is its own message), sends each group through its sender, and acknowledges, postpones,
 * retries or fails them by the outcome. Jobs are never created here: each is scheduled exactly once by
 * the use case (deterministic ids), and delivered at least once by this loop.
 *
 * The promise, precisely: at most one send attempt per job per lease, and a job is sent again only when
 * the outcome of a send that reached Telegram could not be recorded, that is when the worker died
 * between sending and acknowledging, or Redis stayed unreachable for the rest of the lease (the
 * acknowledgement is retried until then), or Telegram delivered a message and then answered with a
 * network error (retried with backoff as a failed send). Concurrent workers never hold the same job;
 * none is lost. So delivery is at least once, and twice only in those three cases, which the short
 * lease, the retried acknowledgement and stopping early keep rare.
 *
 * Time: `now` comes from the store's clock (Redis TIME, via `serverTime`) re-read at every tick, with
 * the local clock only measuring the time elapsed since, so instances whose host clocks disagree by
 * minutes still agree on which job is due and which lease has expired.
 *
 * Bounds (defaults): a lease lasts 30 s and no message starts in its last 10 s, so the jobs of a worker
 * that dies are claimed by another within 30 s plus one poll (5 s). stop() ends the batch before its
 * next message, waits only for the message in flight (bounded by the sender's own timeout) and puts the
 * unsent jobs back at once for the other instances. With a `budget`, every message of every instance
 * draws from one global send budget, and a 429 pauses all of them for its retry_after; when the budget
 * cannot be read (Redis down), nothing is sent.
 */
import type { ClaimedJob, ClaimedReminder, JobKind, ReminderStore } from "../store/reminders.js";
import { isReminderKind } from "../domain/reminder-plan.js";
import type { SendBudget } from "../store/send-budget.js";
import { realSleep, type Clock, type Pacer, type Sleep } from "./pacer.js";

/** One chat's due jobs for one sender, oldest due first, to be sent as a single message. */
export interface ChatDelivery<J extends ClaimedJob = ClaimedReminder> {
  chatId: number;
  reminders: readonly J[];
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
/** Sends one chat's jobs of one kind (a notification, say) as one message. A thrown error counts as "failed". */
export type SendJobs = (delivery: ChatDelivery<ClaimedJob>) => Promise<SendOutcome>;

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
  /** Sends the deadline reminders (every reminder kind). */
  send: SendReminders;
  /** A sender for each other job kind; a job whose kind has none here waits in the queue (logged). */
  senders?: Partial<Record<Exclude<JobKind, ClaimedReminder["kind"]>, SendJobs>>;
  /** Measures time elapsed; with `serverTime` it is only used between two reads of the server's clock. */
  clock: Clock;
  /** The clock all instances share (the store's serverTime); read at the start of every tick. */
  serverTime?: () => Promise<number>;
  /** Per-chat pacing (and a per-process cap) inside this process. */
  pacer: Pacer;
  /** The bot's global send budget and 429 pause, shared by all instances; none means only `pacer` applies. */
  budget?: SendBudget;
  /** Identifies this worker's leases; must differ between concurrently running workers. */
  workerId: string;
  /** Waits between polls, for the budget and between retries of an acknowledgement; real timers by default. */
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
  /** Put back unsent: the lease running out, the global budget paused, stop(), or Redis unreachable. */
  released: number;
  /** Acknowledgements refused because the lease had passed to another worker or the reminder was cancelled. */
  leaseLost: number;
}

export interface ReminderWorker {
  /** Claims one batch and delivers it; resolves when every claimed reminder is settled or put back. */
  tick(): Promise<TickReport>;
  /** Starts polling: ticks back to back while batches come full, otherwise waits `intervalMs` between ticks. */
  start(): void;
  /** Stops polling: the batch in progress ends after the message in flight, the rest goes back to the queue. */
  stop(): Promise<void>;
}

/** The default lease: shorter than an officer would notice a missing reminder, long enough for a batch. */
export const DEFAULT_LEASE_MS = 30_000;
/** The first wait before retrying an acknowledgement Redis did not take; doubles up to SETTLE_RETRY_CAP_MS. */
const SETTLE_RETRY_BASE_MS = 250;
const SETTLE_RETRY_CAP_MS = 2_000;
/** How long a job whose kind has no sender here waits before another look (e.g. during a rolling deploy). */
const NO_SENDER_RETRY_MS = 60_000;
const REMINDER_CHANNEL = "reminders";

const silentLogger: ReminderLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The delay before retry number `attempt` (1 after the first failure): exponential, capped, with "equal
 * jitter" (between half and all of the ceiling) so retries spread out but never come back immediately.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The sender a job goes to: the reminder sender for every reminder kind, else the kind's own. */
function channelOf(job: ClaimedJob): string {
  return isReminderKind(job.kind) ? REMINDER_CHANNEL : job.kind;
}

/**
 * Groups jobs by chat and sender, keeping the claim's due order inside each group and across groups by
 * first due: one message per chat for its reminders, another for each other kind.
 */
export function groupByChat(jobs: readonly ClaimedJob[]): (ChatDelivery<ClaimedJob> & { channel: string })[] {
  const groups = new Map<string, ChatDelivery<ClaimedJob> & { channel: string; reminders: ClaimedJob[] }>();
  for (const job of jobs) {
    const channel = channelOf(job);
    const key = `${job.chatId}\u0000${channel}`;
    const group = groups.get(key);
    if (group) group.reminders.push(job);
    else groups.set(key, { chatId: job.chatId, channel, reminders: [job] });
  }
  return [...groups.values()];
}

function emptyReport(): TickReport {
  return { claimed: 0, messages: 0, delivered: 0, postponed: 0, retried: 0, failed: 0, released: 0, leaseLost: 0 };
}

/** Thrown inside a tick when Redis would not take an outcome for the rest of the lease. */
class StoreUnreachable extends Error {}

/** Creates a worker; nothing runs until tick() or start() is called. */
export function createReminderWorker(options: ReminderWorkerOptions): ReminderWorker {
  const { store, send, clock, pacer, budget, workerId } = options;
  const sleep = options.sleep ?? realSleep;
  const batchSize = options.batchSize ?? 100;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const leaseMarginMs = options.leaseMarginMs ?? Math.floor(leaseMs / 3);
  const intervalMs = options.intervalMs ?? 5_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const backoff = options.backoff ?? { baseMs: 30_000, capMs: 30 * 60_000 };
  const random = options.random ?? Math.random;
  const logger = options.logger ?? silentLogger;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError("batchSize must be a positive integer");
  if (!(leaseMarginMs >= 0 && leaseMarginMs < leaseMs)) throw new RangeError("leaseMarginMs must be in [0, leaseMs)");
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1)
    throw new RangeError("maxAttempts must be a positive integer");

  // The shared clock: the server's time at the last read plus the local time elapsed since.
  let anchor: { server: number; local: number } | undefined;
  const now = (): number => (anchor ? anchor.server + (clock.now() - anchor.local) : clock.now());
  const syncClock = async (): Promise<void> => {
    if (!options.serverTime) return;
    const server = await options.serverTime();
    // Anchored after the reply: our "now" may trail the server's by the round trip, never lead it.
    anchor = { server, local: clock.now() };
  };

  // stop() sets this and wakes every wait that should end early.
  let stopping = false;
  let wakeOnStop = (): void => undefined;
  let stopSignal = new Promise<void>((resolve) => (wakeOnStop = resolve));
  const sleepUnlessStopped = (ms: number) => Promise.race([sleep(ms), stopSignal]);

  const countLost = (results: readonly boolean[], report: TickReport): void => {
    const lost = results.filter((ok) => !ok).length;
    if (lost === 0) return;
    report.leaseLost += lost;
    logger.warn({ workerId, lost }, "reminder lease lost before it was settled");
  };

  /**
   * Runs one store write, retrying while Redis is away (a dropped connection, a failover) for as long as
   * the lease lasts: an outcome recorded late is still recorded once, while one given up on means the
   * job is sent again after its lease. Throws StoreUnreachable when the lease runs out first.
   */
  const persist = async <T>(write: () => Promise<T>, leaseEnd: number): Promise<T> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await write();
      } catch (error) {
        const delay = Math.min(SETTLE_RETRY_CAP_MS, SETTLE_RETRY_BASE_MS * 2 ** (attempt - 1));
        if (now() + delay >= leaseEnd) {
          logger.error({ err: error, workerId }, "could not record a reminder outcome within its lease");
          throw new StoreUnreachable("store unreachable for the rest of the lease");
        }
        if (attempt === 1)
          logger.warn({ err: (error as Error).message, workerId }, "could not record a reminder outcome; retrying");
        await sleep(delay);
      }
    }
  };

  const persistAll = async (
    jobs: readonly ClaimedJob[],
    write: (job: ClaimedJob) => Promise<boolean>,
    leaseEnd: number,
  ) => Promise.all(jobs.map((job) => persist(() => write(job), leaseEnd)));

  /** Puts unsent jobs back for `at` without counting an attempt; best effort, since their leases expire anyway. */
  const putBack = async (jobs: readonly ClaimedJob[], at: number, report: TickReport, why: string): Promise<void> => {
    if (jobs.length === 0) return;
    report.released += jobs.length;
    try {
      countLost(await Promise.all(jobs.map((job) => store.postpone(job.id, workerId, at))), report);
      logger.warn({ workerId, released: jobs.length, why }, "unsent reminders put back in the queue");
    } catch (error) {
      logger.error(
        { err: error, workerId, count: jobs.length, why },
        "could not put unsent reminders back; they return when their lease expires",
      );
    }
  };

  const sendSafely = async (delivery: ChatDelivery<ClaimedJob> & { channel: string }): Promise<SendOutcome> => {
    const { channel, ...message } = delivery;
    const sender =
      channel === REMINDER_CHANNEL ? (send as SendJobs) : options.senders?.[channel as keyof typeof options.senders];
    if (!sender) throw new Error(`no sender for job kind ${channel}`);
    try {
      return await sender(message);
    } catch (error) {
      logger.error({ err: error, chatId: delivery.chatId }, "reminder send threw; treating it as a failed attempt");
      return "failed";
    }
  };

  const settle = async (
    delivery: ChatDelivery<ClaimedJob>,
    outcome: SendOutcome,
    report: TickReport,
    leaseEnd: number,
  ): Promise<void> => {
    const { chatId, reminders } = delivery;
    const ids = reminders.map((r) => r.id);
    const failAll = async (jobs: readonly ClaimedJob[], reason: string): Promise<void> => {
      const failedAt = now();
      countLost(
        await persistAll(jobs, (job) => store.failPermanently(job.id, workerId, reason, failedAt), leaseEnd),
        report,
      );
      report.failed += jobs.length;
    };
    if (outcome === "ok") {
      const acked = await persistAll(reminders, (job) => store.ack(job.id, workerId), leaseEnd);
      countLost(acked, report);
      report.messages += 1;
      report.delivered += acked.filter(Boolean).length;
    } else if (outcome === "blocked") {
      logger.warn({ chatId, ids }, "chat blocked the bot; reminders dropped");
      await failAll(reminders, FAILURE_REASONS.blocked);
    } else if (outcome === "failed") {
      const attempt = Math.max(...reminders.map((r) => r.attempts)) + 1;
      const retryAt = now() + backoffDelay(attempt, backoff, random);
      const exhausted = reminders.filter((r) => r.attempts + 1 >= maxAttempts);
      const retrying = reminders.filter((r) => r.attempts + 1 < maxAttempts);
      if (exhausted.length > 0) {
        logger.warn({ chatId, ids: exhausted.map((r) => r.id) }, "reminder send failed too often; giving up");
        await failAll(exhausted, FAILURE_REASONS.exhausted);
      }
      countLost(await persistAll(retrying, (job) => store.retryLater(job.id, workerId, retryAt), leaseEnd), report);
      report.retried += retrying.length;
    } else {
      const retryAfterMs = Math.max(0, Math.ceil(outcome.retryAfterMs));
      logger.warn({ chatId, retryAfterMs }, "rate limited by Telegram; reminders postponed");
      const resumeAt = now() + retryAfterMs;
      countLost(await persistAll(reminders, (job) => store.postpone(job.id, workerId, resumeAt), leaseEnd), report);
      report.postponed += reminders.length;
    }
  };

  /**
   * Waits for the global budget to grant one message: "go", or the time to put the rest of the batch
   * back for when the wait would outlast the lease's sending time or stop() came.
   */
  const awaitBudget = async (sendBy: number): Promise<"go" | { resumeAt: number }> => {
    if (!budget) return "go";
    for (;;) {
      if (stopping) return { resumeAt: now() };
      const wait = await budget.take(now());
      if (wait <= 0) return "go";
      if (now() + wait >= sendBy) return { resumeAt: now() + wait };
      await sleepUnlessStopped(wait);
    }
  };

  const tick = async (): Promise<TickReport> => {
    const report = emptyReport();
    await syncClock();
    const claimedAt = now();
    const claimed = await store.claimDue(claimedAt, batchSize, leaseMs, workerId);
    report.claimed = claimed.length;
    if (claimed.length === 0) return report;

    const openAt = options.canSendAt?.(new Date(claimedAt))?.getTime();
    if (openAt !== undefined && openAt > claimedAt) {
      countLost(await Promise.all(claimed.map((r) => store.postpone(r.id, workerId, openAt))), report);
      report.postponed += claimed.length;
      logger.info(
        { count: claimed.length, until: new Date(openAt).toISOString() },
        "outside office hours; reminders postponed",
      );
      return report;
    }

    const leaseEnd = claimedAt + leaseMs;
    const sendBy = leaseEnd - leaseMarginMs;
    const deliveries = groupByChat(claimed);
    const unsentFrom = (index: number) => deliveries.slice(index).flatMap((d) => d.reminders);
    for (const [index, delivery] of deliveries.entries()) {
      if (
        delivery.channel !== REMINDER_CHANNEL &&
        !options.senders?.[delivery.channel as keyof typeof options.senders]
      ) {
        logger.warn(
          { kind: delivery.channel, count: delivery.reminders.length },
          "no sender for this job kind here; it waits",
        );
        await putBack(delivery.reminders, now() + NO_SENDER_RETRY_MS, report, "no sender");
        continue;
      }
      if (stopping) {
        await putBack(unsentFrom(index), now(), report, "stopping");
        break;
      }
      await pacer.acquire(delivery.chatId);
      if (now() >= sendBy) {
        await putBack(unsentFrom(index), now(), report, "lease running out");
        break;
      }
      let gate: "go" | { resumeAt: number };
      try {
        gate = await awaitBudget(sendBy);
      } catch (error) {
        // Fail-safe: without the shared budget nobody knows how many messages the bot may still send.
        logger.error({ err: error, workerId }, "global send budget unreadable; sending nothing");
        await putBack(unsentFrom(index), now(), report, "budget unreadable");
        break;
      }
      if (gate !== "go") {
        await putBack(unsentFrom(index), gate.resumeAt, report, stopping ? "stopping" : "sends paused");
        break;
      }
      const outcome = await sendSafely(delivery);
      if (typeof outcome === "object" && budget) {
        try {
          await budget.pauseAll(now(), outcome.retryAfterMs);
        } catch (error) {
          logger.error({ err: error, workerId }, "could not pause the other instances after a 429");
        }
      }
      try {
        await settle(delivery, outcome, report, leaseEnd);
      } catch (error) {
        if (!(error instanceof StoreUnreachable)) throw error;
        // Redis is away: sending more would only make outcomes we cannot record.
        await putBack(unsentFrom(index + 1), now(), report, "store unreachable");
        break;
      }
    }
    return report;
  };

  let running: Promise<void> | undefined;

  return {
    tick,
    start() {
      if (running) return;
      stopping = false;
      stopSignal = new Promise<void>((resolve) => (wakeOnStop = resolve));
      running = (async () => {
        while (!stopping) {
          let claimed = 0;
          try {
            claimed = (await tick()).claimed;
          } catch (error) {
            logger.error({ err: error, workerId }, "reminder tick failed");
          }
          if (!stopping && claimed < batchSize) await sleepUnlessStopped(intervalMs);
        }
      })();
    },
    async stop() {
      if (!running) return;
      stopping = true;
      wakeOnStop();
      await running;
      running = undefined;
      stopping = false;
    },
  };
}
