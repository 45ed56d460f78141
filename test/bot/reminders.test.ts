/**
 * The desk's journeys end to end, on a fake clock and a real Redis: requests made through the form,
 * steps taken through the officer's buttons, reminders delivered by the worker in office hours. Every
 * reminder is checked for its time, its person and its language: a 30-minute service and a
 * 19-working-day service from request to result, an unlinked officer's request reaching the admins and
 * being assigned, a cover starting and ending, an overdue official deadline escalated, and two
 * instances delivering each reminder once.
 */
import { describe, expect, it } from "vitest";
import type { User } from "grammy/types";
import { GrammyError } from "grammy";
import { officeHoursGate } from "../../src/app/index.js";
import { createAppFor, outcomeOf } from "../../src/bot/notifier.js";
import { createPacer } from "../../src/reminders/pacer.js";
import { createReminderWorker } from "../../src/reminders/worker.js";
import { createRedisStores } from "../../src/store/stores.js";
import { callbackUpdate, makeUser } from "../../src/telegram/updates.js";
import { encodeRoute } from "../../src/bot/callback-data.js";
import { createHarness, leakedPlaceholders, type Harness } from "../support/bot-harness.js";
import { fillForm, linkOfficer } from "../support/flows.js";
import { useTestRedis } from "../support/redis.js";

const ADMIN = 9_100_001;
const { redis } = useTestRedis();

/** Almaty wall-clock time (UTC+5) as an instant. */
const almaty = (local: string) => new Date(`${local}:00+05:00`);

/** One bot instance with its reminder worker, on a shared clock. */
function instance(clock: { now: () => number }, advance: (ms: number) => void, workerId: string) {
  const h = createHarness({ stores: createRedisStores(redis, { prefix: "r:" }), config: { adminIds: [ADMIN] }, clock });
  const app = createAppFor(h.deps, h.bot.api)(h.deps.logger);
  const worker = createReminderWorker({
    store: h.deps.stores.reminders,
    send: app.deliverReminders,
    clock,
    pacer: createPacer({ clock, sleep: async (ms) => advance(ms) }),
    workerId,
    batchSize: 500,
    canSendAt: officeHoursGate(h.deps.calendar),
  });
  return { h, app, worker };
}

function scene(start: string) {
  let now = almaty(start).getTime();
  const clock = { now: () => now };
  const { h, app, worker } = instance(clock, (ms) => (now += ms), "worker-1");
  let mark = h.api.calls.length;
  return {
    h,
    app,
    worker,
    clock,
    advance: (ms: number) => (now += ms),
    /** Moves the clock to a local time and lets the worker deliver what is due. */
    async at(local: string) {
      now = almaty(local).getTime();
      await worker.tick();
    },
    setNow: (local: string) => (now = almaty(local).getTime()),
    /** Messages to a chat since the last call, as texts. */
    since(chatId: number): string[] {
      const texts = h.api.calls
        .slice(mark)
        .filter((c) => c.method === "sendMessage" && c.payload.chat_id === chatId)
        .map((c) => String(c.payload.text));
      return texts;
    },
    /** Forgets what was sent so far. */
    reset() {
      mark = h.api.calls.length;
    },
  };
}

/** Opens a request from the officer's queue by its reference. */
async function openFromQueue(h: Harness, officer: User, ref: string) {
  await h.say(officer, "/queue");
  await h.press(officer, ref);
}

