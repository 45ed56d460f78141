import { describe, expect, it } from "vitest";
import type { InlineQueryResultArticle } from "grammy/types";
import { inlineQueryUpdate, makeUser } from "../../src/telegram/updates.js";
import { createHarness, leakedPlaceholders, testCatalog } from "../support/bot-harness.js";

const catalog = testCatalog();

describe("free-text search in the chat", () => {
  it("answers a colloquial question with matching services as buttons, and opens the card", async () => {
    const h = createHarness();
    const user = makeUser(600, "ru");
    const calls = await h.say(user, "как встать в очередь в детсад");
    const screen = h.lastScreen(user.id);
    expect(screen.text).toContain("подходит эта услуга");
    const labels = screen.buttons.flat().map((b) => b.text);
    expect(labels[0]).toMatch(/^7\. /);
    expect(leakedPlaceholders(calls)).toEqual([]);
    await h.press(user, /^7\. /);
    expect(h.lastScreen(user.id).text).toContain("Постановка на очередь детей дошкольного возраста");
  });

  it.each([
    ["ru", "как встать в очередь в детсад", "подходит эта услуга", "первая услуга"],
    ["kk", "балабақшаға кезекке тұру", "осы қызмет сай келеді", "бірінші қызмет"],
    ["en", "kindergarten waiting list", "this service fits", "the first service"],
  ] as const)(
    "speaks of one service, not «the first», when it finds one (%s)",
    async (locale, query, single, first) => {
      const h = createHarness();
      const user = makeUser(610, locale);
      await h.say(user, query);
      const screen = h.lastScreen(user.id);
      expect(screen.buttons.flat().filter((b) => /^\d+\. /.test(b.text))).toHaveLength(1);
      expect(screen.text).toContain(single);
      expect(screen.text).not.toContain(first);
    },
  );

  it("keeps «the first service fits best» when it lists more than one", async () => {
    const h = createHarness();
    const user = makeUser(611, "kk");
    await h.say(user, "балабақшаға орын");
    const screen = h.lastScreen(user.id);
    expect(screen.buttons.flat().filter((b) => /^\d+\. /.test(b.text)).length).toBeGreaterThan(1);
    expect(screen.text).toContain("ең сай келетіні — бірінші қызмет");
  });

  it("finds Latin-script Kazakh", async () => {
    const h = createHarness();
    const user = makeUser(601, "kk");
    await h.say(user, "mektepke qabyldau");
    expect(h.lastScreen(user.id).buttons.flat()[0]?.text).toMatch(/^9\. /);
  });

  it("names an officer and offers their contact card", async () => {
    const h = createHarness();
    const user = makeUser(602, "ru");
    await h.say(user, "серикбаева телефон");
    const screen = h.lastScreen(user.id);
    expect(screen.text).toContain("<b>Серикбаева М.Ж.</b> — 49-02-25");
    const calls = await h.press(user, "Серикбаева");
    expect(calls.find((c) => c.method === "sendContact")?.payload.phone_number).toBe("490225");
  });

  it("says so when nothing matches, and offers the topics and the guided questions", async () => {
    const h = createHarness();
    const user = makeUser(603, "en");
    await h.say(user, "weather tomorrow");
    const screen = h.lastScreen(user.id);
    expect(screen.text).toMatch(/I found nothing|not sure I understood/);
    const labels = screen.buttons.flat().map((b) => b.text);
    expect(labels).toContain("📚 Services by topic");
    expect(labels).toContain("🧭 Which service do I need?");
  });

  it("handles /search with words, and asks what to look for when alone", async () => {
    const h = createHarness();
    const user = makeUser(604, "ru");
    await h.say(user, "/search дубликат аттестата");
    expect(h.lastScreen(user.id).buttons.flat()[0]?.text).toMatch(/^21\. /);
    await h.say(user, "/search");
    expect(h.lastScreen(user.id).text).toContain("Что вы ищете?");
  });

  it("quotes a long query shortened and escaped", async () => {
    const h = createHarness();
    const user = makeUser(605, "en");
    await h.say(user, `<script>${"x".repeat(200)}`);
    const text = h.lastScreen(user.id).text;
    expect(text).toContain("&lt;script&gt;");
    expect(text).not.toContain("x".repeat(100));
  });
});

