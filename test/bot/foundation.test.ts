import { describe, expect, it } from "vitest";
import { encodeRoute } from "../../src/bot/callback-data.js";
import { MAX_TEXT_LENGTH } from "../../src/bot/features/fallback.js";
import { addedToGroupUpdate, callbackUpdate, makeUser, stickerUpdate, textUpdate } from "../../src/telegram/updates.js";
import { createHarness, leakedPlaceholders, testCatalog } from "../support/bot-harness.js";

const catalog = testCatalog();

describe("/start and the main menu", () => {
  it.each([
    ["kk", "Сәлеметсіз бе", "Басты мәзір"],
    ["ru", "Здравствуйте", "Главное меню"],
    ["en", "Hello", "Main menu"],
  ])("greets a %s user in their language with the main menu", async (code, greeting, menu) => {
    const h = createHarness();
    const user = makeUser(100, code);
    const calls = await h.say(user, "/start");
    expect(calls.map((c) => c.method)).toEqual(["sendMessage"]);
    const screen = h.lastScreen(user.id);
    expect(screen.text).toContain(greeting);
    expect(screen.text).toContain(menu);
    // Seven entry points and the four most asked services.
    expect(screen.buttons.flat()).toHaveLength(11);
    expect(leakedPlaceholders(calls)).toEqual([]);
  });

  it("escapes the user's first name", async () => {
    const h = createHarness();
    await h.say(makeUser(101, "en", "<b>Bob</b>"), "/start");
    expect(h.lastScreen(101).text).toContain("&lt;b&gt;Bob&lt;/b&gt;");
  });

  it("asks an unknown-language user once, then remembers the choice", async () => {
    const h = createHarness();
    const user = makeUser(102, "de");
    await h.say(user, "/start");
    const picker = h.lastScreen(user.id);
    expect(picker.text).toBe("Тілді таңдаңыз · Выберите язык · Choose your language");
    expect(picker.buttons.flat().map((b) => b.text)).toEqual(["🇰🇿 Қазақша", "🇷🇺 Русский", "🇬🇧 English"]);
    const calls = await h.press(user, "Қазақша");
    expect(calls.find((c) => c.method === "answerCallbackQuery")?.payload.text).toBe("Тіл: қазақша.");
    expect(h.lastScreen(user.id).text).toContain("Басты мәзір");
    await h.say(user, "/start");
    expect(h.lastScreen(user.id).text).toContain("Сәлеметсіз бе");
  });

  it("asks a user with no language code only once, then uses the default", async () => {
    const h = createHarness({ config: { defaultLocale: "ru" } });
    const user = makeUser(103);
    await h.say(user, "/start");
    expect(h.lastScreen(user.id).text).toContain("Choose your language");
    await h.say(user, "/start");
    expect(h.lastScreen(user.id).text).toContain("Здравствуйте");
  });

  it("switches the language with /language, over the app's language", async () => {
    const h = createHarness();
    const user = makeUser(104, "ru");
    await h.say(user, "/language");
    await h.press(user, "English");
    await h.say(user, "/help");
    expect(h.lastScreen(user.id).text).toContain("How to use the bot");
  });
});

describe("browsing to every service card", () => {
  it.each(["kk", "ru", "en"] as const)("reaches all 24 cards through the categories in %s", async (locale) => {
    const h = createHarness();
    const user = makeUser(200, locale);
    const seen = new Set<number>();
    await h.say(user, "/start");
    for (const category of catalog.categories) {
      await h.press(user, /📚/);
      await h.press(user, `${category.emoji} ${category.name[locale]}`);
      for (const id of category.services) {
        const calls = await h.press(user, new RegExp(`^${id}\\. `));
        const card = h.lastScreen(user.id);
        const service = catalog.serviceById.get(id)!;
        expect(card.text).toContain(service.name[locale].replace(/&/g, "&amp;"));
        expect(card.text).toContain(catalog.officerById.get(service.officer)!.phone);
        expect(calls.map((c) => c.method)).toEqual(["answerCallbackQuery", "editMessageText"]);
        expect(leakedPlaceholders(calls)).toEqual([]);
        seen.add(id);
        await h.press(user, "⬅️");
        expect(h.lastScreen(user.id).text).toContain(category.name[locale]);
      }
      await h.press(user, "🏠");
    }
    expect([...seen].sort((a, b) => a - b)).toEqual(catalog.services.map((s) => s.id));
  });

  it("shows per-channel times for row 23 and marks the inferred phone to an admin", async () => {
    const h = createHarness({ config: { adminIds: [201] } });
    const user = makeUser(201, "en");
    await h.say(user, "/start s23");
    const card = h.lastScreen(user.id).text;
    expect(card).toContain("Public Service Centre (ХҚКО / ЦОН): 3 working days");
    expect(card).toContain("eGov portal (egov.kz, eGov Mobile app): 1 working day");
    expect(card).toContain("In person at the education department: 20 minutes");
    expect(card).toContain("46-13-60");
    expect(card).toContain("cut short");
    const egov = h
      .lastScreen(user.id)
      .buttons.flat()
      .find((b) => "url" in b && b.url.includes("egov.kz"));
    expect(egov && "url" in egov ? egov.url : "").toBe(catalog.serviceById.get(23)!.egov!.en);
  });

  it("uses Russian plural forms", async () => {
    const h = createHarness();
    const user = makeUser(202, "ru");
    await h.say(user, "/start s2");
    expect(h.lastScreen(user.id).text).toContain("19 рабочих дней");
    await h.say(user, "/start s3");
    expect(h.lastScreen(user.id).text).toContain("3 рабочих дня");
    await h.say(user, "/start s16");
    expect(h.lastScreen(user.id).text).toContain("1 рабочий день");
    await h.say(user, "/start s4");
    expect(h.lastScreen(user.id).text).toContain("до 30 календарных дней");
  });

  it("formats phones with the area code when it is configured", async () => {
    const h = createHarness({ config: { phoneAreaCode: "7187" } });
    const user = makeUser(203, "ru");
    await h.say(user, "/start s7");
    expect(h.lastScreen(user.id).text).toContain("+7 7187 50-11-78");
  });
});