describe("a 30-minute service (guardianship certificate, №1) from request to result", () => {
  it("reproduces issue 11: no 'half time' after 15 minutes and no 'expected date' for a call; every reminder on time, to the owner, in kk; the citizen in ru", async () => {
    const s = scene("2026-12-01 10:00");
    const officer = makeUser(7_001, "kk");
    const citizen = makeUser(7_002, "ru");
    await linkOfficer(s.h, officer, "Серикбаева", makeUser(ADMIN, "ru"));
    const ref = await fillForm(s.h, citizen, 1);
    const confirmation = s.h.lastScreen(citizen.id).text;
    expect(confirmation).not.toContain("Ожидаемый срок");
    expect(confirmation).toContain("Серикбаева М.Ж. свяжется с вами до 2 декабря, 18:30.");
    s.reset();

    // The old plan said "half of the time has passed" at 10:15 and "overdue" at 10:30 for a phone call.
    for (const t of ["2026-12-01 10:15", "2026-12-01 10:30", "2026-12-01 10:31", "2026-12-01 18:00"]) await s.at(t);
    expect(s.since(officer.id)).toEqual([]);

    // The promise's morning: the officer's digest lists it, in Kazakh.
    await s.at("2026-12-02 09:00");
    const morning = s.since(officer.id);
    expect(morning).toHaveLength(1);
    expect(morning[0]).toContain("☀️ <b>Бүгінге</b>");
    expect(morning[0]).toContain(`⏰ <b>${ref}</b> · Қорғаншылық туралы анықтама`);
    expect(morning[0]).toContain("мерзімі: 2 желтоқсан, 18:30");
    await s.at("2026-12-02 09:00");
    expect(s.since(officer.id)).toHaveLength(1);
    s.reset();

    // The call at 11:00, the filing on eGov at 11:05: the law's 30 minutes run to 11:35.
    s.setNow("2026-12-02 11:00");
    await openFromQueue(s.h, officer, ref);
    await s.h.press(officer, "өтініш береді");
    expect(s.since(citizen.id).at(-1)).toContain(`📞 По заявке ${ref} специалист связался с вами.`);
    s.setNow("2026-12-02 11:05");
    await s.h.press(officer, "Өтініш берілді");
    await s.h.press(officer, "Бүгін");
    await s.h.press(officer, "Өткізіп жіберу");
    expect(s.since(citizen.id).at(-1)).toContain(
      `📨 По заявке ${ref} подано официальное заявление. Результат по закону — до 2 декабря, 11:35.`,
    );
    s.reset();

    await s.at("2026-12-02 11:34");
    expect(s.since(officer.id)).toEqual([]);
    await s.at("2026-12-02 11:35");
    expect(s.since(officer.id)).toEqual([
      expect.stringContaining(`⏰ <b>${ref}</b>: заң бойынша нәтиже мерзімі — бүгін, 2 желтоқсан, 11:35.`),
    ]);
    s.reset();

    s.setNow("2026-12-02 11:33");
    await openFromQueue(s.h, officer, ref);
    await s.h.press(officer, "Нәтиже берілді");
    expect(s.h.lastScreen(officer.id).text).toContain("нәтиже берілді деп белгілейміз бе?");
    expect((await s.h.deps.stores.preApplications.getByRef(ref))!.status).toBe("filed");
    await s.h.press(officer, "✅");
    expect(s.since(citizen.id).at(-1)).toContain(`✅ По заявке ${ref} выдан результат.`);
    s.reset();
    for (const t of ["2026-12-02 11:36", "2026-12-03 09:00", "2026-12-04 09:00"]) await s.at(t);
    expect(s.since(officer.id)).toEqual([]);
    expect(s.since(ADMIN)).toEqual([]);
    expect(leakedPlaceholders(s.h.api.calls)).toEqual([]);
  });
});

