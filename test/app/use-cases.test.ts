/**
 * The application's use cases on in-memory stores with a recording notifier: no Bot API, no Redis.
 * The bot tests (test/bot) drive the same behaviour through Telegram updates; these pin down who is
 * told what, in which language, and what is stored and scheduled, without any rendering.
 */
import { describe, expect, it } from "vitest";
import type { AppDeps, FormDraft } from "../../src/app/index.js";
import { createApp } from "../../src/app/index.js";
import { tellAdmins } from "../../src/app/notify.js";
import { IMMEDIATE_SEND_GRACE_MS } from "../../src/app/notifications.js";
import { appScene } from "../support/app-harness.js";

/** Almaty wall-clock time (UTC+5) as an instant. */
const almaty = (local: string) => new Date(`${local}:00+05:00`);
const DAY = 86_400_000;

/** Service 9 (school admission) belongs to the officer "shotpayeva" in the shipped catalog. */
const OFFICER = "shotpayeva";
const draft: FormDraft = { serviceId: 9, applicantName: "Айгерим Сапарова", phone: "+77011234567", channel: "portal" };
const citizen = (userId: number, locale: "kk" | "ru" | "en" = "en") => ({ userId, chatId: userId, locale });
let submissions = 0;
/** A fresh form submission id, as the form draws one for each summary it shows. */
const newSubmission = () => `sub${String(++submissions).padStart(9, "0")}`;

async function linkOfficerUsers(deps: AppDeps, users: Record<number, "kk" | "ru" | "en" | undefined>): Promise<void> {
  for (const [id, locale] of Object.entries(users)) {
    await deps.stores.officerLinks.link(Number(id), OFFICER);
    if (locale) await deps.stores.sessions.write(id, { __language_code: locale });
  }
}

describe("submitting a pre-application", () => {
  it("stores it with the department's response promise, owned by the service's officer, tells each of their users in their own language and plans reminders", async () => {
    const { deps, app, notifier, log } = appScene({ now: almaty("2026-11-23 10:00"), adminIds: [1] });
    await linkOfficerUsers(deps, { 501: "kk", 502: undefined });

    const result = await app.submit(citizen(900), draft, newSubmission());
    if (!result.ok) throw new Error(`not submitted: ${result.reason}`);
    expect(await deps.stores.preApplications.get(result.app.id)).toEqual(result.app);
    expect(result.app).toMatchObject({
      officerId: OFFICER,
      ownerId: OFFICER,
      responseDueAt: almaty("2026-11-24 18:30").getTime(),
    });
    expect(result.handlerId).toBe(OFFICER);

    expect(
      notifier.of("new-preapplication").map((s) => [s.chatId, s.locale, s.notice.app.ref, s.notice.assigned]),
    ).toEqual([
      [501, "kk", result.app.ref, false],
      [502, "ru", result.app.ref, false],
    ]);
    expect(notifier.of("needs-owner")).toEqual([]);
    // response_due and response_late for each of the two users, the escalation for the one admin.
    expect(await deps.stores.reminders.pendingCount()).toBe(5);
    const created = log.lines.find(([, message]) => message === "pre-application created");
    expect(JSON.stringify(created)).not.toContain("Айгерим");
  });

  it("reproduces issue 11: with nobody linked to the officer, the request reached nobody; now it has no owner and the admins are told", async () => {
    const { deps, app, notifier } = appScene({ now: almaty("2026-11-23 10:00"), adminIds: [1, 2] });
    await deps.stores.sessions.write("2", { __language_code: "kk" });
    const result = await app.submit(citizen(900), draft, newSubmission());
    if (!result.ok) throw new Error("not submitted");
    expect(result.app.ownerId).toBeUndefined();
    expect(result.handlerId).toBeUndefined();
    expect(notifier.of("needs-owner").map((s) => [s.chatId, s.locale, s.notice.app.ref])).toEqual([
      [1, "ru", result.app.ref],
      [2, "kk", result.app.ref],
    ]);
    expect((await deps.stores.preApplications.listUnowned({ offset: 0, limit: 10 })).items.map((a) => a.id)).toEqual([
      result.app.id,
    ]);
  });

  it("refuses a third open pre-application for one service, and an unknown service, storing nothing", async () => {
    const { deps, app } = appScene({ now: almaty("2026-11-23 10:00") });
    expect((await app.submit(citizen(900), draft, newSubmission())).ok).toBe(true);
    expect((await app.submit(citizen(900), draft, newSubmission())).ok).toBe(true);
    expect(await app.checkLimits(900, 9)).toEqual({ ok: false, reason: "limit_service" });
    expect(await app.submit(citizen(900), draft, newSubmission())).toEqual({ ok: false, reason: "limit_service" });
    expect(await app.submit(citizen(900), { ...draft, serviceId: 9999 }, newSubmission())).toEqual({
      ok: false,
      reason: "unknown_service",
    });
    expect(await deps.stores.preApplications.listByCitizen(900)).toHaveLength(2);
  });
});

