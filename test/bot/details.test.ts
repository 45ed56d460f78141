/**
 * The details of every service, opened through the real bot in kk and ru: they replace the card on the
 * same message, fit the readability budget and Telegram's limit, page long lists and lead back to the
 * card. Also the checklist after a pre-application, the officer's copy of it, and /sources for admins.
 */
import { describe, expect, it } from "vitest";
import { DETAILS_SCREEN_BUDGET, TELEGRAM_MESSAGE_LIMIT } from "../../src/bot/views/details.js";
import { makeUser } from "../../src/telegram/updates.js";
import { createHarness, leakedPlaceholders, testCatalog } from "../support/bot-harness.js";
import { fillForm, linkOfficer } from "../support/flows.js";

const ADMIN = 9_001;

describe("service details on the card", () => {
  const catalog = testCatalog();

  it.each(["kk", "ru"])(
    "opens both sections of all 24 services in %s on the card's message, within the budget",
    async (code) => {
      const h = createHarness();
      const user = makeUser(code === "kk" ? 5_001 : 5_002, code);
      const docsButton = code === "kk" ? "📄 Құжаттар" : "📄 Документы";
      const aboutButton = code === "kk" ? "ℹ️ Кім өтініш бере алады / нәтиже" : "ℹ️ Кто может подать / результат";
      const backButton = code === "kk" ? "⬅️ Қызмет картасына" : "⬅️ К карточке услуги";
      expect(catalog.services).toHaveLength(24);
      for (const service of catalog.services) {
        await h.say(user, `/start s${service.id}`);
        const card = h.lastScreen(user.id);
        for (const button of [docsButton, aboutButton]) {
          const calls = await h.press(user, button);
          expect(leakedPlaceholders(calls)).toEqual([]);
          const edits = calls.filter((c) => c.method === "editMessageText");
          expect(edits, `service ${service.id} ${button}`).toHaveLength(1);
          expect(edits[0]!.payload.message_id).toBe(card.messageId);
          // Walk every page of the section.
          for (;;) {
            const screen = h.lastScreen(user.id);
            expect(screen.text.length, `service ${service.id}`).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
            expect(screen.text.length, `service ${service.id}: ${screen.text}`).toBeLessThanOrEqual(
              DETAILS_SCREEN_BUDGET,
            );
            expect(screen.text).toContain(service.name[code as "kk" | "ru"].slice(0, 30));
            if (!screen.buttons.flat().some((b) => b.text === "▶️")) break;
            await h.press(user, "▶️");
          }
          await h.press(user, backButton);
          const back = h.lastScreen(user.id);
          expect(back.messageId).toBe(card.messageId);
          expect(back.text).toBe(card.text);
        }
      }
    },
    120_000,
  );

  it("shows the documents the source gives, per channel, and says which source and that the text is translated", async () => {
    const h = createHarness();
    const user = makeUser(5_010, "ru");
    await h.say(user, "/start s9");
    await h.press(user, "📄 Документы");
    const text = h.lastScreen(user.id).text;
    expect(text).toContain("Через портал eGov");
    expect(text).toContain("№ 063/у и № 026/у-3");
    expect(text).toContain("Источник: egov.kz");
    expect(text).toContain("Текст — наш перевод источника.");
  });

  it("says plainly what no source confirmed", async () => {
    const h = createHarness();
    const user = makeUser(5_011, "kk");
    await h.say(user, "/start s6");
    await h.press(user, "📄 Құжаттар");
    expect(h.lastScreen(user.id).text).toContain("Дереккөзбен расталмаған: құжаттар тізбесі");
    await h.press(user, "ℹ️ Кім өтініш бере алады / нәтиже");
    expect(h.lastScreen(user.id).text).toContain("нәтижесі");
    expect(h.lastScreen(user.id).text).toContain("құқықтық негізі");
  });

  it("keeps the card's way back through the details", async () => {
    const h = createHarness();
    const user = makeUser(5_012, "ru");
    await h.say(user, "/start");
    const category = catalog.categories.find((c) => c.services.includes(2))!;
    await h.press(user, /Услуги|Категории|📂/);
    await h.press(user, category.name.ru);
    await h.press(user, new RegExp(`^${category.services[0]!}\\. `));
    await h.press(user, "📄 Документы");
    await h.press(user, "⬅️ К карточке услуги");
    const backButton = h
      .lastScreen(user.id)
      .buttons.flat()
      .find((b) => "callback_data" in b && b.callback_data === `c:${category.id}`);
    expect(backButton).toBeDefined();
  });
});

describe("the checklist after a pre-application", () => {
  it("sends the documents for the chosen channel and tells the officer what the citizen was sent", async () => {
    const h = createHarness({ config: { adminIds: [ADMIN] } });
    const officer = makeUser(5_020, "kk");
    await linkOfficer(h, officer, "Оспанова", makeUser(ADMIN, "ru"));
    const citizen = makeUser(5_021, "ru");
    const ref = await fillForm(h, citizen, 7, { channel: /ЦОН/ });
    const done = h.lastScreen(citizen.id).text;
    expect(done).toContain(ref);
    expect(done).toContain("Документы для подачи");
    expect(done).toContain("Свидетельство о рождении ребёнка");
    const note = h.api
      .callsOf("sendMessage")
      .find((c) => c.payload.chat_id === officer.id && String(c.payload.text).includes(ref))!;
    expect(String(note.payload.text)).toContain("Азаматқа құжаттар тізімі жіберілді");
    expect(String(note.payload.text)).toContain("Баланың туу туралы куәлігі");
  });

  it("says the list is unconfirmed when no source gives one for that channel", async () => {
    const h = createHarness();
    const citizen = makeUser(5_022, "ru");
    await fillForm(h, citizen, 24);
    expect(h.lastScreen(citizen.id).text).toContain("не подтверждён источником");
  });
});

describe("/sources", () => {
  it("shows an admin the table's flags and every field's sources and search notes, within Telegram's limit", async () => {
    const h = createHarness({ config: { adminIds: [ADMIN] } });
    const admin = makeUser(ADMIN, "ru");
    for (const service of testCatalog().services) {
      const calls = await h.say(admin, `/sources ${service.id}`);
      const texts = calls.filter((c) => c.method === "sendMessage").map((c) => String(c.payload.text));
      expect(texts.length).toBeGreaterThan(0);
      for (const text of texts) expect(text.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
      expect(texts.join("\n")).toMatch(/unconfirmed — searched|read 2026-12-01/);
    }
    const flagged = await h.say(admin, "/sources 22");
    expect(flagged.map((c) => String(c.payload.text)).join("\n")).toContain("phone_truncated");
    const usage = await h.say(admin, "/sources 99");
    expect(String(usage[0]?.payload.text)).toContain("/sources N");
  });

  it("is for admins only", async () => {
    const h = createHarness({ config: { adminIds: [ADMIN] } });
    const calls = await h.say(makeUser(5_030, "ru"), "/sources 1");
    expect(String(calls[0]?.payload.text)).toContain("для администраторов");
  });
});
