import type { InlineKeyboardMarkup } from "grammy/types";

/** A screen: the text (HTML) and its inline keyboard. Handlers decide whether to send or edit it. */
export interface View {
  text: string;
  keyboard?: InlineKeyboardMarkup;
}
