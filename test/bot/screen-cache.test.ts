/**
 * Screens built once per bot and language (src/bot/views/screen-cache.ts): the cache alone, and the
 * real bot driven with real updates, where a shared screen must never carry one user's language, name
 * or role to another.
 */
import { describe, expect, it, vi } from "vitest";
import { ScreenCache } from "../../src/bot/views/screen-cache.js";
import type { Translate } from "../../src/bot/views/format.js";
import { callbackUpdate, makeUser } from "../../src/telegram/updates.js";
import { createHarness } from "../support/bot-harness.js";

describe("ScreenCache", () => {
  const translatorOf =
    (locale: string): Translate =>
    (key) =>
      `${locale}:${key}`;

  it("builds a screen once per language and key, with that language's translations", () => {
    const cache = new ScreenCache(translatorOf);
    let builds = 0;
    const build = (t: Translate) => {
      builds += 1;
      return { text: t("title") };
    };
    expect(cache.view("kk", "m", build)?.text).toBe("kk:title");
    expect(cache.view("kk", "m", build)?.text).toBe("kk:title");
    expect(cache.view("ru", "m", build)?.text).toBe("ru:title");
    expect(builds).toBe(2);
    expect(cache.size).toBe(2);
  });

  it("keeps no screen that could not be built, and shares kept screens frozen down to their buttons", () => {
    const cache = new ScreenCache(translatorOf);
    expect(cache.view("ru", "c:gone", () => undefined)).toBeUndefined();
    expect(cache.size).toBe(0);
    const view = cache.view("ru", "cats", () => ({
      text: "x",
      keyboard: { inline_keyboard: [[{ text: "a", callback_data: "a" }]] },
    }))!;
    expect(() => view.keyboard!.inline_keyboard[0]!.push({ text: "b", callback_data: "b" })).toThrow(TypeError);
    expect(() => {
      (view.keyboard!.inline_keyboard[0]![0] as { text: string }).text = "changed";
    }).toThrow(TypeError);
  });
});

describe("the bot's shared screens", () => {
  /** The text and buttons of the screen a call showed. */
  const shown = (calls: { method: string; payload: Record<string, unknown> }[]) => {
    const call = calls.findLast((c) => c.method === "sendMessage" || c.method === "editMessageText")!;
    return { text: String(call.payload.text), markup: JSON.stringify(call.payload.reply_markup) };
  };

  it("shows each user the card in their own language, the same each time, built once", async () => {
    const harness = createHarness();
    const kazakh = makeUser(31_001, "kk");
    const russian = makeUser(31_002, "ru");
    await harness.say(kazakh, "/start");
    await harness.say(russian, "/start");
    const kkCard = shown(await harness.send(callbackUpdate(kazakh, "s:7", 1, "menu")));
    const ruCard = shown(await harness.send(callbackUpdate(russian, "s:7", 2, "menu")));
    const { catalog } = harness.deps;
    expect(kkCard.text).toContain(catalog.serviceById.get(7)!.name.kk);
    expect(ruCard.text).toContain(catalog.serviceById.get(7)!.name.ru);
    expect(ruCard.text).not.toContain(catalog.serviceById.get(7)!.name.kk);
    // The second time, the card is not built again: no translation is looked up for it.
    const translate = vi.spyOn(harness.deps.i18n.fluent, "translate");
    const again = shown(await harness.send(callbackUpdate(russian, "s:7", 2, "menu")));
    expect(again).toEqual(ruCard);
    expect(translate).not.toHaveBeenCalled();
  });

  it("greets each user by their own name on the shared main menu", async () => {
    const harness = createHarness();
    const first = makeUser(31_011, "ru", "Айгерим");
    const second = makeUser(31_012, "ru", "Иван");
    const firstMenu = shown(await harness.say(first, "/start"));
    const secondMenu = shown(await harness.say(second, "/start"));
    expect(firstMenu.text).toContain("Айгерим");
    expect(secondMenu.text).toContain("Иван");
    expect(secondMenu.text).not.toContain("Айгерим");
    expect(secondMenu.markup).toBe(firstMenu.markup);
    // The menu under a button has no greeting at all.
    const plain = shown(await harness.send(callbackUpdate(second, "m", 1, "menu")));
    expect(plain.text).not.toContain("Иван");
    expect(secondMenu.text.endsWith(plain.text)).toBe(true);
  });

  it("shows the table's data notes on an administrator's card and never on a citizen's after it", async () => {
    const admin = makeUser(31_021, "ru");
    const citizen = makeUser(31_022, "ru");
    const harness = createHarness({ config: { adminIds: [admin.id] } });
    await harness.say(admin, "/start");
    await harness.say(citizen, "/start");
    const note = harness.deps.i18n.t("ru", "card-phone-inferred");
    const adminCard = shown(await harness.send(callbackUpdate(admin, "s:22", 1, "menu")));
    const citizenCard = shown(await harness.send(callbackUpdate(citizen, "s:22", 2, "menu")));
    expect(adminCard.text).toContain(note);
    expect(citizenCard.text).not.toContain(note);
    expect(shown(await harness.send(callbackUpdate(admin, "s:22", 1, "menu"))).text).toContain(note);
  });

  it("ends a screen's keyboard with no empty row and no Back that only repeats the main menu", async () => {
    // Before: the categories list ended [..., [], [Back → m, Main menu → m]], search results with [] too.
    const harness = createHarness();
    const user = makeUser(31_041, "ru");
    await harness.say(user, "/start");
    for (const calls of [
      await harness.send(callbackUpdate(user, "cats", 1, "menu")),
      await harness.send(callbackUpdate(user, "c:preschool", 1, "menu")),
      await harness.say(user, "садик очередь"),
    ]) {
      const call = calls.findLast((c) => c.method === "sendMessage" || c.method === "editMessageText")!;
      const rows = (call.payload.reply_markup as { inline_keyboard: { callback_data?: string }[][] }).inline_keyboard;
      expect(rows.filter((row) => row.length === 0)).toEqual([]);
      const toMain = rows.flat().filter((button) => button.callback_data === "m");
      expect(toMain).toHaveLength(1);
    }
  });

  it("gives a card reached from a category the way back to that category, and from the menu none", async () => {
    const harness = createHarness();
    const user = makeUser(31_031, "ru");
    await harness.say(user, "/start");
    const fromCategory = shown(await harness.send(callbackUpdate(user, "s:7:c:preschool", 1, "menu")));
    const fromMenu = shown(await harness.send(callbackUpdate(user, "s:7", 1, "menu")));
    expect(fromCategory.markup).toContain('"callback_data":"c:preschool"');
    expect(fromMenu.markup).not.toContain('"callback_data":"c:preschool"');
  });
});
