/**
 * The application's use cases on in-memory stores with a recording notifier: no Bot API, no Redis.
 * The bot tests (test/bot) drive the same behaviour through Telegram updates; these pin down who is
 * told what, in which language, and what is stored and scheduled, without any rendering.
 */
import { describe, expect, it } from "vitest";
import type { AppDeps, FormDraft } from "../../src/app/index.js";
import { tellAdmins } from "../../src/app/notify.js";
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
  it("stores it, tells each of the officer's users in their own language and schedules their reminders", async () => {
    const { deps, app, notifier, log } = appScene({ now: almaty("2026-11-23 10:00") });
    await linkOfficerUsers(deps, { 501: "kk", 502: undefined });

    const result = await app.submit(citizen(900), draft, newSubmission());
    if (!result.ok) throw new Error(`not submitted: ${result.reason}`);
    expect(await deps.stores.preApplications.get(result.app.id)).toEqual(result.app);
    expect(result.app.officerId).toBe(OFFICER);
    expect(result.app.deadlineAt).toBe(almaty("2026-11-24 18:30").getTime());

    expect(notifier.of("new-preapplication").map((s) => [s.chatId, s.locale, s.notice.app.ref])).toEqual([
      [501, "kk", result.app.ref],
      [502, "ru", result.app.ref],
    ]);
    const pending = await deps.stores.reminders.pendingCount();
    expect(pending).toBeGreaterThan(0);
    expect(pending % 2).toBe(0); // the same plan for each of the two users
    const created = log.lines.find(([, message]) => message === "pre-application created");
    expect(JSON.stringify(created)).not.toContain("Айгерим");
  });

  it("keeps the record when no one is linked to the officer, and says so in the log", async () => {
    const { deps, app, notifier, log } = appScene({ now: almaty("2026-11-23 10:00") });
    const result = await app.submit(citizen(900), draft, newSubmission());
    expect(result.ok).toBe(true);
    expect(notifier.sent).toEqual([]);
    expect(await deps.stores.preApplications.listByCitizen(900)).toHaveLength(1);
    expect(log.lines.some(([level, message]) => level === "warn" && message === "no Telegram user is linked to the officer")).toBe(true);
  });

  it("refuses a third open pre-application for one service, and an unknown service, storing nothing", async () => {
    const { deps, app } = appScene({ now: almaty("2026-11-23 10:00") });
    expect((await app.submit(citizen(900), draft, newSubmission())).ok).toBe(true);
    expect((await app.submit(citizen(900), draft, newSubmission())).ok).toBe(true);
    expect(await app.checkLimits(900, 9)).toEqual({ ok: false, reason: "limit_service" });
    expect(await app.submit(citizen(900), draft, newSubmission())).toEqual({ ok: false, reason: "limit_service" });
    expect(await app.submit(citizen(900), { ...draft, serviceId: 9999 }, newSubmission())).toEqual({ ok: false, reason: "unknown_service" });
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

describe("changing a status", () => {
  it("tells the citizen, in the language of the pre-application, and cancels reminders once closed", async () => {
    const { deps, app, notifier } = appScene({ now: almaty("2026-11-23 10:00") });
    await linkOfficerUsers(deps, { 501: "kk" });
    const submitted = await app.submit(citizen(900, "en"), draft, newSubmission());
    if (!submitted.ok) throw new Error("fixture");
    const officer = await app.actorOf(501);
    expect(officer).toEqual({ kind: "officer", userId: 501, officerId: OFFICER });

    const taken = await app.changeStatus(officer, submitted.app.id, { action: "take" });
    expect(taken.ok && taken.app.status).toBe("in_work");
    expect(await deps.stores.reminders.pendingCount()).toBeGreaterThan(0);
    const rejected = await app.changeStatus(officer, submitted.app.id, { action: "reject", reason: "Нет справки" });
    expect(rejected.ok && rejected.app.status).toBe("rejected");
    expect(await deps.stores.reminders.pendingCount()).toBe(0);
    expect(notifier.of("status-changed").map((s) => [s.chatId, s.locale, s.notice.app.status])).toEqual([
      [900, "en", "in_work"],
      [900, "en", "rejected"],
    ]);
  });

  it("tells the officer's users when the citizen withdraws, and refuses others' pre-applications", async () => {
    const { deps, app, notifier } = appScene({ now: almaty("2026-11-23 10:00") });
    await linkOfficerUsers(deps, { 501: "kk" });
    const submitted = await app.submit(citizen(900), draft, newSubmission());
    if (!submitted.ok) throw new Error("fixture");

    const stranger = await app.changeStatus({ kind: "citizen", userId: 901 }, submitted.app.id, { action: "cancel" });
    expect(stranger).toEqual({ ok: false, reason: "not_allowed_for_actor" });
    const otherOfficer = await app.changeStatus({ kind: "officer", userId: 601, officerId: "girts" }, submitted.app.id, { action: "take" });
    expect(otherOfficer).toEqual({ ok: false, reason: "not_allowed_for_actor" });
    expect(await app.changeStatus({ kind: "citizen", userId: 900 }, "0000000000", { action: "cancel" })).toEqual({ ok: false, reason: "not_found" });

    const cancelled = await app.changeStatus({ kind: "citizen", userId: 900 }, submitted.app.id, { action: "cancel" });
    expect(cancelled.ok && cancelled.app.status).toBe("cancelled");
    expect(notifier.of("withdrawn").map((s) => [s.chatId, s.locale, s.notice.ref])).toEqual([[501, "kk", submitted.app.ref]]);
    expect(notifier.of("status-changed")).toEqual([]);
    expect(await deps.stores.reminders.pendingCount()).toBe(0);
  });
});

describe("deleting a citizen's data", () => {
  it("deletes every pre-application, reminder and the session; officers hear only of the open ones", async () => {
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
});

describe("officers' Telegram users", () => {
  it("links a user through a one-time invite and schedules the officer's open pre-applications for them", async () => {
    const { deps, app } = appScene({ now: almaty("2026-11-23 10:00") });
    const submitted = await app.submit(citizen(900), draft, newSubmission());
    if (!submitted.ok) throw new Error("fixture");
    expect(await deps.stores.reminders.pendingCount()).toBe(0);

    const token = await deps.stores.invites.create(OFFICER, 1, deps.clock.now());
    const linked = await app.redeemOfficerInvite(token, 501);
    expect(linked.ok && linked.officer.id).toBe(OFFICER);
    expect(await deps.stores.officerLinks.officerOf(501)).toBe(OFFICER);
    expect(await deps.stores.reminders.pendingCount()).toBeGreaterThan(0);
    expect(await app.redeemOfficerInvite(token, 502)).toEqual({ ok: false, reason: "used" });
    expect(await deps.stores.officerLinks.officerOf(502)).toBeUndefined();
  });

  it("unlinks every user of an officer and tells each in their language", async () => {
    const { deps, app, notifier } = appScene({ now: almaty("2026-11-23 10:00") });
    await linkOfficerUsers(deps, { 501: "kk", 502: "en" });
    const officer = deps.catalog.officerById.get(OFFICER)!;
    expect(await app.unlinkOfficer(officer)).toBe(2);
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
  it("says only the most urgent reminder per pre-application, in the officer's language", async () => {
    const { deps, app, notifier } = appScene({ now: almaty("2026-11-23 10:00") });
    await linkOfficerUsers(deps, { 501: "kk" });
    const submitted = await app.submit(citizen(900), draft, newSubmission());
    if (!submitted.ok) throw new Error("fixture");
    notifier.sent.length = 0;

    const outcome = await app.deliverReminders({
      chatId: 501,
      reminders: [
        { preappId: submitted.app.id, kind: "half_time" },
        { preappId: submitted.app.id, kind: "overdue" },
        { preappId: submitted.app.id, kind: "at_deadline" },
      ],
    });
    expect(outcome).toBe("ok");
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]!.locale).toBe("kk");
    expect(notifier.sent[0]!.notice).toEqual({ kind: "reminder", due: [{ app: submitted.app, kind: "overdue" }] });
  });

  it("sends nothing for closed pre-applications or to a chat no longer the officer's", async () => {
    const { deps, app, notifier } = appScene({ now: almaty("2026-11-23 10:00") });
    await linkOfficerUsers(deps, { 501: "ru" });
    const open = await app.submit(citizen(900), draft, newSubmission());
    const closed = await app.submit(citizen(901), draft, newSubmission());
    if (!open.ok || !closed.ok) throw new Error("fixture");
    await app.changeStatus({ kind: "citizen", userId: 901 }, closed.app.id, { action: "cancel" });
    notifier.sent.length = 0;

    expect(await app.deliverReminders({ chatId: 501, reminders: [{ preappId: closed.app.id, kind: "overdue" }] })).toBe("ok");
    await deps.stores.officerLinks.link(501, "girts");
    expect(await app.deliverReminders({ chatId: 501, reminders: [{ preappId: open.app.id, kind: "overdue" }] })).toBe("ok");
    expect(notifier.sent).toEqual([]);
  });

  it("hands the notifier's outcome to the worker and logs the failure", async () => {
    const { deps, app, notifier, log } = appScene({ now: almaty("2026-11-23 10:00") });
    await linkOfficerUsers(deps, { 501: "ru" });
    const submitted = await app.submit(citizen(900), draft, newSubmission());
    if (!submitted.ok) throw new Error("fixture");
    notifier.outcomes.set(501, { outcome: { retryAfterMs: 7000 }, error: "Too Many Requests" });
    expect(await app.deliverReminders({ chatId: 501, reminders: [{ preappId: submitted.app.id, kind: "overdue" }] })).toEqual({ retryAfterMs: 7000 });
    expect(log.lines.filter(([level, message]) => level === "warn" && message === "reminder not delivered")).toHaveLength(1);
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
