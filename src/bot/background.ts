/**
 * The bot's background work, shared by `npm start` and the terminal chat: the reminder worker (reminders
 * and notifications), the recovery pass, the retention sweep and the idle sweep (use cases in src/app),
 * wired to Telegram. Each instance runs them
 * all; the reminder queue's atomic claims, the sweeps' idempotence and the idle sweep's compare-and-set
 * close make that safe with several instances on one Redis.
 */
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Api } from "grammy";
import { createApp, officeHoursGate, type App, type DeliveryOutcome, type Notifier } from "../app/index.js";
import { RECOVERY_INTERVAL_MS } from "../app/recovery.js";
import { RETENTION_SWEEP_MS } from "../app/retention.js";
import { NOTIFICATION_KINDS, type NotificationKind } from "../store/reminders.js";
import { createPacer, realSleep, type Clock } from "../reminders/pacer.js";
import { createReminderWorker, type SendJobs } from "../reminders/worker.js";
import type { BotDeps } from "./context.js";
import { createTelegramNotifier } from "./notifier.js";

export interface BackgroundJobs {
  /** Stops both jobs: the reminder in flight is settled, the rest of its batch goes back to the queue. */
  stop(): Promise<void>;
}

/** A notifier that reports each delivery's outcome (for metrics) after sending. */
function observed(notifier: Notifier, onOutcome: (outcome: DeliveryOutcome) => void): Notifier {
  return {
    async send(chatId, locale, notice) {
      const delivery = await notifier.send(chatId, locale, notice);
      onOutcome(delivery.outcome);
      return delivery;
    },
  };
}

/** The worker's sender of every notification kind: each is delivered by the app's notification use case. */
export function notificationSenders(app: App): Record<NotificationKind, SendJobs> {
  const send: SendJobs = (delivery) => app.deliverNotifications(delivery);
  return Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, send])) as Record<NotificationKind, SendJobs>;
}

async function recoverPlansLogged(app: App, deps: BotDeps): Promise<void> {
  try {
    await app.recoverPlans();
  } catch (error) {
    deps.logger.warn({ err: (error as Error).message }, "recovery pass failed; it runs again later");
  }
}

/**
 * Prepares the stored data (records of an older format upgraded, missing reminders planned, every staff
 * member's next digest queued), then starts the reminder worker, the recovery pass every few minutes and
 * the hourly sweeps (idle requests closed, retention). `api` must have no auto-retry: the
 * worker owns the waiting on 429s, so a lease is never held through a long retry_after.
 */
export async function startBackgroundJobs(
  deps: BotDeps,
  api: Api,
  onReminderOutcome?: (outcome: DeliveryOutcome) => void,
): Promise<BackgroundJobs> {
  const notifier = createTelegramNotifier(deps, api);
  const app = createApp({
    ...deps,
    log: deps.logger,
    notifier: onReminderOutcome ? observed(notifier, onReminderOutcome) : notifier,
  });
  try {
    await app.prepare();
  } catch (error) {
    // Old records stay readable (parsed at read) and digests are queued again on the next start.
    deps.logger.error({ err: error }, "start-up preparation failed; continuing");
  }
  // Monotonic: it only measures time elapsed since the worker last read the shared clock (Redis TIME).
  const clock: Clock = { now: () => performance.timeOrigin + performance.now() };
  const worker = createReminderWorker({
    store: deps.stores.reminders,
    send: (delivery) => app.deliverReminders(delivery),
    senders: notificationSenders(app),
    clock,
    serverTime: () => deps.stores.reminders.serverTime(),
    budget: deps.stores.sendBudget,
    pacer: createPacer({ clock, sleep: realSleep }),
    workerId: `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`,
    canSendAt: officeHoursGate(deps.calendar),
    logger: deps.logger,
  });
  worker.start();
  // Idle requests first: a request the idle sweep closes starts its closed retention from then on.
  const sweep = async () => {
    await app.sweepIdle();
    await app.sweepRetention();
  };
  void sweep();
  const timer = setInterval(() => void sweep(), RETENTION_SWEEP_MS);
  timer.unref();
  // Plans what a failed plan step left out (app/recovery.ts); prepare() ran it once at start-up.
  const recovery = setInterval(() => void recoverPlansLogged(app, deps), RECOVERY_INTERVAL_MS);
  recovery.unref();
  return {
    async stop() {
      clearInterval(timer);
      clearInterval(recovery);
      await worker.stop();
    },
  };
}
