/**
 * The idle sweep (src/app/idle-close.ts) on one real Redis from two instances (two connections, each
 * with its own stores, app and notifier), sweeping at the same moment: each idle request is closed once,
 * and the citizen and the officer each hear it once, from the immediate send or from the queue, never
 * both. And an instance dying between queueing the notices and closing the request loses nothing.
 */
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createApp, type AppDeps } from "../../src/app/index.js";
import { createRedisStores } from "../../src/store/stores.js";
import { appScene, RecordingNotifier } from "../support/app-harness.js";
import { useTestRedis } from "../support/redis.js";

const { url } = useTestRedis();
const connections: Redis[] = [];
afterAll(async () => {
  await Promise.all(connections.map((c) => c.quit()));
});

const almaty = (local: string) => new Date(`${local}:00+05:00`);
const CREATED = almaty("2026-01-12 10:00");
/** 200 days later, a Friday at 10:00: office hours. */
const LATER = almaty("2026-07-31 10:00");
const OFFICER_USER = 501;
const OFFICER = "shotpayeva";
const draft = { serviceId: 9, applicantName: "Айгерим Сапарова", phone: "+77011234567", channel: "portal" } as const;

/** One instance: its own Redis connection and stores on the shared database, its own notifier, its clock `skewMs` off. */
function instance(base: AppDeps, notifier: RecordingNotifier, skewMs = 0) {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  connections.push(redis);
  const clock = { now: () => base.clock.now() + skewMs };
  const deps: AppDeps = { ...base, clock, stores: createRedisStores(redis, { prefix: "t:" }), notifier };
  return { deps, app: createApp(deps) };
}

/** Two instances on one Redis, the officer linked, `count` citizens each with an open request made on CREATED. */
async function twoInstances(count: number, skewMs = 0) {
  const scene = appScene({ now: CREATED, adminIds: [1] });
  const notifiers = [new RecordingNotifier(), new RecordingNotifier()] as const;
  const instances = notifiers.map((n, i) => instance(scene.deps, n, i * skewMs));
  const [a] = instances;
  await a!.deps.stores.officerLinks.link(OFFICER_USER, OFFICER);
  const refs: string[] = [];
  for (let i = 0; i < count; i++) {
    const citizen = { userId: 9_000 + i, chatId: 9_000 + i, locale: "ru" as const };
    const submitted = await a!.app.submit(citizen, draft, `sub-idle-${i}`);
    if (!submitted.ok) throw new Error(`fixture: ${submitted.reason}`);
    refs.push(submitted.app.ref);
  }
  for (const n of notifiers) n.sent.length = 0;
  return { ...scene, instances, notifiers, refs };
}

/** Every closed-idle notice any instance sent, as "chat ref". */
function told(notifiers: readonly RecordingNotifier[]): string[] {
  return notifiers
    .flatMap((n) => n.of("closed-idle"))
    .map((s) => `${s.chatId} ${s.notice.app.ref}`)
    .sort();
}

/** Runs each instance's worker sender over whatever notices are queued, a minute after the sweep. */
async function drainQueue(instances: { deps: AppDeps; app: ReturnType<typeof createApp> }[], now: number) {
  for (const [index, { deps, app }] of instances.entries()) {
    const jobs = await deps.stores.reminders.claimDue(now + 61_000, 1000, 30_000, `worker-${index}`);
    const chats = [...new Set(jobs.map((job) => job.chatId))];
    for (const chatId of chats) {
      const mine = jobs.filter((job) => job.chatId === chatId);
      expect(await app.deliverNotifications({ chatId, reminders: mine })).toBe("ok");
      for (const job of mine) await deps.stores.reminders.ack(job.id, `worker-${index}`);
    }
  }
}

describe("the idle sweep on two instances at once", () => {
  it("closes each of 20 idle requests once; each citizen and the officer hear of each once", async () => {
    const { at, instances, notifiers, refs } = await twoInstances(20);
    at(LATER);
    const [a, b] = instances;
    const closed = await Promise.all([a!.app.sweepIdle(), b!.app.sweepIdle()]);
    expect(closed[0] + closed[1]).toBe(20);
    await drainQueue(instances, LATER.getTime());

    const expected = refs.flatMap((ref, i) => [`${9_000 + i} ${ref}`, `${OFFICER_USER} ${ref}`]).sort();
    expect(told(notifiers)).toEqual(expected);
    for (const ref of refs) {
      const app = await a!.deps.stores.preApplications.getByRef(ref);
      expect(app?.status).toBe("expired");
      expect(app?.history.filter((entry) => entry.step === "expire")).toHaveLength(1);
    }
    expect(await a!.deps.stores.reminders.pendingCount()).toBe(0);
    expect(await a!.app.sweepIdle()).toBe(0);
  });

  it("with the second instance's clock 3 s ahead (two closing times proposed), each still hears once", async () => {
    const { at, instances, notifiers, refs } = await twoInstances(20, 3_000);
    at(LATER);
    const [a, b] = instances;
    const closed = await Promise.all([a!.app.sweepIdle(), b!.app.sweepIdle()]);
    expect(closed[0] + closed[1]).toBe(20);
    await drainQueue(instances, LATER.getTime() + 3_000);
    expect(told(notifiers)).toEqual(refs.flatMap((ref, i) => [`${9_000 + i} ${ref}`, `${OFFICER_USER} ${ref}`]).sort());
  });

  it("an instance that dies after queueing the notices and before closing loses nothing: the next sweep closes it and each hears once", async () => {
    const { at, instances, notifiers, refs } = await twoInstances(1);
    at(LATER);
    const [a, b] = instances;
    const store = a!.deps.stores.preApplications;
    store.applyTransition = async () => {
      throw new Error("instance killed");
    };
    expect(await a!.app.sweepIdle()).toBe(0);
    expect((await b!.deps.stores.preApplications.getByRef(refs[0]!))?.status).toBe("new");
    // Its queued notices come due while the request is still open: they say nothing.
    await drainQueue([b!], LATER.getTime());
    expect(told(notifiers)).toEqual([]);

    // The next sweep closes it; its immediate sends fail too, so the queue has to carry them.
    at(new Date(LATER.getTime() + 60 * 60_000));
    for (const chatId of [9_000, OFFICER_USER])
      notifiers[1].outcomes.set(chatId, { outcome: "failed", error: "network" });
    expect(await b!.app.sweepIdle()).toBe(1);
    notifiers[1].outcomes.clear();
    notifiers[1].sent.length = 0;
    await drainQueue([b!], LATER.getTime() + 60 * 60_000);
    expect(told(notifiers)).toEqual([`${9_000} ${refs[0]}`, `${OFFICER_USER} ${refs[0]}`].sort());
  });
});