describe("a 19-working-day service (guardianship, №2) from request to result", () => {
  it("promises a call, not the 29th of December; reminds the day before and on the due day, to the owner in ru; the citizen in kk", async () => {
    const s = scene("2026-12-01 10:00");
    const officer = makeUser(7_011, "ru");
    const citizen = makeUser(7_012, "kk");
    await linkOfficer(s.h, officer, "Серикбаева", makeUser(ADMIN, "ru"));
    const ref = await fillForm(s.h, citizen, 2, { channel: /ХҚКО/ });
    expect(s.h.lastScreen(citizen.id).text).toContain(
      "Серикбаева М.Ж. сізбен хабарласады. Соңғы мерзім: 2 желтоқсан, 18:30.",
    );
    expect(s.h.lastScreen(citizen.id).text).not.toContain("29 желтоқсан");

    s.setNow("2026-12-01 15:00");
    await openFromQueue(s.h, officer, ref);
    await s.h.press(officer, "будет подавать");
    s.setNow("2026-12-01 15:10");
    await s.h.press(officer, "Заявление подано");
    await s.h.press(officer, "ЦОН");
    await s.h.press(officer, "Сегодня");
    await s.h.say(officer, "123-45");
    expect(s.since(citizen.id).at(-1)).toContain(
      `📨 ${ref} өтінімі бойынша ресми өтініш берілді. Заң бойынша нәтиже мерзімі: 29 желтоқсан, 18:30.`,
    );
    s.reset();

    // Contacted at once, so the promise's reminder is gone; nothing until the law's deadline nears.
    for (const t of ["2026-12-02 09:00", "2026-12-15 09:00", "2026-12-25 09:00"]) await s.at(t);
    expect(s.since(officer.id)).toEqual([]);
    await s.at("2026-12-28 09:00");
    expect(s.since(officer.id)).toEqual([
      expect.stringContaining(`⏰ <b>${ref}</b>: результат по закону — до 29 декабря, 18:30 (следующий рабочий день).`),
    ]);
    s.reset();
    await s.at("2026-12-29 09:00");
    const dueDay = s.since(officer.id);
    expect(dueDay).toHaveLength(1);
    expect(dueDay[0]).toContain("☀️ <b>На сегодня</b>");
    expect(dueDay[0]).toContain(
      `⏰ <b>${ref}</b> · Оформление опеки над ребёнком · Айгерим Сапарова — до 29 декабря, 18:30`,
    );
    s.reset();

    s.setNow("2026-12-29 14:00");
    await openFromQueue(s.h, officer, ref);
    await s.h.press(officer, "Результат выдан");
    await s.h.press(officer, "✅");
    expect(s.since(citizen.id).at(-1)).toContain(`✅ ${ref} өтінімі бойынша нәтиже берілді.`);
    s.reset();
    await s.at("2026-12-30 09:00");
    expect(s.since(officer.id)).toEqual([]);
    expect(s.since(ADMIN)).toEqual([]);
  });

  it("escalates an overdue official deadline to the admins, once, naming the owner; the owner hears it in their digest", async () => {
    const s = scene("2026-12-01 10:00");
    const officer = makeUser(7_021, "ru");
    const admin = makeUser(ADMIN, "ru");
    await linkOfficer(s.h, officer, "Серикбаева", admin);
    const ref = await fillForm(s.h, makeUser(7_022, "kk"), 2, { channel: /портал/ });
    await openFromQueue(s.h, officer, ref);
    await s.h.press(officer, "Заявление подано");
    await s.h.press(officer, "Портал");
    await s.h.press(officer, "Сегодня");
    await s.h.press(officer, "Пропустить");
    s.reset();

    await s.at("2026-12-29 18:31");
    expect(s.since(ADMIN)).toEqual([]);
    await s.at("2026-12-30 09:00");
    expect(s.since(ADMIN)).toEqual([
      expect.stringContaining(
        `🆘 <b>${ref}</b>: законный срок результата прошёл (29 декабря, 18:30). Ответственный: Серикбаева М.Ж.`,
      ),
    ]);
    const owner = s.since(officer.id);
    expect(owner).toHaveLength(1);
    expect(owner[0]).toContain(`⚠️ <b>${ref}</b>`);
    expect(owner[0]).toContain("срок прошёл 29 декабря, 18:30");
    s.reset();
    await s.at("2026-12-31 09:00");
    expect(s.since(ADMIN)).toEqual([]);
  });
});

