/** Screens built once per language (src/bot/views/screen-cache.ts), and what the bot shows from them. */
import { InlineKeyboard } from "grammy";
import { describe, expect, it } from "vitest";
import { createI18n } from "../../src/bot/i18n.js";
import { cachedScreen } from "../../src/bot/views/screen-cache.js";
import { makeUser } from "../../src/telegram/updates.js";
import { createHarness } from "../support/bot-harness.js";

describe("screens built once per language", () => {
  it("builds a screen once per language with that language's texts, and freezes it", () => {
    const i18n = createI18n("ru");
    let builds = 0;
    const build = (t: (key: string) => string) => {
      builds += 1;
      return { text: t("menu-title"), keyboard: new InlineKeyboard().text(t("btn-main-menu"), "m") };
    };
    const ru = cachedScreen(i18n, "ru", "test", build);
    expect(cachedScreen(i18n, "ru", "test", build)).toBe(ru);
    const kk = cachedScreen(i18n, "kk", "test", build);
    expect(builds).toBe(2);
    expect(ru.text).toBe(i18n.t("ru", "menu-title"));
    expect(kk.text).toBe(i18n.t("kk", "menu-title"));
    expect(() => ru.keyboard!.inline_keyboard[0]!.push({ text: "x", callback_data: "x" })).toThrow(TypeError);
    expect(() => ((ru as { text: string }).text = "changed")).toThrow(TypeError);
  });

  it("gives each user the menu in their own language, whoever opened it first", async () => {
    const h = createHarness();
    const ru = makeUser(5_401, "ru");
    const kk = makeUser(5_402, "kk");
    const i18n = createI18n("ru");
    await h.say(ru, "/start");
    await h.press(ru, /📚/);
    await h.say(kk, "/start");
    await h.press(kk, /📚/);
    await h.press(kk, i18n.t("kk", "btn-main-menu"));
    await h.press(ru, i18n.t("ru", "btn-main-menu"));
    expect(h.lastScreen(kk.id).text).toBe(i18n.t("kk", "menu-title"));
    expect(h.lastScreen(ru.id).text).toBe(i18n.t("ru", "menu-title"));
    expect(h.lastScreen(ru.id).buttons.flat().map((b) => b.text)).toContain(i18n.t("ru", "menu-help"));
    expect(h.lastScreen(kk.id).buttons.flat().map((b) => b.text)).toContain(i18n.t("kk", "menu-help"));
  });
});