describe("submitting the same form twice", () => {
  it("stores one pre-application, tells the officer once and answers the repeat with the first record", async () => {
    const { deps, app, notifier } = appScene({ now: almaty("2026-11-23 10:00") });
    await linkOfficerUsers(deps, { 501: "ru" });
    const submission = newSubmission();
    const first = await app.submit(citizen(900), draft, submission);
    const again = await app.submit(citizen(900), draft, submission);
    if (!first.ok || !again.ok) throw new Error("not submitted");
    expect([first.repeated, again.repeated]).toEqual([false, true]);
    expect(again.app).toEqual(first.app);
    expect(await deps.stores.preApplications.listByCitizen(900)).toHaveLength(1);
    expect(notifier.of("new-preapplication")).toHaveLength(1);
    expect(await app.findSubmission(900, submission)).toEqual(first.app);
    expect(await app.findSubmission(901, submission)).toBeUndefined();
  });

  it("answers the repeat with its reference even when the first one reached the citizen's limit", async () => {
    const { app } = appScene({ now: almaty("2026-11-23 10:00") });
    expect((await app.submit(citizen(900), draft, newSubmission())).ok).toBe(true);
    const submission = newSubmission();
    const second = await app.submit(citizen(900), draft, submission);
    expect(await app.checkLimits(900, 9)).toEqual({ ok: false, reason: "limit_service" });
    expect(await app.submit(citizen(900), draft, submission)).toEqual({ ...second, repeated: true });
  });
});

describe("the durable new-request notice", () => {
  /** The notice jobs a worker would claim a minute after the immediate send. */
  const claimNotices = async (deps: AppDeps) =>
    (await deps.stores.reminders.claimDue(deps.clock.now() + 61_000, 100, 30_000, "test")).filter(
      (job) => job.kind === "officer_new_preapplication",
    );

  it("keeps a notice whose immediate send failed through a replan, and the worker's send reaches the owner", async () => {
    const { deps, app, notifier } = appScene({ now: almaty("2026-11-23 10:00"), adminIds: [1] });
    await linkOfficerUsers(deps, { 501: "kk" });
    notifier.outcomes.set(501, { outcome: "failed", error: "network" });
    const submitted = await app.submit(citizen(900), draft, newSubmission());
    if (!submitted.ok) throw new Error("fixture");
    // A change plans the request's reminders again (cancelling what is queued under its id): the notice stays.
    expect(
      (
        await app.changeStatus(await app.actorOf(501), submitted.app.id, {
          action: "note",
          text: "перезвонить после обеда",
        })
      ).ok,
    ).toBe(true);
    notifier.outcomes.delete(501);
    notifier.sent.length = 0;

    const jobs = await claimNotices(deps);
    expect(jobs.map((job) => [job.id, job.chatId])).toEqual([[`${submitted.app.id}:new:501`, 501]]);
    expect(await app.deliverNotifications({ chatId: 501, reminders: jobs })).toBe("ok");
    expect(notifier.sent.map((s) => [s.chatId, s.locale, s.notice.kind])).toEqual([[501, "kk", "new-preapplication"]]);
  });

  it("goes to the admins as 'needs an owner' when nobody can hear it, and is dropped once the request is assigned elsewhere", async () => {
    const { deps, app, notifier } = appScene({ now: almaty("2026-11-23 10:00"), adminIds: [1] });
    notifier.outcomes.set(1, { outcome: "failed", error: "network" });
    const submitted = await app.submit(citizen(900), draft, newSubmission());
    if (!submitted.ok) throw new Error("fixture");
    notifier.outcomes.delete(1);
    notifier.sent.length = 0;
    const jobs = await claimNotices(deps);
    expect(jobs.map((job) => job.chatId)).toEqual([1]);
    expect(await app.deliverNotifications({ chatId: 1, reminders: jobs })).toBe("ok");
    expect(notifier.sent.map((s) => [s.chatId, s.notice.kind])).toEqual([[1, "needs-owner"]]);

    // Assigned to an officer with a linked user: the admins' notice, were it retried now, says nothing.
    await deps.stores.officerLinks.link(777, "girts");
    const assigned = await app.changeStatus(await app.actorOf(1), submitted.app.id, {
      action: "assign",
      ownerId: "girts",
    });
    expect(assigned.ok).toBe(true);
    expect(notifier.of("new-preapplication").map((s) => [s.chatId, s.notice.assigned])).toEqual([[777, true]]);
    notifier.sent.length = 0;
    expect(await app.deliverNotifications({ chatId: 1, reminders: jobs })).toBe("ok");
    expect(notifier.sent).toEqual([]);
  });
});

