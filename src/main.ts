/**
 * `npm start`: the real bot on Telegram (or on the Bot API server at TELEGRAM_API_ROOT). Wiring only:
 * config, connections, start (long polling or webhook), background jobs, graceful shutdown.
 */
import { Api } from "grammy";
import { autoRetry } from "@grammyjs/auto-retry";
import { run } from "@grammyjs/runner";
import { startBackgroundJobs } from "./bot/background.js";
import { createBot } from "./bot/bot.js";
import { withHtmlDefaults } from "./bot/transformers/html-defaults.js";
import { registerCommands } from "./bot/commands.js";
import { loadCalendar, loadCatalog } from "./catalog-files.js";
import { ConfigError, loadConfig } from "./config.js";
import { createDeps, retentionMs } from "./deps.js";
import { CatalogError } from "./domain/catalog.js";
import { createLogger } from "./logger.js";
import { createMetrics } from "./metrics.js";
import { createWebhookServer } from "./server/http-server.js";
import { createRedisClient } from "./store/redis-client.js";
import { createRedisStores } from "./store/stores.js";

/** How long shutdown may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 9_000;
const ALLOWED_UPDATES = ["message", "callback_query", "inline_query", "my_chat_member"] as const;

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
  const now = new Date();
  const missing = calendar.missingYears(now, new Date(now.getTime() + 400 * 86_400_000));
  if (missing.length > 0) {
    logger.warn({ years: missing }, "catalog/calendar.yaml has no holiday list for these years: deadlines in them count weekends and fixed holidays only");
  }

  const redis = createRedisClient(config.redisUrl, (error) => logger.warn({ err: error.message }, "redis connection problem"));
  const stores = createRedisStores(redis, { retentionMs: retentionMs(config) });
  const deps = createDeps(config, stores, logger, { catalog, calendar });
  const metrics = createMetrics();
  metrics.registerQueueDepth("reminders_pending", () => stores.reminders.pendingCount());
  metrics.registerQueueDepth("reminders_due", () => stores.reminders.dueCount(Date.now()));
  const client = config.telegramApiRoot ? { apiRoot: config.telegramApiRoot } : undefined;
  const bot = createBot(deps, { token: config.botToken, client, metrics });
  // Network errors are not retried here: a handler waiting out an outage would hold up the user's next updates.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: true }));

  await bot.init();
  await registerCommands(bot.api, deps.i18n, config.defaultLocale, config.adminIds);
  // Reminders go through their own Api without auto-retry: the worker handles 429 itself. Started
  // before updates, so records of an older format are upgraded before anyone acts on them.
  const jobs = await startBackgroundJobs(deps, withHtmlDefaults(new Api(config.botToken, client)), (outcome) =>
    metrics.reminderSends.inc({ result: typeof outcome === "object" ? "retry" : outcome }),
  );

  let stopUpdates: () => Promise<void>;
  if (config.mode === "webhook" && config.webhook) {
    const server = createWebhookServer({
      bot,
      webhookPath: new URL(config.webhook.url).pathname,
      secretToken: config.webhook.secret,
      ping: stores.ping,
      registry: metrics.registry,
      logger,
    });
    await server.listen(config.port);
    // Kept on exit on purpose: with several instances, one instance leaving must not switch the
    // webhook off for the others; Telegram holds updates while none answers.
    await bot.api.setWebhook(config.webhook.url, { secret_token: config.webhook.secret, allowed_updates: ALLOWED_UPDATES });
    stopUpdates = () => server.close();
    logger.info({ bot: bot.botInfo.username, port: config.port }, "bot started (webhook)");
  } else {
    await bot.api.deleteWebhook();
    const runner = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES } } });
    stopUpdates = async () => {
      if (runner.isRunning()) await runner.stop();
    };
    logger.info({ bot: bot.botInfo.username }, "bot started (long polling)");
  }

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
    await stopUpdates();
    await jobs.stop();
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
