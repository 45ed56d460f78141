/**
 * Pre-applications through the real bot on a real Redis: the citizen's form, restarts, cancellation,
 * officer invites and the desk, the authorization matrix over forged buttons, deleting one's data, export.
 */
import { describe, expect, it } from "vitest";
import type { User } from "grammy/types";
import { encodeRoute } from "../../src/bot/callback-data.js";
import { createRedisStores, type Stores } from "../../src/store/stores.js";
import { nextDeadline } from "../../src/domain/preapplication.js";
import type { LocalBotApi } from "../../src/telegram/local-bot-api.js";
import { callbackUpdate, contactUpdate, makeUser, stickerUpdate, textUpdate } from "../../src/telegram/updates.js";
import { createAppFor } from "../../src/bot/notifier.js";
import { createHarness, leakedPlaceholders, type Harness } from "../support/bot-harness.js";
import { fillForm, linkOfficer } from "../support/flows.js";
import { useTestRedis } from "../support/redis.js";

const ADMIN = 9_000_001;

/** A key's whole content as text, whatever its type, to search it for personal data. */
async function dumpKey(key: string): Promise<string> {
  switch (await redis.type(key)) {
    case "string":
      return (await redis.get(key)) ?? "";
    case "hash":
      return JSON.stringify(await redis.hgetall(key));
    case "zset":
      return JSON.stringify(await redis.call("ZRANGE", key, "0", "-1", "WITHSCORES"));
    case "set":
      return JSON.stringify(await redis.smembers(key));
    case "list":
      return JSON.stringify(await redis.lrange(key, 0, -1));
    default:
      return "";
  }
}
const { redis } = useTestRedis();

function redisStores(): Stores {
  return createRedisStores(redis, { prefix: "t:" });
}

function harness(options: { stores?: Stores; api?: LocalBotApi; now?: Date } = {}): Harness {
  const now = options.now;
  return createHarness({
    stores: options.stores ?? redisStores(),
    config: { adminIds: [ADMIN] },
    ...(options.api ? { api: options.api } : {}),
    ...(now ? { clock: { now: () => now.getTime() } } : {}),
  });
}

