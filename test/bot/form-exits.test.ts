/**
 * Issue 13 items 1–3: a form never traps the user. /start, /help, /my, a deep link and menu buttons
 * leave an unfinished form (saying so) and do what they always do; Cancel is visible at every step,
 * the phone step's reply keyboard included, and ends like /cancel (the message and the main menu);
 * answered buttons are dropped from their message, and an outdated summary never stores the new draft.
 * Driven through the real bot, in Kazakh and Russian.
 */
import { describe, expect, it } from "vitest";
import type { InlineKeyboardButton, User } from "grammy/types";
import { decodeRoute, encodeRoute } from "../../src/bot/callback-data.js";
import { createI18n } from "../../src/bot/i18n.js";
import type { ApiCall } from "../../src/telegram/local-bot-api.js";
import { callbackUpdate, contactUpdate, makeUser, stickerUpdate } from "../../src/telegram/updates.js";
import { createHarness, leakedPlaceholders, type Harness } from "../support/bot-harness.js";
import { fillFormToSummary } from "../support/flows.js";

const i18n = createI18n("ru");
const LOCALES = ["kk", "ru"] as const;
type Code = (typeof LOCALES)[number];
const tr = (code: Code, key: string, vars?: Record<string, string | number>) => i18n.t(code, key, vars);

const dataOf = (button: InlineKeyboardButton) => ("callback_data" in button ? button.callback_data : "");

let nextUser = 9_613_000;
async function atNameStep(code: Code): Promise<{ h: Harness; user: User }> {
  const h = createHarness();
  const user = makeUser(++nextUser, code);
  await h.say(user, "/start s21");
  await h.press(user, "📝");
  await h.press(user, "✅");
  return { h, user };
}

const texts = (calls: ApiCall[]) =>
  calls.filter((c) => c.method === "sendMessage" || c.method === "editMessageText").map((c) => String(c.payload.text));
const inlineLabels = (call: ApiCall | undefined) =>
  ((call?.payload.reply_markup as { inline_keyboard?: { text: string }[][] } | undefined)?.inline_keyboard ?? [])
    .flat()
    .map((b) => b.text);
const replyLabels = (call: ApiCall | undefined) =>
  ((call?.payload.reply_markup as { keyboard?: { text: string }[][] } | undefined)?.keyboard ?? [])
    .flat()
    .map((b) => b.text);
const removesReplyKeyboard = (calls: ApiCall[]) =>
  calls.some((c) => (c.payload.reply_markup as { remove_keyboard?: boolean } | undefined)?.remove_keyboard === true);

/** The form is closed: a name-like text is now a search, not the form's name. */
async function expectFormClosed(h: Harness, user: User, code: Code) {
  const after = await h.say(user, "Айгерим Сапарова");
  expect(texts(after).join("\n")).not.toContain(tr(code, "form-ask-phone"));
  expect(await h.deps.stores.preApplications.listByCitizen(user.id)).toEqual([]);
}

