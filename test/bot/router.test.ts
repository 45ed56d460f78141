/**
 * The routers (src/bot/router.ts). Buttons: every route of the table has exactly one handler in the bot
 * (a route without one would be answered as stale), and a second handler for a kind is refused when
 * the bot is built rather than silently shadowed. Commands: every command of the menus has its handler,
 * a second one is refused, and a command is read as grammY's command filter reads it.
 */
import { describe, expect, it } from "vitest";
import { FEATURE_BUTTONS, FEATURE_COMMANDS } from "../../src/bot/bot.js";
import { ROUTES, type RouteKind } from "../../src/bot/callback-data.js";
import { ADMIN_COMMANDS, COMMANDS, OFFICER_COMMANDS } from "../../src/bot/commands.js";
import {
  CommandHandlers,
  onCommand,
  onRoute,
  routeButtons,
  routeCommands,
  RouteHandlers,
} from "../../src/bot/router.js";
import { makeUser } from "../../src/telegram/updates.js";
import { createHarness } from "../support/bot-harness.js";

describe("the button router", () => {
  it("has one handler for every route but the buttons only a running form answers", () => {
    const handled = FEATURE_BUTTONS.flatMap((table) => [...table.byKind.keys()]).sort();
    // formCancel is answered by forms/exits.ts (even with no form open); formConfirm by a route handler too.
    const formOnly = new Set<RouteKind>([
      "formCancel",
      "formConsent",
      "formChannel",
      "formSkip",
      "formEdit",
      "formFiledDay",
      "formEditField",
    ]);
    const expected = (Object.keys(ROUTES) as RouteKind[]).filter((kind) => !formOnly.has(kind)).sort();
    expect(handled).toEqual(expected);
    expect(() => routeButtons(...FEATURE_BUTTONS)).not.toThrow();
  });

  it("refuses a second handler for a route kind, in one table or across two", async () => {
    const first = new RouteHandlers();
    onRoute(first, "main", async () => undefined);
    expect(() => onRoute(first, "main", async () => undefined)).toThrow(/two handlers.*"main"/);
    const second = new RouteHandlers();
    onRoute(second, "main", async () => undefined);
    expect(() => routeButtons(first, second)).toThrow(/two handlers.*"main"/);
  });
});

describe("the command router", () => {
  it("has one handler for every command of the menus and /deletedata, but /cancel (the forms' way out)", () => {
    const handled = FEATURE_COMMANDS.flatMap((table) => [...table.byName.keys()]).sort();
    const menus = new Set<string>([...COMMANDS, ...OFFICER_COMMANDS, ...ADMIN_COMMANDS, "deletedata"]);
    menus.delete("cancel");
    expect(handled).toEqual([...menus].sort());
    expect(() => routeCommands(...FEATURE_COMMANDS)).not.toThrow();
  });

  it("refuses a second handler for a command, in one table or across two", () => {
    const first = new CommandHandlers();
    onCommand(first, "help", () => undefined);
    expect(() => onCommand(first, "help", () => undefined)).toThrow(/two handlers.*\/help/);
    const second = new CommandHandlers();
    onCommand(second, "help", () => undefined);
    expect(() => routeCommands(first, second)).toThrow(/two handlers.*\/help/);
  });

  it("takes a command addressed to this bot in any case, and its arguments without the leading spaces", async () => {
    const h = createHarness();
    const user = makeUser(50_001, "ru", "Айгерим");
    await h.say(user, "/start@kyzmet_bot");
    expect(h.lastScreen(user.id).text).toContain("Здравствуйте, Айгерим!");
    await h.say(user, "/help@KYZMET_BOT");
    expect(h.lastScreen(user.id).text).toContain("Как пользоваться ботом");
    await h.say(user, "/search    опека");
    const results = h.lastScreen(user.id);
    await h.say(user, "опека");
    expect(h.lastScreen(user.id).text).toBe(results.text);
  });

  it("leaves to the fallback a command for another bot, in another case, or unknown", async () => {
    const h = createHarness();
    const user = makeUser(50_002, "ru");
    for (const text of ["/start@other_bot", "/Start", "/nosuchcommand"]) {
      await h.say(user, text);
      expect(h.lastScreen(user.id).text).toContain(`Я не знаю команды ${text}.`);
    }
  });
});
