/**
 * Idle memory of the three bench bots, as the issue means idle: the process after start-up (bot built,
 * runner polling), before any update; read after two full garbage collections, right after start-up
 * and again once V8's memory reducer has given back the young generation that start-up grew (it does so
 * after some idle time, under a minute and a half here). Each round starts the three bots at once.
 *
 *   npx tsx bench/idle-memory.ts [rounds] [settleSeconds] [compiled|tsx]
 */
import { setTimeout as sleep } from "node:timers/promises";
import { HttpBotApi } from "../src/telegram/http-bot-api.js";
import { BotChild, type BotKind, type BotRuntime } from "./bot-child.js";
import { BENCH_PREFIX, openBenchRedis } from "./redis.js";

const rounds = Number(process.argv[2] ?? 3);
const settleSeconds = Number(process.argv[3] ?? 90);
const runtime = (process.argv[4] ?? "compiled") as BotRuntime;
const mib = (bytes: number) => (bytes / 1048576).toFixed(1);

const redis = await openBenchRedis();
try {
  const kinds: BotKind[] = ["ours", "baseline", "fair"];
  for (let round = 0; round < rounds; round++) {
    const bots = await Promise.all(
      kinds.map(async (kind) => {
        const child = await BotChild.spawn(kind, redis.url, runtime);
        const server = new HttpBotApi();
        await child.start(await server.listen(), `${BENCH_PREFIX}idle:`);
        return { kind, child, server, startup: await child.snapshot(true) };
      }),
    );
    await sleep(settleSeconds * 1000);
    const line: string[] = [];
    for (const { kind, child, server, startup } of bots) {
      const settled = await child.snapshot(true);
      line.push(`${kind} ${mib(startup.rss)} → ${mib(settled.rss)} MiB (heap ${mib(settled.heapUsed)})`);
      await child.stop();
      await server.close();
      await child.exit();
    }
    console.log(`round ${round + 1} ${runtime}: RSS at start-up → after ${settleSeconds} s idle: ${line.join(" | ")}`);
  }
} finally {
  await redis.close();
}
