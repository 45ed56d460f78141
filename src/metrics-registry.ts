/**
 * Prometheus metrics of one bot: a registry of its own (not prom-client's global one), so tests and
 * several bots in one process never collide, served by the HTTP server at GET /metrics.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { REMINDER_RESULTS, settleWithin, UPDATE_TYPES, type Metrics } from "./metrics.js";
import type { DurabilityReport } from "./store/redis-health.js";

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
