/**
 * The reminder queue under an operator's worst week (issue 12, items 2-4 and the global part of 8), with
 * several workers on one real Redis: a clock 180 s fast, a Redis drop during an acknowledgement, a worker
 * killed mid-batch, a shutdown under a slow Telegram, a global send budget and a 429 that pauses every
 * worker. Each test counts sends (doubled, early, stranded, per 1 s window) rather than timing anything:
 * fake and virtual clocks make the recorded times exact.
 */
import { describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { createPacer, type Clock, type Pacer, type Sleep } from "../../src/reminders/pacer.js";
import { createRedisSendBudget } from "../../src/store/send-budget.js";
import { createReminderWorker, type ChatDelivery, type SendOutcome } from "../../src/reminders/worker.js";
import { createRedisReminderStore, type Reminder, type ReminderStore } from "../../src/store/reminders.js";
import { useTestRedis } from "../support/redis.js";
import { virtualTime } from "../support/virtual-time.js";

const T0 = Date.UTC(2026, 10, 24, 4, 0, 0);
const noPacing: Pacer = { acquire: async () => undefined };

/** A fake clock whose sleep moves time forward at once; for one worker at a time. */
function fakeTime(start: number) {
  let now = start;
  const clock: Clock = { now: () => now };
  const sleep: Sleep = async (ms) => {
    now += Math.max(0, ms);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { clock, sleep, set: (t: number) => void (now = t) };
}

function reminder(i: number, chatId: number, dueAt: number): Reminder {
  return { id: `p${i}:at_deadline:1`, dueAt, chatId, preappId: `p${i}`, kind: "at_deadline" };
}

/** Records every send with its time and counts the ids sent more than once. */
function sendLog(clock: Clock) {
  const sends: { chatId: number; ids: string[]; at: number; worker: number }[] = [];
  const record = (delivery: ChatDelivery, worker = 0) =>
    void sends.push({ chatId: delivery.chatId, ids: delivery.reminders.map((r) => r.id), at: clock.now(), worker });
  const counts = () => {
    const byId = new Map<string, number>();
    for (const id of sends.flatMap((s) => s.ids)) byId.set(id, (byId.get(id) ?? 0) + 1);
    return byId;
  };
  return {
    sends,
    record,
    distinct: () => counts().size,
    doubled: () => [...counts().values()].filter((n) => n > 1).length,
  };
}

/** The largest number of sends in any window [t, t + 1000) of the recorded times. */
function maxPerSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let first = 0, last = 0; last < sorted.length; last += 1) {
    while ((sorted[last] as number) - (sorted[first] as number) >= 1000) first += 1;
    max = Math.max(max, last - first + 1);
  }
  return max;
}

const { redis, url } = useTestRedis();

/** A connection of its own per worker, as separate instances would have. */
async function withConnections<T>(count: number, body: (connections: Redis[]) => Promise<T>): Promise<T> {
  const connections = Array.from({ length: count }, () => redis.duplicate());
  try {
    return await body(connections);
  } finally {
    await Promise.all(connections.map((c) => c.quit()));
  }
}

const realSleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("reminder queue faults", () => {
  it("three workers, one of them 180 s fast, on one real Redis: none doubled, none sent before it is due", async () => {
    await withConnections(3, async (connections) => {
      const prefix = "skew:";
      const seed = createRedisReminderStore(redis, { prefix });
      const start = Date.now();
      // Due over the next two seconds, and 100 of them in five: a worker that believes it is 3 minutes
      // later would send those early.
      const dueAt = (i: number) => start + (i < 100 ? 5_000 : (i % 20) * 100);
      await seed.schedule(Array.from({ length: 1_500 }, (_, i) => reminder(i, 10_000 + i, dueAt(i))));
      const trueClock: Clock = { now: () => Date.now() };
      const log = sendLog(trueClock);
      const early: string[] = [];
      const workers = connections.map((connection, index) => {
        const store = createRedisReminderStore(connection, { prefix });
        return createReminderWorker({
          store,
          clock: { now: () => Date.now() + (index === 2 ? 180_000 : 0) },
          serverTime: () => store.serverTime(),
          pacer: noPacing,
          workerId: `instance-${index}`,
          batchSize: 50,
          send: async (delivery) => {
            const at = Date.now();
            for (const r of delivery.reminders) if (at < r.dueAt) early.push(r.id);
            log.record(delivery, index);
            await realSleepMs(1); // a Telegram call takes time, so leases overlap
            return "ok";
          },
        });
      });
      const giveUpAt = start + 20_000;
      await Promise.all(
        workers.map(async (worker) => {
          while ((await seed.pendingCount()) > 0 && Date.now() < giveUpAt) {
            if ((await worker.tick()).claimed === 0) await realSleepMs(20);
          }
        }),
      );
      expect({ distinct: log.distinct(), doubled: log.doubled(), early: early.length }).toEqual({
        distinct: 1_500,
        doubled: 0,
        early: 0,
      });
    });
  });

  it("a worker killed mid-batch: another worker delivers its reminders within the 30 s lease, plus one 5 s poll", async () => {
    const time = fakeTime(T0);
    const store = createRedisReminderStore(redis, { prefix: "kill:" });
    await store.schedule(Array.from({ length: 10 }, (_, i) => reminder(i, 500 + i, T0)));
    // kill -9 right after the claim: its first send never returns and nothing after it runs.
    const killed = createReminderWorker({
      store,
      clock: time.clock,
      pacer: noPacing,
      workerId: "killed",
      send: () => new Promise(() => undefined),
    });
    void killed.tick();
    while ((await redis.zcard("kill:rem:leased")) < 10) await new Promise((resolve) => setImmediate(resolve));

    const log = sendLog(time.clock);
    const survivor = createReminderWorker({
      store,
      clock: time.clock,
      sleep: time.sleep,
      pacer: noPacing,
      workerId: "survivor",
      send: async (delivery) => (log.record(delivery), "ok"),
    });
    for (let elapsed = 0; log.distinct() < 10 && elapsed <= 300_000; elapsed += 5_000) {
      time.set(T0 + elapsed);
      await survivor.tick();
    }
    expect(log.distinct()).toBe(10);
    expect(Math.max(...log.sends.map((s) => s.at)) - T0).toBeLessThanOrEqual(35_000);
  });

  it("a one-second Redis drop during an acknowledgement: the rest of the batch goes on once Redis is back; none doubled, none waits for a lease", async () => {
    const time = fakeTime(T0);
    const store = createRedisReminderStore(redis, { prefix: "drop:" });
    await store.schedule(Array.from({ length: 100 }, (_, i) => reminder(i, 700 + i, T0)));
    let redisBackAt = 0;
    const down = () => time.clock.now() < redisBackAt;
    const unreachable = () => Promise.reject(new Error("Connection is closed."));
    const flaky: ReminderStore = {
      ...store,
      ack: (id, workerId) => (down() ? unreachable() : store.ack(id, workerId)),
      postpone: (id, workerId, at) => (down() ? unreachable() : store.postpone(id, workerId, at)),
      retryLater: (id, workerId, at) => (down() ? unreachable() : store.retryLater(id, workerId, at)),
      claimDue: (...args) => (down() ? unreachable() : store.claimDue(...args)),
    };
    const log = sendLog(time.clock);
    const worker = createReminderWorker({
      store: flaky,
      clock: time.clock,
      sleep: time.sleep,
      pacer: createPacer({ clock: time.clock, sleep: time.sleep }),
      workerId: "w",
      send: async (delivery) => {
        log.record(delivery);
        if (log.sends.length === 10) redisBackAt = time.clock.now() + 1_000; // Redis drops right after this send
        return "ok";
      },
    });
    await worker.tick().catch(() => undefined);
    const leftWaiting = 100 - log.distinct();
    for (let elapsed = 5_000; elapsed <= 300_000; elapsed += 5_000) {
      time.set(Math.max(time.clock.now(), T0 + elapsed));
      await worker.tick().catch(() => undefined);
    }
    expect({ leftWaiting, delivered: log.distinct(), doubled: log.doubled() }).toEqual({
      leftWaiting: 0,
      delivered: 100,
      doubled: 0,
    });
  });

  it("stop() under a slow Telegram (100 ms a call) returns after the send in flight and releases the rest: none stranded, none doubled", async () => {
    const time = fakeTime(T0);
    const store = createRedisReminderStore(redis, { prefix: "stop:" });
    await store.schedule(Array.from({ length: 100 }, (_, i) => reminder(i, 900 + i, T0)));
    const log = sendLog(time.clock);
    let stopping: Promise<void> | undefined;
    let stopAskedAt = 0;
    let stoppedAt = 0;
    const worker = createReminderWorker({
      store,
      clock: time.clock,
      sleep: time.sleep,
      pacer: createPacer({ clock: time.clock, sleep: time.sleep }),
      workerId: "stopping",
      send: async (delivery) => {
        if (log.sends.length === 4 && !stopping) {
          stopAskedAt = time.clock.now();
          stopping = worker.stop().then(() => void (stoppedAt = time.clock.now()));
        }
        await time.sleep(100);
        log.record(delivery);
        return "ok";
      },
    });
    worker.start();
    while (!stopping) await new Promise((resolve) => setImmediate(resolve));
    await stopping;
    const stranded = await redis.zcard("stop:rem:leased");
    const stopTookMs = stoppedAt - stopAskedAt;

    const next = createReminderWorker({
      store,
      clock: time.clock,
      sleep: time.sleep,
      pacer: noPacing,
      workerId: "next",
      send: async (delivery) => (log.record(delivery), "ok"),
    });
    while ((await store.pendingCount()) > 0) await next.tick();
    expect({ stranded, doubled: log.doubled(), delivered: log.distinct() }).toEqual({
      stranded: 0,
      doubled: 0,
      delivered: 100,
    });
    // Fake time: the one send in flight (100 ms), never the rest of the batch.
    expect(stopTookMs).toBeLessThanOrEqual(1_000);
  });

  it("three workers sending 1,000 reminders share one global budget: at most 30 sends in any second", async () => {
    await withConnections(3, async (connections) => {
      const prefix = "rate:";
      const seed = createRedisReminderStore(redis, { prefix });
      await seed.schedule(Array.from({ length: 1_000 }, (_, i) => reminder(i, 20_000 + i, T0)));
      const time = virtualTime(T0);
      const log = sendLog(time.clock);
      const workers = connections.map((connection, index) =>
        createReminderWorker({
          store: createRedisReminderStore(connection, { prefix }),
          budget: createRedisSendBudget(connection, { prefix }),
          clock: time.clock,
          sleep: time.sleep,
          pacer: createPacer({ clock: time.clock, sleep: time.sleep }),
          workerId: `instance-${index}`,
          send: async (delivery) => (log.record(delivery, index), "ok"),
        }),
      );
      await time.run(
        workers.map((worker) => async () => {
          while ((await seed.pendingCount()) > 0) if ((await worker.tick()).claimed === 0) await time.sleep(1_000);
        }),
      );
      expect(log.distinct()).toBe(1_000);
      expect(log.doubled()).toBe(0);
      expect(new Set(log.sends.map((s) => s.worker)).size).toBe(3);
      expect(maxPerSecond(log.sends.map((s) => s.at))).toBeLessThanOrEqual(30);
    });
  });

  it("a 429 on one worker pauses every worker for its retry_after", async () => {
    await withConnections(3, async (connections) => {
      const prefix = "pause:";
      const seed = createRedisReminderStore(redis, { prefix });
      await seed.schedule(Array.from({ length: 300 }, (_, i) => reminder(i, 30_000 + i, T0)));
      const time = virtualTime(T0);
      const log = sendLog(time.clock);
      let limitedAt: number | undefined;
      const workers = connections.map((connection, index) =>
        createReminderWorker({
          store: createRedisReminderStore(connection, { prefix }),
          budget: createRedisSendBudget(connection, { prefix }),
          clock: time.clock,
          sleep: time.sleep,
          pacer: createPacer({ clock: time.clock, sleep: time.sleep }),
          workerId: `instance-${index}`,
          send: async (delivery): Promise<SendOutcome> => {
            if (index === 0 && limitedAt === undefined && log.sends.length >= 30) {
              limitedAt = time.clock.now();
              return { retryAfterMs: 5_000 };
            }
            log.record(delivery, index);
            return "ok";
          },
        }),
      );
      await time.run(
        workers.map((worker) => async () => {
          while ((await seed.pendingCount()) > 0) if ((await worker.tick()).claimed === 0) await time.sleep(1_000);
        }),
      );
      expect(limitedAt).toBeDefined();
      const during = log.sends.filter((s) => s.at > (limitedAt as number) && s.at < (limitedAt as number) + 5_000);
      expect(during).toEqual([]);
      expect(log.distinct()).toBe(300);
      expect(log.doubled()).toBe(0);
    });
  });

  it("with the budget's Redis unreachable nothing is sent (fail-safe), and the claimed batch is put back", async () => {
    const store = createRedisReminderStore(redis, { prefix: "safe:" });
    await store.schedule(Array.from({ length: 5 }, (_, i) => reminder(i, 40_000 + i, T0)));
    const unreachable = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    const time = fakeTime(T0);
    const log = sendLog(time.clock);
    const worker = createReminderWorker({
      store,
      budget: createRedisSendBudget(unreachable, { prefix: "safe:" }),
      clock: time.clock,
      sleep: time.sleep,
      pacer: noPacing,
      workerId: "w",
      send: async (delivery) => (log.record(delivery), "ok"),
    });
    await worker.tick().catch(() => undefined);
    expect(log.sends).toEqual([]);
    expect(await redis.zcard("safe:rem:leased")).toBe(0);
    expect(await store.pendingCount()).toBe(5);
    unreachable.disconnect();
  });
});
