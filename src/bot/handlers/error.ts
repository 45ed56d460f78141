/**
 * The error boundary's handler: logs the failure and tells the user in their language, even when the
 * error happened before i18n ran — "temporarily unavailable" for an outage, "sorry" for a bug.
 */
import type { BotError } from "grammy";
import type { Metrics } from "../../metrics.js";
import type { BotContext, BotDeps } from "../context.js";
import { isServiceUnavailable } from "../errors.js";

export function apologize(deps: BotDeps, metrics: Metrics | undefined) {
  return async (error: BotError<BotContext>): Promise<void> => {
    const ctx = error.ctx;
    const unavailable = isServiceUnavailable(error.error);
    metrics?.updateErrors.inc();
    ctx.log.error({ err: error.error, unavailable }, "update failed");
    const text = deps.i18n.t(
      ctx.locale ?? deps.config.defaultLocale,
      unavailable ? "service-degraded" : "error-generic",
    );
    try {
      // Telegram shows only the first answer to a button, and the handler may have given it before
      // failing: in a private chat the apology goes into the chat, the button is only released.
      if (ctx.chat?.type === "private") {
        if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
        await ctx.reply(text);
      } else if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
    } catch (replyError) {
      ctx.log.warn({ err: replyError }, "could not tell the user about the failure");
    }
  };
}
