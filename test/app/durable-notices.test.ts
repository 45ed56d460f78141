/**
 * What a request's people are told survives a failed send, and what a change plans survives a failed
 * plan (issue 12): the citizen's step notices and the owner's "withdrawn" notice ride the durable queue
 * like the "new pre-application" one, and the recovery pass plans what a failed plan step left out. On
 * memory stores with the recording notifier; test/faults/durable-notices.test.ts runs the same on Redis
 * with several instances and a fake Bot API.
 */
import { describe, expect, it } from "vitest";
import type { FormDraft } from "../../src/app/index.js";
import { isReminderKind } from "../../src/store/reminders.js";
import { appScene, drainNotices, type RecordingNotifier } from "../support/app-harness.js";

const almaty = (local: string) => new Date(`${local}:00+05:00`);
/** Monday 10:00: office hours. */
const MONDAY = almaty("2026-11-23 10:00");
const OFFICER = "shotpayeva";
const OFFICER_USER = 501;
const CITIZEN = 900;
const draft: FormDraft = { serviceId: 9, applicantName: "Айгерим Сапарова", phone: "+77011234567", channel: "portal" };
let submissions = 0;
const newSubmission = () => `durable${String(++submissions).padStart(6, "0")}`;

async function scene(adminIds: number[] = []) {
  const s = appScene({ now: MONDAY, adminIds });
  await s.deps.stores.officerLinks.link(OFFICER_USER, OFFICER);
  const submitted = await s.app.submit({ userId: CITIZEN, chatId: CITIZEN, locale: "kk" }, draft, newSubmission());
  if (!submitted.ok) throw new Error(`fixture: ${submitted.reason}`);
  s.notifier.sent.length = 0;
  return { ...s, request: submitted.app };
}

const failing = (notifier: RecordingNotifier, chatId: number) =>
  notifier.outcomes.set(chatId, { outcome: "failed", error: "network" });

/** Makes one method of a store throw the first `times` calls, as a Redis blip would. */
function blip<T extends object, K extends keyof T>(store: T, method: K, times = 1): void {
  const original = store[method] as (...args: unknown[]) => Promise<unknown>;
  let left = times;
  store[method] = (async (...args: unknown[]) => {
    if (left-- > 0) throw new Error("Connection is closed (injected)");
    return original.apply(store, args);
  }) as T[K];
}

describe("the citizen's step notice", () => {
  it("reproduces: the first send failed and the citizen was never told; now the queue delivers it once", async () => {
    const { deps, app, notifier, request } = await scene();
    failing(notifier, CITIZEN);
    const officer = await app.actorOf(OFFICER_USER);
    expect((await app.changeStatus(officer, request.id, { action: "contact", outcome: "will_file" })).ok).toBe(true);
    expect(notifier.of("status-changed")).toHaveLength(1); // the failed attempt
    notifier.outcomes.clear();
    notifier.sent.length = 0;

    await drainNotices(deps, app);
    expect(notifier.of("status-changed").map((s) => [s.chatId, s.locale, s.notice.app.status])).toEqual([
      [CITIZEN, "kk", "contacted"],
    ]);
    await drainNotices(deps, app, 24 * 60 * 60_000);
    expect(notifier.sent).toHaveLength(1);
  });

  it("sent at once when it goes through: the queue does not send it again", async () => {
    const { deps, app, notifier, request } = await scene();
    const officer = await app.actorOf(OFFICER_USER);
    await app.changeStatus(officer, request.id, { action: "contact", outcome: "will_file" });
    await drainNotices(deps, app, 24 * 60 * 60_000);
    expect(notifier.of("status-changed")).toHaveLength(1);
  });

  it("says each step once and in order, even when the later one was sent first: a step superseded by a later one stays silent", async () => {
    const { deps, app, notifier, request } = await scene();
    const officer = await app.actorOf(OFFICER_USER);
    failing(notifier, CITIZEN);
    await app.changeStatus(officer, request.id, { action: "contact", outcome: "will_file" });
    notifier.outcomes.clear();
    await app.changeStatus(officer, request.id, { action: "file", channel: "portal", filedAt: deps.clock.now() });
    notifier.sent.length = 0;
    await drainNotices(deps, app);
    // "contacted" was overtaken by "filed", which the citizen already has.
    expect(notifier.sent).toEqual([]);
  });

  it("a change that lost the compare-and-set queues a notice that says nothing", async () => {
    const { deps, app, notifier, request } = await scene();
    const officer = await app.actorOf(OFFICER_USER);
    const store = deps.stores.preApplications;
    const apply = store.applyTransition.bind(store);
    store.applyTransition = async () => ({ ok: false, reason: "conflict" });
    expect(await app.changeStatus(officer, request.id, { action: "contact", outcome: "will_file" })).toEqual({
      ok: false,
      reason: "conflict",
    });
    store.applyTransition = apply;
    expect(notifier.sent).toEqual([]);
    await drainNotices(deps, app, 24 * 60 * 60_000);
    expect(notifier.sent).toEqual([]);
  });

  it("erased before the retry: nothing is sent after the erasure, and no queued job keeps the citizen's chat", async () => {
    const { deps, app, notifier, request } = await scene();
    const officer = await app.actorOf(OFFICER_USER);
    failing(notifier, CITIZEN);
    await app.changeStatus(officer, request.id, { action: "contact", outcome: "will_file" });
    notifier.outcomes.clear();
    expect(await app.deleteCitizenData(CITIZEN)).toBe(1);
    notifier.sent.length = 0;
    const jobs = await drainNotices(deps, app, 365 * 24 * 60 * 60_000);
    expect(jobs.filter((job) => job.chatId === CITIZEN)).toEqual([]);
    expect(notifier.sent.filter((s) => s.chatId === CITIZEN)).toEqual([]);
  });
});