describe("owners", () => {
  it("reproduces issue 11: an unlinked officer's request reached nobody; now the admins are told, in their language, and assign it", async () => {
    const s = scene("2026-12-01 10:00");
    const admin = makeUser(ADMIN, "kk");
    await s.h.say(admin, "/start");
    const girts = makeUser(7_031, "ru");
    await linkOfficer(s.h, girts, "Гирц", admin);
    s.reset();
    const citizen = makeUser(7_032, "ru");
    const ref = await fillForm(s.h, citizen, 7);
    expect(s.h.lastScreen(citizen.id).text).toContain(
      "Специалист отдела образования свяжется с вами до 2 декабря, 18:30.",
    );
    const toAdmin = s.since(ADMIN);
    expect(toAdmin).toHaveLength(1);
    expect(toAdmin[0]).toContain(
      "🆘 <b>Өтінімге жауапты керек</b>: маманның (Оспанова Б.И.) Telegram-ы байланыстырылмаған.",
    );
    expect(toAdmin[0]).toContain(ref);

    await s.h.press(admin, "Жауаптыны тағайындау");
    await s.h.press(admin, "Гирц В.С.");
    expect((await s.h.deps.stores.preApplications.getByRef(ref))!.ownerId).toBe("girts");
    const toGirts = s.since(girts.id);
    expect(toGirts.at(-1)).toContain("👤 <b>Вам передана заявка</b>");
    s.reset();

    await s.at("2026-12-02 09:00");
    expect(s.since(girts.id)).toEqual([expect.stringContaining(`⏰ <b>${ref}</b> · Очередь в детский сад`)]);
    // The admin has no digest queued in this scene (no start-up): nothing about the request is theirs now.
    expect(s.since(ADMIN)).toEqual([]);
  });

  it("a cover sends new requests and reminders to the substitute during it, and back to the officer after", async () => {
    const s = scene("2026-12-01 10:00");
    const admin = makeUser(ADMIN, "ru");
    const owner = makeUser(7_041, "kk");
    const substitute = makeUser(7_042, "ru");
    await linkOfficer(s.h, owner, "Серикбаева", admin);
    await linkOfficer(s.h, substitute, "Гирц", admin);
    const before = await fillForm(s.h, makeUser(7_043, "ru"), 1);
    expect(s.since(owner.id).some((t) => t.includes(before))).toBe(true);
    expect(s.since(substitute.id).some((t) => t.includes(before))).toBe(false);

    await s.h.say(admin, "/cover");
    await s.h.press(admin, "➕");
    await s.h.press(admin, "Серикбаева");
    await s.h.press(admin, "Гирц");
    await s.h.say(admin, "02.12.2026 03.12.2026");
    expect(s.h.lastScreen(admin.id).text).toContain(
      "🔁 Замена: Серикбаева М.Ж. → Гирц В.С., с 02.12.2026 по 03.12.2026.",
    );
    expect(s.since(owner.id).at(-1)).toContain("🔁 Алмастыру: Серикбаева М.Ж. → Гирц В.С., 02.12.2026 – 03.12.2026.");
    s.reset();

    // 2 December, in the cover: the first request's promise morning goes to the substitute, in ru.
    await s.at("2026-12-02 09:00");
    expect(s.since(substitute.id)).toEqual([expect.stringContaining(`⏰ <b>${before}</b>`)]);
    expect(s.since(owner.id)).toEqual([]);
    s.reset();
    s.setNow("2026-12-02 10:00");
    const during = await fillForm(s.h, makeUser(7_044, "kk"), 1);
    expect(s.h.lastScreen(7_044).text).toContain("Гирц В.С. сізбен хабарласады. Соңғы мерзім: 3 желтоқсан, 18:30.");
    expect(s.since(substitute.id).some((t) => t.includes("Новая предварительная заявка") && t.includes(during))).toBe(
      true,
    );
    expect(s.since(owner.id)).toEqual([]);
    await s.h.say(substitute, "/queue");
    expect(s.h.lastScreen(substitute.id).text).toContain(during);
    expect(s.h.lastScreen(substitute.id).text).toContain(before);
    s.reset();

    // 3 December, still in the cover: the second request's morning and the first one's overdue, to the substitute.
    await s.at("2026-12-03 09:00");
    const third = s.since(substitute.id);
    expect(third).toHaveLength(1);
    expect(third[0]).toContain(during);
    expect(third[0]).toContain(before);
    expect(s.since(owner.id)).toEqual([]);
    s.reset();

    // 4 December, after it: back to the owner, in kk; the substitute's queue is theirs alone again.
    await s.at("2026-12-04 09:00");
    const back = s.since(owner.id);
    expect(back).toHaveLength(1);
    expect(back[0]).toContain("☀️ <b>Бүгінге</b>");
    expect(back[0]).toContain(`⚠️ <b>${during}</b>`);
    expect(s.since(substitute.id)).toEqual([]);
    await s.h.say(substitute, "/queue");
    expect(s.h.lastScreen(substitute.id).text).not.toContain(during);
  });
});

