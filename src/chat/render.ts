/** Turns the bot's API calls into terminal text: HTML to plain text, buttons numbered. */
import type { ApiCall } from "../telegram/local-bot-api.js";

export type ChatButton =
  | { kind: "callback"; label: string; data: string }
  | { kind: "url"; label: string; url: string }
  | { kind: "text"; label: string }
  | { kind: "contact"; label: string };

interface RawButton {
  text: string;
  callback_data?: string;
  url?: string;
  request_contact?: boolean;
}

/** Telegram HTML to terminal text: bold and italics become ANSI styles, entities are decoded. */
export function htmlToTerminal(html: string, color: boolean): string {
  const style = (code: string) => (color ? `\x1b[${code}m` : "");
  return html
    .replace(/<b>/g, style("1"))
    .replace(/<\/b>/g, style("22"))
    .replace(/<i>/g, style("3"))
    .replace(/<\/i>/g, style("23"))
    .replace(/<a href="([^"]+)">([^<]*)<\/a>/g, "$2 ($1)")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

/** The buttons of a call's reply markup, in reading order. */
export function buttonsOf(call: ApiCall): ChatButton[] | undefined {
  const markup = call.payload.reply_markup as
    { inline_keyboard?: RawButton[][]; keyboard?: (RawButton | string)[][]; remove_keyboard?: boolean } | undefined;
  // Removing a message's keyboard is an edit without reply_markup: the message has no buttons left.
  if (!markup) return call.method === "editMessageReplyMarkup" ? [] : undefined;
  if (markup.inline_keyboard) {
    return markup.inline_keyboard
      .flat()
      .map((b): ChatButton =>
        b.url
          ? { kind: "url", label: b.text, url: b.url }
          : { kind: "callback", label: b.text, data: b.callback_data ?? "" },
      );
  }
  if (markup.keyboard) {
    return markup.keyboard.flat().map((b): ChatButton => {
      const button = typeof b === "string" ? { text: b } : b;
      return button.request_contact ? { kind: "contact", label: button.text } : { kind: "text", label: button.text };
    });
  }
  return markup.remove_keyboard ? [] : undefined;
}

/** The terminal lines for one API call, or undefined for calls a person would not see. */
export function renderCall(call: ApiCall, color: boolean): string | undefined {
  const p = call.payload;
  switch (call.method) {
    case "sendMessage":
    case "editMessageText": {
      const head = call.method === "editMessageText" ? "✎ (edited)\n" : "";
      return head + htmlToTerminal(String(p.text ?? ""), color);
    }
    case "editMessageReplyMarkup":
      return p.reply_markup ? "✎ (buttons changed)" : "✎ (buttons removed)";
    case "answerCallbackQuery":
      return p.text ? `ⓘ ${String(p.text)}` : undefined;
    case "sendContact":
      return `📇 ${String(p.first_name)}: ${String(p.phone_number)}`;
    case "sendDocument": {
      const doc = p.document as { filename?: string } | undefined;
      return `📎 ${doc?.filename ?? "document"}${p.caption ? `\n${String(p.caption)}` : ""}`;
    }
    case "leaveChat":
      return "(the bot left the chat)";
    default:
      return undefined;
  }
}

export type ChatInput = { kind: "button"; button: ChatButton } | { kind: "text"; text: string } | { kind: "nothing" };

/** What a typed line means: the number of a button on the current screen, or else text sent as typed. */
export function interpretInput(line: string, buttons: readonly ChatButton[] | undefined): ChatInput {
  const input = line.trim();
  if (!input) return { kind: "nothing" };
  const button = /^\d{1,2}$/.test(input) ? buttons?.[Number(input) - 1] : undefined;
  return button ? { kind: "button", button } : { kind: "text", text: input };
}
