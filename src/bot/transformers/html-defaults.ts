/**
 * Every text the bot sends is HTML (views escape user and catalog text with escapeHtml) and shows no
 * link previews: set here once for every call, instead of at each send. Explicit options still win.
 */
import type { Api, Transformer } from "grammy";

/** Methods whose text or caption Telegram parses with parse_mode. */
const FORMATTED = new Set(["sendMessage", "editMessageText", "sendDocument", "sendPhoto", "editMessageCaption"]);
/** Methods that can show a link preview. */
const PREVIEWED = new Set(["sendMessage", "editMessageText"]);

export const htmlDefaults: Transformer = (prev, method, payload, signal) => {
  if (!FORMATTED.has(method)) return prev(method, payload, signal);
  const defaults: Record<string, unknown> = { parse_mode: "HTML" };
  if (PREVIEWED.has(method)) defaults.link_preview_options = { is_disabled: true };
  return prev(method, { ...defaults, ...payload }, signal);
};

/** Installs the defaults on an Api (the bot's, a form's, or the reminder worker's own). */
export function withHtmlDefaults<A extends Pick<Api, "config">>(api: A): A {
  api.config.use(htmlDefaults);
  return api;
}