describe("the citizen's form", () => {
  it.each([
    ["ru", "Ваша предварительная заявка", "Предварительная заявка: согласие"],
    ["kk", "Алдын ала өтініміңіз", "дербес деректерді өңдеуге келісім"],
  ])("runs from consent to a reference in %s, storing exactly what was confirmed", async (code, done, consent) => {
    const h = harness();
    const user = makeUser(1_001, code);
    const ref = await fillForm(h, user, 21, { name: "Айгерим Сапарова", comment: "Аттестат 2009 жылы" });
    expect(h.api.calls.some((c) => String(c.payload.text).includes(consent))).toBe(true);
    expect(h.lastScreen(user.id).text).toContain(done);
    const apps = await h.deps.stores.preApplications.listByCitizen(user.id);
    expect(apps).toHaveLength(1);
    expect(apps[0]).toMatchObject({
      ref,
      serviceId: 21,
      officerId: "abilmazhinova",
      applicantName: "Айгерим Сапарова",
      phone: "+77011234567",
      channel: "portal",
      comment: "Аттестат 2009 жылы",
      status: "new",
      citizenLocale: code,
    });
    expect(apps[0]!.consent.textVersion).toBeTruthy();
    expect(leakedPlaceholders(h.api.calls)).toEqual([]);
  });

  it("stores nothing without consent", async () => {
    const h = harness();
    const user = makeUser(1_002, "en");
    await h.say(user, "/start s7");
    await h.press(user, "📝");
    await h.press(user, "No");
    expect(h.lastScreen(user.id).text).toContain("nothing has been stored");
    expect(await h.deps.stores.preApplications.listByCitizen(user.id)).toEqual([]);
    expect(await redis.keys("t:pa:*")).toEqual([]);
  });

  it("refuses bad phones with a specific reason and goes on", async () => {
    const h = harness();
    const user = makeUser(1_003, "en");
    await h.say(user, "/start s9");
    await h.press(user, "📝");
    await h.press(user, "✅");
    await h.say(user, "Bob Smith");
    await h.say(user, "+7 916 123 45 67");
    expect(h.lastScreen(user.id).text).toContain("Russian number");
    await h.say(user, "12345");
    expect(h.lastScreen(user.id).text).toMatch(/too short|city or mobile code/);
    await h.say(user, "call me");
    expect(h.lastScreen(user.id).text).toContain("digits");
    await h.send(contactUpdate(user, "77011234567", 555));
    expect(h.lastScreen(user.id).text).toContain("your own number");
    await h.say(user, "8 (701) 123-45-67");
    expect(h.api.calls.some((c) => String(c.payload.text).includes("+7 701 123 45 67 ✓"))).toBe(true);
  });

  it("answers a sticker or an old form button mid-form with a reminder, and goes on", async () => {
    const h = harness();
    const user = makeUser(1_004, "ru");
    await h.say(user, "/start s12");
    await h.press(user, "📝");
    await h.press(user, "✅");
    await h.send(stickerUpdate(user));
    expect(h.lastScreen(user.id).text).toContain("имя заявителя текстом");
    const stale = await h.send(callbackUpdate(user, encodeRoute({ kind: "formConsent", given: true }), 1));
    expect(stale.find((c) => c.method === "answerCallbackQuery")?.payload.text).toContain("имя заявителя");
    // (A command or a menu button leaves the form instead: test/bot/form-exits.test.ts.)
    await h.say(user, "Иван Петров");
    expect(h.lastScreen(user.id).text).toContain("номер телефона");
  });

  it("edits a field from the summary", async () => {
    const h = harness();
    const user = makeUser(1_005, "en");
    await h.say(user, "/start s15");
    await h.press(user, "📝");
    await h.press(user, "✅");
    await h.say(user, "Anna Lee");
    await h.say(user, "+77011234567");
    await h.press(user, /In person/);
    await h.press(user, "⏭");
    await h.press(user, "Edit");
    await h.press(user, "Name");
    await h.say(user, "Anna Kim");
    expect(h.lastScreen(user.id).text).toContain("Name: Anna Kim");
    await h.press(user, "Confirm");
    const [app] = await h.deps.stores.preApplications.listByCitizen(user.id);
    expect(app).toMatchObject({ applicantName: "Anna Kim", channel: "office" });
  });

  it("continues after a restart: a new bot instance on the same Redis picks the form up", async () => {
    const stores = redisStores();
    const first = harness({ stores });
    const user = makeUser(1_006, "ru");
    await first.say(user, "/start s7");
    await first.press(user, "📝");
    await first.press(user, "✅");
    await first.say(user, "Дина Ахметова");
    const second = harness({ stores: redisStores() });
    await second.send(contactUpdate(user, "77771234567"));
    expect(second.lastScreen(user.id).text).toContain("Как вам удобнее обратиться?");
    await second.press(user, /ЦОН/);
    await second.press(user, "⏭");
    await second.press(user, "✅");
    const [app] = await second.deps.stores.preApplications.listByCitizen(user.id);
    expect(app).toMatchObject({ applicantName: "Дина Ахметова", phone: "+77771234567", channel: "con" });
  });

  it.each([1, 2, 3, 4, 5, 6])("leaves the form with /cancel at step %i and stores nothing", async (step) => {
    const h = harness();
    const user = makeUser(1_100 + step, "en");
    const steps = [
      () => h.press(user, "📝"),
      () => h.press(user, "✅"),
      () => h.say(user, "Bob Smith"),
      () => h.say(user, "+77011234567"),
      () => h.press(user, /eGov/),
      () => h.press(user, "⏭"),
    ];
    await h.say(user, "/start s21");
    for (const run of steps.slice(0, step)) await run();
    await h.say(user, "/cancel");
    expect(h.api.calls.some((c) => c.payload.text === "The form is cancelled; nothing has been stored.")).toBe(true);
    expect(await h.deps.stores.preApplications.listByCitizen(user.id)).toEqual([]);
    await h.say(user, "очередь в садик");
    expect(h.lastScreen(user.id).buttons.flat()[0]?.text).toMatch(/^7\. /);
  });

  it("leaves the form with its Cancel button", async () => {
    const h = harness();
    const user = makeUser(1_007, "en");
    await h.say(user, "/start s21");
    await h.press(user, "📝");
    await h.press(user, "✅");
    const calls = await h.press(user, "Cancel");
    expect(calls.filter((c) => c.method === "sendMessage").map((c) => c.payload.text)).toEqual([
      "The form is cancelled; nothing has been stored.",
      "Main menu. What do you need?",
    ]);
  });

  it("frees the chat with /cancel after Telegram failed in the middle of the form", async () => {
    const h = harness();
    const user = makeUser(1_008, "en");
    await h.say(user, "/start s21");
    await h.press(user, "📝");
    await h.press(user, "✅");
    h.api.failNext("sendMessage", { error_code: 500, description: "Internal Server Error" });
    await h.say(user, "Bob Smith");
    h.api.failNext("sendMessage", {
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      parameters: { retry_after: 1 },
    });
    await h.say(user, "+77011234567");
    await h.say(user, "/cancel");
    await h.say(user, "/start");
    expect(h.lastScreen(user.id).text).toContain("Hello");
    expect(leakedPlaceholders(h.api.calls)).toEqual([]);
  });

  it("limits open pre-applications per service", async () => {
    const h = harness();
    const user = makeUser(1_009, "en");
    await fillForm(h, user, 9);
    await fillForm(h, user, 9);
    await h.say(user, "/start s9");
    await h.press(user, "📝");
    expect(h.lastScreen(user.id).text).toContain("already have open pre-applications");
  });
});