describe.each(LOCALES)("leaving an unfinished form (%s)", (code) => {
  it("/start leaves the form, says so, removes the reply keyboard and shows the main menu", async () => {
    const { h, user } = await atNameStep(code);
    await h.say(user, "Айгерим Сапарова");
    const calls = await h.say(user, "/start");
    expect(texts(calls)[0]).toBe(tr(code, "form-left"));
    expect(removesReplyKeyboard(calls)).toBe(true);
    expect(inlineLabels(calls.at(-1))).toContain(tr(code, "menu-categories"));
    await expectFormClosed(h, user, code);
    expect(leakedPlaceholders(h.api.calls)).toEqual([]);
  });

  it("a deep link opens its card", async () => {
    const { h, user } = await atNameStep(code);
    const calls = await h.say(user, "/start s9");
    expect(texts(calls)[0]).toBe(tr(code, "form-left"));
    expect(inlineLabels(calls.at(-1)).some((label) => label.includes("📝"))).toBe(true);
    await expectFormClosed(h, user, code);
  });

  it("/help and /my answer as always", async () => {
    const { h, user } = await atNameStep(code);
    const help = await h.say(user, "/help");
    expect(texts(help)).toEqual([tr(code, "form-left"), expect.stringContaining(tr(code, "help-text").slice(0, 20))]);
    const again = await atNameStep(code);
    const my = await again.h.say(again.user, "/my");
    expect(texts(my)[0]).toBe(tr(code, "form-left"));
    expect(texts(my).join("\n")).not.toContain(tr(code, "form-hint-name"));
  });

  it("an old main-menu button and a route button work", async () => {
    const { h, user } = await atNameStep(code);
    const menu = await h.send(callbackUpdate(user, encodeRoute({ kind: "main" }), 1));
    expect(texts(menu)).toContain(tr(code, "form-left"));
    expect(inlineLabels(menu.at(-1))).toContain(tr(code, "menu-categories"));
    await expectFormClosed(h, user, code);
    const second = await atNameStep(code);
    const categories = await second.h.send(callbackUpdate(second.user, encodeRoute({ kind: "categories" }), 1));
    expect(texts(categories)).toContain(tr(code, "form-left"));
    expect(texts(categories).join("\n")).not.toContain(tr(code, "form-hint-name"));
  });

  it("free text that is not an answer still gets the step's hint, and every hint says how to leave", async () => {
    const { h, user } = await atNameStep(code);
    const sticker = await h.send(stickerUpdate(user));
    expect(texts(sticker).join("\n")).toContain(tr(code, "form-hint-name"));
    expect(texts(sticker).join("\n")).toContain("/cancel");
    await h.say(user, "Айгерим Сапарова");
    const wrong = await h.send(stickerUpdate(user));
    expect(texts(wrong).join("\n")).toContain(tr(code, "form-hint-phone"));
    expect(texts(wrong).join("\n")).toContain("/cancel");
    const typo = await h.say(user, "садик");
    expect(texts(typo).join("\n")).toContain(tr(code, "phone-problem-invalid_characters"));
  });

  it("the phone step's reply keyboard has Cancel, which ends like /cancel", async () => {
    const { h, user } = await atNameStep(code);
    const asked = await h.say(user, "Айгерим Сапарова");
    const phoneAsk = asked.find((c) => c.payload.text === tr(code, "form-ask-phone"));
    expect(replyLabels(phoneAsk)).toEqual([tr(code, "form-share-phone"), tr(code, "form-cancel-button")]);
    const calls = await h.say(user, tr(code, "form-cancel-button"));
    expect(texts(calls)[0]).toBe(tr(code, "form-cancelled"));
    expect(removesReplyKeyboard(calls)).toBe(true);
    expect(inlineLabels(calls.at(-1))).toContain(tr(code, "menu-categories"));
    await expectFormClosed(h, user, code);
  });

  it("the reply keyboard is removed when the phone is given", async () => {
    const { h, user } = await atNameStep(code);
    await h.say(user, "Айгерим Сапарова");
    const calls = await h.send(contactUpdate(user, "77011234567"));
    expect(removesReplyKeyboard(calls)).toBe(true);
  });
});

describe.each(LOCALES)("the form's own Cancel button (%s)", (code) => {
  it("ends with the same way out as /cancel: the message, then the main menu", async () => {
    const viaButton = await atNameStep(code);
    const pressed = await viaButton.h.press(viaButton.user, tr(code, "form-cancel-button"));
    const viaCommand = await atNameStep(code);
    const typed = await viaCommand.h.say(viaCommand.user, "/cancel");
    const shown = (calls: ApiCall[]) =>
      calls
        .filter((c) => c.method === "sendMessage")
        .map((c) => ({ text: c.payload.text, markup: c.payload.reply_markup }));
    expect(shown(pressed)).toEqual(shown(typed));
    expect(texts(pressed)[0]).toBe(tr(code, "form-cancelled"));
    expect(inlineLabels(pressed.at(-1))).toContain(tr(code, "menu-categories"));
    // The pressed message keeps no live buttons.
    const dropped = pressed.find((c) => c.method.startsWith("editMessage"));
    expect(inlineLabels(dropped)).toEqual([]);
    await expectFormClosed(viaButton.h, viaButton.user, code);
  });
});

