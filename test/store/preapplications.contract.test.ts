import type { Redis } from "ioredis";
import { beforeEach, describe, expect, it } from "vitest";
import type { Service } from "../../src/domain/catalog.js";
import {
  createPreApplication,
  transition,
  type Actor,
  type PreApplication,
  type PreApplicationStatus,
  type TransitionRequest,
} from "../../src/domain/preapplication.js";
import { createMemoryPreApplicationStore } from "../../src/store/memory-preapplications.js";
import {
  createRedisPreApplicationStore,
  DuplicatePreApplicationError,
  type PreApplicationStore,
  type PreApplicationStoreOptions,
} from "../../src/store/preapplications.js";
import { useTestRedis } from "../support/redis.js";

const T = Date.UTC(2026, 1, 10, 6, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RETENTION = 30 * DAY;

const baseService: Service = {
  id: 7,
  name: { kk: "Кезекке қою", ru: "Постановка на очередь", en: "Kindergarten waiting list" },
  short: { kk: "Балабақшаға кезек", ru: "Очередь в детский сад", en: "Kindergarten waiting list" },
  ruNameStatus: "confirmed",
  channels: ["con", "office", "portal"],
  time: [{ value: 30, unit: "minutes" }],
  officer: "ospanova",
  source: { channels: "ХҚКО / мо / портал", time: "30 мин", officer: "Оспанова Б.И.", phone: "50-11-78" },
  flags: [],
  keywords: { kk: [], ru: [], en: [] },
};

let serial = 0;

interface AppSpec {
  id?: string;
  citizenId?: number;
  serviceId?: number;
  officerId?: string;
  createdAt?: number;
  responseDueAt?: number;
  phone?: string;
}

/** A valid new pre-application built by the domain, with a unique id and reference unless given. */
function makeApp(spec: AppSpec = {}): PreApplication {
  serial += 1;
  const serviceId = spec.serviceId ?? 7;
  const citizenId = spec.citizenId ?? 1001;
  const createdAt = spec.createdAt ?? T + serial;
  const result = createPreApplication({
    id: spec.id ?? `id${String(serial).padStart(6, "0")}`,
    ref: `KZ-${serviceId}-${String(serial).padStart(4, "0")}-ABCDE`,
    service: { ...baseService, id: serviceId, officer: spec.officerId ?? "ospanova" },
    channel: "office",
    citizen: { userId: citizenId, chatId: citizenId, locale: "ru" },
    form: { applicantName: "Айгерим Сапарова", phone: spec.phone ?? "+77011234567" },
    responseDue: { at: spec.responseDueAt ?? createdAt + DAY, certain: true },
    ownerId: spec.officerId ?? "ospanova",
    consentTextVersion: "consent-v1",
    now: createdAt,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.app;
}

const adminActor: Actor = { kind: "admin", userId: 5005 };

/** The creation input of an app made by makeApp, to make a variant of it. */
function newInputFor(app: PreApplication) {
  return {
    id: `${app.id}x`,
    ref: `${app.ref.slice(0, -5)}ZZZZZ`,
    service: { ...baseService, id: app.serviceId, officer: app.officerId },
    channel: app.channel,
    citizen: { userId: app.citizenId, chatId: app.citizenChatId, locale: app.citizenLocale },
    form: { applicantName: app.applicantName, phone: app.phone },
    responseDue: { at: app.responseDueAt, certain: true },
    ownerId: app.ownerId,
    consentTextVersion: "consent-v1",
    now: app.createdAt,
  };
}

/** A count for every status: zero unless given. */
const counts = (some: Partial<Record<PreApplicationStatus, number>> = {}) => ({
  new: 0,
  contacted: 0,
  filed: 0,
  result_issued: 0,
  refused: 0,
  advised: 0,
  cancelled: 0,
  expired: 0,
  ...some,
});

function next(app: PreApplication, request: TransitionRequest, at: number, actor?: Actor): PreApplication {
  // Cancelling is the citizen's own act; every other change is made as an admin.
  const by = actor ?? (request.action === "cancel" ? { kind: "citizen", userId: app.citizenId } : adminActor);
  const result = transition(app, request, by, at);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.app;
}

/** Applies a transition through the store and returns the new record. */
async function move(
  store: PreApplicationStore,
  app: PreApplication,
  request: TransitionRequest,
  at: number,
): Promise<PreApplication> {
  const after = next(app, request, at);
  expect(await store.applyTransition(app, after)).toEqual({ ok: true });
  return after;
}

const ids = (apps: readonly { id: string }[]) => apps.map((a) => a.id);

type StoreFactory = (options: PreApplicationStoreOptions) => PreApplicationStore;

/** The behaviour every PreApplicationStore must have; run once per implementation. */
function preApplicationStoreContract(name: string, makeStore: StoreFactory): void {
  describe(`${name} PreApplicationStore contract`, () => {
    let store: PreApplicationStore;
    beforeEach(() => {
      store = makeStore({ retentionMs: RETENTION });
    });

    describe("nextSequence", () => {
      it("counts from 1 per service", async () => {
        expect([
          await store.nextSequence(7),
          await store.nextSequence(7),
          await store.nextSequence(8),
          await store.nextSequence(7),
        ]).toEqual([1, 2, 1, 3]);
      });

      it("never hands out a number twice under concurrency", async () => {
        const numbers = await Promise.all(Array.from({ length: 50 }, () => store.nextSequence(9)));
        expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      });
    });

    describe("create, get, getByRef", () => {
      it("stores a record and finds it by id and by reference", async () => {
        const app = makeApp();
        await store.create(app);
        expect(await store.get(app.id)).toEqual(app);
        expect(await store.getByRef(app.ref)).toEqual(app);
        expect(await store.get("nope")).toBeUndefined();
        expect(await store.getByRef("KZ-7-9999-ZZZZZ")).toBeUndefined();
      });

      it("hands out copies: changing a returned record changes nothing stored", async () => {
        const app = makeApp();
        await store.create(app);
        const read = await store.get(app.id);
        read!.history.push({ step: "close", status: "advised", at: T, by: { role: "system", id: "x" } });
        read!.status = "advised";
        app.applicantName = "Changed";
        expect(await store.get(app.id)).toEqual({ ...app, applicantName: "Айгерим Сапарова" });
      });

      it("refuses a second record with the same id or the same reference, leaving no trace of it", async () => {
        const first = makeApp({ citizenId: 1 });
        await store.create(first);
        await expect(store.create({ ...makeApp({ citizenId: 2 }), id: first.id })).rejects.toBeInstanceOf(
          DuplicatePreApplicationError,
        );
        await expect(store.create({ ...makeApp({ citizenId: 3 }), ref: first.ref })).rejects.toBeInstanceOf(
          DuplicatePreApplicationError,
        );
        expect(await store.get(first.id)).toEqual(first);
        expect(await store.listByCitizen(2)).toEqual([]);
        expect(await store.listByCitizen(3)).toEqual([]);
      });

      it("with a submission id, stores once: a second create of that submission returns the first record, even concurrently", async () => {
        const first = makeApp({ citizenId: 5 });
        expect(await store.create(first, "sub0000000001")).toEqual({ created: true });
        expect(await store.create(makeApp({ citizenId: 5 }), "sub0000000001")).toEqual({
          created: false,
          existing: first,
        });
        const racing = await Promise.all(
          [makeApp({ citizenId: 5 }), makeApp({ citizenId: 5 }), makeApp({ citizenId: 5 })].map((app) =>
            store.create(app, "sub0000000002"),
          ),
        );
        expect(racing.filter((r) => r.created)).toHaveLength(1);
        expect(await store.listByCitizen(5)).toHaveLength(2);
        expect(await store.findBySubmission(5, "sub0000000001")).toEqual(first);
      });

      it("finds a submission only for its own citizen, and not once the record is deleted", async () => {
        const app = makeApp({ citizenId: 6 });
        await store.create(app, "sub0000000003");
        expect(await store.findBySubmission(7, "sub0000000003")).toBeUndefined();
        expect(await store.findBySubmission(6, "sub0000000004")).toBeUndefined();
        await store.deleteCitizen(6);
        expect(await store.findBySubmission(6, "sub0000000003")).toBeUndefined();
      });

      it("refuses a record that does not match the schema", async () => {
        await expect(store.create({ ...makeApp(), phone: "87011234567" })).rejects.toThrow();
        expect(await store.listByCitizen(1001)).toEqual([]);
      });
    });

    describe("listByCitizen", () => {
      it("lists only the citizen's pre-applications, newest first, closed ones included", async () => {
        const old = makeApp({ citizenId: 1, createdAt: T });
        const newest = makeApp({ citizenId: 1, createdAt: T + 3 * HOUR });
        const middle = makeApp({ citizenId: 1, createdAt: T + 2 * HOUR });
        const other = makeApp({ citizenId: 2, createdAt: T + HOUR });
        for (const app of [old, newest, middle, other]) await store.create(app);
        await move(store, old, { action: "cancel" }, T + 4 * HOUR);
        expect(ids(await store.listByCitizen(1))).toEqual([newest.id, middle.id, old.id]);
        expect((await store.listByCitizen(1))[2]?.status).toBe("cancelled");
        expect(ids(await store.listByCitizen(2))).toEqual([other.id]);
        expect(await store.listByCitizen(3)).toEqual([]);
      });
    });

    describe("listOpenByOwner", () => {
      it("pages the officer's open pre-applications by oldest deadline, ties by id, with the total", async () => {
        const deadlines = [5, 1, 4, 2, 3].map((d) => T + d * DAY);
        const apps = deadlines.map((responseDueAt) => makeApp({ responseDueAt }));
        const tieB = makeApp({ id: "tie-b", responseDueAt: T + 3 * DAY });
        const tieA = makeApp({ id: "tie-a", responseDueAt: T + 3 * DAY });
        const closed = makeApp({ responseDueAt: T });
        const elsewhere = makeApp({ officerId: "girts", responseDueAt: T });
        for (const app of [...apps, tieB, tieA, closed, elsewhere]) await store.create(app);
        await move(store, closed, { action: "close", reason: { preset: "other", text: "Нет мест" } }, T + HOUR);
        await move(store, apps[1]!, { action: "contact", outcome: "will_file" }, T + HOUR);

        // Contacted, the request has no clock running, so it goes after every dated one.
        const byDeadline = [apps[3], apps[4], tieA, tieB, apps[2], apps[0], apps[1]].map((a) => a!.id);
        const page = (offset: number, limit: number) => store.listOpenByOwner("ospanova", { offset, limit });
        expect(await page(0, 3)).toMatchObject({ total: 7 });
        expect(ids((await page(0, 3)).items)).toEqual(byDeadline.slice(0, 3));
        expect(ids((await page(3, 3)).items)).toEqual(byDeadline.slice(3, 6));
        expect(ids((await page(6, 3)).items)).toEqual(byDeadline.slice(6));
        expect(await page(9, 3)).toEqual({ items: [], total: 7 });
        expect((await page(6, 1)).items[0]?.status).toBe("contacted");
        expect(ids((await store.listOpenByOwner("girts", { offset: 0, limit: 10 })).items)).toEqual([elsewhere.id]);
        expect(await store.listOpenByOwner("nobody", { offset: 0, limit: 10 })).toEqual({ items: [], total: 0 });
      });

      it("refuses pages that make no sense", async () => {
        for (const page of [
          { offset: -1, limit: 10 },
          { offset: 0, limit: 0 },
          { offset: 0, limit: 101 },
          { offset: 1.5, limit: 10 },
        ]) {
          await expect(store.listOpenByOwner("ospanova", page)).rejects.toBeInstanceOf(RangeError);
        }
      });
    });

    describe("owners and queues", () => {
      it("keeps unowned requests in the admins' queue until assigned, and moves a reassigned one between owners' queues", async () => {
        const owned = makeApp({ responseDueAt: T + DAY });
        const orphan = createPreApplication({
          ...newInputFor(makeApp({ responseDueAt: T + 2 * DAY })),
          ownerId: undefined,
        });
        if (!orphan.ok) throw new Error("not created");
        await store.create(owned);
        await store.create(orphan.app);
        expect(ids((await store.listUnowned({ offset: 0, limit: 10 })).items)).toEqual([orphan.app.id]);
        expect(ids((await store.listOpen({ offset: 0, limit: 10 })).items)).toEqual([owned.id, orphan.app.id]);
        const assigned = await move(store, orphan.app, { action: "assign", ownerId: "girts" }, T + HOUR);
        expect(await store.listUnowned({ offset: 0, limit: 10 })).toEqual({ items: [], total: 0 });
        expect(ids((await store.listOpenByOwner("girts", { offset: 0, limit: 10 })).items)).toEqual([orphan.app.id]);
        await move(store, assigned, { action: "assign", ownerId: "ospanova" }, T + 2 * HOUR);
        expect(await store.listOpenByOwner("girts", { offset: 0, limit: 10 })).toEqual({ items: [], total: 0 });
        expect(ids((await store.listOpenByOwner("ospanova", { offset: 0, limit: 10 })).items)).toEqual([
          owned.id,
          orphan.app.id,
        ]);
      });

      it("lists overdue requests by their running clock: the response promise while new, the official deadline once filed", async () => {
        const late = makeApp({ responseDueAt: T + HOUR });
        const onTime = makeApp({ responseDueAt: T + 3 * DAY });
        for (const app of [late, onTime]) await store.create(app);
        const filing: TransitionRequest = {
          action: "file",
          channel: "office",
          filedAt: T + HOUR,
          due: { at: T + 2 * HOUR, certain: true },
        };
        expect(ids(await store.listOverdue(T + DAY))).toEqual([late.id]);
        await move(store, onTime, filing, T + HOUR);
        expect(ids(await store.listOverdue(T + DAY))).toEqual([late.id, onTime.id]);
        expect(await store.listOverdue(T)).toEqual([]);
      });
    });

    describe("applyTransition", () => {
      it("compares the revision, so a note and a status change made at once never overwrite each other", async () => {
        const app = makeApp();
        await store.create(app);
        const noted = next(app, { action: "note", text: "Перезвонить" }, T + HOUR);
        const contacted = next(app, { action: "contact", outcome: "advised" }, T + HOUR);
        expect(await store.applyTransition(app, noted)).toEqual({ ok: true });
        expect(await store.applyTransition(app, contacted)).toEqual({ ok: false, reason: "conflict" });
        expect(await store.get(app.id)).toEqual(noted);
      });

      it("replaces the record and moves it between indexes", async () => {
        const app = makeApp();
        await store.create(app);
        const taken = await move(store, app, { action: "contact", outcome: "will_file" }, T + HOUR);
        expect(await store.get(app.id)).toEqual(taken);
        expect(await store.getByRef(app.ref)).toEqual(taken);
        expect((await store.listOpenByOwner("ospanova", { offset: 0, limit: 10 })).total).toBe(1);
        const done = await move(store, taken, { action: "close", reason: { preset: "advice_enough" } }, T + 2 * HOUR);
        expect(await store.get(app.id)).toEqual(done);
        expect(await store.listOpenByOwner("ospanova", { offset: 0, limit: 10 })).toEqual({ items: [], total: 0 });
        expect(await store.listByCitizen(app.citizenId)).toEqual([done]);
      });

      it("fails with conflict when the stored status changed meanwhile, and keeps the winner's change", async () => {
        const app = makeApp();
        await store.create(app);
        await move(store, app, { action: "contact", outcome: "will_file" }, T + HOUR);
        const stale = next(app, { action: "cancel" }, T + 2 * HOUR);
        expect(await store.applyTransition(app, stale)).toEqual({ ok: false, reason: "conflict" });
        expect((await store.get(app.id))?.status).toBe("contacted");
      });

      it("lets exactly one of two concurrent changes from the same state win", async () => {
        const app = makeApp();
        await store.create(app);
        const officer: Actor = { kind: "officer", userId: 3003, officerId: "ospanova", actsFor: ["ospanova"] };
        const citizen: Actor = { kind: "citizen", userId: app.citizenId };
        const take = next(app, { action: "contact", outcome: "will_file" }, T + HOUR, officer);
        const cancel = next(app, { action: "cancel" }, T + HOUR, citizen);
        const results = await Promise.all([store.applyTransition(app, take), store.applyTransition(app, cancel)]);
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "conflict" }]);
        const winner = results[0]!.ok ? take : cancel;
        expect(await store.get(app.id)).toEqual(winner);
        const open = await store.listOpenByOwner("ospanova", { offset: 0, limit: 10 });
        expect(open.total).toBe(winner.status === "contacted" ? 1 : 0);
      });

      it("reports not_found for a record that is not stored, and refuses mismatched records", async () => {
        const app = makeApp();
        expect(await store.applyTransition(app, next(app, { action: "contact", outcome: "will_file" }, T))).toEqual({
          ok: false,
          reason: "not_found",
        });
        await store.create(app);
        const other = makeApp();
        await expect(
          store.applyTransition(app, { ...next(app, { action: "contact", outcome: "will_file" }, T), id: other.id }),
        ).rejects.toThrow();
      });
    });

    describe("countOpenByCitizenAndService", () => {
      it("counts the citizen's open pre-applications of one service", async () => {
        const a = makeApp({ citizenId: 1, serviceId: 7 });
        const b = makeApp({ citizenId: 1, serviceId: 7 });
        const closed = makeApp({ citizenId: 1, serviceId: 7 });
        const otherService = makeApp({ citizenId: 1, serviceId: 8 });
        const otherCitizen = makeApp({ citizenId: 2, serviceId: 7 });
        for (const app of [a, b, closed, otherService, otherCitizen]) await store.create(app);
        await move(store, closed, { action: "cancel" }, T + HOUR);
        await move(store, b, { action: "contact", outcome: "will_file" }, T + HOUR);
        expect(await store.countOpenByCitizenAndService(1, 7)).toBe(2);
        expect(await store.countOpenByCitizenAndService(1, 8)).toBe(1);
        expect(await store.countOpenByCitizenAndService(2, 7)).toBe(1);
        expect(await store.countOpenByCitizenAndService(3, 7)).toBe(0);
        await move(store, a, { action: "cancel" }, T + 2 * HOUR);
        expect(await store.countOpenByCitizenAndService(1, 7)).toBe(1);
      });
    });

    describe("deleteCitizen", () => {
      it("deletes every record of the citizen, returns what officers must be told, and touches nobody else", async () => {
        const fresh = makeApp({ citizenId: 1, serviceId: 7, createdAt: T });
        const working = makeApp({ citizenId: 1, serviceId: 8, officerId: "girts", createdAt: T + 1 });
        const finished = makeApp({ citizenId: 1, serviceId: 7, createdAt: T + 2 });
        const someoneElse = makeApp({ citizenId: 2, serviceId: 7, createdAt: T + 3 });
        for (const app of [fresh, working, finished, someoneElse]) await store.create(app);
        await move(store, working, { action: "contact", outcome: "will_file" }, T + HOUR);
        await move(store, finished, { action: "close", reason: { preset: "other", text: "Дубликат" } }, T + HOUR);

        expect(await store.deleteCitizen(1)).toEqual([
          { id: fresh.id, ref: fresh.ref, serviceId: 7, officerId: "ospanova", ownerId: "ospanova", status: "new" },
          { id: working.id, ref: working.ref, serviceId: 8, officerId: "girts", ownerId: "girts", status: "contacted" },
          {
            id: finished.id,
            ref: finished.ref,
            serviceId: 7,
            officerId: "ospanova",
            ownerId: "ospanova",
            status: "advised",
          },
        ]);
        for (const app of [fresh, working, finished]) {
          expect(await store.get(app.id)).toBeUndefined();
          expect(await store.getByRef(app.ref)).toBeUndefined();
        }
        expect(await store.listByCitizen(1)).toEqual([]);
        expect(await store.countOpenByCitizenAndService(1, 7)).toBe(0);
        expect(ids((await store.listOpenByOwner("ospanova", { offset: 0, limit: 10 })).items)).toEqual([
          someoneElse.id,
        ]);
        expect((await store.listOpenByOwner("girts", { offset: 0, limit: 10 })).total).toBe(0);
        expect(ids(await store.listCreatedBetween(0, T + DAY))).toEqual([someoneElse.id]);
        const stats = await store.stats(T + HOUR);
        expect(stats.total).toEqual(counts({ new: 1 }));
        expect(stats.services.map((s) => s.serviceId)).toEqual([7]);
        expect(await store.get(someoneElse.id)).toEqual(someoneElse);
        expect(await store.deleteCitizen(1)).toEqual([]);
      });

      it("keeps counting the citizen's creations of the last 24 hours after deleting them, and nobody else's", async () => {
        for (const createdAt of [T, T + HOUR, T + 2 * HOUR]) await store.create(makeApp({ citizenId: 1, createdAt }));
        await store.create(makeApp({ citizenId: 2, createdAt: T }));
        await store.deleteCitizen(1);
        expect(await store.countCreatedSince(1, T + 3 * HOUR - DAY)).toBe(3);
        // The window is strictly after `since`: the first creation leaves it exactly 24 hours later.
        expect(await store.countCreatedSince(1, T)).toBe(2);
        expect(await store.countCreatedSince(2, T - 1)).toBe(1);
        expect(await store.countCreatedSince(3, 0)).toBe(0);
      });
    });

    describe("retention", () => {
      it("purges a closed pre-application once the retention after closing has passed, never an open one", async () => {
        const closed = makeApp({ citizenId: 1, createdAt: T });
        const open = makeApp({ citizenId: 1, createdAt: T + 1, responseDueAt: T + HOUR });
        await store.create(closed);
        await store.create(open);
        const closedAt = T + 2 * DAY;
        await move(
          store,
          await move(store, closed, { action: "contact", outcome: "will_file" }, T + DAY),
          { action: "close", reason: { preset: "advice_enough" } },
          closedAt,
        );

        expect(await store.purgeExpired(closedAt + RETENTION - 1)).toBe(0);
        expect((await store.get(closed.id))?.status).toBe("advised");

        expect(await store.purgeExpired(closedAt + RETENTION)).toBe(1);
        expect(await store.get(closed.id)).toBeUndefined();
        expect(await store.getByRef(closed.ref)).toBeUndefined();
        expect(ids(await store.listByCitizen(1))).toEqual([open.id]);
        expect(ids(await store.listCreatedBetween(0, T + DAY))).toEqual([open.id]);
        expect(await store.purgeExpired(closedAt + 100 * RETENTION)).toBe(0);
        expect(await store.get(open.id)).toEqual(open);
      });

      it("stats purge first, so expired data is never counted", async () => {
        const app = makeApp({ createdAt: T });
        await store.create(app);
        await move(store, app, { action: "cancel" }, T);
        expect((await store.stats(T + RETENTION - 1)).total.cancelled).toBe(1);
        expect(await store.stats(T + RETENTION)).toMatchObject({ services: [], total: { cancelled: 0 } });
      });
    });

    describe("stats", () => {
      it("is all zeros on an empty store", async () => {
        expect(await store.stats(T)).toEqual({
          services: [],
          total: counts(),
          overdue: 0,
        });
      });

      it("counts by service and status; overdue means a running clock strictly before now (none runs while contacted)", async () => {
        const now = T + 10 * DAY;
        const late = makeApp({ serviceId: 7, responseDueAt: now - 1 });
        const lateWorking = makeApp({ serviceId: 7, responseDueAt: now - DAY });
        const doneLate = makeApp({ serviceId: 7, responseDueAt: now - DAY });
        const dueNow = makeApp({ serviceId: 8, responseDueAt: now });
        const rejected = makeApp({ serviceId: 8, responseDueAt: now - DAY });
        const later = makeApp({ serviceId: 24, responseDueAt: now + DAY });
        for (const app of [late, lateWorking, doneLate, dueNow, rejected, later]) await store.create(app);
        await move(store, lateWorking, { action: "contact", outcome: "will_file" }, T + HOUR);
        await move(
          store,
          await move(store, doneLate, { action: "contact", outcome: "will_file" }, T + HOUR),
          { action: "close", reason: { preset: "advice_enough" } },
          T + 2 * HOUR,
        );
        await move(store, rejected, { action: "close", reason: { preset: "other", text: "Не наш район" } }, T + HOUR);

        expect(await store.stats(now)).toEqual({
          services: [
            { serviceId: 7, byStatus: counts({ new: 1, contacted: 1, advised: 1 }), overdue: 1 },
            { serviceId: 8, byStatus: counts({ new: 1, advised: 1 }), overdue: 0 },
            { serviceId: 24, byStatus: counts({ new: 1 }), overdue: 0 },
          ],
          total: counts({ new: 3, contacted: 1, advised: 2 }),
          overdue: 1,
        });
        expect((await store.stats(now + 2 * DAY)).overdue).toBe(3);
      });
    });

    describe("listCreatedBetween", () => {
      it("returns [from, to) by creation time, ties by id", async () => {
        const first = makeApp({ createdAt: T + 100 });
        const tieB = makeApp({ id: "tie-b", createdAt: T + 200 });
        const tieA = makeApp({ id: "tie-a", createdAt: T + 200 });
        const last = makeApp({ createdAt: T + 300 });
        for (const app of [last, tieB, first, tieA]) await store.create(app);
        expect(ids(await store.listCreatedBetween(T + 200, T + 300))).toEqual(["tie-a", "tie-b"]);
        expect(ids(await store.listCreatedBetween(T, T + 1000))).toEqual([first.id, "tie-a", "tie-b", last.id]);
        expect(await store.listCreatedBetween(T + 300, T + 300)).toEqual([]);
        expect(ids(await store.listCreatedBetween(T + 300, T + 301))).toEqual([last.id]);
      });
    });
  });
}

