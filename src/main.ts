/**
 * `npm start`: the real bot on Telegram (or on the Bot API server at TELEGRAM_API_ROOT). Wiring only:
 * config, connections, start (long polling or webhook), background jobs, graceful shutdown.
 */
import { once } from "node:events";
import { Api } from "grammy";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { autoRetry } from "@grammyjs/auto-retry";
import { run } from "@grammyjs/runner";
import { startBackgroundJobs } from "./bot/background.js";
import { createBot } from "./bot/bot.js";
import { withHtmlDefaults } from "./bot/transformers/html-defaults.js";
import { registerCommands } from "./bot/commands.js";
import { loadCalendar, loadCatalog, loadDepartment } from "./catalog-files.js";
import { missingDepartmentFields } from "./domain/department.js";
import { ConfigError, loadConfig } from "./config.js";
import { createDeps, retentionMs } from "./deps.js";
import { CatalogError } from "./domain/catalog.js";
import { SOURCE_MAX_AGE_MONTHS, staleSources } from "./domain/details.js";
import { createLogger } from "./logger.js";
import { settleWithin } from "./metrics.js";
import { createMonitoringServer, createWebhookServer } from "./server/http-server.js";
import { createRedisClient } from "./store/redis-client.js";
import { createRedisHealth, judgeSettings, readRedisSettings, type RedisHealth } from "./store/redis-health.js";
import { LONG_POLL_SECONDS, telegramClientOptions } from "./telegram/client-options.js";
import { createRedisStores } from "./store/stores.js";

/** How long shutdown may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 9_000;
const ALLOWED_UPDATES = ["message", "callback_query", "inline_query", "my_chat_member"] as const;

/** How long start-up waits for Redis to check its settings before going on without (it may be down). */
const REDIS_STARTUP_WAIT_MS = 5_000;

/**
 * Checks Redis's persistence and eviction and the keyspace marker (src/store/redis-health.ts), logging
 * warnings; returns the reasons to refuse to run (an allkeys-* eviction policy). Nothing when Redis
 * does not answer within REDIS_STARTUP_WAIT_MS: it runs again each time the connection is ready.
 */
async function checkRedisSettings(redis: Redis, health: RedisHealth, logger: Logger): Promise<string[]> {
  if (redis.status !== "ready") {
    const ready = await settleWithin(
      once(redis, "ready").then(() => true),
      REDIS_STARTUP_WAIT_MS,
    );
    if (!ready) {
      logger.warn(
        { waitedMs: REDIS_STARTUP_WAIT_MS },
        "Redis does not answer yet; its settings are checked once it does",
      );
      return [];
    }
  }
  try {
    const settings = await readRedisSettings(redis);
    const { refuse, warn } = judgeSettings(settings);
    for (const problem of warn) logger.warn({ ...settings }, problem);
    for (const problem of refuse) logger.error({ ...settings }, problem);
    await health.start();
    return refuse;
  } catch (error) {
    logger.warn({ err: (error as Error).message }, "Redis settings could not be checked; /healthz keeps checking");
    return [];
  }
}

function fail(lines: readonly string[]): never {
  for (const line of lines) console.error(line);
  process.exit(1);
}

