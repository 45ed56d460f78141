/**
 * Prometheus metrics of one bot: a registry of its own (not prom-client's global one), so tests and
 * several bots in one process never collide, served by the HTTP server at GET /metrics.
 */
import type { Context, MiddlewareFn } from "grammy";
import type { Update } from "grammy/types";
import type { DurabilityReport } from "./store/redis-health.js";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

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

export interface MetricsOptions {
  /** A queue depth read slower than this is left out of the scrape (default 2 s), so it cannot stall it. */
  queueReadTimeoutMs?: number;
}

/** Creates the bot's metrics on a fresh registry, with Node's default process metrics on it too. */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const queueReadTimeoutMs = options.queueReadTimeoutMs ?? 2_000;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const updates = new Counter({
    name: "kyzmet_updates_total",
    help: "Telegram updates received, by type.",
    labelNames: ["type"] as const,
    registers: [registry],
  });
  for (const type of UPDATE_TYPES) updates.inc({ type }, 0);

  const updateErrors = new Counter({
    name: "kyzmet_update_errors_total",
    help: "Updates whose handling failed.",
    registers: [registry],
  });

  // Handling is dominated by Bot API round trips (tens to hundreds of ms); the top buckets catch
  // 429 waits and stalls.
  const updateDuration = new Histogram({
    name: "kyzmet_update_duration_seconds",
    help: "Time to handle one update, Bot API calls included.",
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });

  const reminderSends = new Counter({
    name: "kyzmet_reminder_sends_total",
    help: "Reminder messages attempted, by result.",
    labelNames: ["result"] as const,
    registers: [registry],
  });
  for (const result of REMINDER_RESULTS) reminderSends.inc({ result }, 0);

  const queueReaders = new Map<string, () => Promise<number>>();
  // Registered on the registry by construction; its values come only from collect().
  new Gauge({
    name: "kyzmet_queue_depth",
    help: "Items waiting in a queue, read at scrape time.",
    labelNames: ["queue"] as const,
    registers: [registry],
    async collect() {
      const readings = await Promise.all(
        [...queueReaders].map(
          async ([queue, read]) =>
            [queue, await settleWithin(Promise.resolve().then(read), queueReadTimeoutMs)] as const,
        ),
      );
      this.reset();
      for (const [queue, depth] of readings) {
        if (typeof depth === "number" && Number.isFinite(depth)) this.set({ queue }, depth);
      }
    },
  });

  let readDurability: (() => Promise<DurabilityReport>) | undefined;
  let durability: Promise<DurabilityReport | undefined> | undefined;
  /** One read per scrape, shared by the four gauges. */
  const durabilityNow = () => {
    durability ??= (
      readDurability
        ? settleWithin(Promise.resolve().then(readDurability), queueReadTimeoutMs)
        : Promise.resolve(undefined)
    ).finally(() => setImmediate(() => (durability = undefined)));
    return durability;
  };
  const durabilityGauge = <L extends string>(
    name: string,
    help: string,
    labelNames: L[],
    value: (r: DurabilityReport) => [Partial<Record<L, string>>, number],
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const reading = await durabilityNow();
        this.reset();
        if (reading) this.set(...value(reading));
      },
    });
  durabilityGauge(
    "kyzmet_redis_keyspace_lost",
    "1 when Redis lost the bot's data (the keyspace marker vanished).",
    [],
    (r) => [{}, r.keyspace === "lost" ? 1 : 0],
  );
  durabilityGauge(
    "kyzmet_redis_durable",
    "0 when Redis is losing or has lost data (lost keyspace, allkeys-* eviction).",
    [],
    (r) => [{}, r.ok ? 1 : 0],
  );
  durabilityGauge(
    "kyzmet_redis_persistence",
    "How Redis keeps data across a restart (aof, rdb, aof+rdb, none, unknown).",
    ["mode"],
    (r) => [{ mode: r.persistence }, 1],
  );
  durabilityGauge(
    "kyzmet_redis_maxmemory_policy",
    "Redis's eviction policy (noeviction is the safe one).",
    ["policy"],
    (r) => [{ policy: r.maxmemoryPolicy }, 1],
  );

  return {
    registry,
    updates,
    updateErrors,
    updateDuration,
    reminderSends,
    registerQueueDepth(queue, read) {
      if (queueReaders.has(queue)) throw new Error(`queue depth "${queue}" is already registered`);
      queueReaders.set(queue, read);
    },
    registerDurability(read) {
      readDurability = read;
    },
  };
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
