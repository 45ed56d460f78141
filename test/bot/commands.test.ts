/**
 * The command menus Telegram shows: citizens see the citizens' commands; an admin's chat gets the staff
 * menu, in each language, including /sources (the data-quality view of a service's details).
 */
import { describe, expect, it } from "vitest";
import { registerCommands } from "../../src/bot/commands.js";
import { createHarness } from "../support/bot-harness.js";

const ADMIN = 9_001;

describe("command menus", () => {
  it("give an admin's chat /sources in every language, described, and keep it out of the citizens' menu", async () => {
    const h = createHarness({ config: { adminIds: [ADMIN] } });
    await registerCommands(h.bot.api, h.deps.i18n, "ru", [ADMIN]);
    const calls = h.api.callsOf("setMyCommands");
    const adminScope = calls.filter(
      (c) => JSON.stringify(c.payload.scope) === JSON.stringify({ type: "chat", chat_id: ADMIN }),
    );
    expect(adminScope.map((c) => c.payload.language_code)).toEqual(["kk", "ru", "en", undefined]);
    const described = adminScope.map(
      (c) => c.payload.commands.find((command) => command.command === "sources")?.description,
    );
    expect(described).toEqual([
      "Қызметтің деректері мен дереккөздері",
      "Данные услуги и источники",
      "A service's data and sources",
      "Данные услуги и источники",
    ]);
    const citizens = calls.filter((c) => c.payload.scope === undefined);
    expect(citizens.length).toBe(4);
    for (const call of citizens)
      expect(call.payload.commands.map((command) => command.command)).not.toContain("sources");
  });
});
