/**
 * What is left after every feature: messages the bot cannot read (stickers, photos, voice…), texts
 * too long to be a request, and unknown commands. Each gets a clear answer and the main menu.
 */
import { FeatureComposer } from "../composer.js";
import type { BotContext } from "../context.js";
import { replyView } from "../show.js";
import { escapeHtml, truncate } from "../views/format.js";
import { mainMenuFor } from "../views/menu.js";
import { helpView } from "./start.js";

/** Longer texts are not requests to search for; they are answered with the limit instead. */
export const MAX_TEXT_LENGTH = 1000;

export const fallback = new FeatureComposer<BotContext>();
const privateChats = fallback.chatType("private");

/** A command no feature knows (a typo, an old one): named back, with what the bot can do. */
privateChats.on("message:text", async (ctx, next) => {
  const command = /^\/\S+/.exec(ctx.message.text)?.[0];
  if (!command) return next();
  const help = await helpView(ctx);
  await replyView(ctx, {
    ...help,
    text: `${ctx.t("journey-unknown-command", { command: escapeHtml(truncate(command, 40)) })}\n\n${help.text}`,
  });
});

privateChats.on("message:text", async (ctx) => {
  const menu = mainMenuFor(ctx);
  const text =
    ctx.message.text.length > MAX_TEXT_LENGTH
      ? ctx.t("text-too-long", { length: ctx.message.text.length, max: MAX_TEXT_LENGTH })
      : ctx.t("unsupported-message");
  await replyView(ctx, { ...menu, text });
});

/** Voice, pictures and files outside a form: say what the bot reads instead. */
privateChats.on(
  ["message:voice", "message:audio", "message:video_note", "message:photo", "message:video", "message:document"],
  async (ctx) => {
    await replyView(ctx, { ...mainMenuFor(ctx), text: ctx.t("media-not-understood") });
  },
);

privateChats.on("message", async (ctx) => {
  const menu = mainMenuFor(ctx);
  await replyView(ctx, { ...menu, text: ctx.t("unsupported-message") });
});
