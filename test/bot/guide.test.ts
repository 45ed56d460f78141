import { describe, expect, it } from "vitest";
import { decodeRoute, encodeRoute } from "../../src/bot/callback-data.js";
import { LOCALES } from "../../src/domain/catalog.js";
import { callbackUpdate, makeUser } from "../../src/telegram/updates.js";
import { createHarness, leakedPlaceholders, testCatalog } from "../support/bot-harness.js";

describe("the guided questions in the bot", () => {
  it.each(LOCALES)("reach every service in at most 3 taps with no dead end (%s)", async (locale) => {
    const h = createHarness();
    const user = makeUser(800, locale);
    await h.say(user, "/start");
    const reached = new Map<number, number>();
    // Breadth-first over the buttons the bot actually shows, starting from the menu's guide button.
    const queue: { data: string; taps: number }[] = [{ data: encodeRoute({ kind: "guide" }), taps: 0 }];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const { data, taps } = queue.shift()!;
      if (seen.has(data)) continue;
      seen.add(data);
      const calls = await h.send(callbackUpdate(user, data, h.lastScreen(user.id).messageId));
      expect(leakedPlaceholders(calls)).toEqual([]);
      const screen = h.lastScreen(user.id);
      const route = decodeRoute(data)!;
      if (route.kind === "service") {
        expect(screen.text).toContain(
          testCatalog().serviceById.get(route.serviceId)!.name[locale].replace(/&/g, "&amp;"),
        );
        reached.set(route.serviceId, Math.min(taps, reached.get(route.serviceId) ?? Infinity));
        continue;
      }
      const answers = screen.buttons
        .flat()
        .filter((b) => "callback_data" in b && /^(g:|s:)/.test(b.callback_data!) && !b.text.startsWith("⬅️"));
      expect(answers.length, `dead end at ${data}`).toBeGreaterThan(0);
      for (const b of answers) queue.push({ data: (b as { callback_data: string }).callback_data, taps: taps + 1 });
    }
    expect([...reached.keys()].sort((a, b) => a - b)).toEqual(testCatalog().services.map((s) => s.id));
    expect(Math.max(...reached.values())).toBeLessThanOrEqual(3);
  });

  it("leads Back from a card to its question, and from the first question to the main menu", async () => {
    const h = createHarness();
    const user = makeUser(801, "en");
    await h.say(user, "/start");
    await h.press(user, "🧭");
    const first = h.lastScreen(user.id).text;
    await h.press(user, /under school age/);
    const question = h.lastScreen(user.id).text;
    await h.press(user, /waiting list/);
    expect(h.lastScreen(user.id).text).toContain("Kindergarten waiting list");
    await h.press(user, "⬅️");
    expect(h.lastScreen(user.id).text).toBe(question);
    await h.press(user, "⬅️");
    expect(h.lastScreen(user.id).text).toBe(first);
    // The first question's way back is the main menu: one button for it, not a Back beside it.
    const labels = h
      .lastScreen(user.id)
      .buttons.flat()
      .map((b) => b.text);
    expect(labels.filter((label) => label.startsWith("⬅️"))).toEqual([]);
    await h.press(user, "🏠 Main menu");
    expect(h.lastScreen(user.id).text).toContain("Main menu");
  });

  it("answers a forged guide node as a stale button", async () => {
    const h = createHarness();
    const calls = await h.send(callbackUpdate(makeUser(802, "en"), "g:nosuchnode", 1));
    expect(calls.find((c) => c.method === "answerCallbackQuery")?.payload.text).toBe(
      "This menu has changed. Here is the current one.",
    );
  });

  it("shows on a card the guide led to the life situations it is for, in the user's language", async () => {
    const situations = testCatalog().situations.get(7)!;
    for (const [locale, who, what, heading, situation] of [
      ["ru", /Ребёнок до школы/, /Встать в очередь/, "Обычно обращаются, когда:", situations.ru[0]!],
      ["kk", /Мектеп жасына дейінгі/, /кезекке тұру/, "Әдетте мына жағдайларда жүгінеді:", situations.kk[0]!],
    ] as const) {
      const h = createHarness();
      const user = makeUser(803, locale);
      await h.say(user, "/start");
      await h.press(user, "🧭");
      await h.press(user, who);
      await h.press(user, what);
      const card = h.lastScreen(user.id).text;
      expect(card).toContain(heading);
      expect(card).toContain(`• ${situation.charAt(0).toUpperCase()}${situation.slice(1)}`);
    }
  });

  it("keeps the card as it was when it is not reached through the guide", async () => {
    const h = createHarness();
    const user = makeUser(804, "ru");
    await h.say(user, "как встать в очередь в детсад");
    await h.press(user, /^7\. /);
    expect(h.lastScreen(user.id).text).not.toContain("Обычно обращаются, когда:");
  });
});