describe("the owner's 'withdrawn' notice", () => {
  it("reproduces: the citizen cancelled, the first send to the officer failed and they never heard; now once", async () => {
    const { deps, app, notifier, request } = await scene();
    failing(notifier, OFFICER_USER);
    const cancelled = await app.changeStatus({ kind: "citizen", userId: CITIZEN }, request.id, { action: "cancel" });
    expect(cancelled.ok).toBe(true);
    notifier.outcomes.clear();
    notifier.sent.length = 0;
    await drainNotices(deps, app);
    await drainNotices(deps, app, 24 * 60 * 60_000);
    expect(notifier.of("withdrawn").map((s) => [s.chatId, s.notice.ref])).toEqual([[OFFICER_USER, request.ref]]);
  });

  it("reproduces: after /deletedata the first send to the officer failed and they never heard; now once", async () => {
    const { deps, app, notifier, request } = await scene();
    failing(notifier, OFFICER_USER);
    expect(await app.deleteCitizenData(CITIZEN)).toBe(1);
    notifier.outcomes.clear();
    notifier.sent.length = 0;
    await drainNotices(deps, app);
    await drainNotices(deps, app, 24 * 60 * 60_000);
    expect(notifier.of("withdrawn").map((s) => [s.chatId, s.notice.ref])).toEqual([[OFFICER_USER, request.ref]]);
  });

  it("an erasure takes over a cancel's notice only for the accounts still waiting for it: each hears once", async () => {
    const { deps, app, notifier, request } = await scene();
    const SECOND_USER = 502;
    await deps.stores.officerLinks.link(SECOND_USER, OFFICER);
    failing(notifier, SECOND_USER);
    await app.changeStatus({ kind: "citizen", userId: CITIZEN }, request.id, { action: "cancel" });
    // The first account heard it; the second's send failed and waits for a retry.
    expect(notifier.of("withdrawn").map((s) => s.chatId)).toEqual([OFFICER_USER, SECOND_USER]);
    notifier.outcomes.clear();
    notifier.sent.length = 0;
    expect(await app.deleteCitizenData(CITIZEN)).toBe(1);
    await drainNotices(deps, app, 24 * 60 * 60_000);
    expect(notifier.of("withdrawn").map((s) => [s.chatId, s.notice.ref])).toEqual([[SECOND_USER, request.ref]]);
  });

  it("sent at once when it goes through: once, on cancel and on erasure", async () => {
    const { deps, app, notifier, request } = await scene();
    await app.changeStatus({ kind: "citizen", userId: CITIZEN }, request.id, { action: "cancel" });
    const other = await app.submit({ userId: CITIZEN, chatId: CITIZEN, locale: "kk" }, draft, newSubmission());
    if (!other.ok) throw new Error("fixture");
    await app.deleteCitizenData(CITIZEN);
    await drainNotices(deps, app, 24 * 60 * 60_000);
    expect(notifier.of("withdrawn").map((s) => s.notice.ref)).toEqual([request.ref, other.app.ref]);
  });
});