describe("officers: invites, notifications, the desk", () => {
  it("links an officer with a one-time invite; used, expired and forged links are refused", async () => {
    const h = harness();
    const officer = makeUser(2_001, "ru");
    await linkOfficer(h, officer, "Оспанова", makeUser(ADMIN, "ru"));
    expect(h.lastScreen(officer.id).text).toContain("Вы зарегистрированы как специалист: <b>Оспанова Б.И.</b>");
    expect(await h.deps.stores.officerLinks.officerOf(officer.id)).toBe("ospanova");
    const link = /start=(inv_[\w-]+)/.exec(
      h.api
        .callsOf("editMessageText")
        .map((c) => String(c.payload.text))
        .join(),
    )?.[1];
    const intruder = makeUser(2_002, "ru");
    await h.say(intruder, `/start ${link}`);
    expect(h.lastScreen(intruder.id).text).toContain("уже использована");
    await h.say(intruder, "/start inv_AAAAAAAAAAAAAAAAAAAAAAAA");
    expect(h.lastScreen(intruder.id).text).toContain("недействительна");
    expect(await h.deps.stores.officerLinks.officerOf(intruder.id)).toBeUndefined();
  });

  it("refuses an expired invite", async () => {
    const stores = redisStores();
    const token = await stores.invites.create("girts", ADMIN, Date.now() - 73 * 3_600_000);
    const h = harness({ stores });
    await h.say(makeUser(2_003, "en"), `/start inv_${token}`);
    expect(h.lastScreen(2_003).text).toContain("expired");
  });

  it("lets an admin unlink an officer after a confirmation, with a short undo; the officer is told and loses the desk", async () => {
    const h = harness();
    const officer = makeUser(2_005, "en");
    await linkOfficer(h, officer, "Гирц", makeUser(ADMIN, "ru"));
    const admin = makeUser(ADMIN, "en");
    await h.say(admin, "/unlink");
    await h.press(admin, "Гирц");
    expect(h.lastScreen(ADMIN).text).toContain("Отвязать Гирц В.С. от бота?");
    expect(await h.deps.stores.officerLinks.officerOf(officer.id)).toBe("girts");
    await h.press(admin, "✅");
    expect(h.lastScreen(ADMIN).text).toContain("Гирц В.С.: отвязано аккаунтов Telegram: 1.");
    await h.press(admin, "↩️");
    expect(h.lastScreen(ADMIN).text).toContain("Привязка восстановлена: Гирц В.С.");
    expect(await h.deps.stores.officerLinks.officerOf(officer.id)).toBe("girts");
    await h.say(admin, "/unlink");
    await h.press(admin, "Гирц");
    await h.press(admin, "✅");
    expect(h.lastScreen(officer.id).text).toContain("You are no longer linked as Гирц В.С.");
    await h.say(officer, "/queue");
    expect(h.lastScreen(officer.id).text).toContain("for the department's officers");
    const forged = await h.send(
      callbackUpdate(officer, encodeRoute({ kind: "unlink", officerId: "ospanova", confirmed: true }), 1),
    );
    expect(forged.find((c) => c.method === "answerCallbackQuery")?.payload.text).toContain("cannot");
  });

  it("lets only admins invite", async () => {
    const h = harness();
    await h.say(makeUser(2_004, "en"), "/invite");
    expect(h.lastScreen(2_004).text).toContain("administrators");
    const forged = await h.send(
      callbackUpdate(makeUser(2_004, "en"), encodeRoute({ kind: "invite", officerId: "ospanova" }), 1),
    );
    expect(forged.find((c) => c.method === "answerCallbackQuery")?.payload.text).toContain("cannot");
    expect(forged.some((c) => String(c.payload.text ?? "").includes("inv_"))).toBe(false);
  });

  it("tells the officer about a new request; each step notifies the citizen in their language, with next steps", async () => {
    const h = harness();
    const officer = makeUser(2_010, "ru");
    await linkOfficer(h, officer, "Оспанова", makeUser(ADMIN, "ru"));
    const citizen = makeUser(2_011, "kk");
    const ref = await fillForm(h, citizen, 7, { comment: "Түстен кейін" });
    const note = h.api
      .callsOf("sendMessage")
      .find((c) => c.payload.chat_id === officer.id && String(c.payload.text).includes(ref))!;
    expect(String(note.payload.text)).toContain("Новая предварительная заявка");
    expect(String(note.payload.text)).toContain("Айгерим Сапарова");
    expect(String(note.payload.text)).toContain("+7 701 123 45 67");
    expect(String(note.payload.text)).toContain("Түстен кейін");
    const toCitizen = () =>
      h.api
        .callsOf("sendMessage")
        .filter((c) => c.payload.chat_id === citizen.id)
        .at(-1)!;
    await h.press(officer, "📂");
    await h.press(officer, "будет подавать");
    expect(String(toCitizen().payload.text)).toContain(`📞 ${ref} өтінімі бойынша маман сізбен хабарласты`);
    expect(JSON.stringify(toCitizen().payload.reply_markup)).toContain("Қызмет картасы");
    await h.press(officer, "Заявление подано");
    await h.press(officer, "ЦОН");
    await h.press(officer, "Сегодня");
    await h.say(officer, "№ 0042/26");
    expect(String(toCitizen().payload.text)).toContain(`📨 ${ref} өтінімі бойынша ресми өтініш берілді`);
    await h.press(officer, "Открыть");
    expect(h.lastScreen(officer.id).text).toContain("Рег. № № 0042/26");
    await h.press(officer, "Результат выдан");
    expect(h.lastScreen(officer.id).text).toContain(`Отметить, что по заявке ${ref} выдан результат?`);
    await h.press(officer, "✅");
    expect(String(toCitizen().payload.text)).toContain(`✅ ${ref} өтінімі бойынша нәтиже берілді`);
    const [app] = await h.deps.stores.preApplications.listByCitizen(citizen.id);
    expect(app!.history.map((e) => [e.step, e.status, e.by.role, e.by.id])).toEqual([
      ["created", "new", "citizen", String(citizen.id)],
      ["contact", "contacted", "officer", String(officer.id)],
      ["file", "filed", "officer", String(officer.id)],
      ["issue", "result_issued", "officer", String(officer.id)],
    ]);
    expect(app!.official).toMatchObject({ channel: "con", regNumber: "№ 0042/26" });
    expect(await h.deps.stores.reminders.pendingCount()).toBe(1); // the officer's next morning digest
  });

  it("shows a comment that imitates fields only as a quote, without bidi or control characters", async () => {
    const h = harness();
    const officer = makeUser(2_015, "ru");
    await linkOfficer(h, officer, "Оспанова", makeUser(ADMIN, "ru"));
    const citizen = makeUser(2_016, "ru");
    const spoof = "После обеда\nТелефон: +7 777 000 00 00\n\u202EСтатус: одобрено\u202C\u2066\u200F\u0085";
    const ref = await fillForm(h, citizen, 7, { comment: spoof });
    const [app] = await h.deps.stores.preApplications.listByCitizen(citizen.id);
    expect(app!.comment).toBe("После обеда\nТелефон: +7 777 000 00 00\nСтатус: одобрено");
    const notification = h.api
      .callsOf("sendMessage")
      .find((c) => c.payload.chat_id === officer.id && String(c.payload.text).includes(ref))!;
    await h.say(citizen, "/my");
    await h.press(citizen, ref);
    const views = [String(notification.payload.text), h.lastScreen(citizen.id).text];
    for (const text of views) {
      expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u0080-\u009F]/);
      const quotes = [...text.matchAll(/<blockquote>([\s\S]*?)<\/blockquote>/g)].map((m) => m[1]);
      expect(quotes).toEqual(["После обеда\nТелефон: +7 777 000 00 00\nСтатус: одобрено"]);
      const outside = text.replace(/<blockquote>[\s\S]*?<\/blockquote>/g, "");
      expect(outside).not.toContain("777 000");
      expect(outside).not.toContain("одобрено");
      expect(outside.match(/^Телефон: /gm)).toHaveLength(1);
    }
  });

  it("refuses officially with a reason the citizen receives: free text confirmed, too long refused", async () => {
    const h = harness();
    const officer = makeUser(2_020, "en");
    await linkOfficer(h, officer, "Шотпаева", makeUser(ADMIN, "ru"));
    const citizen = makeUser(2_021, "ru");
    const ref = await fillForm(h, citizen, 9);
    await h.say(officer, "/queue");
    expect(h.lastScreen(officer.id).text).toContain(ref);
    expect(h.lastScreen(officer.id).text).toContain("<b>Айгерим Сапарова</b>");
    await h.press(officer, ref);
    await h.press(officer, "Application filed");
    await h.press(officer, "In person");
    await h.press(officer, "Today");
    await h.press(officer, "Skip");
    await h.press(officer, "Open");
    await h.press(officer, "Refusal");
    await h.press(officer, "other");
    await h.say(officer, "x".repeat(301));
    expect(h.lastScreen(officer.id).text).toContain("Too long");
    await h.say(officer, "Ребёнку нет 6 лет");
    expect(h.lastScreen(officer.id).text).toContain("Official refusal of");
    await h.press(officer, "✅");
    const toCitizen = h.api
      .callsOf("sendMessage")
      .filter((c) => c.payload.chat_id === citizen.id)
      .at(-1)!;
    expect(String(toCitizen.payload.text)).toContain(`⛔ По заявке ${ref} — официальный отказ.`);
    expect(String(toCitizen.payload.text)).toContain("Причина: Ребёнку нет 6 лет");
  });

  it("pages the queue, nearest deadline first", async () => {
    const h = harness();
    const officer = makeUser(2_030, "en");
    await linkOfficer(h, officer, "Серикбаева", makeUser(ADMIN, "ru"));
    const refs: string[] = [];
    for (const [i, id] of [2, 1, 3, 5, 6, 16, 17].entries())
      refs.push(await fillForm(h, makeUser(2_040 + i, "ru"), id));
    await h.say(officer, "/queue");
    const page1 = h.lastScreen(officer.id);
    expect(page1.text).toContain("(1–5 of 7");
    await h.press(officer, "▶️");
    expect(h.lastScreen(officer.id).text).toContain("(6–7 of 7");
    const order = [...(page1.text + h.lastScreen(officer.id).text).matchAll(/(KZ-\d+-\d{4}-[0-9A-Z]{5})/g)].map(
      (m) => m[1],
    );
    expect(order).toHaveLength(7);
    const apps = await Promise.all(order.map((ref) => h.deps.stores.preApplications.getByRef(ref!)));
    const deadlines = apps.map((a) => nextDeadline(a!) ?? Number.MAX_SAFE_INTEGER);
    expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
  });
});