describe("the citizen's appointment and the officer's undo", () => {
  it("an appointment set by the owner shows in /my and is reminded to the citizen at 09:00 of the working day before, in their language", async () => {
    const s = scene("2026-12-03 15:00");
    const officer = makeUser(7_081, "ru");
    const citizen = makeUser(7_082, "kk");
    await linkOfficer(s.h, officer, "Оспанова", makeUser(ADMIN, "ru"));
    const ref = await fillForm(s.h, citizen, 7);
    await openFromQueue(s.h, officer, ref);
    await s.h.press(officer, "Назначить приём");
    await s.h.say(officer, "07.12 10:00");
    await s.h.say(officer, "каб. 12, ул. Абая, 10");
    expect(s.since(citizen.id).at(-1)).toContain(
      `📅 ${ref} өтінімі бойынша сізді қабылдауға күтеді: 7 желтоқсан, 10:00, каб. 12, ул. Абая, 10.`,
    );
    await s.h.say(citizen, "/my");
    await s.h.press(citizen, ref);
    expect(s.h.lastScreen(citizen.id).text).toContain("Қабылдау: 7 желтоқсан, 10:00, каб. 12, ул. Абая, 10");
    s.reset();
    // Monday's appointment: reminded on Friday 4 December at 09:00, not on the weekend.
    await s.at("2026-12-04 08:59");
    expect(s.since(citizen.id)).toEqual([]);
    await s.at("2026-12-04 09:00");
    expect(s.since(citizen.id)).toEqual([
      `📅 ${ref} өтінімі бойынша қабылдау туралы еске саламыз: 7 желтоқсан, 10:00, каб. 12, ул. Абая, 10.`,
    ]);
    await s.at("2026-12-07 09:00");
    expect(s.since(citizen.id)).toHaveLength(1);
  });

  it("Done asks first, then can be undone for five minutes; the citizen gets the correction", async () => {
    const s = scene("2026-12-01 10:00");
    const officer = makeUser(7_091, "ru");
    const citizen = makeUser(7_092, "ru");
    await linkOfficer(s.h, officer, "Оспанова", makeUser(ADMIN, "ru"));
    const ref = await fillForm(s.h, citizen, 7);
    await openFromQueue(s.h, officer, ref);
    await s.h.press(officer, "Дозвонился: консультация");
    await s.h.press(officer, "Закрыть: консультация");
    await s.h.press(officer, "повторная заявка");
    expect((await s.h.deps.stores.preApplications.getByRef(ref))!.status).toBe("contacted");
    await s.h.press(officer, "✅");
    expect((await s.h.deps.stores.preApplications.getByRef(ref))!.status).toBe("advised");
    s.advance(4 * 60_000);
    await s.h.press(officer, "Отменить последнее действие");
    expect((await s.h.deps.stores.preApplications.getByRef(ref))!.status).toBe("contacted");
    expect(s.since(citizen.id).at(-1)).toContain(
      `↩️ Поправка по заявке ${ref}: предыдущее сообщение отменено. Статус: 📞 специалист связался с вами.`,
    );
    await s.h.press(officer, "Закрыть: консультация");
    await s.h.press(officer, "консультации достаточно");
    await s.h.press(officer, "✅");
    const app = (await s.h.deps.stores.preApplications.getByRef(ref))!;
    const undoButtons = () =>
      s.h
        .lastScreen(officer.id)
        .buttons.flat()
        .filter((b) => b.text.includes("Отменить последнее действие"));
    await s.h.send(callbackUpdate(officer, encodeRoute({ kind: "queueItem", id: app.id }), 1));
    expect(undoButtons()).toHaveLength(1);
    s.advance(5 * 60_000 + 1);
    await s.h.send(callbackUpdate(officer, encodeRoute({ kind: "queueItem", id: app.id }), 1));
    expect(undoButtons()).toEqual([]);
    const forged = await s.h.send(callbackUpdate(officer, encodeRoute({ kind: "deskOp", op: "u", id: app.id }), 1));
    expect(forged.find((c) => c.method === "answerCallbackQuery")?.payload.text).toBe(
      "Это уже невозможно: заявка изменилась.",
    );
    expect(app.history.map((h) => h.step)).toEqual(["created", "contact", "close", "undo", "close"]);
  });
});

