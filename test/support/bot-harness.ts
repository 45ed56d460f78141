/**
 * Drives the real bot (createBot, all features) with Telegram updates through an in-process Bot API,
 * so every API call the bot makes is captured. Stores are memory by default, or real Redis.
 */
import type { InlineKeyboardButton, Update, User } from "grammy/types";
import { createBot } from "../../src/bot/bot.js";
import type { BotDeps } from "../../src/bot/context.js";
import type { Clock } from "../../src/domain/clock.js";
import { loadCalendar, loadCatalog } from "../../src/catalog-files.js";
import { createDeps } from "../../src/deps.js";
import type { WorkCalendar } from "../../src/domain/calendar.js";
import { loadConfig, type Config } from "../../src/config.js";
import type { Catalog } from "../../src/domain/catalog.js";
import { createLogger } from "../../src/logger.js";
import { createMemoryStores, type Stores } from "../../src/store/stores.js";
import { LocalBotApi, type ApiCall } from "../../src/telegram/local-bot-api.js";
import { callbackUpdate, textUpdate } from "../../src/telegram/updates.js";

export const TEST_TOKEN = "123456789:TEST-token-for-offline-tests-only-000";

let sharedCatalog: Catalog | undefined;
/** The shipped catalog, loaded once per test file. */
export function testCatalog(): Catalog {
  sharedCatalog ??= loadCatalog();
  return sharedCatalog;
}

let sharedCalendar: WorkCalendar | undefined;
/** The shipped working-day calendar, loaded once per test file. */
export function testCalendar(): WorkCalendar {
  sharedCalendar ??= loadCalendar();
  return sharedCalendar;
}

export interface HarnessOptions {
  stores?: Stores;
  /** Settings the bot reads (the harness is always in polling mode: updates are handed to it directly). */
  config?: Partial<Omit<Config, "mode" | "webhook">>;
  clock?: Clock;
  api?: LocalBotApi;
  /** Built as src/main.ts builds it for long polling (no lock across instances). */
  polling?: boolean;
}

/** A bot wired exactly as in production, on an in-process Bot API. */
export function createHarness(options: HarnessOptions = {}) {
  const api = options.api ?? new LocalBotApi();
  // Tests press buttons far faster than people; the rate-limit test sets its own limit.
  const config: Config = { ...loadConfig({}), rateLimit: { limit: 10_000, windowMs: 1_000 }, ...options.config };
  const deps: BotDeps = createDeps(config, options.stores ?? createMemoryStores(), createLogger("silent"), {
    catalog: testCatalog(),
    calendar: testCalendar(),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const bot = createBot(deps, {
    token: TEST_TOKEN,
    botInfo: api.botInfo,
    client: { fetch: api.fetch as never },
    polling: options.polling,
  });

  /** Feeds one update and returns the API calls it caused. */
  async function send(update: Update): Promise<ApiCall[]> {
    const before = api.calls.length;
    await bot.handleUpdate(update);
    return api.calls.slice(before);
  }

  /** The last message (sent or edited) addressed to this chat. */
  function lastScreen(chatId: number): { text: string; messageId: number; buttons: InlineKeyboardButton[][] } {
    for (let i = api.calls.length - 1; i >= 0; i--) {
      const call = api.calls[i]!;
      if (!["sendMessage", "editMessageText"].includes(call.method) || Number(call.payload.chat_id) !== chatId)
        continue;
      const sent = call.response as { message_id?: number } | undefined;
      const messageId = call.method === "editMessageText" ? Number(call.payload.message_id) : Number(sent?.message_id);
      const markup = call.payload.reply_markup as { inline_keyboard?: InlineKeyboardButton[][] } | undefined;
      return { text: String(call.payload.text), messageId, buttons: markup?.inline_keyboard ?? [] };
    }
    throw new Error(`no message to chat ${chatId}`);
  }

  /** Presses the button labelled exactly `label`, else the first whose label contains or matches it. */
  async function press(user: User, label: string | RegExp): Promise<ApiCall[]> {
    const screen = lastScreen(user.id);
    const buttons = screen.buttons.flat();
    const button =
      buttons.find((b) => b.text === label) ??
      buttons.find((b) => (typeof label === "string" ? b.text.includes(label) : label.test(b.text)));
    if (!button || !("callback_data" in button)) {
      throw new Error(
        `no button "${String(label)}" in: ${screen.buttons
          .flat()
          .map((b) => b.text)
          .join(" | ")}`,
      );
    }
    return send(callbackUpdate(user, button.callback_data!, screen.messageId, screen.text));
  }

  /** Sends a text message from the user. */
  const say = (user: User, text: string) => send(textUpdate(user, text));

  return { bot, api, deps, send, say, press, lastScreen };
}

export type Harness = ReturnType<typeof createHarness>;

/** Asserts nothing a user sees contains a leaked placeholder or error text. */
export function leakedPlaceholders(calls: ApiCall[]): string[] {
  const bad = /undefined|NaN|\[object Object\]|\{\s*\$?[a-z-]+\s*\}|at \w+ \(|Error:/;
  const seen: string[] = [];
  for (const call of calls) {
    const texts = [
      call.payload.text,
      call.payload.caption,
      JSON.stringify(call.payload.reply_markup ?? ""),
      JSON.stringify(call.payload.results ?? ""),
    ];
    for (const text of texts)
      if (typeof text === "string" && bad.test(text)) seen.push(`${call.method}: ${text.slice(0, 200)}`);
  }
  return seen;
}