describe("creations per citizen per day", () => {
  it("create-then-cancel 25 times: the sixth creation within 24 hours is refused, so the officer hears 10 messages, not 50", async () => {
    const { deps, app, notifier, at } = appScene({ now: almaty("2026-11-23 10:00") });
    await linkOfficerUsers(deps, { 501: "ru" });
    const refused: string[] = [];
    for (let i = 0; i < 25; i++) {
      const submitted = await app.submit(citizen(900), draft, newSubmission());
      if (!submitted.ok) {
        refused.push(submitted.reason);
        continue;
      }
      await app.changeStatus({ kind: "citizen", userId: 900 }, submitted.app.id, { action: "cancel" });
    }
    expect(refused).toEqual(Array.from({ length: 20 }, () => "limit_daily"));
    expect(notifier.sent.filter((s) => s.chatId === 501)).toHaveLength(10);
    at(new Date(almaty("2026-11-23 10:00").getTime() + DAY));
    expect((await app.submit(citizen(900), draft, newSubmission())).ok).toBe(true);
  });
});

describe("creations per citizen per day, across an erasure", () => {
  it("reproduces: deleting one's data reset the cap, so delete-then-create made a sixth request within 24 hours; now it is refused", async () => {
    const { app, at } = appScene({ now: almaty("2026-11-23 10:00") });
    for (let i = 0; i < 5; i++) {
      const submitted = await app.submit(citizen(900), draft, newSubmission());
      if (!submitted.ok) throw new Error(`not submitted: ${submitted.reason}`);
      await app.changeStatus({ kind: "citizen", userId: 900 }, submitted.app.id, { action: "cancel" });
    }
    expect(await app.deleteCitizenData(900)).toBe(5);
    expect(await app.submit(citizen(900), draft, newSubmission())).toEqual({ ok: false, reason: "limit_daily" });
    at(new Date(almaty("2026-11-23 10:00").getTime() + DAY + 1));
    expect((await app.submit(citizen(900), draft, newSubmission())).ok).toBe(true);
  });
});

