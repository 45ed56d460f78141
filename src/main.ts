/**
 * `npm start`: the real bot on Telegram (or on the Bot API server at TELEGRAM_API_ROOT), by long
 * polling with @grammyjs/runner. Wiring only: config, connections, start, graceful shutdown.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { run, type RunnerHandle } from "@grammyjs/runner";
import { Redis } from "ioredis";
import { createBot, createI18n } from "./bot/bot.js";
import { registerCommands } from "./bot/commands.js";
import { loadCalendar, loadCatalog } from "./catalog-files.js";
import { createDeps } from "./deps.js";
import { ConfigError, loadConfig } from "./config.js";
import { CatalogError } from "./domain/catalog.js";
import { createLogger } from "./logger.js";
import { createRedisStores } from "./store/stores.js";

/** How long shutdown may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 8_000;

function fail(lines: readonly string[]): never {
  for (const line of lines) console.error(line);
  process.exit(1);
}

async function main(): Promise<void> {
  let config;
  let catalog;
  let calendar;
  try {
    config = loadConfig(process.env);
    catalog = loadCatalog();
    calendar = loadCalendar();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof CatalogError) fail(error.problems);
    throw error;
  }
  if (!config.botToken) {
    fail(["BOT_TOKEN is not set: create a bot with @BotFather and put its token in BOT_TOKEN.", "To try the bot without Telegram, run: npm run chat"]);
  }
  const logger = createLogger(config.logLevel);
  // Commands fail fast while Redis is away (the bot answers "temporarily unavailable"); the
  // connection itself keeps retrying in the background and the bot recovers by itself.
  const redis = new Redis(config.redisUrl, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
  });
  redis.on("error", (error) => logger.warn({ err: error.message }, "redis connection problem"));
  const stores = createRedisStores(redis, { retentionMs: config.retentionDays * 86_400_000 });
  const bot = createBot(
    createDeps(config, stores, logger, { catalog, calendar }),
    { token: config.botToken, client: config.telegramApiRoot ? { apiRoot: config.telegramApiRoot } : undefined },
  );
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));

  await bot.init();
  await registerCommands(bot.api, createI18n(config.defaultLocale), config.defaultLocale);
  const runner: RunnerHandle = run(bot, {
    runner: { fetch: { allowed_updates: ["message", "callback_query", "inline_query", "my_chat_member"] } },
  });
  logger.info({ bot: bot.botInfo.username, redis: stores.kind }, "bot started (long polling)");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const timer = setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    if (runner.isRunning()) await runner.stop();
    await redis.quit().catch(() => redis.disconnect());
    logger.info("stopped");
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `Start-up failed: ${error.message}` : error);
  process.exit(1);
});