const { redis } = useTestRedis();

preApplicationStoreContract("memory", (options) => createMemoryPreApplicationStore(options));
preApplicationStoreContract("redis", (options) => createRedisPreApplicationStore(redis, options));

/** Every key of the database with its contents flattened to text, to search for leftovers. */
async function dumpKeyspace(client: Redis): Promise<Map<string, string>> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [nextCursor, batch] = await client.scan(cursor, "COUNT", 500);
    keys.push(...batch);
    cursor = nextCursor;
  } while (cursor !== "0");
  const dump = new Map<string, string>();
  for (const key of keys) {
    const type = await client.type(key);
    const contents =
      type === "string"
        ? await client.get(key)
        : type === "set"
          ? (await client.smembers(key)).join(" ")
          : type === "zset"
            ? (await client.zrange(key, "0", "-1", "WITHSCORES")).join(" ")
            : type === "hash"
              ? JSON.stringify(await client.hgetall(key))
              : `unexpected type ${type}`;
    dump.set(key, contents ?? "");
  }
  return dump;
}

/** The keys whose name or contents mention any of the needles. */
function mentioning(dump: Map<string, string>, ...needles: string[]): string[] {
  return [...dump]
    .filter(([key, contents]) => needles.some((n) => key.includes(n) || contents.includes(n)))
    .map(([key]) => key);
}