describe("changing a request", () => {
  it("tells the citizen every step in the language of the request; a filing computes the law's deadline; closing cancels the reminders", async () => {
    const { deps, app, notifier } = appScene({ now: almaty("2026-11-23 10:00") });
    await linkOfficerUsers(deps, { 501: "kk" });
    const submitted = await app.submit(citizen(900, "en"), draft, newSubmission());
    if (!submitted.ok) throw new Error("fixture");
    const officer = await app.actorOf(501);
    expect(officer).toEqual({ kind: "officer", userId: 501, officerId: OFFICER, actsFor: [OFFICER] });

    const contacted = await app.changeStatus(officer, submitted.app.id, { action: "contact", outcome: "will_file" });
    expect(contacted.ok && contacted.app.status).toBe("contacted");
    expect(await deps.stores.reminders.pendingCount()).toBe(0);
    const filed = await app.changeStatus(officer, submitted.app.id, {
      action: "file",
      channel: "portal",
      filedAt: deps.clock.now(),
    });
    // Service 9 through the portal: 1 working day, from Monday 10:00 to Tuesday 18:30.
    expect(filed.ok && filed.app.official).toEqual({
      channel: "portal",
      filedAt: deps.clock.now(),
      dueAt: almaty("2026-11-24 18:30").getTime(),
      dueCertain: true,
    });
    // Due on Tuesday morning and overdue on Wednesday morning; the day-before one would be this morning, past.
    // (No admins in this scene, so no escalation is queued.)
    expect(await deps.stores.reminders.pendingCount()).toBe(2);
    const issued = await app.changeStatus(officer, submitted.app.id, { action: "issue" });
    expect(issued.ok && issued.app.status).toBe("result_issued");
    expect(await deps.stores.reminders.pendingCount()).toBe(0);
    expect(notifier.of("status-changed").map((s) => [s.chatId, s.locale, s.notice.app.status])).toEqual([
      [900, "en", "contacted"],
      [900, "en", "filed"],
      [900, "en", "result_issued"],
    ]);
    expect(
      await app.changeStatus(officer, submitted.app.id, {
        action: "file",
        channel: "office",
        filedAt: deps.clock.now(),
      }),
    ).toEqual({ ok: false, reason: "not_allowed_from_status" });
  });

  it("tells whoever handles it when the citizen withdraws, and refuses others' requests", async () => {
    const { deps, app, notifier } = appScene({ now: almaty("2026-11-23 10:00") });
    await linkOfficerUsers(deps, { 501: "kk" });
    const submitted = await app.submit(citizen(900), draft, newSubmission());
    if (!submitted.ok) throw new Error("fixture");

    const stranger = await app.changeStatus({ kind: "citizen", userId: 901 }, submitted.app.id, { action: "cancel" });
    expect(stranger).toEqual({ ok: false, reason: "not_allowed_for_actor" });
    const otherOfficer = await app.changeStatus(
      { kind: "officer", userId: 601, officerId: "girts", actsFor: ["girts"] },
      submitted.app.id,
      { action: "contact", outcome: "advised" },
    );
    expect(otherOfficer).toEqual({ ok: false, reason: "not_allowed_for_actor" });
    expect(await app.changeStatus({ kind: "citizen", userId: 900 }, "0000000000", { action: "cancel" })).toEqual({
      ok: false,
      reason: "not_found",
    });

    const cancelled = await app.changeStatus({ kind: "citizen", userId: 900 }, submitted.app.id, { action: "cancel" });
    expect(cancelled.ok && cancelled.app.status).toBe("cancelled");
    expect(notifier.of("withdrawn").map((s) => [s.chatId, s.locale, s.notice.ref])).toEqual([
      [501, "kk", submitted.app.ref],
    ]);
    expect(notifier.of("status-changed")).toEqual([]);
    expect(await deps.stores.reminders.pendingCount()).toBe(0);
  });

  it("an admin assigns an unowned request: the new owner is told, and the reminders move from the admins to them", async () => {
    const { deps, app, notifier } = appScene({ now: almaty("2026-11-23 10:00"), adminIds: [1] });
    const submitted = await app.submit(citizen(900), draft, newSubmission());
    if (!submitted.ok) throw new Error("fixture");
    const queued = async () =>
      (await deps.stores.reminders.claimDue(almaty("2026-12-31 09:00").getTime(), 100, 60_000, "w"))
        .map((r) => `${r.kind}@${r.chatId}`)
        .sort();
    await deps.stores.officerLinks.link(701, "girts");
    const assigned = await app.changeStatus({ kind: "admin", userId: 1 }, submitted.app.id, {
      action: "assign",
      ownerId: "girts",
    });
    expect(assigned.ok && assigned.app.ownerId).toBe("girts");
    expect(notifier.of("new-preapplication").map((s) => [s.chatId, s.notice.assigned])).toEqual([[701, true]]);
    expect(await queued()).toEqual(["response_due@701", "response_escalation@1", "response_late@701"]);
    expect(
      await app.changeStatus({ kind: "admin", userId: 1 }, submitted.app.id, { action: "assign", ownerId: "nobody" }),
    ).toEqual({ ok: false, reason: "unknown_officer" });
  });
});