describe("issue 14 in the chat: referrals, small talk, wrong layout, close calls", () => {
  it.each([
    ["ru", "пособие на рождение ребенка", "это не услуга отдела образования", "ЦОН"],
    ["kk", "баланың туу туралы куәлігі", "бұл білім бөлімінің қызметі емес", "ХҚКО"],
  ] as const)("sends a %s question about another office there: %j", async (lang, query, notOurs, where) => {
    const h = createHarness();
    const user = makeUser(lang === "ru" ? 610 : 611, lang);
    const calls = await h.say(user, query);
    const screen = h.lastScreen(user.id);
    expect(screen.text).toContain(notOurs);
    expect(screen.text).toContain(where);
    const labels = screen.buttons.flat().map((b) => b.text);
    expect(labels.some((l) => /^\d+\. /.test(l))).toBe(false);
    expect(labels.length).toBeGreaterThanOrEqual(2);
    expect(leakedPlaceholders(calls)).toEqual([]);
  });

  it.each([
    ["ru", "ребенок инвалид, положено ли пособие", "Реабилитация ребёнка — наша услуга №4", /^4\. /],
    ["kk", "колледжге құжат тапсыру", "Біз тек мектеп аттестатының телнұсқасын береміз (№21)", /^21\. /],
  ] as const)(
    "offers the service of ours a %s referral names as a button that opens it: %j",
    async (lang, query, names, button) => {
      // Before: the referral said "наша услуга №4" and offered only the topics and the guided questions.
      const h = createHarness();
      const user = makeUser(lang === "ru" ? 618 : 619, lang);
      await h.say(user, query);
      expect(h.lastScreen(user.id).text).toContain(names);
      await h.press(user, button);
      expect(h.lastScreen(user.id).text).toContain(lang === "ru" ? "Реабилитация" : "телнұсқа");
    },
  );

  it.each([
    ["ru", "Привет!", "Здравствуйте!"],
    ["kk", "Сәлеметсіз бе", "Сәлеметсіз бе!"],
    ["ru", "спасибо", "Пожалуйста!"],
    ["kk", "рахмет", "Оқасы жоқ!"],
  ] as const)("answers %s small talk %j as a person would", async (lang, query, reply) => {
    const h = createHarness();
    const user = makeUser(lang === "ru" ? 612 : 613, lang);
    const calls = await h.say(user, query);
    const screen = h.lastScreen(user.id);
    expect(screen.text.startsWith(reply)).toBe(true);
    expect(screen.text).not.toContain("ничего не нашлось");
    expect(leakedPlaceholders(calls)).toEqual([]);
  });

  it.each([
    ["ru", "cflbr jxthtlm", "Я прочитал его как «садик очередь»"],
    ["kk", ",fkf,frif rtptr", "Мен оны «балабакша кезек» деп оқыдым"],
  ] as const)("re-reads a %s query typed on the wrong layout: %j", async (lang, query, readAs) => {
    const h = createHarness();
    const user = makeUser(lang === "ru" ? 614 : 615, lang);
    await h.say(user, query);
    const screen = h.lastScreen(user.id);
    expect(screen.text).toContain(readAs);
    expect(screen.buttons.flat()[0]?.text).toMatch(/^7\. /);
  });

  it.each([
    ["ru", "опекунство", "подходит к нескольким услугам"],
    ["kk", "балабақша", "бірнеше қызметке сай келеді"],
  ] as const)("shows a %s close call side by side: %j", async (lang, query, choice) => {
    const h = createHarness();
    const user = makeUser(lang === "ru" ? 616 : 617, lang);
    await h.say(user, query);
    const screen = h.lastScreen(user.id);
    expect(screen.text).toContain(choice);
    const services = screen.buttons.flat().filter((b) => /^\d+\. /.test(b.text));
    expect(services.length).toBeGreaterThanOrEqual(2);
    expect(services.length).toBeLessThanOrEqual(3);
  });
});

describe("inline mode", () => {
  it("returns service cards with a deep-link button", async () => {
    const h = createHarness();
    const calls = await h.send(inlineQueryUpdate(makeUser(700, "ru"), "опека"));
    const answer = calls.find((c) => c.method === "answerInlineQuery")!;
    const results = answer.payload.results as InlineQueryResultArticle[];
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThanOrEqual(5);
    const first = results[0]!;
    const id = Number(first.id.slice(1));
    expect(catalog.categoryById.get("guardianship")!.services).toContain(id);
    expect(first.title).toContain(catalog.serviceById.get(id)!.short.ru);
    expect((first.input_message_content as { message_text: string }).message_text).toContain("Серикбаева");
    const button = first.reply_markup!.inline_keyboard[0]![0]!;
    expect("url" in button && button.url).toBe(`https://t.me/kyzmet_bot?start=s${id}`);
    expect(leakedPlaceholders(calls)).toEqual([]);
  });

  it("returns the most asked services for an empty query", async () => {
    const h = createHarness();
    const calls = await h.send(inlineQueryUpdate(makeUser(701, "kk"), ""));
    const results = calls.find((c) => c.method === "answerInlineQuery")!.payload.results as InlineQueryResultArticle[];
    expect(results.map((r) => r.id)).toEqual(catalog.popular.map((id) => `s${id}`));
    expect(results[0]!.title).toContain(catalog.serviceById.get(catalog.popular[0]!)!.short.kk);
  });

  it("returns no result rather than noise for an unrelated query", async () => {
    const h = createHarness();
    const calls = await h.send(inlineQueryUpdate(makeUser(702, "en"), "football scores"));
    expect(calls.find((c) => c.method === "answerInlineQuery")!.payload.results).toEqual([]);
  });
});