describe("authorization over forged buttons", () => {
  async function scene() {
    const h = harness();
    const ospanova = makeUser(3_001, "en");
    const girts = makeUser(3_002, "en");
    await linkOfficer(h, ospanova, "Оспанова", makeUser(ADMIN, "ru"));
    await linkOfficer(h, girts, "Гирц", makeUser(ADMIN, "ru"));
    const owner = makeUser(3_003, "en");
    const stranger = makeUser(3_004, "en");
    await fillForm(h, owner, 7);
    const [app] = await h.deps.stores.preApplications.listByCitizen(owner.id);
    return { h, ospanova, girts, owner, stranger, admin: makeUser(ADMIN, "en"), id: app!.id };
  }

  const press = (h: Harness, user: User, data: string) => h.send(callbackUpdate(user, data, 1));

  it.each([
    ["another officer", "girts", "cw"],
    ["another officer", "girts", "iy"],
    ["another officer", "girts", "r"],
    ["another officer", "girts", "call"],
    ["another officer", "girts", "s"],
    ["the owner (a citizen)", "owner", "ca"],
    ["the owner (a citizen)", "owner", "call"],
    ["a stranger", "stranger", "cu"],
    ["a stranger", "stranger", "n"],
  ] as const)("refuses %s pressing %s, and leaks nothing", async (_who, key, op) => {
    const s = await scene();
    const before = await s.h.deps.stores.preApplications.get(s.id);
    const calls = await press(s.h, s[key], encodeRoute({ kind: "deskOp", op, id: s.id }));
    expect(calls.find((c) => c.method === "answerCallbackQuery")?.payload.text).toBe(
      "You cannot open or change this pre-application.",
    );
    expect(JSON.stringify(calls)).not.toContain("Айгерим");
    expect(JSON.stringify(calls)).not.toContain("701");
    expect(await s.h.deps.stores.preApplications.get(s.id)).toEqual(before);
  });

  it.each(["girts", "stranger", "owner"] as const)("does not open the officer view of it for %s", async (key) => {
    const s = await scene();
    const calls = await press(s.h, s[key], encodeRoute({ kind: "queueItem", id: s.id }));
    expect(JSON.stringify(calls)).not.toContain("Айгерим");
  });

  it("does not show one citizen's pre-application to another, nor let them cancel it", async () => {
    const s = await scene();
    for (const data of [
      encodeRoute({ kind: "myItem", id: s.id }),
      encodeRoute({ kind: "myCancel", id: s.id, confirmed: true }),
    ]) {
      const calls = await press(s.h, s.stranger, data);
      expect(JSON.stringify(calls)).not.toContain("Айгерим");
    }
    expect((await s.h.deps.stores.preApplications.get(s.id))!.status).toBe("new");
  });

  it("does not open another officer's queue", async () => {
    const s = await scene();
    const calls = await press(s.h, s.girts, encodeRoute({ kind: "queue", officerId: "ospanova", offset: 0 }));
    expect(calls.find((c) => c.method === "answerCallbackQuery")?.payload.text).toBe(
      "You cannot open or change this pre-application.",
    );
    expect(JSON.stringify(calls)).not.toContain("KZ-7");
  });

  it("lets the responsible officer, the owner and an admin do what each may", async () => {
    const s = await scene();
    await press(s.h, s.ospanova, encodeRoute({ kind: "deskOp", op: "cw", id: s.id }));
    expect((await s.h.deps.stores.preApplications.get(s.id))!.status).toBe("contacted");
    const call = await press(s.h, s.ospanova, encodeRoute({ kind: "deskOp", op: "call", id: s.id }));
    expect(call.find((c) => c.method === "sendContact")?.payload.phone_number).toBe("+77011234567");
    const adminView = await press(s.h, s.admin, encodeRoute({ kind: "queueItem", id: s.id }));
    expect(JSON.stringify(adminView)).toContain("Айгерим Сапарова");
    await press(s.h, s.owner, encodeRoute({ kind: "myCancel", id: s.id, confirmed: true }));
    expect((await s.h.deps.stores.preApplications.get(s.id))!.status).toBe("cancelled");
    const late = await press(
      s.h,
      s.ospanova,
      encodeRoute({ kind: "deskReason", op: "cy", id: s.id, reason: "advice_enough" }),
    );
    expect(late.find((c) => c.method === "answerCallbackQuery")?.payload.text).toContain("no longer possible");
    expect(
      s.h.api
        .callsOf("sendMessage")
        .some((c) => c.payload.chat_id === s.ospanova.id && String(c.payload.text).includes("withdrawn")),
    ).toBe(true);
  });
});

