/**
 * Every reachable screen, walked breadth-first over the buttons from each entry point (issue 13,
 * item 16): no screen shows "undefined" or a raw locale key, and every screen has a way back to the
 * main menu. Forms (pre-application, rejection reason) are entered by their own tests, not walked here.
 */
import { describe, expect, it } from "vitest";
import type { InlineKeyboardButton, User } from "grammy/types";
import { createI18n } from "../../src/bot/i18n.js";
import { callbackUpdate, makeUser } from "../../src/telegram/updates.js";
import type { ApiCall } from "../../src/telegram/local-bot-api.js";
import { createHarness, leakedPlaceholders, type Harness } from "../support/bot-harness.js";
import { fillForm, linkOfficer } from "../support/flows.js";

const ADMIN = 16_000;
const i18n = createI18n("ru");
/** A Fluent key that reached the user instead of its text. */
const RAW_KEY =
  /\b(?:form|card|menu|btn|status|journey|help|officer|my|queue|time|channel|field|search|invite|stats|name|phone)-[a-z_]+(?:-[a-z_]+)*\b/;
/** Buttons that open a form or switch to another language: covered elsewhere, not part of this walk. */
const NOT_WALKED = /^(pa:|qr:|lang:)/;

interface Screen {
  text: string;
  messageId: number;
  buttons: InlineKeyboardButton[];
}

/** The screens (sent or edited messages) a step showed to the user, last one last. */
function screensOf(calls: ApiCall[], user: User): Screen[] {
  return calls
    .filter((c) => ["sendMessage", "editMessageText"].includes(c.method) && Number(c.payload.chat_id) === user.id)
    .map((c) => ({
      text: String(c.payload.text),
      messageId:
        c.method === "editMessageText"
          ? Number(c.payload.message_id)
          : Number((c.response as { message_id: number }).message_id),
      buttons:
        (
          c.payload.reply_markup as { inline_keyboard?: InlineKeyboardButton[][] } | undefined
        )?.inline_keyboard?.flat() ?? [],
    }));
}

const dataOf = (b: InlineKeyboardButton) => ("callback_data" in b ? b.callback_data : undefined);

/** Walks every screen reachable from the entry commands; returns the problems found and how many screens were seen. */
async function walk(
  h: Harness,
  user: User,
  locale: "kk" | "ru",
  entries: string[],
): Promise<{ problems: string[]; screens: number }> {
  const menuTitle = i18n.t(locale, "menu-title");
  const problems: string[] = [];
  const seen = new Set<string>();
  const queue: { data: string; messageId: number; from: string }[] = [];
  let screens = 0;

  const check = (where: string, calls: ApiCall[]) => {
    problems.push(...leakedPlaceholders(calls).map((p) => `${where}: ${p}`));
    for (const call of calls) {
      const shown = [call.payload.text, call.payload.caption, JSON.stringify(call.payload.reply_markup ?? "")].filter(
        (t) => typeof t === "string",
      );
      for (const text of shown)
        if (RAW_KEY.test(text as string))
          problems.push(`${where}: raw key ${RAW_KEY.exec(text as string)![0]} in ${String(text).slice(0, 120)}`);
    }
    const shownNow = screensOf(calls, user);
    for (const screen of shownNow) {
      screens++;
      // The way back is checked on the screen a step ends on: a notice sent before it in the same step
      // (e.g. "you left the form" before the screen the pressed button opens) is not where the user stays.
      const endsHere = screen === shownNow[shownNow.length - 1];
      // Help, privacy and other answers carry the main menu's own keyboard under their text.
      const menuKeyboard = ["cats", "find", "my", "help"].every((d) => screen.buttons.some((b) => dataOf(b) === d));
      const isMenu = screen.text.includes(menuTitle) || menuKeyboard;
      // A form's step offers its Cancel, which leaves the form from any step; the walk presses it too, and
      // the screen Cancel leads to must itself have the way back.
      const leavesForm = screen.buttons.some((b) => dataOf(b) === "f:cancel");
      if (endsHere && !isMenu && !leavesForm && !screen.buttons.some((b) => dataOf(b) === "m"))
        problems.push(`${where}: no way back to the menu from "${screen.text.slice(0, 80)}"`);
      for (const button of screen.buttons) {
        const data = dataOf(button);
        if (!data || NOT_WALKED.test(data) || seen.has(data)) continue;
        seen.add(data);
        queue.push({ data, messageId: screen.messageId, from: screen.text.slice(0, 40) });
      }
    }
  };

  for (const entry of entries) check(entry, await h.say(user, entry));
  while (queue.length > 0) {
    const { data, messageId, from } = queue.shift()!;
    check(`[${data}] from "${from}"`, await h.send(callbackUpdate(user, data, messageId)));
  }
  return { problems, screens };
}

describe("every reachable screen", () => {
  it.each(["kk", "ru"] as const)(
    "%s: a citizen's screens have no leaked text and a way back to the menu",
    async (locale) => {
      const h = createHarness({ config: { adminIds: [ADMIN] } });
      const citizen = makeUser(16_001, locale);
      await fillForm(h, citizen, 7);
      const { problems, screens } = await walk(h, citizen, locale, [
        "/start",
        "/my",
        "/help",
        "/officers",
        "/privacy",
        "/language",
        "/search",
        "садик",
        "/nonsense",
      ]);
      expect(problems).toEqual([]);
      expect(screens).toBeGreaterThan(60);
    },
  );

  it.each(["kk", "ru"] as const)("%s: an officer's and an admin's screens too", async (locale) => {
    const h = createHarness({ config: { adminIds: [ADMIN] } });
    const admin = makeUser(ADMIN, locale);
    const officer = makeUser(16_002, locale);
    await linkOfficer(h, officer, "Магзумова", admin);
    await fillForm(h, makeUser(16_003, locale), 7);
    const officerWalk = await walk(h, officer, locale, ["/queue", "/help"]);
    expect(officerWalk.problems).toEqual([]);
    const adminWalk = await walk(h, admin, locale, ["/invite", "/unlink", "/queue", "/stats", "/help"]);
    expect(adminWalk.problems).toEqual([]);
  });
});
