/**
 * The bot's background work, shared by `npm start` and the terminal chat: the reminder worker and the
 * retention sweep. Each instance runs both; the reminder queue's atomic claims and the sweep's
 * idempotence make that safe with several instances on one Redis.
 */
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Api } from "grammy";
import { createPacer, realSleep, type Clock } from "../reminders/pacer.js";
import { createReminderWorker } from "../reminders/worker.js";
import type { SendOutcome } from "../reminders/worker.js";
import type { BotDeps } from "./context.js";
import { createI18n } from "./i18n.js";
import { createReminderSender, officeHoursGate } from "./reminder-delivery.js";

/** How often closed pre-applications past their retention are swept from every index. */
export const RETENTION_SWEEP_MS = 60 * 60 * 1000;

export interface BackgroundJobs {
  /** Stops both jobs: the reminder in flight is settled, the rest of its batch goes back to the queue. */
  stop(): Promise<void>;
}

/** Starts the reminder worker and the retention sweep on an API without auto-retry. */
export function startBackgroundJobs(deps: BotDeps, api: Api, onReminderOutcome?: (outcome: SendOutcome) => void): BackgroundJobs {
  const i18n = createI18n(deps.config.defaultLocale);
  // Monotonic: it only measures time elapsed since the worker last read the shared clock (Redis TIME).
  const clock: Clock = { now: () => performance.timeOrigin + performance.now() };
  const worker = createReminderWorker({
    store: deps.stores.reminders,
    send: createReminderSender(deps, api, i18n, onReminderOutcome),
    clock,
    serverTime: () => deps.stores.reminders.serverTime(),
    budget: deps.stores.sendBudget,
    pacer: createPacer({ clock, sleep: realSleep }),
    workerId: `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`,
    canSendAt: officeHoursGate(deps),
    logger: deps.logger,
  });
  worker.start();
  const sweep = async () => {
    try {
      const purged = await deps.stores.preApplications.purgeExpired(deps.clock().getTime());
      if (purged > 0) deps.logger.info({ purged }, "retention sweep removed closed pre-applications");
    } catch (error) {
      deps.logger.warn({ err: (error as Error).message }, "retention sweep failed; it runs again later");
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), RETENTION_SWEEP_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await worker.stop();
    },
  };
}