describe("a request closed by the system after a long time with nothing done", () => {
  it("tells the citizen and the officer once, in their languages; /my and the desk card say it was closed for inactivity", async () => {
    let now = new Date("2026-01-12T10:00:00+05:00").getTime();
    const h = createHarness({ stores: redisStores(), config: { adminIds: [ADMIN] }, clock: { now: () => now } });
    const officer = makeUser(4_101, "ru");
    await linkOfficer(h, officer, "Шотпаева", makeUser(ADMIN, "ru"));
    const citizen = makeUser(4_102, "kk");
    const ref = await fillForm(h, citizen, 9);
    const [request] = await h.deps.stores.preApplications.listByCitizen(citizen.id);
    const sentTo = (chatId: number) => h.api.callsOf("sendMessage").filter((c) => c.payload.chat_id === chatId);
    const before = { citizen: sentTo(citizen.id).length, officer: sentTo(officer.id).length };

    now = new Date("2026-07-31T10:00:00+05:00").getTime(); // 200 days on, a Friday morning
    const app = createAppFor(h.deps, h.bot.api)(h.deps.logger);
    expect(await app.sweepIdle()).toBe(1);
    expect(await app.sweepIdle()).toBe(0);

    const toCitizen = sentTo(citizen.id).slice(before.citizen);
    expect(toCitizen).toHaveLength(1);
    const citizenButtons = JSON.stringify(toCitizen[0]!.payload.reply_markup);
    expect(citizenButtons).toContain("📄 Қызмет картасы");
    expect(citizenButtons).toContain("☎️ Маманға қоңырау шалу");
    expect(String(toCitizen[0]!.payload.text)).toBe(
      `⌛ ${ref} өтінімі («Мектепке қабылдау») жабылды: 200 күн бойы онымен ешқандай әрекет болмады.\n` +
        "Қызмет әлі керек болса, өтінімді қайта беріңіз немесе маманға қоңырау шалыңыз — батырмалар төменде.",
    );
    const toOfficer = sentTo(officer.id).slice(before.officer);
    expect(toOfficer).toHaveLength(1);
    expect(String(toOfficer[0]!.payload.text)).toContain(
      `⌛ Бот закрыл заявку ${ref}: 200 дней без движения. Заявителю сообщили.`,
    );

    await h.say(citizen, "/my");
    expect(h.lastScreen(citizen.id).text).toContain(`<b>${ref}</b> · ⌛ бот жапты: 200 күн қозғалыссыз`);
    await h.press(citizen, ref);
    const item = h.lastScreen(citizen.id);
    expect(item.text).toContain("⌛ бот жапты: 200 күн қозғалыссыз");
    // Closed: nothing left to withdraw; the service card and the officer's number stay.
    expect(item.buttons.flat().map((b) => b.text)).not.toContain("✖️ Өтінімді кері қайтару");

    const screen = h.lastScreen(officer.id);
    await h.send(
      callbackUpdate(officer, encodeRoute({ kind: "queueItem", id: request!.id }), screen.messageId, screen.text),
    );
    expect(h.lastScreen(officer.id).text).toContain("⌛ закрыта ботом: 200 дней без движения");

    // The admins' overview counts it apart from the citizens' cancellations.
    await h.say(makeUser(ADMIN, "ru"), "/stats");
    expect(h.lastScreen(ADMIN).text).toContain("⌛ Закрыто ботом из-за долгого бездействия: 1");
  });
});

