/**
 * Plugins installed inside every form. A conversation builds a fresh Api for each update it replays,
 * so the bot's API transformers do not reach it (grammy-notes.md): the HTML defaults are installed
 * again here. They only fill in options, so running them on every replay is harmless.
 */
import type { Context, MiddlewareFn } from "grammy";
import { htmlDefaults } from "../transformers/html-defaults.js";

const formApiDefaults: MiddlewareFn<Context> = async (ctx, next) => {
  ctx.api.config.use(htmlDefaults);
  await next();
};

export const formPlugins = [formApiDefaults];
