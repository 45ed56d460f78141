/** Officers' contacts: the list with phones and services, and a Telegram contact card per officer. */
import type { BotContext } from "../context.js";
import { answerStaleButton, CommandHandlers, onCommand, onRoute, RouteHandlers } from "../router.js";
import { showView } from "../show.js";
import { contactPhone } from "../views/format.js";
import { officersView } from "../views/officers.js";

export const officersCommands = new CommandHandlers();
export const officersButtons = new RouteHandlers();

const listView = (ctx: BotContext) =>
  officersView(ctx.t.bind(ctx), ctx.deps.catalog, ctx.locale, ctx.deps.config.phoneAreaCode);

onCommand(officersCommands, "officers", (ctx) => showView(ctx, listView(ctx)));

onRoute(officersButtons, "officers", async (ctx) => {
  await ctx.answerCallbackQuery();
  await showView(ctx, listView(ctx));
});

onRoute(officersButtons, "officerContact", async (ctx, route) => {
  const officer = ctx.deps.catalog.officerById.get(route.officerId);
  if (!officer) return answerStaleButton(ctx);
  await ctx.answerCallbackQuery({ text: ctx.t("officer-contact-sent", { name: officer.name }) });
  await ctx.replyWithContact(contactPhone(officer.phone, ctx.deps.config.phoneAreaCode), officer.name);
});
