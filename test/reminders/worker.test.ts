import { describe, expect, it, vi } from "vitest";
import { createPacer, type Clock, type Pacer, type Sleep } from "../../src/reminders/pacer.js";
import {
  backoffDelay,
  createReminderWorker,
  type ChatDelivery,
  type ReminderLogger,
  type ReminderWorkerOptions,
  type SendOutcome,
} from "../../src/reminders/worker.js";
import { createRedisReminderStore, type Reminder, type ReminderStore } from "../../src/store/reminders.js";
import { useTestRedis } from "../support/redis.js";

const T0 = Date.UTC(2025, 2, 3, 9, 0, 0);

/** A fake clock whose sleep moves time forward at once; the worker is sequential, so nothing runs in between. */
function fakeTime(start: number) {
  let now = start;
  const clock: Clock = { now: () => now };
  const sleep: Sleep = async (ms) => {
    now += Math.max(0, ms);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { clock, sleep, set: (t: number) => void (now = t), advance: (ms: number) => void (now += ms) };
}

const noPacing: Pacer = { acquire: async () => undefined };

function reminder(i: number, chatId: number, dueAt: number, preappId = `p${i}`): Reminder {
  return { id: `${preappId}:at_deadline:${i}`, dueAt, chatId, preappId, kind: "at_deadline" };
}

function recordingLogger() {
  const entries: { level: string; details: object; message: string }[] = [];
  const at = (level: string) => (details: object, message: string) => void entries.push({ level, details, message });
  const logger: ReminderLogger = { info: at("info"), warn: at("warn"), error: at("error") };
  return { logger, entries };
}

/** A send function that records every delivery with the fake time and answers from a script of outcomes. */
function recordingSend(clock: Clock, outcome: (delivery: ChatDelivery, call: number) => SendOutcome = () => "ok") {
  const deliveries: { chatId: number; ids: string[]; attempts: number[]; at: number }[] = [];
  const send = vi.fn(async (delivery: ChatDelivery) => {
    deliveries.push({
      chatId: delivery.chatId,
      ids: delivery.reminders.map((r) => r.id),
      attempts: delivery.reminders.map((r) => r.attempts),
      at: clock.now(),
    });
    return outcome(delivery, deliveries.length);
  });
  return { send, deliveries };
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

async function drain(worker: { tick: () => Promise<unknown> }, store: ReminderStore): Promise<void> {
  while ((await store.pendingCount()) > 0) await worker.tick();
}

describe("reminder worker", () => {
  const { redis } = useTestRedis();

  function setup(overrides: Partial<ReminderWorkerOptions> = {}) {
    const time = fakeTime(T0);
    const store = createRedisReminderStore(redis, { prefix: "w:" });
    const recorder = recordingSend(time.clock);
    const base: ReminderWorkerOptions = {
      store,
      send: recorder.send,
      clock: time.clock,
      sleep: time.sleep,
      pacer: createPacer({ clock: time.clock, sleep: time.sleep }),
      workerId: "w1",
      random: () => 0.5,
    };
    return { time, store, ...recorder, options: { ...base, ...overrides } };
  }

  it("delivers each reminder exactly once with two workers racing on one Redis, 20 times over", async () => {
    for (let round = 0; round < 20; round += 1) {
      const connections = [redis.duplicate(), redis.duplicate()];
      try {
        const time = fakeTime(T0);
        const sent = new Map<string, number>();
        const sendsBy = [0, 0];
        const workers = connections.map((connection, index) =>
          createReminderWorker({
            store: createRedisReminderStore(connection, { prefix: `race${round}:` }),
            clock: time.clock,
            pacer: noPacing,
            workerId: `worker-${index}`,
            batchSize: 7,
            leaseMs: 600_000,
            send: async ({ reminders }) => {
              sendsBy[index] = (sendsBy[index] ?? 0) + 1;
              for (const r of reminders) sent.set(r.id, (sent.get(r.id) ?? 0) + 1);
              return "ok";
            },
          }),
        );
        const store = createRedisReminderStore(redis, { prefix: `race${round}:` });
        const all = Array.from({ length: 500 }, (_, i) => reminder(i, i % 150, T0 - (i % 37) * 1000));
        await store.schedule(all);

        await Promise.all(workers.map((worker) => drain(worker, store)));

        expect(sent.size).toBe(500);
        expect([...sent.values()].every((count) => count === 1)).toBe(true);
        expect(sendsBy.every((count) => count > 0)).toBe(true);
      } finally {
        await Promise.all(connections.map((c) => c.quit()));
      }
    }
  });

  it("delivers a reminder claimed by a worker that died, once that worker's lease expires", async () => {
    const { time, store, options, deliveries } = setup({ leaseMs: 60_000 });
    await store.schedule([reminder(1, 42, T0)]);
    expect(await store.claimDue(T0, 10, 60_000, "dead-worker").then((c) => c.length)).toBe(1);
    const worker = createReminderWorker({ ...options, workerId: "survivor" });

    time.set(T0 + 59_999);
    expect((await worker.tick()).claimed).toBe(0);
    expect(deliveries).toHaveLength(0);

    time.set(T0 + 60_000);
    expect(await worker.tick()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(deliveries).toEqual([{ chatId: 42, ids: ["p1:at_deadline:1"], attempts: [0], at: T0 + 60_000 }]);
    expect(await store.ack("p1:at_deadline:1", "dead-worker")).toBe(false);
    expect(await store.pendingCount()).toBe(0);
  });

  it("waits out a 429's retry_after, without counting it as a failed attempt", async () => {
    const { time, store, options } = setup();
    const { send, deliveries } = recordingSend(time.clock, (_d, call) => (call === 1 ? { retryAfterMs: 7_000 } : "ok"));
    const worker = createReminderWorker({ ...options, send });
    await store.schedule([reminder(1, 42, T0)]);

    expect(await worker.tick()).toMatchObject({ claimed: 1, postponed: 1, delivered: 0 });
    time.set(T0 + 6_999);
    expect((await worker.tick()).claimed).toBe(0);
    time.set(T0 + 7_000);
    expect(await worker.tick()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(deliveries.map((d) => [d.at, d.attempts])).toEqual([
      [T0, [0]],
      [T0 + 7_000, [0]],
    ]);
  });

  it("retries a failed send after a jittered exponential backoff, then delivers it", async () => {
    const backoff = { baseMs: 10_000, capMs: 600_000 };
    const { time, store, options } = setup({ backoff, random: () => 0.25 });
    const outcomes: (SendOutcome | Error)[] = ["failed", new Error("ECONNRESET"), "ok"];
    const { send, deliveries } = recordingSend(time.clock, (_d, call) => {
      const outcome = outcomes[call - 1] ?? "ok";
      if (outcome instanceof Error) throw outcome;
      return outcome;
    });
    const { logger, entries } = recordingLogger();
    const worker = createReminderWorker({ ...options, send, logger });
    await store.schedule([reminder(1, 42, T0)]);

    const first = backoffDelay(1, backoff, () => 0.25);
    const second = backoffDelay(2, backoff, () => 0.25);
    expect(await worker.tick()).toMatchObject({ retried: 1 });
    time.set(T0 + first - 1);
    expect((await worker.tick()).claimed).toBe(0);
    time.set(T0 + first);
    expect(await worker.tick()).toMatchObject({ retried: 1 });
    time.set(T0 + first + second - 1);
    expect((await worker.tick()).claimed).toBe(0);
    time.set(T0 + first + second);
    expect(await worker.tick()).toMatchObject({ delivered: 1 });

    expect(deliveries.map((d) => [d.at, d.attempts])).toEqual([
      [T0, [0]],
      [T0 + first, [1]],
      [T0 + first + second, [2]],
    ]);
    expect(
      entries.some((e) => e.level === "error" && (e.details as { err?: Error }).err?.message === "ECONNRESET"),
    ).toBe(true);
  });

  it("computes backoff delays that double, stay capped and jitter within the upper half", () => {
    const policy = { baseMs: 1_000, capMs: 10_000 };
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffDelay(n, policy, () => 0))).toEqual([
      500, 1_000, 2_000, 4_000, 5_000, 5_000,
    ]);
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffDelay(n, policy, () => 0.999999))).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000, 10_000,
    ]);
    const jittered = Array.from({ length: 50 }, (_, i) => backoffDelay(3, policy, () => i / 50));
    expect(new Set(jittered).size).toBe(50);
  });

  it("records a 403 as a permanent failure for every reminder of that chat and never retries it", async () => {
    const { time, store, options } = setup();
    const { send } = recordingSend(time.clock, (d) => (d.chatId === 42 ? "blocked" : "ok"));
    const { logger, entries } = recordingLogger();
    const worker = createReminderWorker({ ...options, send, logger });
    await store.schedule([reminder(1, 42, T0 - 5), reminder(2, 42, T0), reminder(3, 7, T0)]);

    expect(await worker.tick()).toMatchObject({ claimed: 3, failed: 2, delivered: 1 });
    time.advance(24 * 60 * 60 * 1000);
    expect((await worker.tick()).claimed).toBe(0);
    expect(send).toHaveBeenCalledTimes(2);
    expect(await store.failureCount()).toBe(2);
    const failures = await store.recentFailures(10);
    expect(failures.map((f) => [f.reminder.id, f.reason, f.attempts])).toEqual([
      ["p2:at_deadline:2", "blocked", 1],
      ["p1:at_deadline:1", "blocked", 1],
    ]);
    expect(entries.some((e) => e.level === "warn" && (e.details as { chatId?: number }).chatId === 42)).toBe(true);
  });

  it("gives up after the maximum number of attempts and records the failure", async () => {
    const { time, store, options } = setup({ maxAttempts: 3, backoff: { baseMs: 1_000, capMs: 5_000 } });
    const { send } = recordingSend(time.clock, () => "failed");
    const worker = createReminderWorker({ ...options, send });
    await store.schedule([reminder(1, 42, T0)]);

    for (let round = 0; round < 10; round += 1) {
      await worker.tick();
      time.advance(5_000);
    }
    expect(send).toHaveBeenCalledTimes(3);
    expect(await store.pendingCount()).toBe(0);
    expect(await store.recentFailures(5).then((f) => f.map((x) => [x.reminder.id, x.attempts, x.reason]))).toEqual([
      ["p1:at_deadline:1", 3, "attempts_exhausted"],
    ]);
  });

  it("merges a backlog into one message per chat after a long stop, oldest first", async () => {
    const { store, options, deliveries } = setup();
    const day = 24 * 60 * 60 * 1000;
    const backlog = [
      ...Array.from({ length: 30 }, (_, i) => reminder(i, 1, T0 - 3 * day + i * 60_000)),
      ...Array.from({ length: 10 }, (_, i) => reminder(100 + i, 2, T0 - 2 * day + i * 60_000)),
      reminder(200, 3, T0 - day),
    ];
    await store.schedule([...backlog].reverse());
    const worker = createReminderWorker(options);

    expect(await worker.tick()).toMatchObject({ claimed: 41, messages: 3, delivered: 41 });
    expect(deliveries.map((d) => d.chatId)).toEqual([1, 2, 3]);
    expect(deliveries[0]?.ids).toEqual(backlog.slice(0, 30).map((r) => r.id));
    expect(deliveries[1]?.ids).toEqual(backlog.slice(30, 40).map((r) => r.id));
  });

  it("paces a burst of 1,000 reminders across many chats: never above 25 sends per second, all delivered", async () => {
    const { store, options, deliveries } = setup({ batchSize: 100 });
    await store.schedule(Array.from({ length: 1000 }, (_, i) => reminder(i, 5000 + i, T0 - 60_000 + i)));
    const worker = createReminderWorker(options);

    await drain(worker, store);

    const delivered = deliveries.flatMap((d) => d.ids);
    expect(delivered).toHaveLength(1000);
    expect(new Set(delivered).size).toBe(1000);
    const perSecond = countBy(deliveries, (d) => `${Math.floor(d.at / 1000)}`);
    expect(Math.max(...perSecond.values())).toBe(25);
    expect(deliveries.at(-1)!.at - T0).toBe((1000 / 25 - 1) * 1000);
  });

  it("sends a chat whose reminders fill many batches at most once per second", async () => {
    const { store, options, deliveries } = setup({ batchSize: 6 });
    const chatOf = (i: number) => (i % 2 === 0 ? (i / 2) % 3 : 5000 + i);
    await store.schedule(Array.from({ length: 300 }, (_, i) => reminder(i, chatOf(i), T0 - 60_000 + i)));
    const worker = createReminderWorker(options);

    await drain(worker, store);

    const delivered = deliveries.flatMap((d) => d.ids);
    expect(new Set(delivered).size).toBe(300);
    expect(delivered).toHaveLength(300);
    const perChatSecond = countBy(deliveries, (d) => `${d.chatId}@${Math.floor(d.at / 1000)}`);
    expect(Math.max(...perChatSecond.values())).toBe(1);
    expect(deliveries.filter((d) => d.chatId < 3)).toHaveLength(150);
  });

  it("puts the rest of a batch back unsent when its lease is running out, and delivers it next tick", async () => {
    const { store, options, deliveries } = setup({ batchSize: 100, leaseMs: 4_000, leaseMarginMs: 1_000 });
    await store.schedule(Array.from({ length: 100 }, (_, i) => reminder(i, i, T0)));
    const worker = createReminderWorker(options);

    expect(await worker.tick()).toMatchObject({ claimed: 100, delivered: 75, released: 25, leaseLost: 0 });
    expect(deliveries.every((d) => d.at < T0 + 3_000)).toBe(true);
    expect(await worker.tick()).toMatchObject({ claimed: 25, delivered: 25 });
    const ids = deliveries.flatMap((d) => d.ids);
    expect(new Set(ids).size).toBe(100);
    expect(ids).toHaveLength(100);
    expect(deliveries.every((d) => d.attempts.every((a) => a === 0))).toBe(true);
  });

  it("postpones claimed reminders to the time the office-hours hook gives, and sends them then", async () => {
    const opens = T0 + 15 * 60 * 60 * 1000;
    const seen: Date[] = [];
    const canSendAt = (now: Date) => (seen.push(now), now.getTime() < opens ? new Date(opens) : null);
    const { time, store, options, deliveries } = setup({ canSendAt });
    await store.schedule([reminder(1, 42, T0), reminder(2, 43, T0)]);
    const worker = createReminderWorker(options);

    expect(await worker.tick()).toMatchObject({ claimed: 2, postponed: 2, messages: 0 });
    expect(seen).toEqual([new Date(T0)]);
    time.set(opens - 1);
    expect((await worker.tick()).claimed).toBe(0);
    time.set(opens);
    expect(await worker.tick()).toMatchObject({ claimed: 2, delivered: 2 });
    expect(deliveries.map((d) => [d.chatId, d.at, d.attempts])).toEqual([
      [42, opens, [0]],
      [43, opens, [0]],
    ]);
  });

  it("runs as a loop that sleeps on the injected clock until reminders fall due", async () => {
    const { time, store, options, deliveries } = setup({ intervalMs: 1_000 });
    await store.schedule([reminder(1, 42, T0 + 10_000), reminder(2, 43, T0 + 20_000)]);
    let allSent = (): void => undefined;
    const done = new Promise<void>((resolve) => (allSent = resolve));
    const worker = createReminderWorker({
      ...options,
      send: async (delivery) => {
        const outcome = await options.send(delivery);
        if (deliveries.length === 2) allSent();
        return outcome;
      },
    });

    worker.start();
    worker.start();
    await done;
    await worker.stop();
    expect(deliveries.map((d) => [d.chatId, d.at])).toEqual([
      [42, T0 + 10_000],
      [43, T0 + 20_000],
    ]);
    expect(await store.pendingCount()).toBe(0);
    const stoppedAt = time.clock.now();
    await new Promise((resolve) => setImmediate(resolve));
    expect(time.clock.now()).toBe(stoppedAt);
  });

  it("stop() resolves only after the batch in progress is settled", async () => {
    const { store, options } = setup();
    await store.schedule([reminder(1, 42, T0)]);
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let sending = (): void => undefined;
    const inSend = new Promise<void>((resolve) => (sending = resolve));
    const worker = createReminderWorker({
      ...options,
      send: async () => {
        sending();
        await gate;
        return "ok";
      },
    });

    worker.start();
    await inSend;
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await store.pendingCount()).toBe(0);
  });

  it("keeps looping after a tick fails, logging the error", async () => {
    const { store, options, deliveries } = setup({ intervalMs: 1_000 });
    await store.schedule([reminder(1, 42, T0)]);
    let failures = 1;
    const flaky: ReminderStore = {
      ...store,
      claimDue: async (...args) => {
        if (failures-- > 0) throw new Error("connection lost");
        return store.claimDue(...args);
      },
    };
    const { logger, entries } = recordingLogger();
    let sent = (): void => undefined;
    const delivered = new Promise<void>((resolve) => (sent = resolve));
    const worker = createReminderWorker({
      ...options,
      store: flaky,
      logger,
      send: async (delivery) => {
        const outcome = await options.send(delivery);
        sent();
        return outcome;
      },
    });

    worker.start();
    await delivered;
    await worker.stop();
    expect(deliveries).toHaveLength(1);
    expect(entries.filter((e) => e.level === "error").map((e) => e.message)).toEqual(["reminder tick failed"]);
  });

  it("rejects settings that cannot work", () => {
    const { options } = setup();
    expect(() => createReminderWorker({ ...options, batchSize: 0 })).toThrow(RangeError);
    expect(() => createReminderWorker({ ...options, leaseMs: 1_000, leaseMarginMs: 1_000 })).toThrow(RangeError);
    expect(() => createReminderWorker({ ...options, maxAttempts: 0 })).toThrow(RangeError);
  });
});
