/**
 * Idle memory of the three bench bots alone (the full benchmark reads it too, docs/PERFORMANCE.md): RSS
 * right after start-up and after `settleSeconds` more of idling, on `rounds` sets of fresh processes.
 *
 *   npx tsx bench/idle-memory.ts [rounds] [settleSeconds]
 */
import { measureIdle } from "./updates.js";
import { openBenchRedis } from "./redis.js";

const rounds = Number(process.argv[2] ?? 5);
const settleSeconds = Number(process.argv[3] ?? 90);

const redis = await openBenchRedis();
try {
  const idle = await measureIdle(redis.url, rounds, settleSeconds, console.log);
  const ratios = (rss: typeof idle.startup) =>
    rss.ours.map((ours, round) => (ours / rss.baseline[round]!).toFixed(2)).join(", ");
  console.log(`ours / bare, round by round: right after start-up ${ratios(idle.startup)}`);
  if (idle.settled) console.log(`after ${settleSeconds} s idle ${ratios(idle.settled)}`);
} finally {
  await redis.close();
}