describe("covers", () => {
  it("new requests, the queue and reminders go to the substitute during the cover, and come back after", async () => {
    const { deps, app, notifier, at } = appScene({ now: almaty("2026-11-30 10:00"), adminIds: [1] });
    await linkOfficerUsers(deps, { 501: "ru" });
    await deps.stores.officerLinks.link(701, "girts");
    const set = await app.setCover(1, {
      officerId: OFFICER,
      substituteId: "girts",
      from: "2026-12-01",
      to: "2026-12-02",
    });
    expect(set.ok).toBe(true);
    expect(notifier.of("cover").map((s) => s.chatId)).toEqual([501, 701]);
    expect(
      await app.setCover(1, { officerId: "girts", substituteId: "magzumova", from: "2026-12-01", to: "2026-12-02" }),
    ).toEqual({ ok: false, reason: "chained" });

    at(almaty("2026-12-01 10:00"));
    notifier.sent.length = 0;
    const during = await app.submit(citizen(900), draft, newSubmission());
    if (!during.ok) throw new Error("fixture");
    expect(during.app.ownerId).toBe(OFFICER);
    expect(during.handlerId).toBe("girts");
    expect(notifier.of("new-preapplication").map((s) => s.chatId)).toEqual([701]);
    expect(await app.actorOf(701)).toEqual({
      kind: "officer",
      userId: 701,
      officerId: "girts",
      actsFor: ["girts", OFFICER],
    });
    // Promise: Wednesday 2 December 18:30. Its morning is in the cover; the day after is not.
    const claimed = (await deps.stores.reminders.claimDue(almaty("2026-12-03 09:00").getTime(), 100, 60_000, "w"))
      .map((r) => `${r.kind}@${r.chatId}`)
      .sort();
    expect(claimed).toEqual(["response_due@701", "response_escalation@1", "response_late@501"]);

    at(almaty("2026-12-03 10:00"));
    expect(await app.actorOf(701)).toEqual({ kind: "officer", userId: 701, officerId: "girts", actsFor: ["girts"] });
    expect(await app.removeCover(OFFICER)).toMatchObject({ substituteId: "girts" });
  });
});

describe("deleting a citizen's data", () => {
  it("deletes every pre-application, reminder and the session; owners hear only of the open ones", async () => {
    const { deps, app, notifier } = appScene({ now: almaty("2026-11-23 10:00") });
    await linkOfficerUsers(deps, { 501: "ru" });
    await deps.stores.sessions.write("900", { __language_code: "kk" });
    const first = await app.submit(citizen(900), draft, newSubmission());
    const second = await app.submit(citizen(900), draft, newSubmission());
    if (!first.ok || !second.ok) throw new Error("fixture");
    await app.changeStatus({ kind: "citizen", userId: 900 }, first.app.id, { action: "cancel" });
    notifier.sent.length = 0;

    expect(await app.deleteCitizenData(900)).toBe(2);
    expect(await deps.stores.preApplications.listByCitizen(900)).toEqual([]);
    expect(await deps.stores.reminders.pendingCount()).toBe(0);
    expect(await deps.stores.sessions.read("900")).toBeUndefined();
    expect(notifier.sent.map((s) => [s.chatId, s.notice])).toEqual([[501, { kind: "withdrawn", ref: second.app.ref }]]);
  });

  it("leaves no failure record with the citizen's chat: a notice that failed for good (bot blocked) is forgotten too", async () => {
    const { deps, app } = appScene({ now: almaty("2026-11-23 10:00") });
    await linkOfficerUsers(deps, { 501: "ru" });
    const submitted = await app.submit(citizen(900), draft, newSubmission());
    if (!submitted.ok) throw new Error("fixture");
    const now = deps.clock.now();
    const toCitizen = { id: "n1", dueAt: now, chatId: 900, kind: "citizen_status_changed" as const };
    const toOfficer = { id: "n2", dueAt: now, chatId: 501, kind: "officer_new_preapplication" as const };
    await deps.stores.reminders.schedule([toCitizen, toOfficer]);
    for (const job of await deps.stores.reminders.claimDue(now, 10, 30_000, "w"))
      if (job.id === "n1" || job.id === "n2") await deps.stores.reminders.failPermanently(job.id, "w", "blocked", now);

    await app.deleteCitizenData(900);
    expect((await deps.stores.reminders.recentFailures(100)).map((f) => f.reminder.chatId)).toEqual([501]);
  });
});

