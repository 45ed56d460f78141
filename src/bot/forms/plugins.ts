/**
 * Plugins installed inside every form. A conversation builds a fresh Api for each update it replays,
 * so the bot's API transformers do not reach it (grammy-notes.md): the HTML defaults and the tolerance
 * of too-late button answers are installed again here. Neither waits or repeats a call, so running
 * them on every replay is harmless. Without the second, a form replayed on another instance (Telegram
 * redelivering an update whose button the first instance had answered) failed on the answer.
 */
import type { Context, MiddlewareFn } from "grammy";
import { htmlDefaults } from "../transformers/html-defaults.js";
import { ignoreStaleQueryAnswers } from "../transformers/stale-query.js";

const formApiDefaults: MiddlewareFn<Context> = async (ctx, next) => {
  ctx.api.config.use(htmlDefaults, ignoreStaleQueryAnswers);
  await next();
};

export const formPlugins = [formApiDefaults];
