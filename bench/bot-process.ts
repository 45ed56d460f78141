/**
 * A bot in a process of its own, driven by bench/run.ts over IPC: `kind` "ours" is the real bot
 * (createBot, wired as in src/main.ts), "baseline" is a bare grammY bot with Redis sessions that answers
 * every update with one sendMessage, "fair" the same bot making the same Bot API calls as ours. Both poll the benchmark's HttpBotApi with @grammyjs/runner, so the
 * parent measures only what the bot's process does, on its own CPU time and RSS.
 *
 * Usage (by bench/bot-child.ts): fork("bench/bot-process.ts", [kind, redisUrl]).
 */
import { run, type RunnerHandle } from "@grammyjs/runner";
import { RedisAdapter } from "@grammyjs/storage-redis";
import { Redis } from "ioredis";
import { createRedisStores, DEFAULT_STORE_OPTIONS } from "../src/store/stores.js";
import type { ChildReply, ChildRequest, Snapshot } from "./bot-child.js";
import { buildBaselineBot, buildOurBot, type BaselineSession } from "./bots.js";

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

function snapshot(collectGarbage: boolean): Snapshot {
  if (collectGarbage) {
    globalThis.gc?.();
    globalThis.gc?.();
  }
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return { cpuMicros: cpu.user + cpu.system, rss: memory.rss, heapUsed: memory.heapUsed, errors };
}

async function handle(request: ChildRequest): Promise<ChildReply> {
  switch (request.type) {
    case "start": {
      if (runner?.isRunning()) throw new Error("already running");
      await redisReady;
      const client = { apiRoot: request.apiRoot };
      const bot =
        kind === "ours"
          ? buildOurBot(createRedisStores(redis, { prefix: request.prefix }), client, countError)
          : buildBaselineBot(
              new RedisAdapter<BaselineSession>({ instance: redis, ttl: DEFAULT_STORE_OPTIONS.sessionTtlSeconds }),
              request.prefix,
              client,
              countError,
              { fair: kind === "fair" },
            );
      await bot.init();
      runner = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES } } });
      return { id: request.id, ok: true };
    }
    case "stop":
      if (runner?.isRunning()) await runner.stop();
      runner = undefined;
      return { id: request.id, ok: true };
    case "snapshot":
      return { id: request.id, ok: true, snapshot: snapshot(request.gc) };
    case "exit":
      if (runner?.isRunning()) await runner.stop();
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
