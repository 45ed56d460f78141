/**
 * What is left after every feature: messages the bot cannot read (stickers, photos, voice…), texts
 * too long to be a request, and unknown commands. Each gets a clear answer and the main menu.
 */
import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { replyView } from "../show.js";
import { mainMenuView } from "../views/menu.js";

/** Longer texts are not requests to search for; they are answered with the limit instead. */
export const MAX_TEXT_LENGTH = 1000;

export const fallback = new Composer<BotContext>();
const privateChats = fallback.chatType("private");

privateChats.on("message:text", async (ctx) => {
  const menu = mainMenuView(ctx.t.bind(ctx));
  const text = ctx.message.text.length > MAX_TEXT_LENGTH
    ? ctx.t("text-too-long", { length: ctx.message.text.length, max: MAX_TEXT_LENGTH })
    : ctx.t("unsupported-message");
  await replyView(ctx, { ...menu, text });
});

privateChats.on("message", async (ctx) => {
  const menu = mainMenuView(ctx.t.bind(ctx));
  await replyView(ctx, { ...menu, text: ctx.t("unsupported-message") });
});
