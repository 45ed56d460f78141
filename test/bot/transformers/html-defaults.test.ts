/**
 * The HTML defaults every call gets (src/bot/transformers/html-defaults.ts): through the real bot, and
 * on the transformer alone for what the bot's screens do not exercise (an explicit option, a caption).
 */
import { describe, expect, it } from "vitest";
import type { Transformer } from "grammy";
import { makeUser } from "../../../src/telegram/updates.js";
import { htmlDefaults } from "../../../src/bot/transformers/html-defaults.js";
import { createHarness } from "../../support/bot-harness.js";

type Prev = Parameters<Transformer>[0];

/** Runs the transformer on one call; what it handed on to the next one. */
async function passOn(method: string, payload: Record<string, unknown>) {
  let handed: { method: string; payload: Record<string, unknown> } | undefined;
  const prev = (async (m: string, p: Record<string, unknown>) => {
    handed = { method: m, payload: p };
    return { ok: true, result: true };
  }) as unknown as Prev;
  await htmlDefaults(prev, method as never, payload as never, undefined);
  return handed!;
}

describe("HTML defaults", () => {
  it("every message and edit the bot sends is HTML without a link preview", async () => {
    const h = createHarness();
    const user = makeUser(41_001, "ru");
    const calls = [...(await h.say(user, "/start")), ...(await h.press(user, "Услуги по темам"))];
    const screens = calls.filter((c) => c.method === "sendMessage" || c.method === "editMessageText");
    expect(screens.map((c) => c.method)).toEqual(expect.arrayContaining(["sendMessage", "editMessageText"]));
    for (const call of screens) {
      expect(call.payload.parse_mode).toBe("HTML");
      expect(call.payload.link_preview_options).toEqual({ is_disabled: true });
    }
  });

  it("an option the caller set wins over the default", async () => {
    const { payload } = await passOn("sendMessage", {
      chat_id: 1,
      text: "https://egov.kz",
      parse_mode: "MarkdownV2",
      link_preview_options: { url: "https://egov.kz" },
    });
    expect(payload.parse_mode).toBe("MarkdownV2");
    expect(payload.link_preview_options).toEqual({ url: "https://egov.kz" });
  });

  it("a caption is HTML but gets no link-preview option; other methods pass untouched", async () => {
    const caption = await passOn("sendDocument", { chat_id: 1, caption: "<b>x</b>" });
    expect(caption.payload).toEqual({ chat_id: 1, caption: "<b>x</b>", parse_mode: "HTML" });
    const answer = await passOn("answerCallbackQuery", { callback_query_id: "q" });
    expect(answer).toEqual({ method: "answerCallbackQuery", payload: { callback_query_id: "q" } });
  });
});
