/**
 * A button answered too late (the bot was busy or restarting) is still acted on: only the small notice
 * under the button is lost, never the screen the user asked for. Telegram's "query is too old" answer
 * to answerCallbackQuery is turned into a success, so the handler goes on.
 */
import type { Transformer } from "grammy";

const TOO_OLD = /query is too old|query ID is invalid/;

export const ignoreStaleQueryAnswers: Transformer = async (prev, method, payload, signal) => {
  const result = await prev(method, payload, signal);
  if (!result.ok && method === "answerCallbackQuery" && TOO_OLD.test(result.description)) {
    return { ok: true, result: true as never };
  }
  return result;
};
