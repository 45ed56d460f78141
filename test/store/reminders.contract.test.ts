import { describe, expect, it } from "vitest";
import {
  MAX_PAYLOAD_CHARS,
  createMemoryReminderStore,
  createRedisReminderStore,
  type Reminder,
  type ReminderStore,
  type ReminderStoreOptions,
} from "../../src/store/reminders.js";
import { useTestRedis } from "../support/redis.js";

const T0 = Date.UTC(2025, 2, 3, 9, 0, 0);
const LEASE = 60_000;

function reminder(preappId: string, seq: number, dueAt: number, chatId = 1000 + seq): Reminder {
  return { id: `${preappId}:before_deadline:${seq}`, dueAt, chatId, preappId, kind: "before_deadline" };
}

const ids = (list: readonly { id: string }[]): string[] => list.map((r) => r.id);

const { redis } = useTestRedis();

const implementations: [string, (options?: ReminderStoreOptions) => ReminderStore][] = [
  ["redis", (options) => createRedisReminderStore(redis, { prefix: "t:", ...options })],
  ["memory", (options) => createMemoryReminderStore(options)],
];

describe.each(implementations)("reminder store contract (%s)", (_name, makeStore) => {
  it("claims only what is due, in due order, up to the limit", async () => {
    const store = makeStore();
    const late = reminder("p1", 1, T0 + 5_000);
    const first = reminder("p1", 2, T0 - 60_000);
    const second = reminder("p2", 1, T0 - 1_000);
    const third = reminder("p3", 1, T0);
    await store.schedule([late, third, second, first]);

    const batch = await store.claimDue(T0, 2, LEASE, "w1");
    expect(ids(batch)).toEqual([first.id, second.id]);
    expect(batch[0]).toEqual({ ...first, attempts: 0 });
    expect(ids(await store.claimDue(T0, 10, LEASE, "w1"))).toEqual([third.id]);
    expect(await store.claimDue(T0 + 4_999, 10, LEASE, "w1")).toEqual([]);
    expect(ids(await store.claimDue(T0 + 5_000, 10, LEASE, "w1"))).toEqual([late.id]);
  });

  it("keeps the reminder's fields exactly, large chat ids and payload included", async () => {
    const store = makeStore();
    const original: Reminder = {
      id: "p9:overdue:3",
      dueAt: T0,
      chatId: -1001234567890123,
      preappId: "p9",
      kind: "overdue",
      payload: { service: 7, title: "Аттестация «педагог»", nested: [1.5, null, true] },
    };
    await store.schedule([original]);
    const [claimed] = await store.claimDue(T0, 1, LEASE, "w1");
    expect(claimed).toEqual({ ...original, attempts: 0 });
  });

  it("schedules idempotently: pending, leased and delivered ids are not added again", async () => {
    const store = makeStore();
    const a = reminder("p1", 1, T0);
    const b = reminder("p1", 2, T0 + 1);
    expect(await store.schedule([a, b])).toBe(2);
    expect(await store.schedule([a, b, a])).toBe(0);
    expect(await store.pendingCount()).toBe(2);

    const claimed = await store.claimDue(T0 + 1, 10, LEASE, "w1");
    expect(ids(claimed)).toEqual([a.id, b.id]);
    expect(await store.schedule([a, { ...b, dueAt: T0 - 5 }])).toBe(0);
    expect(await store.claimDue(T0 + 1, 10, LEASE, "w2")).toEqual([]);

    expect(await store.ack(a.id, "w1")).toBe(true);
    expect(await store.schedule([a])).toBe(0);
    expect(await store.pendingCount()).toBe(1);
    expect(await store.claimDue(T0 + 10 * LEASE, 10, LEASE, "w2").then(ids)).toEqual([b.id]);
  });

  it("rejects malformed reminders before storing any of the batch", async () => {
    const store = makeStore();
    const good = reminder("p1", 1, T0);
    await expect(store.schedule([good, { ...reminder("p1", 2, T0), chatId: 1.5 }])).rejects.toThrow();
    await expect(store.schedule([{ ...good, kind: "tomorrow" as Reminder["kind"] }])).rejects.toThrow();
    const payload = { text: "x".repeat(MAX_PAYLOAD_CHARS) };
    await expect(store.schedule([{ ...good, payload }])).rejects.toThrow(/payload/);
    expect(await store.pendingCount()).toBe(0);
  });

  it("cancelFor removes every pending reminder of one pre-application, leased ones too", async () => {
    const store = makeStore();
    await store.schedule([reminder("p1", 1, T0), reminder("p1", 2, T0 + 10), reminder("p1", 3, T0 + 99_000)]);
    await store.schedule([reminder("p2", 1, T0)]);
    const [leased] = await store.claimDue(T0, 1, LEASE, "w1");
    expect(leased?.id).toBe("p1:before_deadline:1");

    expect((await store.cancelFor("p1")).map((job) => job.id).sort()).toEqual([
      "p1:before_deadline:1",
      "p1:before_deadline:2",
      "p1:before_deadline:3",
    ]);
    expect(await store.cancelFor("p1")).toHaveLength(0);
    expect(await store.ack(leased?.id ?? "", "w1")).toBe(false);
    expect(await store.pendingCount()).toBe(1);
    expect(ids(await store.claimDue(T0 + 10 * LEASE, 10, LEASE, "w2"))).toEqual(["p2:before_deadline:1"]);
    expect(await store.schedule([reminder("p1", 1, T0)])).toBe(1);
  });

  it("ack removes a reminder for good, and only for the worker holding the lease", async () => {
    const store = makeStore();
    const a = reminder("p1", 1, T0);
    await store.schedule([a]);
    await store.claimDue(T0, 10, LEASE, "w1");
    expect(await store.ack(a.id, "w2")).toBe(false);
    expect(await store.ack("unknown", "w1")).toBe(false);
    expect(await store.ack(a.id, "w1")).toBe(true);
    expect(await store.ack(a.id, "w1")).toBe(false);
    expect(await store.pendingCount()).toBe(0);
    expect(await store.claimDue(T0 + 10 * LEASE, 10, LEASE, "w2")).toEqual([]);
  });

  it("completeUnclaimed forgets a pending job for good (not scheduled again), but not one a worker has leased", async () => {
    const store = makeStore();
    const sentAtOnce = reminder("p1", 1, T0);
    const leased = reminder("p2", 1, T0 - 1_000);
    await store.schedule([sentAtOnce, leased]);
    await store.claimDue(T0, 1, LEASE, "w1");
    expect(await store.completeUnclaimed(leased.id)).toBe(false);
    expect(await store.completeUnclaimed(sentAtOnce.id)).toBe(true);
    expect(await store.completeUnclaimed(sentAtOnce.id)).toBe(false);
    expect(await store.schedule([sentAtOnce])).toBe(0);
    expect(ids(await store.claimDue(T0 + 10 * LEASE, 10, LEASE, "w2"))).toEqual([leased.id]);
    expect(await store.cancelFor("p1")).toHaveLength(0);
  });

  it("retryLater puts the reminder back for the new time and counts the attempt; postpone does not count", async () => {
    const store = makeStore();
    const a = reminder("p1", 1, T0);
    await store.schedule([a]);
    await store.claimDue(T0, 10, LEASE, "w1");
    expect(await store.retryLater(a.id, "w2", T0 + 1)).toBe(false);
    expect(await store.retryLater(a.id, "w1", T0 + 30_000)).toBe(true);
    expect(await store.retryLater(a.id, "w1", T0 + 30_000)).toBe(false);
    expect(await store.claimDue(T0 + 29_999, 10, LEASE, "w1")).toEqual([]);

    const [again] = await store.claimDue(T0 + 30_000, 10, LEASE, "w2");
    expect(again).toEqual({ ...a, attempts: 1 });
    expect(await store.postpone(a.id, "w2", T0 + 40_000)).toBe(true);
    expect(await store.claimDue(T0 + 39_999, 10, LEASE, "w1")).toEqual([]);
    const [third] = await store.claimDue(T0 + 40_000, 10, LEASE, "w1");
    expect(third?.attempts).toBe(1);
  });

  it("returns a reminder whose lease expired to another worker, and refuses the old worker's ack", async () => {
    const store = makeStore();
    const a = reminder("p1", 1, T0);
    await store.schedule([a]);
    expect(ids(await store.claimDue(T0, 10, LEASE, "w1"))).toEqual([a.id]);
    expect(await store.claimDue(T0 + LEASE - 1, 10, LEASE, "w2")).toEqual([]);
    expect(await store.dueCount(T0 + LEASE - 1)).toBe(0);
    expect(await store.dueCount(T0 + LEASE)).toBe(1);

    const reclaimed = await store.claimDue(T0 + LEASE, 10, LEASE, "w2");
    expect(reclaimed).toEqual([{ ...a, attempts: 0 }]);
    expect(await store.ack(a.id, "w1")).toBe(false);
    expect(await store.ack(a.id, "w2")).toBe(true);
  });

  it("orders reclaimed leases with the due reminders by when each became claimable", async () => {
    const store = makeStore();
    const early = reminder("p1", 1, T0);
    const meanwhile = reminder("p2", 1, T0 + LEASE - 10);
    const after = reminder("p3", 1, T0 + LEASE + 10);
    await store.schedule([early, meanwhile, after]);
    await store.claimDue(T0, 1, LEASE, "w1");
    const batch = await store.claimDue(T0 + LEASE + 10, 10, LEASE, "w2");
    expect(ids(batch)).toEqual([meanwhile.id, early.id, after.id]);
  });

  it("records permanent failures newest first in a capped list, counting all of them", async () => {
    const store = makeStore({ failureCap: 3 });
    const list = [1, 2, 3, 4, 5].map((seq) => reminder("p1", seq, T0 + seq));
    await store.schedule(list);
    await store.claimDue(T0 + 1, 1, LEASE, "w1");
    await store.retryLater(list[0]?.id ?? "", "w1", T0);
    await store.claimDue(T0 + 5, 10, LEASE, "w1");
    expect(await store.failPermanently(list[1]?.id ?? "", "w2", "blocked", T0 + 100)).toBe(false);
    for (const [i, r] of list.entries()) {
      expect(await store.failPermanently(r.id, "w1", i === 0 ? "failed 2 times" : "blocked", T0 + 100 + i)).toBe(true);
    }
    expect(await store.failureCount()).toBe(5);
    const failures = await store.recentFailures(10);
    expect(failures.map((f) => f.reminder.id)).toEqual([list[4]?.id, list[3]?.id, list[2]?.id]);
    expect(failures[0]).toEqual({ reminder: list[4], reason: "blocked", attempts: 1, failedAt: T0 + 104 });
    expect(await store.recentFailures(1).then((f) => f.map((x) => x.reminder.id))).toEqual([list[4]?.id]);
    expect(await store.pendingCount()).toBe(0);
    expect(await store.schedule(list)).toBe(0);
  });

  it("forgets the failures of one chat (erasure), keeping the others and the count", async () => {
    const store = makeStore();
    const list = [reminder("p1", 1, T0, 77), reminder("p2", 1, T0, 88), reminder("p3", 1, T0, 77)];
    await store.schedule(list);
    await store.claimDue(T0, 10, LEASE, "w1");
    for (const r of list) await store.failPermanently(r.id, "w1", "blocked", T0 + 1);
    expect(await store.forgetFailuresOf(77)).toBe(2);
    expect((await store.recentFailures(10)).map((f) => f.reminder.chatId)).toEqual([88]);
    expect(await store.failureCount()).toBe(3);
    expect(await store.forgetFailuresOf(77)).toBe(0);
  });

  it("counts the attempts before a failure into its record", async () => {
    const store = makeStore();
    const a = reminder("p1", 1, T0);
    await store.schedule([a]);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await store.claimDue(T0, 10, LEASE, "w1");
      await store.retryLater(a.id, "w1", T0);
    }
    await store.claimDue(T0, 10, LEASE, "w1");
    await store.failPermanently(a.id, "w1", "failed 3 times", T0 + 7);
    expect(await store.recentFailures(5)).toEqual([
      { reminder: a, reason: "failed 3 times", attempts: 3, failedAt: T0 + 7 },
    ]);
  });

  it("counts pending and due reminders, expired leases as due", async () => {
    const store = makeStore();
    await store.schedule([reminder("p1", 1, T0), reminder("p1", 2, T0 + 10), reminder("p1", 3, T0 + 1_000_000)]);
    expect(await store.pendingCount()).toBe(3);
    expect(await store.dueCount(T0)).toBe(1);
    expect(await store.dueCount(T0 + 10)).toBe(2);
    await store.claimDue(T0 + 10, 10, LEASE, "w1");
    expect(await store.pendingCount()).toBe(3);
    expect(await store.dueCount(T0 + 10)).toBe(0);
    expect(await store.dueCount(T0 + 10 + LEASE)).toBe(2);
  });

  it("validates claim arguments", async () => {
    const store = makeStore();
    await expect(store.claimDue(T0, 0, LEASE, "w1")).rejects.toThrow(RangeError);
    await expect(store.claimDue(T0, 5, 0, "w1")).rejects.toThrow(RangeError);
  });
});