describe("Redis pre-application store specifics", () => {
  it("upgrades records stored in the old format at start-up, indexes included, and reads them in the new shape before that", async () => {
    const s = createRedisPreApplicationStore(redis, { retentionMs: RETENTION, now: () => T + 5 * DAY });
    // Exactly what the old store wrote: the record and its index entries (taken, and closed as done).
    const taken = {
      id: "legacy0000000000001",
      ref: "KZ-2-0007-X7K2Q",
      serviceId: 2,
      officerId: "serikbayeva",
      citizenId: 4242,
      citizenChatId: 4242,
      citizenLocale: "ru",
      applicantName: "Ерлан Касымов",
      phone: "+77011234567",
      channel: "con",
      status: "in_work",
      createdAt: T,
      deadlineAt: T + 20 * DAY,
      deadlineCertain: true,
      consent: { textVersion: "2026-11-25", givenAt: T },
      history: [
        { status: "new", at: T, by: { role: "citizen", id: "4242" } },
        { status: "in_work", at: T + HOUR, by: { role: "officer", id: "7001" } },
      ],
    };
    const done = {
      ...taken,
      id: "legacy0000000000002",
      ref: "KZ-1-0003-ABCDE",
      serviceId: 1,
      status: "done",
      deadlineAt: T + HOUR,
      closedAt: T + 2 * HOUR,
      history: [...taken.history, { status: "done", at: T + 2 * HOUR, by: { role: "officer", id: "7001" } }],
    };
    await redis.set(`kyz:pa:rec:${taken.id}`, JSON.stringify(taken));
    await redis.set(`kyz:pa:ref:${taken.ref}`, taken.id);
    await redis.zadd("kyz:pa:citizen:4242", T, taken.id, T + 1, done.id);
    await redis.zadd("kyz:pa:created", T, taken.id, T + 1, done.id);
    await redis.sadd("kyz:pa:service:2:in_work", taken.id);
    await redis.sadd("kyz:pa:service:1:done", done.id);
    await redis.sadd("kyz:pa:services", 1, 2);
    await redis.zadd("kyz:pa:officer:serikbayeva", taken.deadlineAt, taken.id);
    await redis.zadd("kyz:pa:open", taken.deadlineAt, taken.id);
    await redis.set(`kyz:pa:rec:${done.id}`, JSON.stringify(done), "PX", RETENTION);
    await redis.set(`kyz:pa:ref:${done.ref}`, done.id, "PX", RETENTION);
    await redis.zadd("kyz:pa:expiry", done.closedAt + RETENTION, done.id);
    await redis.hset(
      "kyz:pa:closed",
      done.id,
      JSON.stringify({
        id: done.id,
        ref: done.ref,
        serviceId: 1,
        officerId: "serikbayeva",
        status: "done",
        citizenId: 4242,
      }),
    );

    const beforeUpgrade = await s.getByRef(taken.ref);
    expect(beforeUpgrade).toMatchObject({ v: 2, status: "contacted", ownerId: "serikbayeva" });
    // Until upgraded, a change is refused (the stored record is not the one read), never half-applied.
    const early = next(beforeUpgrade!, { action: "note", text: "x" }, T + 5 * DAY);
    expect(await s.applyTransition(beforeUpgrade!, early)).toEqual({ ok: false, reason: "conflict" });

    const upgraded = await s.upgradeLegacy(T + 5 * DAY);
    expect(upgraded.map((a) => [a.ref, a.status])).toEqual([
      [taken.ref, "contacted"],
      [done.ref, "result_issued"],
    ]);
    expect(await s.upgradeLegacy(T + 6 * DAY)).toEqual([]);
    expect(JSON.parse((await redis.get(`kyz:pa:rec:${taken.id}`))!)).toMatchObject({
      v: 2,
      rev: 1,
      status: "contacted",
    });
    expect(await redis.smembers("kyz:pa:service:2:in_work")).toEqual([]);
    expect(await redis.smembers("kyz:pa:service:2:contacted")).toEqual([taken.id]);
    expect(await redis.smembers("kyz:pa:service:1:result_issued")).toEqual([done.id]);
    expect(ids((await s.listOpenByOwner("serikbayeva", { offset: 0, limit: 10 })).items)).toEqual([taken.id]);
    // A closed record keeps the retention it had: counted from its closing, not from the upgrade.
    const ttl = await redis.pttl(`kyz:pa:rec:${done.id}`);
    expect(ttl).toBeGreaterThan(done.closedAt + RETENTION - (T + 5 * DAY) - 60_000);
    expect(ttl).toBeLessThanOrEqual(done.closedAt + RETENTION - (T + 5 * DAY));
    // After the upgrade the record takes changes like any other.
    const fresh = (await s.get(taken.id))!;
    expect(await s.applyTransition(fresh, next(fresh, { action: "note", text: "Позвонить" }, T + 5 * DAY))).toEqual({
      ok: true,
    });
  });

  const CITIZEN = 987_654_321;
  const PHONE_DIGITS = "7019998877";
  const store = () => createRedisPreApplicationStore(redis, { retentionMs: RETENTION });

  it("deleteCitizen leaves no key or value anywhere that mentions the citizen's id or phone", async () => {
    const s = store();
    const apps = [0, 1, 2].map((i) =>
      makeApp({ citizenId: CITIZEN, phone: `+7${PHONE_DIGITS}`, serviceId: 7 + i, createdAt: T + i }),
    );
    const neighbour = makeApp({ citizenId: 1001 });
    for (const app of [...apps, neighbour]) await s.create(app);
    await move(s, apps[1]!, { action: "contact", outcome: "will_file" }, T + HOUR);
    await move(s, apps[2]!, { action: "cancel" }, T + HOUR);
    // The search must be able to find the citizen before deletion, or its silence afterwards proves nothing.
    const before = mentioning(await dumpKeyspace(redis), String(CITIZEN), PHONE_DIGITS, ...ids(apps));
    expect(before).toEqual(
      expect.arrayContaining(["kyz:pa:citizen:987654321", `kyz:pa:rec:${apps[0]!.id}`, "kyz:pa:closed"]),
    );

    await s.deleteCitizen(CITIZEN);
    const after = await dumpKeyspace(redis);
    expect(mentioning(after, String(CITIZEN), PHONE_DIGITS, ...ids(apps), ...apps.map((a) => a.ref))).toEqual([]);
    expect(mentioning(after, neighbour.id).length).toBeGreaterThan(3);
    // What is left of the citizen: the creation log, under a keyed hash, for 24 hours at most.
    const logs = [...after.keys()].filter((k) => k.startsWith("kyz:pa:made:"));
    expect(logs).toHaveLength(2);
    for (const log of logs) {
      expect(await redis.pttl(log)).toBeGreaterThan(0);
      expect(await redis.pttl(log)).toBeLessThanOrEqual(DAY);
    }
  });

  it("keeps in the creation log only the creations of the last 24 hours, however often the citizen comes back", async () => {
    const s = store();
    for (let day = 0; day < 5; day++) await s.create(makeApp({ citizenId: CITIZEN, createdAt: T + day * DAY }));
    const [log] = [...(await dumpKeyspace(redis)).keys()].filter((k) => k.startsWith("kyz:pa:made:"));
    expect(await redis.zcard(log!)).toBe(1);
  });

  it("writes only under its prefix, kyz: by default", async () => {
    const custom = createRedisPreApplicationStore(redis, { prefix: "town2:" });
    const app = makeApp();
    await custom.create(app);
    await custom.nextSequence(7);
    expect([...(await dumpKeyspace(redis)).keys()].every((k) => k.startsWith("town2:pa:"))).toBe(true);
    expect(await store().get(app.id)).toBeUndefined();
    await store().create(makeApp());
    expect([...(await dumpKeyspace(redis)).keys()].some((k) => k.startsWith("kyz:pa:rec:"))).toBe(true);
  });

  it("puts the retention TTL on the record and its reference when it closes, and none while it is open", async () => {
    const s = store();
    const app = makeApp();
    await s.create(app);
    const taken = await move(s, app, { action: "contact", outcome: "will_file" }, T + HOUR);
    expect(await redis.pttl(`kyz:pa:rec:${app.id}`)).toBe(-1);
    expect(await redis.pttl(`kyz:pa:ref:${app.ref}`)).toBe(-1);
    await move(s, taken, { action: "close", reason: { preset: "advice_enough" } }, T + 2 * HOUR);
    for (const key of [`kyz:pa:rec:${app.id}`, `kyz:pa:ref:${app.ref}`]) {
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(RETENTION - 60_000);
      expect(ttl).toBeLessThanOrEqual(RETENTION);
    }
    expect(await redis.zscore("kyz:pa:expiry", app.id)).toBe(String(T + 2 * HOUR + RETENTION));
  });

  /** Lets Redis expire the record and its reference itself, as the TTL would after the retention period. */
  async function expireNow(app: PreApplication): Promise<void> {
    await redis.pexpire(`kyz:pa:rec:${app.id}`, 1);
    await redis.pexpire(`kyz:pa:ref:${app.ref}`, 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await redis.exists(`kyz:pa:rec:${app.id}`, `kyz:pa:ref:${app.ref}`)).toBe(0);
  }

  it("when Redis has expired a record, the sweep still removes every index entry of it", async () => {
    const s = store();
    const app = makeApp({ citizenId: CITIZEN, createdAt: T });
    await s.create(app);
    await move(s, app, { action: "cancel" }, T + HOUR);
    await expireNow(app);
    expect(mentioning(await dumpKeyspace(redis), app.id).length).toBeGreaterThan(0);
    expect(await s.purgeExpired(T + HOUR + RETENTION)).toBe(1);
    expect(mentioning(await dumpKeyspace(redis), app.id, String(CITIZEN))).toEqual([]);
  });

  it("a read that meets an expired record drops its index entries at once", async () => {
    const s = store();
    const gone = makeApp({ citizenId: CITIZEN, createdAt: T });
    const kept = makeApp({ citizenId: CITIZEN, createdAt: T + 1 });
    await s.create(gone);
    await s.create(kept);
    await move(s, gone, { action: "cancel" }, T + HOUR);
    await expireNow(gone);
    expect(ids(await s.listByCitizen(CITIZEN))).toEqual([kept.id]);
    expect(mentioning(await dumpKeyspace(redis), gone.id)).toEqual([]);
    expect((await s.stats(T + HOUR)).total).toEqual(counts({ new: 1 }));
  });

  it("deleteCitizen also cleans up after records Redis has already expired", async () => {
    const s = store();
    const gone = makeApp({ citizenId: CITIZEN, createdAt: T });
    await s.create(gone);
    await move(s, gone, { action: "cancel" }, T + HOUR);
    await expireNow(gone);
    expect(await s.deleteCitizen(CITIZEN)).toEqual([]);
    expect(mentioning(await dumpKeyspace(redis), gone.id, String(CITIZEN))).toEqual([]);
  });
});