describe.each(LOCALES)("answered and outdated buttons (%s)", (code) => {
  it("consent and channel answers show the choice and drop their keyboards", async () => {
    const h = createHarness();
    const user = makeUser(++nextUser, code);
    await h.say(user, "/start s21");
    await h.press(user, "📝");
    const consent = h.lastScreen(user.id);
    const consented = await h.press(user, "✅");
    const consentEdit = consented.find(
      (c) => c.method === "editMessageText" && Number(c.payload.message_id) === consent.messageId,
    );
    expect(consentEdit).toBeDefined();
    expect(String(consentEdit!.payload.text)).toContain(tr(code, "form-consent-yes"));
    expect(inlineLabels(consentEdit)).toEqual([]);
    await h.say(user, "Айгерим Сапарова");
    await h.send(contactUpdate(user, "77011234567"));
    const channels = h.lastScreen(user.id);
    const channelButton = channels.buttons.flat().find((b) => decodeRoute(dataOf(b))?.kind === "formChannel")!;
    const chosen = await h.press(user, channelButton.text);
    const channelEdit = chosen.find(
      (c) => c.method === "editMessageText" && Number(c.payload.message_id) === channels.messageId,
    );
    expect(String(channelEdit?.payload.text)).toContain(channelButton.text);
    expect(inlineLabels(channelEdit)).toEqual([]);
  });

  it("an abandoned form's consent buttons do not answer a new form's consent (another service)", async () => {
    const h = createHarness();
    const user = makeUser(++nextUser, code);
    await h.say(user, "/start s9");
    await h.press(user, "📝");
    const abandoned = h.lastScreen(user.id);
    const abandonedYes = abandoned.buttons.flat().find((b) => decodeRoute(dataOf(b))?.kind === "formConsent")!;
    await h.say(user, "/start s21");
    await h.press(user, "📝");
    const pressed = await h.send(callbackUpdate(user, dataOf(abandonedYes), abandoned.messageId, abandoned.text));
    expect(pressed.find((c) => c.method === "answerCallbackQuery")?.payload.text).toContain(
      tr(code, "form-use-buttons"),
    );
    expect(texts(pressed)).not.toContain(tr(code, "form-ask-name"));
    expect(
      pressed.some(
        (c) =>
          c.method.startsWith("editMessage") &&
          Number(c.payload.message_id) === abandoned.messageId &&
          inlineLabels(c).length === 0,
      ),
    ).toBe(true);
    await h.press(user, "✅");
    expect(h.lastScreen(user.id).text).toBe(tr(code, "form-ask-name"));
  });

  it("an outdated summary's ✅ says so, shows the current summary, and never stores the new draft", async () => {
    const h = createHarness();
    const user = makeUser(++nextUser, code);
    await fillFormToSummary(h, user, 21, { name: "Айгерим Сапарова" });
    const old = h.lastScreen(user.id);
    const oldConfirm = old.buttons.flat().find((b) => decodeRoute(dataOf(b))?.kind === "formConfirm")!;
    const editing = await h.press(user, tr(code, "form-edit-button"));
    // The summary being edited loses its buttons.
    expect(
      editing.some(
        (c) =>
          c.method.startsWith("editMessage") &&
          Number(c.payload.message_id) === old.messageId &&
          inlineLabels(c).length === 0,
      ),
    ).toBe(true);
    await h.press(user, tr(code, "field-name"));
    await h.say(user, "Дина Ахметова");
    const current = h.lastScreen(user.id);
    expect(current.text).toContain("Дина Ахметова");
    const pressedOld = await h.send(callbackUpdate(user, dataOf(oldConfirm), old.messageId, old.text));
    expect(await h.deps.stores.preApplications.listByCitizen(user.id)).toEqual([]);
    const outdated = pressedOld.find(
      (c) => c.method === "editMessageText" && Number(c.payload.message_id) === old.messageId,
    );
    expect(String(outdated?.payload.text)).toContain(tr(code, "form-summary-outdated"));
    expect(inlineLabels(outdated)).toEqual([]);
    const shownAgain = h.lastScreen(user.id);
    expect(shownAgain.text).toContain("Дина Ахметова");
    expect(shownAgain.buttons.flat().map((b) => b.text)).toContain(tr(code, "form-confirm-button"));
    await h.press(user, tr(code, "form-confirm-button"));
    const apps = await h.deps.stores.preApplications.listByCitizen(user.id);
    expect(apps.map((a) => a.applicantName)).toEqual(["Дина Ахметова"]);
    expect(leakedPlaceholders(h.api.calls)).toEqual([]);
  });
});
