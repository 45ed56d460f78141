/**
 * The bot's Prometheus metrics as the rest of the code sees them: their shape, the middleware that
 * counts updates, and settleWithin. prom-client itself is loaded only by metrics-registry.ts, which
 * src/main.ts imports only when /metrics is served (METRICS_PORT): unserved metrics would cost memory
 * (about 2 MiB of heap for prom-client and @opentelemetry/api) and CPU (Node's default process
 * metrics sample the event loop) for numbers nobody can read.
 */
import type { Context, MiddlewareFn } from "grammy";
import type { Update } from "grammy/types";
import type { Counter, Histogram, Registry } from "prom-client";
import type { DurabilityReport } from "./store/redis-health.js";

/** The update types counted apart; everything else is "other". */
export const UPDATE_TYPES = ["message", "callback_query", "inline_query", "other"] as const;
export type UpdateType = (typeof UPDATE_TYPES)[number];

/** How a reminder send ended, as the reminder worker reports it. */
export const REMINDER_RESULTS = ["ok", "retry", "blocked", "failed"] as const;
export type ReminderResult = (typeof REMINDER_RESULTS)[number];

export interface Metrics {
  readonly registry: Registry;
  readonly updates: Counter<"type">;
  readonly updateErrors: Counter;
  readonly updateDuration: Histogram;
  readonly reminderSends: Counter<"result">;
  /**
   * Reports `read()` as kyzmet_queue_depth{queue} at every scrape. A read that fails or takes too
   * long leaves that queue out of the scrape rather than showing a stale number.
   */
  registerQueueDepth(queue: string, read: () => Promise<number>): void;
  /**
   * Reports Redis durability at every scrape: kyzmet_redis_keyspace_lost (1 when data vanished),
   * kyzmet_redis_durable (0 when data are being or were lost), kyzmet_redis_persistence{mode} and
   * kyzmet_redis_maxmemory_policy{policy}. Left out of a scrape when Redis does not answer in time.
   */
  registerDurability(read: () => Promise<DurabilityReport>): void;
}

/**
 * Resolves with the task's value, or with undefined when it rejects or has not settled within `ms`.
 * For probes (health checks, scrape-time reads) where "no answer in time" means "down".
 */
export async function settleWithin<T>(task: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([task.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The metrics label of an update. */
export function updateType(update: Update): UpdateType {
  if (update.message) return "message";
  if (update.callback_query) return "callback_query";
  if (update.inline_query) return "inline_query";
  return "other";
}

/**
 * grammY middleware that counts updates by type, times them and counts errors (then rethrows).
 * Install it first, so it sees every update; errors an inner error boundary handles never reach it.
 */
export function metricsMiddleware<C extends Context>(metrics: Metrics): MiddlewareFn<C> {
  return async (ctx, next) => {
    metrics.updates.inc({ type: updateType(ctx.update) });
    const stopTimer = metrics.updateDuration.startTimer();
    try {
      await next();
    } catch (error) {
      metrics.updateErrors.inc();
      throw error;
    } finally {
      stopTimer();
    }
  };
}
