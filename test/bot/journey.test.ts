/**
 * A citizen's journey without traps (issue 13, items 4–15): each test drives the real bot with
 * Telegram updates, in Kazakh and in Russian, and reads the API calls it made.
 */
import { describe, expect, it } from "vitest";
import type { InlineKeyboardButton, User } from "grammy/types";
import { createI18n } from "../../src/bot/i18n.js";
import { makeUser, mediaUpdate } from "../../src/telegram/updates.js";
import type { ApiCall } from "../../src/telegram/local-bot-api.js";
import { createHarness, leakedPlaceholders, testCatalog, type Harness } from "../support/bot-harness.js";
import { fillForm, linkOfficer } from "../support/flows.js";
import { createMemoryStores } from "../../src/store/stores.js";

const ADMIN = 9_000;
const catalog = testCatalog();
const i18n = createI18n("ru");
const harness = (config: Parameters<typeof createHarness>[0] = {}) =>
  createHarness({ ...config, config: { adminIds: [ADMIN], ...config.config } });
const buttonsOf = (h: Harness, user: User): InlineKeyboardButton[] => h.lastScreen(user.id).buttons.flat();
const dataOf = (button: InlineKeyboardButton) => ("callback_data" in button ? button.callback_data : undefined);
const urlOf = (button: InlineKeyboardButton) => ("url" in button ? button.url : undefined);
const sentTo = (calls: ApiCall[], user: User) =>
  calls.filter((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === user.id);

const LOCALES = [
  {
    locale: "kk",
    query: "балабақша кезек",
    back: "Артқа",
    menu: "Басты мәзір",
    language: "Қазақша",
    found: "сұрауына осы қызмет сай келеді",
  },
  {
    locale: "ru",
    query: "очередь в садик",
    back: "Назад",
    menu: "Главное меню",
    language: "Русский",
    found: "подходит эта услуга",
  },
] as const;

describe("4. the first message is answered after the language question", () => {
  it.each(LOCALES)(
    "$locale: a query sent before choosing a language gets its results once the language is chosen",
    async (l) => {
      const h = harness();
      const user = makeUser(4_001, "de");
      await h.say(user, l.query);
      expect(h.lastScreen(user.id).text).toContain("Choose your language");
      await h.press(user, l.language);
      const screen = h.lastScreen(user.id);
      expect(screen.text).toContain(l.found);
      expect(screen.buttons.flat().map(dataOf)).toContain("s:7:r");
      // Asked once: the next message is answered directly.
      await h.say(user, l.query);
      expect(h.lastScreen(user.id).text).toContain(l.found);
    },
  );
});

describe("5. Back returns where the user came from", () => {
  it.each(LOCALES)("$locale: a card opened from search results goes back to the same results", async (l) => {
    const h = harness();
    const user = makeUser(5_001, l.locale);
    await h.say(user, l.query);
    const results = h.lastScreen(user.id).text;
    await h.press(user, /^7\. /);
    expect(h.lastScreen(user.id).text).toContain(catalog.serviceById.get(7)!.name[l.locale]);
    await h.press(user, l.back);
    expect(h.lastScreen(user.id).text).toBe(results);
  });

  it.each(LOCALES)("$locale: the language picker has a way back to the menu", async (l) => {
    const h = harness();
    const user = makeUser(5_002, l.locale);
    await h.say(user, "/language");
    expect(buttonsOf(h, user).map((b) => b.text)).toContain(`🏠 ${l.menu}`);
  });

  it.each(LOCALES)("$locale: an invite link screen goes back to the officer list", async (l) => {
    const h = harness();
    const admin = makeUser(ADMIN, l.locale);
    await h.say(admin, "/invite");
    const picker = h.lastScreen(admin.id).text;
    await h.press(admin, "Оспанова");
    expect(h.lastScreen(admin.id).text).toContain("start=inv_");
    await h.press(admin, l.back);
    expect(h.lastScreen(admin.id).text).toBe(picker);
  });

  it.each(LOCALES)("$locale: an admin's view of an officer's queue goes back to the officer list", async (l) => {
    const h = harness();
    const admin = makeUser(ADMIN, l.locale);
    await h.say(admin, "/queue");
    const picker = h.lastScreen(admin.id).text;
    await h.press(admin, "Гирц");
    await h.press(admin, l.back);
    expect(h.lastScreen(admin.id).text).toBe(picker);
  });

  it("a Back to results after the session lost the query shows the menu, not an error", async () => {
    const h = harness();
    const user = makeUser(5_003, "ru");
    await h.say(user, "/start s7");
    const { messageId } = h.lastScreen(user.id);
    const { callbackUpdate } = await import("../../src/telegram/updates.js");
    await h.send(callbackUpdate(user, "sr", messageId));
    expect(h.lastScreen(user.id).text).toContain("Главное меню");
  });
});

describe("6. status messages and refused requests offer next steps", () => {
  it.each(LOCALES)(
    "$locale: a request closed with a reason comes with the card, a call to the officer and my requests",
    async (l) => {
      const h = harness();
      const officer = makeUser(6_001, "ru");
      await linkOfficer(h, officer, "Абильмажинова", makeUser(ADMIN, "ru"));
      const citizen = makeUser(6_002, l.locale);
      const ref = await fillForm(h, citizen, 21);
      await h.say(officer, "/queue");
      await h.press(officer, ref);
      const before = h.api.calls.length;
      // The desk's lifecycle has no "rejected" for a new request: it is closed with a reason (or refused once filed).
      await h.press(officer, "Закрыть: консультация");
      await h.press(officer, "не подходит по условиям услуги");
      await h.press(officer, "✅");
      const notice = sentTo(h.api.calls.slice(before), citizen).at(-1)!;
      const buttons = (notice.payload.reply_markup as { inline_keyboard: InlineKeyboardButton[][] }).inline_keyboard
        .flat()
        .map(dataOf);
      expect(buttons).toEqual(expect.arrayContaining(["s:21", "oc:abilmazhinova", "my"]));

      await h.say(citizen, "/my");
      await h.press(citizen, ref);
      expect(buttonsOf(h, citizen).map(dataOf)).toEqual(expect.arrayContaining(["s:21", "oc:abilmazhinova", "my"]));
    },
  );
});

describe("7. short plain names", () => {
  it.each(LOCALES)("$locale: buttons of a category use short names that differ and fit a button", async (l) => {
    const h = harness();
    const user = makeUser(7_001, l.locale);
    await h.say(user, "/start");
    await h.press(user, "📚");
    await h.press(user, "🏫");
    const labels = buttonsOf(h, user)
      .filter((b) => dataOf(b)?.startsWith("s:"))
      .map((b) => b.text);
    expect(labels).toContain(`9. ${catalog.serviceById.get(9)!.short[l.locale]}`);
    for (const label of labels) expect(label.length, label).toBeLessThanOrEqual(36);
    expect(labels.some((label) => label.endsWith("…"))).toBe(false);
  });

  it.each(LOCALES)("$locale: search results and the officers list name services by their short names", async (l) => {
    const h = harness();
    const user = makeUser(7_002, l.locale);
    await h.say(user, l.query);
    expect(buttonsOf(h, user).map((b) => b.text)).toContain(`7. ${catalog.serviceById.get(7)!.short[l.locale]}`);
    await h.say(user, "/officers");
    const text = h.lastScreen(user.id).text;
    expect(text).not.toContain("№21, №22");
    expect(text).toContain(catalog.serviceById.get(21)!.short[l.locale]);
  });

  it.each(LOCALES)("$locale: the card keeps the official name", async (l) => {
    const h = harness();
    const user = makeUser(7_003, l.locale);
    await h.say(user, "/start s9");
    expect(h.lastScreen(user.id).text).toContain(catalog.serviceById.get(9)!.name[l.locale]);
  });
});

describe("8. Kazakh and Russian wording", () => {
  it("kk: an 'up to' time takes the dative of its unit", async () => {
    const h = harness();
    const user = makeUser(8_001, "kk");
    await h.say(user, "/start s4");
    expect(h.lastScreen(user.id).text).toContain("30 күнтізбелік күнге дейін");
  });

  it("ru: an 'up to' time takes the genitive", async () => {
    const h = harness();
    const user = makeUser(8_002, "ru");
    await h.say(user, "/start s4");
    expect(h.lastScreen(user.id).text).toContain("до 30 календарных дней");
  });

  it.each([
    ["kk", "form-share-phone", "📱 Нөміріммен бөлісу"],
    ["kk", "stats-reminders", "еске салулар"],
  ])("%s: %s reads naturally", (locale, key, expected) => {
    expect(i18n.t(locale, key, { pending: 1, failed: 0 })).toContain(expected);
  });

  it("kk: a cancelled status does not read as 'refused', and an officer is 'registered as a specialist'", () => {
    expect(i18n.t("kk", "status-cancelled")).not.toContain("бас тартылды");
    expect(i18n.t("kk", "invite-linked", { name: "X", services: "Y" })).toContain("маман ретінде тіркелдіңіз");
    expect(i18n.t("kk", "name-problem-too_short")).not.toContain("Ат үшін");
    expect(i18n.t("kk", "name-problem-invalid_characters")).not.toMatch(/^Атта/);
  });

  it("ru: the invite names the officer without needing a declension", async () => {
    const h = harness();
    const admin = makeUser(ADMIN, "ru");
    await h.say(admin, "/invite");
    await h.press(admin, "Оспанова");
    expect(h.lastScreen(admin.id).text).not.toContain("для Оспанова");
  });

  it.each(LOCALES)("$locale: the contact notice has no double full stop after initials", async (l) => {
    const h = harness();
    const user = makeUser(8_003, l.locale);
    await h.say(user, "/officers");
    const calls = await h.press(user, "Абильмажинова");
    const notice = calls.find((c) => c.method === "answerCallbackQuery")!;
    expect(String(notice.payload.text)).not.toContain("..");
  });
});

describe("9. data-quality notes are for admins only", () => {
  const notes = {
    kk: ["салыстырылмаған", "толық емес", "бүлінген"],
    ru: ["не удалось сверить", "обрезан", "повреждена"],
  } as const;

  it.each(LOCALES)(
    "$locale: a citizen sees the facts of service 22 without the notes; an admin sees them",
    async (l) => {
      const h = harness();
      const citizen = makeUser(9_001, l.locale);
      await h.say(citizen, "/start s22");
      const seen = h.lastScreen(citizen.id).text;
      expect(seen).toContain("46-13-60");
      for (const note of notes[l.locale])
        if (l.locale === "ru" || note !== "салыстырылмаған") expect(seen).not.toContain(note);
      const admin = makeUser(ADMIN, l.locale);
      await h.say(admin, "/start s22");
      const adminSees = h.lastScreen(admin.id).text;
      expect(adminSees).toContain(notes[l.locale][1]);
      expect(adminSees).toContain(notes[l.locale][2]);
    },
  );
});

describe("9. …and /stats lists the flagged services for admins", () => {
  it.each(LOCALES)("$locale: /stats names the services whose source cells carry notes", async (l) => {
    const h = harness();
    const admin = makeUser(ADMIN, l.locale);
    await h.say(admin, "/stats");
    const text = h.lastScreen(admin.id).text;
    expect(text).toContain(i18n.t(l.locale, "stats-data-notes", { services: "" }).split(":")[0]);
    expect(text).toMatch(/№22\b/);
    expect(buttonsOf(h, admin).map(dataOf)).toContain("m");
  });
});

describe("10. /help by role, unknown commands", () => {
  it.each(LOCALES)("$locale: a citizen's /help names no staff command; staff see theirs", async (l) => {
    const h = harness();
    const citizen = makeUser(10_001, l.locale);
    await h.say(citizen, "/help");
    expect(h.lastScreen(citizen.id).text).not.toMatch(/\/queue|\/invite|\/stats|\/export/);
    const officer = makeUser(10_002, l.locale);
    await linkOfficer(h, officer, "Гирц", makeUser(ADMIN, l.locale));
    await h.say(officer, "/help");
    expect(h.lastScreen(officer.id).text).toContain("/queue");
    expect(h.lastScreen(officer.id).text).not.toContain("/invite");
    const admin = makeUser(ADMIN, l.locale);
    await h.say(admin, "/help");
    expect(h.lastScreen(admin.id).text).toMatch(/\/invite[\s\S]*\/stats/);
  });

  it.each(LOCALES)("$locale: /help still answers when the officer links cannot be read (Redis down)", async (l) => {
    const stores = createMemoryStores();
    stores.officerLinks.officerOf = () => Promise.reject(new Error("Connection is closed."));
    const h = harness({ stores });
    const user = makeUser(10_004, l.locale);
    await h.say(user, "/help");
    expect(h.lastScreen(user.id).text).toBe(i18n.t(l.locale, "help-text"));
  });

  it.each(LOCALES)("$locale: an unknown command is named and answered with what the bot can do", async (l) => {
    const h = harness();
    const user = makeUser(10_003, l.locale);
    await h.say(user, "/hello");
    const screen = h.lastScreen(user.id);
    expect(screen.text).toContain("/hello");
    expect(screen.text).toContain("/start");
    expect(screen.text).not.toContain(i18n.t(l.locale, "unsupported-message"));
    expect(screen.buttons.flat().map(dataOf)).toContain("find");
  });
});

describe("11. the department: dialable phones, where and when", () => {
  it.each(LOCALES)("$locale: with an area code, the card's phone and the contact card are +7 numbers", async (l) => {
    const h = harness({ config: { phoneAreaCode: "7187" } });
    const user = makeUser(11_001, l.locale);
    await h.say(user, "/start s1");
    expect(h.lastScreen(user.id).text).toContain("+7 7187 49-02-25");
    await h.say(user, "/officers");
    const calls = await h.press(user, "Серикбаева");
    expect(calls.find((c) => c.method === "sendContact")?.payload.phone_number).toBe("+77187490225");
  });

  it.each(LOCALES)(
    "$locale: the card says where the office is and when it is open, when the catalog knows",
    async (l) => {
      const { parseDepartment } = await import("../../src/domain/department.js");
      const department = parseDepartment({
        town: { kk: "Қала", ru: "Город", en: "Town" },
        areaCode: "7187",
        address: { kk: "Абай к-сі, 1", ru: "ул. Абая, 1", en: "1 Abai St" },
        hours: { kk: "Дс–Жм 9:00–18:00", ru: "Пн–Пт 9:00–18:00", en: "Mon–Fri 9:00–18:00" },
      });
      const h = harness();
      Object.assign(h.deps, { department, config: { ...h.deps.config, phoneAreaCode: "7187" } });
      const user = makeUser(11_002, l.locale);
      await h.say(user, "/start s7");
      const text = h.lastScreen(user.id).text;
      expect(text).toContain(department.address![l.locale]);
      expect(text).toContain(department.hours![l.locale]);
    },
  );
});

describe("12. eGov links in the user's language", () => {
  it.each(LOCALES)(
    "$locale: the card's eGov button opens the page in that language; a service without a link has none",
    async (l) => {
      const h = harness();
      const user = makeUser(12_001, l.locale);
      await h.say(user, "/start s7");
      const egov = buttonsOf(h, user)
        .map(urlOf)
        .filter((u) => u?.includes("egov.kz"));
      expect(egov).toHaveLength(1);
      expect(egov[0]).toMatch(new RegExp(`^https://(m\\.)?egov\\.kz/cms/${l.locale}/`));
      await h.say(user, "/start s3");
      expect(
        buttonsOf(h, user)
          .map(urlOf)
          .filter((u) => u?.includes("egov.kz")),
      ).toEqual([]);
    },
  );
});

describe("13. the card of a service shows its officer's phone", () => {
  it.each([
    ["kk", "аттестат телнұсқасы телефон"],
    ["ru", "телефон дубликат аттестата"],
  ] as const)("%s: '%s' leads to the duplicate certificate card with the phone", async (locale, query) => {
    const h = harness();
    const user = makeUser(13_002, locale);
    await h.say(user, query);
    await h.press(user, /^21\. /);
    expect(h.lastScreen(user.id).text).toContain("46-13-60");
  });

  it.each(LOCALES)("$locale: the duplicate certificate card names the phone", async (l) => {
    const h = harness();
    const user = makeUser(13_001, l.locale);
    await h.say(user, "/start s21");
    expect(h.lastScreen(user.id).text).toContain("46-13-60");
  });
});

describe("14. sharing a service, popular services", () => {
  it.each(LOCALES)("$locale: the card has a share button with the service's deep link", async (l) => {
    const h = harness();
    const user = makeUser(14_001, l.locale);
    await h.say(user, "/start s7");
    const share = buttonsOf(h, user)
      .map(urlOf)
      .find((u) => u?.startsWith("https://t.me/share/url"));
    expect(share).toBeDefined();
    expect(decodeURIComponent(new URL(share!).searchParams.get("url")!)).toBe("https://t.me/kyzmet_bot?start=s7");
  });

  it.each(LOCALES)("$locale: the main menu offers the popular services by short name", async (l) => {
    const h = harness();
    const user = makeUser(14_002, l.locale);
    await h.say(user, "/start");
    const buttons = buttonsOf(h, user);
    for (const id of catalog.popular.slice(0, 4)) {
      expect(buttons.map((b) => [b.text, dataOf(b)])).toContainEqual([
        catalog.serviceById.get(id)!.short[l.locale],
        `s:${id}`,
      ]);
    }
  });
});

describe("15. voice, photos and files outside a form", () => {
  it.each(LOCALES.flatMap((l) => (["voice", "photo", "document"] as const).map((kind) => ({ ...l, kind }))))(
    "$locale: a $kind gets a short answer saying what the bot understands",
    async (l) => {
      const h = harness();
      const user = makeUser(15_001, l.locale);
      const calls = await h.send(mediaUpdate(user, l.kind));
      const text = h.lastScreen(user.id).text;
      expect(text).toBe(i18n.t(l.locale, "media-not-understood"));
      expect(buttonsOf(h, user).map(dataOf)).toContain("find");
      expect(leakedPlaceholders(calls)).toEqual([]);
    },
  );
});
