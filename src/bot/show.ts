import { GrammyError } from "grammy";
import type { BotContext } from "./context.js";
import type { View } from "./views/view.js";

/** Telegram's answer when an edit would not change anything: harmless, e.g. a double tap. */
export function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && error.description.includes("message is not modified");
}

/** Telegram's answers when the message to edit is gone, too old or not editable. */
function isUneditable(error: unknown): boolean {
  return (
    error instanceof GrammyError &&
    error.error_code === 400 &&
    /message to edit not found|message can't be edited|MESSAGE_ID_INVALID/.test(error.description)
  );
}

/** Sends a view as a new message. */
export async function replyView(ctx: BotContext, view: View): Promise<void> {
  await ctx.reply(view.text, { reply_markup: view.keyboard });
}

/**
 * Shows a view: in place of the message whose button was pressed (navigation edits the same message),
 * or as a new message when there is no such message or it can no longer be edited.
 */
export async function showView(ctx: BotContext, view: View): Promise<void> {
  if (ctx.callbackQuery?.message) {
    try {
      await ctx.editMessageText(view.text, { reply_markup: view.keyboard });
      return;
    } catch (error) {
      if (isNotModified(error)) return;
      if (!isUneditable(error)) throw error;
    }
  }
  await replyView(ctx, view);
}
