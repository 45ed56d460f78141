/**
 * The ways out of a form, all ending the same: /cancel, the form's inline Cancel button, and the
 * Cancel button of the phone step's reply keyboard (which arrives as plain text). They run between
 * the conversations plugin and the forms (bot.ts), so they leave a form from any step, even one
 * stuck after an API failure (conversations#155), and whoever pressed Cancel gets the main menu.
 */
import { FeatureComposer } from "../composer.js";
import { LOCALES } from "../../domain/catalog.js";
import { encodeRoute } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { replyView } from "../show.js";
import { mainMenuFor } from "../views/menu.js";

/** Leaves every open form: "cancelled" (removing any reply keyboard) then the main menu, or "nothing to cancel". */
async function leaveForms(ctx: BotContext): Promise<void> {
  const open = Object.values(ctx.conversation.active()).reduce((a, b) => a + b, 0);
  await ctx.conversation.exitAll();
  const menu = mainMenuFor(ctx);
  if (open > 0) {
    await ctx.reply(ctx.t("form-cancelled"), { reply_markup: { remove_keyboard: true } });
    await replyView(ctx, menu);
    return;
  }
  await replyView(ctx, { ...menu, text: ctx.t("nothing-to-cancel") });
}

export const formExits = new FeatureComposer<BotContext>();
const privateChats = formExits.chatType("private");

privateChats.command("cancel", leaveForms);

privateChats.callbackQuery(encodeRoute({ kind: "formCancel" }), async (ctx) => {
  await ctx.answerCallbackQuery();
  // The pressed message keeps no live buttons; it may be too old to edit, which changes nothing.
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  await leaveForms(ctx);
});

privateChats.filter(
  (ctx) =>
    ctx.message?.text !== undefined &&
    LOCALES.some((locale) => ctx.deps.i18n.t(locale, "form-cancel-button") === ctx.message!.text),
  leaveForms,
);
