/** /start with its deep links (`/start s7` opens service 7), the main menu, help and privacy. */
import type { BotContext } from "../context.js";
import { CommandHandlers, onCommand, onRoute, RouteHandlers } from "../router.js";
import { replyView, showView } from "../show.js";
import { escapeHtml } from "../views/format.js";
import { mainMenuFor } from "../views/menu.js";
import type { View } from "../views/view.js";
import { serviceCard } from "./browse.js";
import { redeemInvite } from "./admin.js";
import { staffHomeView } from "./officer-desk.js";

const SERVICE_LINK = /^s(\d{1,4})$/;
/** Officer invite links: `/start inv_<token>` (see features/admin.ts). */
export const INVITE_PREFIX = "inv_";

/** The screen a /start payload opens, or undefined when the payload names nothing we have. */
export function deepLinkView(ctx: BotContext, payload: string): View | undefined {
  const service = SERVICE_LINK.exec(payload);
  return service ? serviceCard(ctx, Number(service[1])) : undefined;
}

/** The help screen for this user, with the main menu under it: staff commands only for staff. */
export async function helpView(ctx: BotContext): Promise<View> {
  const citizen = { kind: "citizen" as const };
  // Help must work while Redis is down: an officer then sees the citizen's help rather than an apology.
  const actor = ctx.from
    ? await ctx.app.actorOf(ctx.from.id).catch((error: unknown) => {
        ctx.log.warn({ err: (error as Error).message }, "could not tell the user's role for /help");
        return citizen;
      })
    : citizen;
  const parts = [ctx.t("help-text")];
  if (actor.kind !== "citizen") parts.push(ctx.t("help-officer"));
  if (actor.kind === "admin") parts.push(ctx.t("help-admin"));
  return { text: parts.join("\n\n"), keyboard: mainMenuFor(ctx).keyboard };
}

/** The privacy notice: what is stored, why, for how long, how to delete it. */
export function privacyView(ctx: BotContext): View {
  return {
    text: ctx.t("privacy-text", { days: ctx.deps.config.retentionDays, idleDays: ctx.deps.config.idleCloseDays }),
    keyboard: mainMenuFor(ctx).keyboard,
  };
}

export const startCommands = new CommandHandlers();
export const startButtons = new RouteHandlers();

onCommand(startCommands, "start", async (ctx) => {
  const payload = ctx.match.trim();
  if (payload.startsWith(INVITE_PREFIX)) return redeemInvite(ctx, payload.slice(INVITE_PREFIX.length));
  if (payload) {
    const view = deepLinkView(ctx, payload);
    if (view) return replyView(ctx, view);
    const menu = mainMenuFor(ctx);
    return replyView(ctx, { ...menu, text: `${ctx.t("deeplink-unknown")}\n\n${menu.text}` });
  }
  // Staff land on their desk (with a way to the citizens' menu); everyone else on the main menu. The
  // role is read from Redis: while it is away /start still answers, with the main menu.
  const greeting = ctx.t("start-greeting", { name: escapeHtml(ctx.from.first_name) });
  const actor = await ctx.app.actorOf(ctx.from.id).catch(() => undefined);
  if (actor && actor.kind !== "citizen") {
    const home = await staffHomeView(ctx, actor);
    return replyView(ctx, { ...home, text: `${greeting}\n\n${home.text}` });
  }
  await replyView(ctx, mainMenuFor(ctx, greeting));
});

onCommand(startCommands, "help", async (ctx) => replyView(ctx, await helpView(ctx)));
onCommand(startCommands, "privacy", (ctx) => replyView(ctx, privacyView(ctx)));

onRoute(startButtons, "main", async (ctx) => {
  await ctx.answerCallbackQuery();
  await showView(ctx, mainMenuFor(ctx));
});

onRoute(startButtons, "help", async (ctx) => {
  await ctx.answerCallbackQuery();
  await showView(ctx, await helpView(ctx));
});