describe("the recovery pass", () => {
  it("reproduces: a request stored while the plan step failed got no announcement and no reminders; now the officer is told at once and recovery plans its reminders, once", async () => {
    const { deps, app, notifier } = appScene({ now: MONDAY, adminIds: [1] });
    await deps.stores.officerLinks.link(OFFICER_USER, OFFICER);
    blip(deps.stores.reminders, "cancelFor");
    const submitted = await app.submit({ userId: CITIZEN, chatId: CITIZEN, locale: "kk" }, draft, newSubmission());
    expect(submitted.ok).toBe(true);
    expect(notifier.of("new-preapplication").map((s) => s.chatId)).toEqual([OFFICER_USER]);
    expect(await deps.stores.reminders.pendingCount()).toBe(0);

    // response_due and response_late to the officer, the escalation to the one admin.
    expect(await app.recoverPlans()).toBe(3);
    expect(await deps.stores.reminders.pendingCount()).toBe(3);
    expect(await app.recoverPlans()).toBe(0);
    expect(await Promise.all([app.recoverPlans(), app.recoverPlans()])).toEqual([0, 0]);
    await drainNotices(deps, app, 24 * 60 * 60_000);
    expect(notifier.of("new-preapplication")).toHaveLength(1);
  });

  it("the announcement's send failing as well: the queue delivers it once", async () => {
    const { deps, app, notifier } = appScene({ now: MONDAY, adminIds: [1] });
    await deps.stores.officerLinks.link(OFFICER_USER, OFFICER);
    blip(deps.stores.reminders, "cancelFor");
    failing(notifier, OFFICER_USER);
    expect((await app.submit({ userId: CITIZEN, chatId: CITIZEN, locale: "kk" }, draft, newSubmission())).ok).toBe(
      true,
    );
    notifier.outcomes.clear();
    notifier.sent.length = 0;
    await app.recoverPlans();
    await drainNotices(deps, app);
    await drainNotices(deps, app, 24 * 60 * 60_000);
    expect(notifier.of("new-preapplication").map((s) => s.chatId)).toEqual([OFFICER_USER]);
  });

  it("reproduces: a change whose replan failed reported an error though it was stored; now it reports the change, tells the citizen, and recovery plans the new reminders", async () => {
    const { deps, app, notifier, request } = await scene();
    const officer = await app.actorOf(OFFICER_USER);
    blip(deps.stores.reminders, "cancelFor");
    const filed = await app.changeStatus(officer, request.id, {
      action: "file",
      channel: "portal",
      filedAt: deps.clock.now(),
    });
    expect(filed.ok && filed.app.status).toBe("filed");
    expect((await deps.stores.preApplications.get(request.id))?.status).toBe("filed");
    expect(notifier.of("status-changed").map((s) => s.notice.app.status)).toEqual(["filed"]);

    expect(await app.recoverPlans()).toBe(2);
    const queued = (
      await deps.stores.reminders.claimDue(deps.clock.now() + 7 * 24 * 60 * 60_000, 100, 30_000, "t")
    ).filter((job) => job.preappId === request.id);
    // Official deadline Tuesday 18:30: due on Tuesday morning, overdue on Wednesday morning.
    expect(queued.filter((job) => job.kind.startsWith("official_")).map((job) => job.kind)).toEqual([
      "official_due",
      "official_overdue",
    ]);
    // The new-request reminders the failed replan could not cancel are still queued, and say nothing when due.
    const stale = queued.filter((job) => job.kind.startsWith("response_"));
    expect(stale.length).toBeGreaterThan(0);
    notifier.sent.length = 0;
    const reminders = stale.flatMap((job) =>
      isReminderKind(job.kind) && job.preappId ? [{ ...job, kind: job.kind, preappId: job.preappId }] : [],
    );
    expect(await app.deliverReminders({ chatId: OFFICER_USER, reminders })).toBe("ok");
    expect(notifier.sent).toEqual([]);
  });

  it("adds nothing for a request whose plan went through, and nothing a worker already delivered", async () => {
    const { deps, app, at } = await scene([1]);
    const before = await deps.stores.reminders.pendingCount();
    expect(before).toBe(3);
    expect(await app.recoverPlans()).toBe(0);
    // Tuesday 09:00: response_due is delivered (acknowledged); recovery must not queue it again.
    at(almaty("2026-11-24 09:05"));
    const jobs = await deps.stores.reminders.claimDue(deps.clock.now(), 100, 30_000, "w");
    expect(jobs.map((job) => job.kind)).toEqual(["response_due"]);
    await deps.stores.reminders.ack(jobs[0]!.id, "w");
    expect(await app.recoverPlans()).toBe(0);
    expect(await deps.stores.reminders.pendingCount()).toBe(2);
  });
});
