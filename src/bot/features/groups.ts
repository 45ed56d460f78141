/**
 * The bot serves private chats only: citizens' data must not appear in a group. Added to a group, it
 * says so once, with a link to its private chat, and leaves. Other group updates are ignored silently.
 */
import { FeatureComposer } from "../composer.js";
import type { BotContext } from "../context.js";

export const groups = new FeatureComposer<BotContext>();

groups.on("my_chat_member", async (ctx, next) => {
  const chat = ctx.chat;
  const joined = ["member", "administrator"].includes(ctx.myChatMember.new_chat_member.status);
  if (chat.type === "private" || !joined) return next();
  const link = `https://t.me/${ctx.me.username}`;
  if (chat.type !== "channel") await ctx.reply(ctx.t("group-only-private", { link }));
  await ctx.leaveChat();
});

/** Updates from groups and channels stop here; inline queries and private chats go on. */
groups.use(async (ctx, next) => {
  if (ctx.chat && ctx.chat.type !== "private") return;
  await next();
});
