/**
 * The queue carries more than deadline reminders: a job is (id, dueAt, chatId, kind, payload), the
 * pre-application optional, and each kind other than the reminders goes to a sender of its own, so a
 * notification is never merged into a reminder message and an instance without that sender leaves it
 * queued rather than dropping it.
 */
import { describe, expect, it } from "vitest";
import type { Clock, Pacer } from "../../src/reminders/pacer.js";
import { createReminderWorker, type ChatDelivery } from "../../src/reminders/worker.js";
import {
  createMemoryReminderStore,
  createRedisReminderStore,
  type ClaimedJob,
  type Job,
  type ReminderStore,
} from "../../src/store/reminders.js";
import { useTestRedis } from "../support/redis.js";

const T0 = Date.UTC(2026, 10, 24, 4, 0, 0);
const noPacing: Pacer = { acquire: async () => undefined };
const { redis } = useTestRedis();

const notification: Job = {
  id: "n1",
  dueAt: T0,
  chatId: 42,
  kind: "officer_new_preapplication",
  payload: { ref: "KZ-9-0001-ABCDE" },
};
const reminder: Job = { id: "p1:at_deadline:1", dueAt: T0, chatId: 42, preappId: "p1", kind: "at_deadline" };

describe.each([
  ["redis", () => createRedisReminderStore(redis, { prefix: "jobs:" })],
  ["memory", () => createMemoryReminderStore()],
] as [string, () => ReminderStore][])("jobs of other kinds (%s)", (_name, makeStore) => {
  const clock: Clock = { now: () => T0 };

  it("go to their own sender, in a message apart from the same chat's reminders, with their payload", async () => {
    const store = makeStore();
    await store.schedule([reminder, notification]);
    const reminders: ChatDelivery[] = [];
    const notifications: ChatDelivery<ClaimedJob>[] = [];
    const worker = createReminderWorker({
      store,
      clock,
      pacer: noPacing,
      workerId: "w",
      send: async (delivery) => (reminders.push(delivery), "ok"),
      senders: { officer_new_preapplication: async (delivery) => (notifications.push(delivery), "ok") },
    });
    expect(await worker.tick()).toMatchObject({ claimed: 2, messages: 2, delivered: 2 });
    expect(reminders.map((d) => d.reminders.map((r) => r.id))).toEqual([["p1:at_deadline:1"]]);
    expect(notifications).toEqual([{ chatId: 42, reminders: [{ ...notification, attempts: 0 }] }]);
    expect(await store.pendingCount()).toBe(0);
  });

  it("wait in the queue on an instance that has no sender for them, and are delivered by one that has", async () => {
    const store = makeStore();
    await store.schedule([notification]);
    const sent: string[] = [];
    const base = { store, pacer: noPacing, send: async () => "ok" as const };
    const without = createReminderWorker({ ...base, clock, workerId: "old" });
    expect(await without.tick()).toMatchObject({ claimed: 1, released: 1, delivered: 0 });
    expect(await store.pendingCount()).toBe(1);
    const later: Clock = { now: () => T0 + 60_000 };
    const withSender = createReminderWorker({
      ...base,
      clock: later,
      workerId: "new",
      senders: { officer_new_preapplication: async (d) => (sent.push(...d.reminders.map((r) => r.id)), "ok") },
    });
    expect(await withSender.tick()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(sent).toEqual(["n1"]);
  });

  it("refuses a reminder without its pre-application, and accepts a notification without one", async () => {
    const store = makeStore();
    const { preappId: _dropped, ...orphan } = reminder;
    await expect(store.schedule([orphan as Job])).rejects.toThrow(/preappId/);
    expect(await store.schedule([notification])).toBe(1);
    expect(await store.cancelFor("p1")).toHaveLength(0);
    expect(await store.pendingCount()).toBe(1);
  });
});