async function main(): Promise<void> {
  let config;
  let catalog;
  let calendar;
  let department;
  try {
    config = loadConfig(process.env);
    catalog = loadCatalog();
    calendar = loadCalendar();
    department = loadDepartment();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof CatalogError) fail(error.problems);
    throw error;
  }
  if (!config.botToken) {
    fail([
      "BOT_TOKEN is not set: create a bot with @BotFather and put its token in BOT_TOKEN.",
      "To try the bot without Telegram, run: npm run chat",
    ]);
  }
  const logger = createLogger(config.logLevel);
  const now = new Date();
  const missing = calendar.missingYears(now, new Date(now.getTime() + 400 * 86_400_000));
  if (missing.length > 0) {
    logger.warn(
      { years: missing },
      "catalog/calendar.yaml has no holiday list for these years: deadlines in them count weekends and fixed holidays only",
    );
  }
  for (const { source, services } of catalog.details ? staleSources(catalog.details, now) : []) {
    logger.warn(
      { source: source.id, read: source.read, services },
      `catalog/details.yaml: source read over ${SOURCE_MAX_AGE_MONTHS} months ago; read it again`,
    );
  }

  const unknownFacts = missingDepartmentFields(department, config.phoneAreaCode);
  if (unknownFacts.length > 0) {
    logger.warn(
      { missing: unknownFacts },
      "catalog/department.yaml does not say these yet (the seed table names no town): cards show no address or hours, and phones without an area code cannot be dialled from a mobile",
    );
  }

  const redis = createRedisClient(config.redis, (error) =>
    logger.warn({ err: error.message }, "redis connection problem"),
  );
  // The bot token is a secret every instance of the deployment shares: the key of the creation log's hash.
  const stores = createRedisStores(redis, { retentionMs: retentionMs(config), hashKey: config.botToken });
  const redisHealth = createRedisHealth(redis, {
    onLost: (reason) => logger.error({ reason }, "Redis lost the bot's data"),
  });
  // Refuses an evicting Redis before anything is written; a Redis down now is checked when it comes back.
  const refused = await checkRedisSettings(redis, redisHealth, logger);
  if (refused.length > 0) {
    redis.disconnect();
    fail(refused);
  }
  redis.on("ready", () => void checkRedisSettings(redis, redisHealth, logger));
  const stopWatchingRedis = redisHealth.watch();
  const deps = createDeps(config, stores, logger, { catalog, calendar, department });
  // Collected only when served (see src/metrics.ts): prom-client is loaded only then.
  const metrics = config.metrics ? (await import("./metrics-registry.js")).createMetrics() : undefined;
  metrics?.registerQueueDepth("reminders_pending", () => stores.reminders.pendingCount());
  metrics?.registerQueueDepth("reminders_due", () => stores.reminders.dueCount(Date.now()));
  metrics?.registerDurability(() => redisHealth.check());
  const client = telegramClientOptions(config.telegramApiRoot);
  const bot = createBot(deps, { token: config.botToken, client, metrics, polling: config.mode !== "webhook" });
  // Network errors are not retried here: a handler waiting out an outage would hold up the user's next updates.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: true }));

  await bot.init();
  await registerCommands(bot.api, deps.i18n, config.defaultLocale, config.adminIds);
  // Reminders go through their own Api without auto-retry: the worker handles 429 itself. Started
  // before updates, so records of an older format are upgraded before anyone acts on them.
  const jobs = await startBackgroundJobs(deps, withHtmlDefaults(new Api(config.botToken, client)), (outcome) =>
    metrics?.reminderSends.inc({ result: typeof outcome === "object" ? "retry" : outcome }),
  );

  const monitoring = metrics
    ? createMonitoringServer({
        registry: metrics.registry,
        ping: stores.ping,
        durability: () => redisHealth.check(),
        logger,
      })
    : undefined;
  if (monitoring && config.metrics) {
    await monitoring.listen(config.metrics.port, config.metrics.host);
    logger.info({ host: config.metrics.host, port: config.metrics.port }, "serving /metrics");
  }

  let stopUpdates: () => Promise<void>;
  if (config.mode === "webhook") {
    const server = createWebhookServer({
      bot,
      webhookPath: new URL(config.webhook.url).pathname,
      secretToken: config.webhook.secret,
      ping: stores.ping,
      durability: () => redisHealth.check(),
      logger,
    });
    await server.listen(config.webhook.port);
    // Kept on exit on purpose: with several instances, one instance leaving must not switch the
    // webhook off for the others; Telegram holds updates while none answers.
    await bot.api.setWebhook(config.webhook.url, {
      secret_token: config.webhook.secret,
      allowed_updates: ALLOWED_UPDATES,
    });
    stopUpdates = () => server.close();
    logger.info({ bot: bot.botInfo.username, port: config.webhook.port }, "bot started (webhook)");
  } else {
    await bot.api.deleteWebhook();
    const runner = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES, timeout: LONG_POLL_SECONDS } } });
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
    stopWatchingRedis();
    await monitoring?.close();
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
