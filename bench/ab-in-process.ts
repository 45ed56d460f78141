/**
 * Two versions of the bot in one process, measured against each other: each directory is a checkout
 * of the project (e.g. `git archive <commit> | tar -x -C /tmp/a`, with a `node_modules` link to this
 * one's), each builds its bot as bench/in-process.ts does, and the two run the same users' scripts in
 * turn, round after round, alternating which goes first. On a machine shared with other work the load
 * drifts between two runs a minute apart; inside one process both versions see the same drift, so the
 * median of the per-round ratios is far steadier than figures from separate runs. The two share the
 * installed packages (node_modules), so a change inside a package cannot be measured this way.
 *
 *   node --expose-gc --import tsx bench/ab-in-process.ts <dirA> <dirB> [rounds] [usersPerRound]
 */
import { loadavg } from "node:os";
import type { Bot } from "grammy";
import type { Update, User } from "grammy/types";
import { loadCatalog } from "../src/catalog-files.js";
import type * as Stores from "../src/store/stores.js";
import type * as LocalApi from "../src/telegram/local-bot-api.js";
import type * as Updates from "../src/telegram/updates.js";
import type * as Bots from "./bots.js";
import { buildScripts, type UserScript } from "./driver.js";
import { median } from "./stats.js";

interface Side {
  bot: Bot;
  api: { calls: { method: string; payload: Record<string, unknown>; response?: unknown }[]; clearCalls(): void };
  textUpdate: (user: User, text: string) => Update;
  callbackUpdate: (user: User, data: string, messageId: number, messageText: string) => Update;
}

/** V8's collector, when node runs with --expose-gc (as the usage line says). */
const collectGarbage = (globalThis as { gc?: () => void }).gc;
if (!collectGarbage)
  console.warn("run with node --expose-gc: without it a major collection lands on either side at random");
const [dirA, dirB] = process.argv.slice(2, 4);
if (!dirA || !dirB) throw new Error("usage: ab-in-process.ts <dirA> <dirB> [rounds] [usersPerRound]");
const rounds = Number(process.argv[4] ?? 12);
const users = Number(process.argv[5] ?? 150);
let errors = 0;

/** Builds the bot of one checkout, on its own in-process Bot API and memory stores. */
async function load(dir: string): Promise<Side> {
  const { buildOurBot } = (await import(`${dir}/bench/bots.ts`)) as typeof Bots;
  const { createMemoryStores } = (await import(`${dir}/src/store/stores.ts`)) as typeof Stores;
  const { LocalBotApi } = (await import(`${dir}/src/telegram/local-bot-api.ts`)) as typeof LocalApi;
  const updates = (await import(`${dir}/src/telegram/updates.ts`)) as typeof Updates;
  const api = new LocalBotApi();
  const bot = buildOurBot(createMemoryStores(), { fetch: api.fetch as never }, () => (errors += 1));
  await bot.init();
  return { bot, api, textUpdate: updates.textUpdate, callbackUpdate: updates.callbackUpdate };
}

/** Runs the scripts through one side (as bench/in-process.ts does); CPU µs per update. */
async function run(side: Side, scripts: readonly UserScript[]): Promise<number> {
  let updates = 0;
  // Each side starts on a collected heap (the collection not timed), so a major collection falls in a
  // side's run only for that side's own garbage. Without it a major collection lands on whichever side
  // runs when the heap fills: per-round ratios of one version against itself ranged 0.3–2.5, and
  // medians of 10 rounds read 0.81–1.10 (2026-12-02). Collecting at the end of each run too, timed,
  // charges both sides the whole heap's mark and squeezes every ratio towards 1.
  collectGarbage?.();
  const before = process.cpuUsage();
  for (const { user, steps } of scripts) {
    let screen = { messageId: 0, text: "" };
    for (const step of steps) {
      await side.bot.handleUpdate(
        step.kind === "text"
          ? side.textUpdate(user, step.text)
          : side.callbackUpdate(user, step.data, screen.messageId, screen.text),
      );
      updates += 1;
      const sent = side.api.calls.findLast((call) => call.method === "sendMessage");
      if (sent)
        screen = {
          messageId: Number((sent.response as { message_id?: number }).message_id),
          text: String(sent.payload.text),
        };
      side.api.clearCalls();
    }
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / updates;
}

const catalog = loadCatalog();
const a = await load(dirA);
const b = await load(dirB);
let firstUserId = 3_000_000_000;
for (let warm = 0; warm < 2; warm++) {
  const scripts = buildScripts(catalog, users, (firstUserId += 100_000));
  await run(a, scripts);
  await run(b, scripts);
}
const cpuA: number[] = [];
const cpuB: number[] = [];
const ratios: number[] = [];
for (let round = 0; round < rounds; round++) {
  const scripts = buildScripts(catalog, users, (firstUserId += 100_000));
  let x: number, y: number;
  if (round % 2 === 0) {
    x = await run(a, scripts);
    y = await run(b, scripts);
  } else {
    y = await run(b, scripts);
    x = await run(a, scripts);
  }
  cpuA.push(x);
  cpuB.push(y);
  ratios.push(y / x);
}
console.log(`per-round B/A: ${ratios.map((r) => r.toFixed(2)).join(" ")}`);
console.log(
  `A ${median(cpuA).toFixed(0)} µs, B ${median(cpuB).toFixed(0)} µs per update; B/A median of ${rounds} rounds ${median(ratios).toFixed(3)}; errors ${errors}; load ${loadavg()[0]!.toFixed(1)}`,
);