describe("deep links", () => {
  it("opens a service card directly", async () => {
    const h = createHarness();
    await h.say(makeUser(300, "ru"), "/start s7");
    expect(h.lastScreen(300).text).toContain("Постановка на очередь детей дошкольного возраста");
  });

  it.each(["s99", "s0", "hello", "s7x"])(
    "answers an unknown payload %s with a notice and the main menu",
    async (payload) => {
      const h = createHarness();
      await h.say(makeUser(301, "en"), `/start ${payload}`);
      const screen = h.lastScreen(301);
      expect(screen.text).toContain("I could not find that service");
      expect(screen.text).toContain("Main menu");
    },
  );

  it("follows a deep link after the language question", async () => {
    const h = createHarness();
    const user = makeUser(302);
    await h.say(user, "/start s21");
    await h.press(user, "Русский");
    expect(h.lastScreen(user.id).text).toContain("Выдача дубликатов документов");
  });
});

describe("officers", () => {
  it("lists every officer with phone and services, and sends a contact card", async () => {
    const h = createHarness();
    const user = makeUser(400, "kk");
    await h.say(user, "/officers");
    const screen = h.lastScreen(user.id);
    for (const officer of catalog.officers) {
      expect(screen.text).toContain(officer.name);
      expect(screen.text).toContain(officer.phone);
    }
    const serikbayeva = catalog.services.filter((s) => s.officer === "serikbayeva").map((s) => s.short.kk);
    expect(screen.text).toContain(serikbayeva.join(", "));
    const calls = await h.press(user, "Оспанова");
    const contact = calls.find((c) => c.method === "sendContact");
    expect(contact?.payload).toMatchObject({ chat_id: user.id, phone_number: "501178", first_name: "Оспанова Б.И." });
  });
});

describe("bad input", () => {
  it("answers a forged button with a notice and the main menu", async () => {
    const h = createHarness();
    const user = makeUser(500, "en");
    await h.say(user, "/start");
    const menuId = h.lastScreen(user.id).messageId;
    for (const data of ["s:999", "c:nope", "x".repeat(64), "s:7:c:../../", "oc:someone", "lang:de", "'; DROP", ""]) {
      const calls = await h.send(callbackUpdate(user, data, menuId));
      const answer = calls.find((c) => c.method === "answerCallbackQuery");
      expect(answer?.payload.text, data).toBe("This menu has changed. Here is the current one.");
      expect(leakedPlaceholders(calls)).toEqual([]);
    }
  });

  it("keeps a stale button working when its message can no longer be edited", async () => {
    const h = createHarness();
    const user = makeUser(501, "ru");
    const calls = await h.send(callbackUpdate(user, encodeRoute({ kind: "service", serviceId: 12 }), 999_999));
    expect(calls.map((c) => c.method)).toEqual(["answerCallbackQuery", "editMessageText", "sendMessage"]);
    expect(h.lastScreen(user.id).text).toContain("питания");
  });

  it("ignores a double tap that would not change the message", async () => {
    const h = createHarness();
    const user = makeUser(502, "en");
    await h.say(user, "/start");
    await h.press(user, "Services by topic");
    const calls = await h.press(user, "Preschool");
    expect(calls.at(-1)?.method).toBe("editMessageText");
    const again = await h.send(
      callbackUpdate(user, encodeRoute({ kind: "category", categoryId: "preschool" }), h.lastScreen(user.id).messageId),
    );
    expect(again.map((c) => c.method)).toEqual(["answerCallbackQuery", "editMessageText"]);
    expect(again.filter((c) => c.method === "sendMessage")).toEqual([]);
  });

  it("answers a sticker with a hint and the menu", async () => {
    const h = createHarness();
    const user = makeUser(503, "kk");
    const calls = await h.send(stickerUpdate(user));
    expect(h.lastScreen(user.id).text).toContain("мәтіндік хабарламаларды");
    expect(leakedPlaceholders(calls)).toEqual([]);
  });

  it("answers a 5,000-character message with the limit", async () => {
    const h = createHarness();
    const user = makeUser(504, "ru");
    await h.send(textUpdate(user, "а".repeat(5000)));
    const text = h.lastScreen(user.id).text;
    expect(text).toMatch(/\(5\s000 символов\)/);
    expect(text.replace(/\s/g, "")).toContain(`в${MAX_TEXT_LENGTH}символов`);
  });

  it("leaves a group after saying it works in private chats", async () => {
    const h = createHarness();
    const calls = await h.send(addedToGroupUpdate(makeUser(505, "ru"), -1001, h.api.botInfo.id));
    expect(calls.map((c) => c.method)).toEqual(["sendMessage", "leaveChat"]);
    expect(String(calls[0]!.payload.text)).toContain("https://t.me/kyzmet_bot");
  });

  it("stays silent on other group messages", async () => {
    const h = createHarness();
    const update = textUpdate(makeUser(506, "ru"), "/start");
    update.message!.chat = { id: -1002, type: "group", title: "Parents" };
    expect(await h.send(update)).toEqual([]);
  });
});