describe("the citizen's data", () => {
  it("deletes everything of the citizen on request; officers hear only the reference", async () => {
    const h = harness();
    const officer = makeUser(4_001, "en");
    await linkOfficer(h, officer, "Абильмажинова", makeUser(ADMIN, "ru"));
    const citizen = makeUser(4_002, "ru");
    const ref = await fillForm(h, citizen, 21, { name: "Асель Нурланова", phone: "77051112233" });
    expect(await h.deps.stores.reminders.pendingCount()).toBeGreaterThan(0);
    await h.say(citizen, "/deletedata");
    await h.press(citizen, "Да, удалить");
    expect(h.lastScreen(citizen.id).text).toContain("данные удалены (заявок: 1)");
    const withdrawn = h.api
      .callsOf("sendMessage")
      .filter((c) => c.payload.chat_id === officer.id)
      .at(-1)!;
    expect(String(withdrawn.payload.text)).toBe(`Pre-application ${ref} was withdrawn by the citizen.`);
    for (const key of await redis.keys("t:*")) {
      expect(key).not.toContain(String(citizen.id));
      expect(await dumpKey(key), key).not.toMatch(/Асель|7051112233|4002/);
    }
    // Only the officer's morning digest is left.
    expect(await h.deps.stores.reminders.pendingCount()).toBe(1);
  });

  it("exports for Excel (BOM, ';', headers in the reader's language) with personal data for admins only", async () => {
    const h = harness();
    const officer = makeUser(4_010, "en");
    await linkOfficer(h, officer, "Оспанова", makeUser(ADMIN, "ru"));
    await fillForm(h, makeUser(4_011, "ru"), 7, { comment: '=HYPERLINK("x")' });
    await h.say(makeUser(ADMIN, "en"), "/export");
    const adminCsv = (h.api.callsOf("sendDocument").at(-1)!.payload.document as unknown as { content: string }).content;
    // The admin chose Russian (when inviting): the headers are Russian.
    expect(adminCsv.startsWith("\uFEFFНомер;№ услуги;Услуга;Специалист услуги;Ответственный;Статус;")).toBe(true);
    expect(adminCsv).toContain(";Заявитель;Телефон;Комментарий\r\n");
    expect(adminCsv).toContain(";ждёт звонка специалиста;");
    expect(adminCsv).toContain("Айгерим Сапарова;'+77011234567");
    expect(adminCsv).toContain(`"'=HYPERLINK(""x"")"`);
    await h.say(officer, "/export");
    const officerCsv = (h.api.callsOf("sendDocument").at(-1)!.payload.document as unknown as { content: string })
      .content;
    expect(officerCsv).toContain("KZ-7-");
    expect(officerCsv).not.toContain("Айгерим");
    expect(officerCsv).not.toContain("7011234567");
    await h.say(makeUser(4_012, "en"), "/export");
    expect(h.lastScreen(4_012).text).toContain("for the department's officers");
    await h.say(makeUser(ADMIN, "en"), "/export 2026-13-01");
    expect(h.lastScreen(ADMIN).text).toContain("Формат: /export");
  });

  it("gives admins /stats with open, overdue and unowned counts, per-officer figures and unlinked officers", async () => {
    const h = harness();
    await fillForm(h, makeUser(4_020, "ru"), 12);
    await h.say(makeUser(ADMIN, "en"), "/stats");
    const text = h.lastScreen(ADMIN).text;
    expect(text).toContain("Open: 1 · overdue: 0 · without an owner: 1");
    expect(text).toContain("Загороднова А.В.: open 0, overdue 0, first contact (median): no data");
    expect(text).toContain("№12: open 1, closed 0, overdue 0");
    expect(text).toContain("Загороднова А.В.");
    await h.say(makeUser(4_021, "en"), "/stats");
    expect(h.lastScreen(4_021).text).toContain("administrators");
  });
});

describe("rate limit", () => {
  it("asks a user who floods the bot to slow down, once per window", async () => {
    const h = createHarness({ config: { rateLimit: { limit: 3, windowMs: 60_000 } } });
    const user = makeUser(5_001, "en");
    for (let i = 0; i < 6; i++) await h.send(textUpdate(user, "/start"));
    const texts = h.api.callsOf("sendMessage").map((c) => String(c.payload.text));
    expect(texts.filter((t) => t.startsWith("Hello"))).toHaveLength(3);
    expect(texts.filter((t) => t.includes("too quickly"))).toHaveLength(1);
  });
});