describe("staff chats", () => {
  it("get their own command menu per language when linked, lose it when unlinked, and land on the desk with /start", async () => {
    const s = scene("2026-12-01 10:00");
    const officer = makeUser(7_101, "kk");
    await linkOfficer(s.h, officer, "Гирц", makeUser(ADMIN, "ru"));
    const scoped = s.h.api.calls.filter(
      (c) =>
        c.method === "setMyCommands" &&
        JSON.stringify(c.payload.scope) === JSON.stringify({ type: "chat", chat_id: officer.id }),
    );
    expect(scoped.map((c) => c.payload.language_code)).toEqual(["kk", "ru", "en", undefined]);
    const kk = scoped[0]!.payload.commands as { command: string; description: string }[];
    expect(kk.slice(0, 2)).toEqual([
      { command: "desk", description: "Жұмыс орны" },
      { command: "queue", description: "Менің кезегім" },
    ]);
    await s.h.say(officer, "/start");
    expect(s.h.lastScreen(officer.id).text).toContain("<b>Жұмыс орны</b> · Гирц В.С.");
    expect(
      s.h
        .lastScreen(officer.id)
        .buttons.flat()
        .map((b) => b.text),
    ).toContain("🏠 Азаматтарға арналған мәзір");
    const admin = makeUser(ADMIN, "ru");
    await s.h.say(admin, "/unlink");
    await s.h.press(admin, "Гирц");
    await s.h.press(admin, "✅");
    expect(
      s.h.api.calls.filter(
        (c) =>
          c.method === "deleteMyCommands" &&
          JSON.stringify(c.payload.scope) === JSON.stringify({ type: "chat", chat_id: officer.id }),
      ),
    ).toHaveLength(4);
    await s.h.say(officer, "/start");
    expect(s.h.lastScreen(officer.id).text).toContain("Басты мәзір");
  });
});

describe("two instances", () => {
  it("deliver every reminder exactly once when their workers race on one Redis", async () => {
    let now = almaty("2026-12-01 10:00").getTime();
    const clock = { now: () => now };
    const advance = (ms: number) => (now += ms);
    const one = instance(clock, advance, "one");
    const two = instance(clock, advance, "two");
    const officer = makeUser(7_051, "ru");
    await linkOfficer(one.h, officer, "Серикбаева", makeUser(ADMIN, "ru"));
    const refs: string[] = [];
    for (let i = 0; i < 6; i++) refs.push(await fillForm(i % 2 === 0 ? one.h : two.h, makeUser(7_060 + i, "ru"), 1));
    const marks = [one.h.api.calls.length, two.h.api.calls.length];
    const sentToOfficer = () =>
      [...one.h.api.calls.slice(marks[0]), ...two.h.api.calls.slice(marks[1])]
        .filter((c) => c.method === "sendMessage" && c.payload.chat_id === officer.id)
        .map((c) => String(c.payload.text));

    for (const t of ["2026-12-02 09:00", "2026-12-02 09:00", "2026-12-03 09:00"]) {
      now = almaty(t).getTime();
      await Promise.all([one.worker.tick(), two.worker.tick()]);
    }
    const reminders = sentToOfficer();
    // One digest each morning, each listing all six requests once.
    expect(reminders).toHaveLength(2);
    for (const ref of refs) for (const text of reminders) expect(text.split(ref).length - 1).toBe(1);
    expect(reminders[1]).toContain("⚠️");
    expect(await one.h.deps.stores.reminders.dueCount(now)).toBe(0);
  });
});

describe("Telegram answers mapped to worker outcomes", () => {
  const err = (code: number, description: string, retry_after?: number) =>
    new GrammyError(
      "x",
      { ok: false, error_code: code, description, ...(retry_after ? { parameters: { retry_after } } : {}) },
      "sendMessage",
      {},
    );
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

describe("failures", () => {
  it("records a blocked officer as a failure admins see in /stats, and does not retry", async () => {
    const s = scene("2026-12-01 10:00");
    const officer = makeUser(7_071, "en");
    await linkOfficer(s.h, officer, "Шотпаева", makeUser(ADMIN, "en"));
    await fillForm(s.h, makeUser(7_072, "en"), 9);
    s.setNow("2026-12-02 09:00");
    s.h.api.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    await s.worker.tick();
    expect(await s.h.deps.stores.reminders.failureCount()).toBeGreaterThan(0);
    await s.h.say(makeUser(ADMIN, "en"), "/stats");
    expect(s.h.lastScreen(ADMIN).text).toContain(`• chat ${officer.id}: the bot is blocked`);
  });
});