describe("redis reminder store specifics", () => {
  it("keeps every key under its prefix and leaves only tombstones once reminders are settled", async () => {
    const store = createRedisReminderStore(redis, { prefix: "x:" });
    await store.schedule([reminder("p1", 1, T0), reminder("p1", 2, T0), reminder("p2", 1, T0), reminder("p3", 1, T0)]);
    expect((await redis.keys("*")).every((k) => k.startsWith("x:rem:"))).toBe(true);
    await store.claimDue(T0, 10, LEASE, "w1");
    await store.ack("p1:before_deadline:1", "w1");
    await store.failPermanently("p1:before_deadline:2", "w1", "blocked", T0);
    await store.ack("p2:before_deadline:1", "w1");
    await store.cancelFor("p3");
    expect((await redis.keys("*")).sort()).toEqual([
      "x:rem:done:p1:before_deadline:1",
      "x:rem:done:p1:before_deadline:2",
      "x:rem:done:p2:before_deadline:1",
      "x:rem:failures",
      "x:rem:failures:count",
    ]);
  });

  it("gives tombstones the retention as their TTL, and only the tombstone blocks a new schedule", async () => {
    const store = createRedisReminderStore(redis, { prefix: "x:", doneRetentionMs: 60_000 });
    const a = reminder("p1", 1, T0);
    await store.schedule([a]);
    await store.claimDue(T0, 10, LEASE, "w1");
    await store.ack(a.id, "w1");
    const ttl = await redis.pttl(`x:rem:done:${a.id}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await store.schedule([a])).toBe(0);
    await redis.del(`x:rem:done:${a.id}`);
    expect(await store.schedule([a])).toBe(1);
  });

  it("keeps stores with different prefixes apart", async () => {
    const one = createRedisReminderStore(redis, { prefix: "one:" });
    const two = createRedisReminderStore(redis, { prefix: "two:" });
    await one.schedule([reminder("p1", 1, T0)]);
    expect(await two.pendingCount()).toBe(0);
    expect(await two.claimDue(T0, 10, LEASE, "w1")).toEqual([]);
    expect(await one.claimDue(T0, 10, LEASE, "w1").then(ids)).toEqual(["p1:before_deadline:1"]);
  });

  it("leaves a job of a kind this version does not know to the instances that do (a rolling upgrade)", async () => {
    const store = createRedisReminderStore(redis, { prefix: "x:" });
    await store.schedule([reminder("p1", 1, T0), reminder("p2", 1, T0 + 1)]);
    // As a newer instance would queue it: a kind added after this version.
    const newer = { id: "p9:some_future_notice", dueAt: T0 - 1, chatId: 7, kind: "some_future_notice", preappId: "p9" };
    await redis.hset("x:rem:data", newer.id, JSON.stringify(newer));
    await redis.zadd("x:rem:due", newer.dueAt, newer.id);

    expect(await store.claimDue(T0 + 1, 1, LEASE, "old").then(ids)).toEqual([]);
    // Handed back a lease later, not at its own time: the next claim of this instance gets its own jobs.
    expect(await redis.zscore("x:rem:due", newer.id)).toBe(String(T0 + 1 + LEASE));
    expect(await store.claimDue(T0 + 2, 10, LEASE, "old").then(ids)).toEqual([
      "p1:before_deadline:1",
      "p2:before_deadline:1",
    ]);
    expect(await redis.zscore("x:rem:leased", newer.id)).toBeNull();
    expect(await redis.hget("x:rem:data", newer.id)).toBe(JSON.stringify(newer));
  });

  it("reloads its scripts after Redis forgot them", async () => {
    const store = createRedisReminderStore(redis, { prefix: "x:" });
    await store.schedule([reminder("p1", 1, T0)]);
    await redis.script("FLUSH");
    expect(await store.claimDue(T0, 10, LEASE, "w1").then(ids)).toEqual(["p1:before_deadline:1"]);
  });
});
