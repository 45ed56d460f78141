/**
 * The bots under test. "ours" is the real bot, wired as src/main.ts wires it; the bare baseline is the
 * smallest correct grammY bot for the runner with Redis-style sessions: sequentialized per user, the
 * session read and written on every update, one sendMessage per update. The fair baseline is the same
 * bare bot making the same Bot API calls per update as ours (a button: answerCallbackQuery and
 * editMessageText of the pressed message; a text: one sendMessage), so that what separates it from ours
 * is our own logic, not Telegram I/O.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import type { ApiClientOptions, Bot } from "grammy";
import { createBot } from "../src/bot/bot.js";
import { loadConfig } from "../src/config.js";
import { createDeps } from "../src/deps.js";
import { createLogger } from "../src/logger.js";
import type { Stores } from "../src/store/stores.js";
import { DEFAULT_BOT_INFO } from "../src/telegram/local-bot-api.js";
import { BENCH_TOKEN } from "./baseline-bot.js";

export { BENCH_TOKEN, buildBaselineBot, type BaselineSession } from "./baseline-bot.js";

/**
 * The real bot on the given stores and Bot API client, with the production API transformer; built for
 * polling unless told otherwise, as src/main.ts builds it for the mode it runs in.
 */
export function buildOurBot(
  stores: Stores,
  client: ApiClientOptions,
  onError: () => void,
  { polling = true }: { polling?: boolean } = {},
): Bot {
  const deps = createDeps(loadConfig({}), stores, createLogger("silent"));
  const bot = createBot(deps, { token: BENCH_TOKEN, botInfo: DEFAULT_BOT_INFO, client, polling });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));
  bot.catch(onError);
  return bot as unknown as Bot;
}