describe("officers' Telegram users", () => {
  it("links a user through a one-time invite and moves the officer's reminders from the admins to them", async () => {
    const { deps, app } = appScene({ now: almaty("2026-11-23 10:00"), adminIds: [1] });
    await deps.stores.officerLinks.link(9, OFFICER);
    const submitted = await app.submit(citizen(900), draft, newSubmission());
    await deps.stores.officerLinks.unlinkUser(9);
    if (!submitted.ok) throw new Error("fixture");

    const token = await deps.stores.invites.create(OFFICER, 1, deps.clock.now());
    const linked = await app.redeemOfficerInvite(token, 501);
    expect(linked.ok && linked.officer.id).toBe(OFFICER);
    expect(await deps.stores.officerLinks.officerOf(501)).toBe(OFFICER);
    const chats = (await deps.stores.reminders.claimDue(almaty("2026-12-31 09:00").getTime(), 100, 60_000, "w"))
      .map((r) => `${r.kind}@${r.chatId}`)
      .sort();
    expect(chats).toEqual(["digest@501", "response_due@501", "response_escalation@1", "response_late@501"]);
    expect(await app.redeemOfficerInvite(token, 502)).toEqual({ ok: false, reason: "used" });
    expect(await deps.stores.officerLinks.officerOf(502)).toBeUndefined();
  });

  it("unlinks every user of an officer and tells each in their language", async () => {
    const { deps, app, notifier } = appScene({ now: almaty("2026-11-23 10:00") });
    await linkOfficerUsers(deps, { 501: "kk", 502: "en" });
    const officer = deps.catalog.officerById.get(OFFICER)!;
    expect(await app.unlinkOfficer(officer)).toEqual([501, 502]);
    expect(await deps.stores.officerLinks.usersOf(OFFICER)).toEqual([]);
    expect(notifier.sent).toEqual([
      { chatId: 501, locale: "kk", notice: { kind: "unlinked", officerName: officer.name } },
      { chatId: 502, locale: "en", notice: { kind: "unlinked", officerName: officer.name } },
    ]);
  });

  it("tells every administrator in their language", async () => {
    const { deps, notifier } = appScene({ now: almaty("2026-11-23 10:00"), adminIds: [1, 2] });
    await deps.stores.sessions.write("2", { __language_code: "kk" });
    await tellAdmins(deps, { kind: "withdrawn", ref: "KZ-9-0001-ABCDE" });
    expect(notifier.sent.map((s) => [s.chatId, s.locale])).toEqual([
      [1, "ru"],
      [2, "kk"],
    ]);
  });
});

describe("delivering reminders", () => {
  it("says only the most urgent reminder per request, in the officer's language", async () => {
    const { deps, app, notifier } = appScene({ now: almaty("2026-11-23 10:00") });
    await linkOfficerUsers(deps, { 501: "kk" });
    const submitted = await app.submit(citizen(900), draft, newSubmission());
    if (!submitted.ok) throw new Error("fixture");
    notifier.sent.length = 0;
    const dueAt = deps.clock.now();

    const outcome = await app.deliverReminders({
      chatId: 501,
      reminders: [
        { preappId: submitted.app.id, kind: "response_due", dueAt },
        { preappId: submitted.app.id, kind: "response_late", dueAt },
      ],
    });
    expect(outcome).toBe("ok");
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]!.locale).toBe("kk");
    expect(notifier.sent[0]!.notice).toEqual({
      kind: "reminder",
      due: [{ app: submitted.app, kind: "response_late" }],
    });
  });

  it("sends nothing for closed requests, for a clock no longer running, or to a chat no longer the owner's", async () => {
    const { deps, app, notifier } = appScene({ now: almaty("2026-11-23 10:00") });
    await linkOfficerUsers(deps, { 501: "ru" });
    const open = await app.submit(citizen(900), draft, newSubmission());
    const closed = await app.submit(citizen(901), draft, newSubmission());
    const contacted = await app.submit(citizen(902), draft, newSubmission());
    if (!open.ok || !closed.ok || !contacted.ok) throw new Error("fixture");
    await app.changeStatus({ kind: "citizen", userId: 901 }, closed.app.id, { action: "cancel" });
    await app.changeStatus(await app.actorOf(501), contacted.app.id, { action: "contact", outcome: "will_file" });
    notifier.sent.length = 0;
    const dueAt = deps.clock.now();

    expect(
      await app.deliverReminders({
        chatId: 501,
        reminders: [{ preappId: closed.app.id, kind: "response_late", dueAt }],
      }),
    ).toBe("ok");
    expect(
      await app.deliverReminders({
        chatId: 501,
        reminders: [{ preappId: contacted.app.id, kind: "response_late", dueAt }],
      }),
    ).toBe("ok");
    await deps.stores.officerLinks.link(501, "girts");
    expect(
      await app.deliverReminders({ chatId: 501, reminders: [{ preappId: open.app.id, kind: "response_late", dueAt }] }),
    ).toBe("ok");
    expect(notifier.sent).toEqual([]);
  });

  it("hands the notifier's outcome to the worker and logs the failure", async () => {
    const { deps, app, notifier, log } = appScene({ now: almaty("2026-11-23 10:00") });
    await linkOfficerUsers(deps, { 501: "ru" });
    const submitted = await app.submit(citizen(900), draft, newSubmission());
    if (!submitted.ok) throw new Error("fixture");
    notifier.outcomes.set(501, { outcome: { retryAfterMs: 7000 }, error: "Too Many Requests" });
    const reminder = { preappId: submitted.app.id, kind: "response_late" as const, dueAt: deps.clock.now() };
    expect(await app.deliverReminders({ chatId: 501, reminders: [reminder] })).toEqual({ retryAfterMs: 7000 });
    expect(
      log.lines.filter(([level, message]) => level === "warn" && message === "reminder not delivered"),
    ).toHaveLength(1);
  });
});

