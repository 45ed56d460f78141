/**
 * The conversations plugin (forms), with the open forms kept in Redis when the stores have it; a form
 * that cannot be read while Redis is away counts as none, except on the form's own buttons.
 *
 * Most updates come with no form open, yet the plugin reads the forms' state on every one. The session
 * (read anyway) says whether a form is open in the user's private chat (`formOpen`: set when the forms'
 * state is written, cleared when it is deleted or read and found gone, never changed by a failed read),
 * so that read is skipped when none is. Only in private chats, where the form's key (the chat) and the
 * session's (the user) are the same person.
 */
import { type Context } from "grammy";
import { conversations } from "@grammyjs/conversations";
import { resilientFormStorage } from "../../store/resilient-storage.js";
import { isFormButton } from "../callback-data.js";
import type { BotContext, BotDeps, SessionData } from "../context.js";

/** The session that speaks for the form of this update's chat, if there is one. */
function sessionOfFormChat(ctx: Context): SessionData | undefined {
  if (ctx.chat?.type !== "private" || ctx.chat.id !== ctx.from?.id) return undefined;
  return (ctx as BotContext).session;
}

export function forms(deps: BotDeps) {
  const stored = deps.stores.forms;
  return conversations<BotContext, Context>(
    stored
      ? {
          storage: {
            type: "context",
            version: 1,
            adapter: resilientFormStorage(stored, {
              onError: (error) => deps.logger.warn({ err: (error as Error).message }, "form storage unavailable"),
              needsForm: (ctx) => isFormButton(ctx.callbackQuery?.data),
              known: {
                closed: (ctx) => sessionOfFormChat(ctx)?.formOpen === false,
                remember: (ctx, open) => {
                  const session = sessionOfFormChat(ctx);
                  if (session) session.formOpen = open;
                },
              },
            }),
          },
        }
      : {},
  );
}
