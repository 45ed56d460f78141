/**
 * A bot in a process of its own, driven by bench/run.ts over IPC: `kind` "ours" is the real bot
 * (createBot, wired as in src/main.ts), "baseline" is a bare grammY bot with Redis sessions that answers
 * every update with one sendMessage, "fair" the same bot making the same Bot API calls as ours. All poll
 * the benchmark's HttpBotApi with @grammyjs/runner, or all take their updates on the webhook server of
 * src/server/http-server.ts, so the parent measures only what the bot's process does, on its own CPU
 * time and RSS.
 *
 * Usage (by bench/bot-child.ts): fork("dist/bench/bench/bot-process.js", [kind, redisUrl]), compiled as
 * `npm start` runs the bot (bench/compiled.ts), or the .ts on tsx.
 */
import { run, type RunnerHandle } from "@grammyjs/runner";
import { Redis } from "ioredis";
import type { Bot } from "grammy";
import type { BaselineSession } from "./baseline-bot.js";
import type { WebhookServer } from "../src/server/http-server.js";
import {
  BENCH_WEBHOOK_SECRET,
  type ChildReply,
  type ChildRequest,
  type Snapshot,
  type UpdateMode,
} from "./bot-child.js";

/** Sessions live as long as ours (src/store/stores.ts DEFAULT_STORE_OPTIONS.sessionTtlSeconds: 180 days). */
const SESSION_TTL_SECONDS = 180 * 86_400;

const ALLOWED_UPDATES = ["message", "callback_query", "inline_query", "my_chat_member"] as const;

const [kind, redisUrl] = process.argv.slice(2);
if ((kind !== "ours" && kind !== "baseline" && kind !== "fair") || !redisUrl)
  throw new Error("usage: bot-process.ts ours|baseline|fair <redisUrl>");

// The same client options as src/main.ts, for both bots.
const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
const redisReady = new Promise<void>((resolve) => redis.once("ready", () => resolve()));
let errors = 0;
const countError = () => {
  errors += 1;
};

let runner: RunnerHandle | undefined;
let webhook: WebhookServer | undefined;

/** The path the bench's webhook requests go to. */
const WEBHOOK_PATH = "/telegram";

function snapshot(collectGarbage: boolean): Snapshot {
  if (collectGarbage) {
    globalThis.gc?.();
    globalThis.gc?.();
  }
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return { cpuMicros: cpu.user + cpu.system, rss: memory.rss, heapUsed: memory.heapUsed, errors };
}

/**
 * Our bot, or a baseline; each loads only its own modules (a baseline process none of ours), so that the
 * process's memory is that bot's.
 */
async function buildBot(prefix: string, apiRoot: string, mode: UpdateMode): Promise<Bot> {
  if (kind === "ours") {
    const [{ buildOurBot }, { createRedisStores }] = await Promise.all([
      import("./bots.js"),
      import("../src/store/stores.js"),
    ]);
    return buildOurBot(createRedisStores(redis, { prefix }), { apiRoot }, countError, { polling: mode === "polling" });
  }
  // In webhook mode the fair baseline answers a button in the webhook's response too, as ours does
  // (createBot's canUseWebhookReply), so that both make the same Bot API requests per update.
  const client =
    kind === "fair" && mode === "webhook"
      ? { apiRoot, canUseWebhookReply: (method: string) => method === "answerCallbackQuery" }
      : { apiRoot };
  const [{ buildBaselineBot }, { RedisAdapter }] = await Promise.all([
    import("./baseline-bot.js"),
    import("@grammyjs/storage-redis"),
  ]);
  return buildBaselineBot(
    new RedisAdapter<BaselineSession>({ instance: redis, ttl: SESSION_TTL_SECONDS }),
    prefix,
    client,
    countError,
    { fair: kind === "fair" },
  );
}

async function handle(request: ChildRequest): Promise<ChildReply> {
  switch (request.type) {
    case "start": {
      if (runner?.isRunning() || webhook) throw new Error("already running");
      await redisReady;
      const bot = await buildBot(request.prefix, request.apiRoot, request.mode);
      await bot.init();
      if (request.mode === "polling") {
        runner = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES } } });
        return { id: request.id, ok: true };
      }
      // Loaded only here: the idle readings and the polling runs load no module of the webhook's.
      const [{ createWebhookServer }, { createLogger }] = await Promise.all([
        import("../src/server/http-server.js"),
        import("../src/logger.js"),
      ]);
      webhook = createWebhookServer({
        bot,
        webhookPath: WEBHOOK_PATH,
        secretToken: BENCH_WEBHOOK_SECRET,
        ping: async () => (await redis.ping()) === "PONG",
        logger: createLogger("silent"),
      });
      const { port } = await webhook.listen(0, "127.0.0.1");
      return { id: request.id, ok: true, webhookUrl: `http://127.0.0.1:${port}${WEBHOOK_PATH}` };
    }
    case "stop":
      if (runner?.isRunning()) await runner.stop();
      runner = undefined;
      await webhook?.close();
      webhook = undefined;
      return { id: request.id, ok: true };
    case "snapshot":
      return { id: request.id, ok: true, snapshot: snapshot(request.gc) };
    case "exit":
      if (runner?.isRunning()) await runner.stop();
      await webhook?.close();
      await redis.quit().catch(() => redis.disconnect());
      setImmediate(() => process.exit(0));
      return { id: request.id, ok: true };
  }
}

process.on("message", (request: ChildRequest) => {
  handle(request).then(
    (reply) => process.send!(reply),
    (error: unknown) => process.send!({ id: request.id, ok: false, error: String(error) }),
  );
});
process.send!({ id: 0, ok: true });