describe("the retention sweep", () => {
  it("removes closed pre-applications once their retention has passed, and only those", async () => {
    const { deps, app, at } = appScene({ now: almaty("2026-01-12 10:00") });
    const open = await app.submit(citizen(900), draft, newSubmission());
    const closed = await app.submit(citizen(901), draft, newSubmission());
    if (!open.ok || !closed.ok) throw new Error("fixture");
    await app.changeStatus({ kind: "citizen", userId: 901 }, closed.app.id, { action: "cancel" });

    at(new Date(deps.clock.now() + 89 * DAY));
    expect(await app.sweepRetention()).toBe(0);
    at(new Date(deps.clock.now() + 2 * DAY));
    expect(await app.sweepRetention()).toBe(1);
    expect(await deps.stores.preApplications.get(closed.app.id)).toBeUndefined();
    expect(await deps.stores.preApplications.get(open.app.id)).toBeDefined();
  });
});

describe("closing requests nothing happened to (IDLE_CLOSE_DAYS)", () => {
  const CREATED = almaty("2026-01-12 10:00");
  /** 200 days later, a Friday at 10:00: office hours. */
  const LATER = almaty("2026-07-31 10:00");

  async function idleScene() {
    const scene = appScene({ now: CREATED, adminIds: [1] });
    await linkOfficerUsers(scene.deps, { 501: "ru" });
    const submitted = await scene.app.submit(citizen(900, "kk"), draft, newSubmission());
    if (!submitted.ok) throw new Error("fixture");
    scene.notifier.sent.length = 0;
    return { ...scene, request: submitted.app };
  }

  it("an open request created 200 days ago: before, open with its reminders queued; after the sweep, expired, reminders gone, the citizen and the owner told once each", async () => {
    const { deps, app, notifier, at, request } = await idleScene();
    at(LATER);
    expect((await deps.stores.preApplications.get(request.id))?.status).toBe("new");
    expect(await deps.stores.reminders.pendingCount()).toBeGreaterThan(0);

    expect(await app.sweepIdle()).toBe(1);
    const closed = await deps.stores.preApplications.get(request.id);
    expect(closed).toMatchObject({ status: "expired", closedAt: LATER.getTime() });
    expect(closed?.history.at(-1)?.by).toEqual({ role: "system", id: "idle-close" });
    expect(await deps.stores.reminders.pendingCount()).toBe(0);
    expect(notifier.of("closed-idle").map((s) => [s.chatId, s.locale, s.notice.to, s.notice.app.ref])).toEqual([
      [900, "kk", "citizen", request.ref],
      [501, "ru", "staff", request.ref],
    ]);
    expect(notifier.sent).toHaveLength(2);

    expect(await app.sweepIdle()).toBe(0);
    expect(notifier.sent).toHaveLength(2);
    // The closed-retention purge applies from the closing on.
    at(new Date(LATER.getTime() + 91 * DAY));
    expect(await app.sweepRetention()).toBe(1);
    expect(await deps.stores.preApplications.get(request.id)).toBeUndefined();
  });

  it("counts from the last activity: a note on day 100 keeps the request open on day 200 and it closes after day 280", async () => {
    const { deps, app, at, request } = await idleScene();
    at(new Date(CREATED.getTime() + 100 * DAY));
    const noted = await app.changeStatus(await app.actorOf(501), request.id, { action: "note", text: "жду справку" });
    expect(noted.ok).toBe(true);
    at(LATER);
    expect(await app.sweepIdle()).toBe(0);
    expect((await deps.stores.preApplications.get(request.id))?.status).toBe("new");
    // Day 280 plus twelve hours: past the limit, in the evening.
    at(almaty("2026-10-19 22:00"));
    // Outside office hours nothing is closed (nobody is told anything at night) ...
    expect(deps.calendar.isOfficeTime(new Date(deps.clock.now()))).toBe(false);
    expect(await app.sweepIdle()).toBe(0);
    // ... and the next sweep in office hours closes it.
    at(almaty("2026-10-20 09:30"));
    expect(await app.sweepIdle()).toBe(1);
  });

  it("a notice whose immediate send failed is left to the worker, which delivers it once", async () => {
    const { deps, app, notifier, at, request } = await idleScene();
    at(LATER);
    notifier.outcomes.set(900, { outcome: "failed", error: "network" });
    expect(await app.sweepIdle()).toBe(1);
    notifier.outcomes.delete(900);
    notifier.sent.length = 0;
    const jobs = await deps.stores.reminders.claimDue(deps.clock.now() + 61_000, 100, 30_000, "test");
    expect(jobs.map((job) => [job.kind, job.chatId])).toEqual([["preapplication_closed_idle", 900]]);
    expect(await app.deliverNotifications({ chatId: 900, reminders: jobs })).toBe("ok");
    expect(notifier.of("closed-idle").map((s) => [s.chatId, s.locale, s.notice.app.id])).toEqual([
      [900, "kk", request.id],
    ]);
  });

  it("a slow sweep queues each notice a full grace ahead of the moment it queues it, so the worker never takes one the sweep is still sending", async () => {
    const { deps, app, at } = await idleScene();
    await app.submit(citizen(901, "ru"), draft, newSubmission());
    at(LATER);
    // Every read of the clock is a minute later: a sweep over many requests, Telegram slow.
    let now = LATER.getTime();
    const slow = createApp({ ...deps, clock: { now: () => (now += 60_000) } });
    const queued: { at: number; dueAt: number }[] = [];
    const schedule = deps.stores.reminders.schedule.bind(deps.stores.reminders);
    deps.stores.reminders.schedule = async (jobs) => {
      const at = now;
      for (const job of jobs) if (job.kind === "preapplication_closed_idle") queued.push({ at, dueAt: job.dueAt });
      return schedule(jobs);
    };
    expect(await slow.sweepIdle()).toBe(2);
    expect(queued.length).toBeGreaterThanOrEqual(4);
    for (const { at, dueAt } of queued) expect(dueAt - at).toBeGreaterThanOrEqual(IMMEDIATE_SEND_GRACE_MS);
  });

  it("two sweeps at once close it once and tell each person once; the losing sweep's notices say nothing", async () => {
    const { deps, app, notifier, at, request } = await idleScene();
    at(LATER);
    const other = createApp({ ...deps });
    const closed = await Promise.all([app.sweepIdle(), other.sweepIdle()]);
    expect(closed.sort()).toEqual([0, 1]);
    const jobs = await deps.stores.reminders.claimDue(deps.clock.now() + 61_000, 100, 30_000, "test");
    for (const chatId of [900, 501])
      await app.deliverNotifications({ chatId, reminders: jobs.filter((job) => job.chatId === chatId) });
    expect(notifier.of("closed-idle").map((s) => s.chatId)).toEqual([900, 501]);
    expect(
      (await deps.stores.preApplications.get(request.id))?.history.filter((e) => e.step === "expire"),
    ).toHaveLength(1);
  });
});
