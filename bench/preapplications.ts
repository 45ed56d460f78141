/**
 * The pre-application write path through the Redis store: a reference number (INCR), the record built
 * and validated by the domain, and create() writing it with every index in one script.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { Redis } from "ioredis";
import { loadCatalog } from "../src/catalog-files.js";
import { BENCH_PREFIX, deleteByPrefix } from "./redis.js";
import { quantile, spread, type Spread } from "./stats.js";

export interface PreapplicationReport {
  count: number;
  repetitions: number;
  concurrency: number;
  /** One create after another. */
  sequentialPerSecond: Spread;
  sequentialP50Ms: number;
  sequentialP99Ms: number;
  /** `concurrency` creates in flight. */
  concurrentPerSecond: Spread;
  /** Redis keys the store holds per pre-application (record, reference, index entries shared or not). */
  keysPerRecord: number;
}

/**
 * Times `count` creates one at a time and `count` with `concurrency` in flight, `repetitions` times each,
 * each on an empty key space. The store and the domain are imported when the benchmark runs, so a
 * store that is being reworked fails this section only.
 */
export async function benchPreapplications(options: {
  redis: Redis;
  count: number;
  repetitions: number;
  concurrency: number;
  log: (line: string) => void;
}): Promise<PreapplicationReport> {
  const { redis, log } = options;
  const { createRedisPreApplicationStore } = await import("../src/store/preapplications.js");
  const { createPreApplication, formatRef, newPreApplicationId } = await import("../src/domain/preapplication.js");
  const catalog = loadCatalog();
  const random = (n: number) => randomBytes(n);
  const now = Date.UTC(2026, 2, 2, 6, 0);

  const runPass = async (
    prefix: string,
    lanes: number,
  ): Promise<{ perSecond: number; times: number[]; keys: number }> => {
    const store = createRedisPreApplicationStore(redis, { prefix });
    const times: number[] = [];
    let next = 0;
    const createOne = async (i: number): Promise<void> => {
      const service = catalog.services[i % catalog.services.length]!;
      const citizenId = 5_000_000 + (i % 2_000);
      const t0 = performance.now();
      const sequence = await store.nextSequence(service.id);
      const built = createPreApplication({
        id: newPreApplicationId(random),
        ref: formatRef(service.id, sequence, random),
        service,
        channel: service.channels[0]!,
        citizen: { userId: citizenId, chatId: citizenId, locale: "kk" },
        form: { applicantName: "Айгерим Сапарова", phone: "+77011234567", comment: "Бенчмарк" },
        responseDue: { at: now + 10 * 86_400_000, certain: true },
        ownerId: service.officer,
        consentTextVersion: "consent-v1",
        now: now + i,
      });
      if (!built.ok) throw new Error(`invalid pre-application: ${JSON.stringify(built.problems)}`);
      await store.create(built.app);
      times.push(performance.now() - t0);
    };
    const started = performance.now();
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (next < options.count) await createOne(next++);
      }),
    );
    const perSecond = (options.count / (performance.now() - started)) * 1000;
    const keys = await deleteByPrefix(redis, prefix);
    return { perSecond, times, keys };
  };

  await runPass(`${BENCH_PREFIX}pa-warmup:`, options.concurrency);
  const sequential: number[] = [];
  const concurrent: number[] = [];
  const sequentialTimes: number[] = [];
  let keysPerRecord = 0;
  for (let rep = 0; rep < options.repetitions; rep++) {
    const one = await runPass(`${BENCH_PREFIX}pa-seq${rep}:`, 1);
    sequential.push(one.perSecond);
    sequentialTimes.push(...one.times);
    keysPerRecord = one.keys / options.count;
    const many = await runPass(`${BENCH_PREFIX}pa-par${rep}:`, options.concurrency);
    concurrent.push(many.perSecond);
    log(
      `repetition ${rep + 1}/${options.repetitions}: ${one.perSecond.toFixed(0)} creates/s one at a time, ${many.perSecond.toFixed(0)}/s with ${options.concurrency} in flight`,
    );
  }
  return {
    count: options.count,
    repetitions: options.repetitions,
    concurrency: options.concurrency,
    sequentialPerSecond: spread(sequential),
    sequentialP50Ms: quantile(sequentialTimes, 0.5),
    sequentialP99Ms: quantile(sequentialTimes, 0.99),
    concurrentPerSecond: spread(concurrent),
    keysPerRecord,
  };
}
