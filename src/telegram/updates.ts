/**
 * Builders of Telegram updates for driving the bot without Telegram: the terminal chat, the tests
 * and the benchmarks feed them to `bot.handleUpdate`.
 */
import type { Message, Update, User } from "grammy/types";

let nextUpdateId = 1;
let nextMessageId = 1_000_000;

/** A private-chat user; the chat id equals the user id, as on Telegram. */
export function makeUser(id: number, languageCode?: string, firstName = "Айгерим"): User {
  return { id, is_bot: false, first_name: firstName, ...(languageCode ? { language_code: languageCode } : {}) };
}

function base(): { update_id: number; date: number } {
  return { update_id: nextUpdateId++, date: Math.floor(Date.now() / 1000) };
}

/** A message from the user in their private chat with the bot, with the given content. */
function privateMessage(user: User, content: Partial<Message>): Update {
  const { update_id, date } = base();
  const message = {
    message_id: nextMessageId++,
    date,
    chat: { id: user.id, type: "private", first_name: user.first_name },
    from: user,
    ...content,
  };
  return { update_id, message: message as NonNullable<Update["message"]> };
}

/** A text message (a command when it starts with "/"). */
export function textUpdate(user: User, text: string): Update {
  const command = /^\/\w+(@\w+)?/.exec(text);
  return privateMessage(user, {
    text,
    ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
  });
}

/** A shared contact (the request-contact button), the user's own by default. */
export function contactUpdate(user: User, phoneNumber: string, ownerId: number = user.id): Update {
  return privateMessage(user, {
    contact: { phone_number: phoneNumber, first_name: user.first_name, user_id: ownerId },
  });
}

/** A sticker, for "the bot cannot read this" paths. */
export function stickerUpdate(user: User): Update {
  return privateMessage(user, {
    sticker: {
      file_id: "sticker",
      file_unique_id: "sticker",
      type: "regular",
      width: 512,
      height: 512,
      is_animated: false,
      is_video: false,
    },
  });
}

/** A button press on a message the bot sent. */
export function callbackUpdate(user: User, data: string, messageId: number, messageText = ""): Update {
  const { update_id, date } = base();
  return {
    update_id,
    callback_query: {
      id: String(update_id),
      from: user,
      chat_instance: String(user.id),
      data,
      message: {
        message_id: messageId,
        date,
        chat: { id: user.id, type: "private", first_name: user.first_name },
        text: messageText,
      },
    },
  };
}

/** An inline query typed in any chat. */
export function inlineQueryUpdate(user: User, query: string): Update {
  const { update_id } = base();
  return { update_id, inline_query: { id: String(update_id), from: user, query, offset: "" } };
}

/** The bot added to a group. */
export function addedToGroupUpdate(user: User, groupId: number, botId: number): Update {
  const { update_id, date } = base();
  const bot = { id: botId, is_bot: true, first_name: "Kyzmet" };
  return {
    update_id,
    my_chat_member: {
      chat: { id: groupId, type: "group", title: "Parents" },
      from: user,
      date,
      old_chat_member: { status: "left", user: bot },
      new_chat_member: { status: "member", user: bot },
    },
  };
}

/** A voice message, a photo or a file: what the bot does not read outside a form. */
export function mediaUpdate(user: User, kind: "voice" | "photo" | "document"): Update {
  const file = { file_id: kind, file_unique_id: kind };
  if (kind === "voice") return privateMessage(user, { voice: { ...file, duration: 3 } });
  if (kind === "photo") return privateMessage(user, { photo: [{ ...file, width: 640, height: 480 }] });
  return privateMessage(user, { document: { ...file, file_name: "scan.pdf" } });
}
