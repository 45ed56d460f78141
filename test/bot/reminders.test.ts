/**
 * Deadline reminders end to end: a pre-application made through the form schedules reminders; the
 * worker, on an injected clock, delivers them to the linked officer in office hours, once, in their
 * language; closing the pre-application cancels the rest; a blocked officer is a recorded failure.
 */
import { describe, expect, it } from "vitest";
import { officeHoursGate } from "../../src/app/index.js";
import { createAppFor, outcomeOf } from "../../src/bot/notifier.js";
import { createPacer } from "../../src/reminders/pacer.js";
import { createReminderWorker } from "../../src/reminders/worker.js";
import { createRedisStores } from "../../src/store/stores.js";
import { makeUser } from "../../src/telegram/updates.js";
import { GrammyError } from "grammy";
import { createHarness, type Harness } from "../support/bot-harness.js";
import { fillForm, linkOfficer } from "../support/flows.js";
import { useTestRedis } from "../support/redis.js";

const ADMIN = 9_100_001;
const { redis } = useTestRedis();

/** Almaty wall-clock time (UTC+5) as an instant. */
const almaty = (local: string) => new Date(`${local}:00+05:00`);

function scene(start: string) {
  let now = almaty(start);
  const clock = { now: () => now.getTime() };
  const h = createHarness({ stores: createRedisStores(redis, { prefix: "r:" }), config: { adminIds: [ADMIN] }, clock });
  const worker = createReminderWorker({
    store: h.deps.stores.reminders,
    send: createAppFor(h.deps, h.bot.api)(h.deps.logger).deliverReminders,
    clock,
    pacer: createPacer({ clock, sleep: async (ms) => void (now = new Date(now.getTime() + ms)) }),
    workerId: "test-worker",
    canSendAt: officeHoursGate(h.deps.calendar),
  });
  return { h, worker, setNow: (local: string) => (now = almaty(local)) };
}

const remindersTo = (h: Harness, chatId: number) =>
  h.api.callsOf("sendMessage").filter((c) => c.payload.chat_id === chatId && /^(⏰|⚠️)/.test(String(c.payload.text)));

describe("deadline reminders to officers", () => {
  it("reminds the officer on the due day and when overdue, in office hours, never twice, in their language", async () => {
    const { h, worker, setNow } = scene("2026-11-23 10:00");
    const officer = makeUser(7_001, "kk");
    await linkOfficer(h, officer, "Шотпаева", makeUser(ADMIN, "en"));
    const ref = await fillForm(h, makeUser(7_002, "ru"), 9);
    const app = await h.deps.stores.preApplications.getByRef(ref);
    expect(app!.deadlineAt).toBe(almaty("2026-11-24 18:30").getTime());

    setNow("2026-11-24 08:59");
    await worker.tick();
    expect(remindersTo(h, officer.id)).toHaveLength(0);

    setNow("2026-11-24 09:00");
    await worker.tick();
    const due = remindersTo(h, officer.id);
    expect(due).toHaveLength(1);
    expect(String(due[0]!.payload.text)).toContain(`<b>${ref}</b>: мерзімі`);
    expect(String(due[0]!.payload.text)).toContain("Айгерим Сапарова");
    await worker.tick();
    expect(remindersTo(h, officer.id)).toHaveLength(1);

    setNow("2026-11-25 09:00");
    await worker.tick();
    expect(remindersTo(h, officer.id)).toHaveLength(2);
    expect(String(remindersTo(h, officer.id)[1]!.payload.text)).toContain("мерзімі өтіп кетті");

    await h.say(officer, "/queue");
    await h.press(officer, ref);
    await h.press(officer, "🔧");
    await h.press(officer, "✅");
    setNow("2026-11-26 09:00");
    await worker.tick();
    expect(remindersTo(h, officer.id)).toHaveLength(2);
    expect(await h.deps.stores.reminders.pendingCount()).toBe(0);
  });

  it("holds reminders that fall due outside office hours until the office opens", async () => {
    const { h, worker, setNow } = scene("2026-11-23 10:00");
    const officer = makeUser(7_011, "en");
    await linkOfficer(h, officer, "Шотпаева", makeUser(ADMIN, "en"));
    const first = await fillForm(h, makeUser(7_012, "en"), 9);
    const second = await fillForm(h, makeUser(7_013, "en"), 15);
    setNow("2026-11-28 20:00");
    await worker.tick();
    expect(remindersTo(h, officer.id)).toHaveLength(0);
    setNow("2026-11-30 09:00");
    await worker.tick();
    const sent = remindersTo(h, officer.id);
    expect(sent).toHaveLength(1);
    const text = String(sent[0]!.payload.text);
    expect(text).toContain("2 pre-applications need your attention");
    expect(text).toContain(`<b>${first}</b> is overdue`);
    expect(text).toContain(`<b>${second}</b> is overdue`);
  });

  it("records a blocked officer as a failure admins see in /stats, and does not retry", async () => {
    const { h, worker, setNow } = scene("2026-11-23 10:00");
    const officer = makeUser(7_021, "en");
    await linkOfficer(h, officer, "Шотпаева", makeUser(ADMIN, "en"));
    await fillForm(h, makeUser(7_022, "en"), 9);
    setNow("2026-11-24 09:00");
    h.api.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    await worker.tick();
    expect(await h.deps.stores.reminders.failureCount()).toBe(1);
    await h.say(makeUser(ADMIN, "en"), "/stats");
    expect(h.lastScreen(ADMIN).text).toContain("failed for good: 1");
    expect(h.lastScreen(ADMIN).text).toContain(`• chat ${officer.id}: the bot is blocked`);
  });

  it("does not remind an officer who was unlinked", async () => {
    const { h, worker, setNow } = scene("2026-11-23 10:00");
    const officer = makeUser(7_031, "en");
    await linkOfficer(h, officer, "Шотпаева", makeUser(ADMIN, "en"));
    await fillForm(h, makeUser(7_032, "en"), 9);
    await h.deps.stores.officerLinks.unlink("shotpayeva");
    setNow("2026-11-24 09:00");
    const report = await worker.tick();
    expect(report.claimed).toBeGreaterThan(0);
    expect(remindersTo(h, officer.id)).toHaveLength(0);
  });

  it("schedules the open pre-applications' reminders for an officer who links later", async () => {
    const { h, worker, setNow } = scene("2026-11-23 10:00");
    await fillForm(h, makeUser(7_042, "en"), 9);
    const officer = makeUser(7_041, "en");
    await linkOfficer(h, officer, "Шотпаева", makeUser(ADMIN, "en"));
    setNow("2026-11-24 09:00");
    await worker.tick();
    expect(remindersTo(h, officer.id)).toHaveLength(1);
  });
});

describe("Telegram answers mapped to worker outcomes", () => {
  const err = (code: number, description: string, retry_after?: number) =>
    new GrammyError("x", { ok: false, error_code: code, description, ...(retry_after ? { parameters: { retry_after } } : {}) }, "sendMessage", {});
  it.each([
    [err(429, "Too Many Requests: retry after 7", 7), { retryAfterMs: 7000 }],
    [err(403, "Forbidden: bot was blocked by the user"), "blocked"],
    [err(400, "Bad Request: chat not found"), "blocked"],
    [err(502, "Bad Gateway"), "failed"],
    [new TypeError("fetch failed"), "failed"],
  ])("%s", (error, outcome) => {
    expect(outcomeOf(error)).toEqual(outcome);
  });
});
