/**
 * A button answered too late (the bot was busy or restarting) is still acted on: only the small notice
 * under the button is lost, never the screen the user asked for. Telegram's "query is too old" answer
 * to answerCallbackQuery is turned into a success, so the handler goes on.
 */
import type { Transformer } from "grammy";

const TOO_OLD = /query is too old|query ID is invalid/;

export const ignoreStaleQueryAnswers: Transformer = (prev, method, payload, signal) => {
  // Every other call passes straight through, without a promise and a turn of the event loop more.
  if (method !== "answerCallbackQuery") return prev(method, payload, signal);
  return prev(method, payload, signal).then((result) =>
    !result.ok && TOO_OLD.test(result.description) ? { ok: true, result: true as never } : result,
  );
};
