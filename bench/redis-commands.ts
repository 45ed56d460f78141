/**
 * Which Redis commands each bot sends per update through the polling path (or with --webhook, through
 * the webhook), command by command (INFO commandstats before and after), for the levers on Redis round
 * trips (bench/LEVERS.md).
 *
 *   npx tsx bench/redis-commands.ts [users] [--webhook]      default 200 users × 10 updates per bot
 */
import type { Redis } from "ioredis";
import { loadCatalog } from "../src/catalog-files.js";
import { HttpBotApi } from "../src/telegram/http-bot-api.js";
import { BotChild, type BotKind } from "./bot-child.js";
import { buildScripts, drive } from "./driver.js";
import { BENCH_PREFIX, openBenchRedis } from "./redis.js";

const users = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 200);
const mode = process.argv.includes("--webhook") ? "webhook" : "polling";
/** With --monitor, prints every command Redis receives (MONITOR), for a handful of users. */
const monitor = process.argv.includes("--monitor");

async function commandStats(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info("commandstats");
  const calls = new Map<string, number>();
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(match[1]!, Number(match[2]));
  return calls;
}

const redis = await openBenchRedis();
const catalog = loadCatalog();
let block = 1;
try {
  for (const kind of ["ours", "baseline", "fair"] as BotKind[]) {
    const child = await BotChild.spawn(kind, redis.url);
    const server = new HttpBotApi();
    const apiRoot = await server.listen();
    try {
      const webhookUrl = await child.start(apiRoot, `${BENCH_PREFIX}${kind}:`, mode);
      const before = await commandStats(redis.client);
      const watcher = monitor ? await redis.client.duplicate().monitor() : undefined;
      watcher?.on("monitor", (_time: string, args: string[]) => {
        if (args[0]?.toLowerCase() !== "info") console.log(`  ${args.map((a) => a.slice(0, 40)).join(" ")}`);
      });
      const result = await drive(server, buildScripts(catalog, users, 1_000_000 * block++), {
        expectEdits: kind !== "baseline",
        concurrency: Infinity,
        webhookUrl,
      });
      watcher?.disconnect();
      const after = await commandStats(redis.client);
      const perUpdate = [...after]
        .map(([name, calls]) => [name, (calls - (before.get(name) ?? 0)) / result.updates] as const)
        .filter(([name, n]) => n > 0 && name !== "info");
      const total = perUpdate.reduce((sum, [, n]) => sum + n, 0);
      console.log(
        `${kind}: ${total.toFixed(2)} Redis commands per update (${result.updates} updates, ${result.unexpected.length} unexpected): ` +
          perUpdate.map(([name, n]) => `${name} ${n.toFixed(2)}`).join(", "),
      );
      await child.stop();
    } finally {
      await server.close();
      await child.exit();
    }
  }
} finally {
  await redis.close();
}
