/**
 * Update handling through the real polling path and through the webhook, the bot against a bare and a
 * fair grammY baseline, and the bot's memory as users accumulate. Each bot runs in a process of its own
 * (bench/bot-process.ts) with @grammyjs/runner polling a fresh HttpBotApi on loopback, or with the
 * webhook server taking the updates the benchmark posts; all use the same Redis.
 */
import { performance } from "node:perf_hooks";
import type { Redis } from "ioredis";
import { loadCatalog } from "../src/catalog-files.js";
import { loadConfig } from "../src/config.js";
import { HttpBotApi } from "../src/telegram/http-bot-api.js";
import { BotChild, type BotKind, type Snapshot, type UpdateMode } from "./bot-child.js";
import { buildScripts, drive, startOnlyScripts, type UserScript } from "./driver.js";
import { BENCH_PREFIX, infoField, redisCommandCount, redisCpuMs } from "./redis.js";
import { quantile } from "./stats.js";

export interface UpdateRun {
  kind: BotKind;
  updates: number;
  users: number;
  wallMs: number;
  updatesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time of the bot's process per update (µs). */
  botCpuMicrosPerUpdate: number;
  /** CPU time of the benchmark's own process (fake Bot API and users) per update (µs). */
  driverCpuMicrosPerUpdate: number;
  /** CPU time of Redis per update (µs). */
  redisCpuMicrosPerUpdate: number;
  /** Bot API calls per update (getUpdates excluded), webhook replies included. */
  apiCallsPerUpdate: number;
  /** Of those, the calls per update that rode in the webhook's response (webhook mode), not requests. */
  webhookRepliesPerUpdate: number;
  /** Redis commands per update, from INFO commandstats (every client of that Redis counts). */
  redisCommandsPerUpdate: number;
  rssBefore: number;
  rssAfter: number;
  unexpected: string[];
  botErrors: number;
}

export interface UpdateRepetition {
  ours: UpdateRun;
  baseline: UpdateRun;
  fair: UpdateRun;
  /** Ours / baseline, wall time per update. */
  wallRatio: number;
  /** Ours / baseline, bot process CPU per update. */
  cpuRatio: number;
  /** Ours / fair baseline, wall time per update. */
  fairWallRatio: number;
  /** Ours / fair baseline, bot process CPU per update. */
  fairCpuRatio: number;
}

/**
 * RSS of each bot process at idle: started (bot built, runner polling), no update yet; after full GCs.
 * One reading per round, each round on fresh processes (index i of every list is round i).
 */
export interface IdleMemory {
  /** Right after start-up. */
  startup: Record<BotKind, number[]>;
  /** After `settleSeconds` more of idling, once V8 gave back the young generation start-up grew. */
  settled?: Record<BotKind, number[]>;
  settleSeconds: number;
}

export interface UpdatesReport {
  idle: IdleMemory;
  users: number;
  updatesPerUser: number;
  repetitions: UpdateRepetition[];
  /** The same runs with the updates posted to each bot's webhook. */
  webhook: UpdateRepetition[];
  /** One user at a time: the latency of an update without queueing behind other users. */
  unloaded: { ours: UpdateRun; baseline: UpdateRun; fair: UpdateRun };
}

export interface UpdatesOptions {
  redis: Redis;
  redisUrl: string;
  users: number;
  updatesPerUser: number;
  repetitions: number;
  /** Repetitions of the webhook runs (after a webhook warm-up run per bot). */
  webhookRepetitions: number;
  warmupUsers: number;
  unloadedUsers: number;
  /** How long the bots idle before the settled idle RSS is read; 0 skips that reading. */
  idleSettleSeconds: number;
  /** Rounds of the idle reading, each on fresh processes of its own, one round after the other. */
  idleRounds: number;
  log: (line: string) => void;
}

const SESSION_PREFIX: Record<BotKind, string> = {
  ours: `${BENCH_PREFIX}ours:`,
  baseline: `${BENCH_PREFIX}base:`,
  fair: `${BENCH_PREFIX}fair:`,
};

let nextUserBlock = 1;
/** Fresh user ids for every run, so each run meets users the bot has never seen. */
function freshUserIds(): number {
  return 1_000_000 * nextUserBlock++;
}

async function runOnce(
  child: BotChild,
  redis: Redis,
  scripts: readonly UserScript[],
  concurrency: number,
  mode: UpdateMode = "polling",
): Promise<UpdateRun> {
  const server = new HttpBotApi();
  const apiRoot = await server.listen();
  try {
    const webhookUrl = await child.start(apiRoot, SESSION_PREFIX[child.kind], mode);
    const before = await child.snapshot();
    const redisBefore = await redisCpuMs(redis);
    const commandsBefore = await redisCommandCount(redis);
    const driverBefore = process.cpuUsage();
    const result = await drive(server, scripts, {
      expectEdits: child.kind !== "baseline",
      concurrency,
      webhookUrl,
    });
    const driverCpu = process.cpuUsage(driverBefore);
    const after = await child.snapshot();
    const redisCpu = (await redisCpuMs(redis)) - redisBefore;
    const commands = (await redisCommandCount(redis)) - commandsBefore;
    await child.stop();
    const perUpdate = (micros: number) => micros / result.updates;
    return {
      kind: child.kind,
      updates: result.updates,
      users: scripts.length,
      wallMs: result.wallMs,
      updatesPerSecond: (result.updates / result.wallMs) * 1000,
      p50Ms: quantile(result.latencies, 0.5),
      p99Ms: quantile(result.latencies, 0.99),
      botCpuMicrosPerUpdate: perUpdate(after.cpuMicros - before.cpuMicros),
      driverCpuMicrosPerUpdate: perUpdate(driverCpu.user + driverCpu.system),
      redisCpuMicrosPerUpdate: perUpdate(redisCpu * 1000),
      apiCallsPerUpdate: result.apiCalls / result.updates,
      webhookRepliesPerUpdate: result.webhookReplies / result.updates,
      redisCommandsPerUpdate: commands / result.updates,
      rssBefore: before.rss,
      rssAfter: after.rss,
      unexpected: result.unexpected,
      botErrors: after.errors - before.errors,
    };
  } finally {
    await server.close();
  }
}

function describe(run: UpdateRun): string {
  const problems =
    run.unexpected.length + run.botErrors > 0
      ? ` — ${run.unexpected.length} unexpected answers, ${run.botErrors} errors${run.unexpected.length > 0 ? ` (first: ${run.unexpected[0]})` : ""}`
      : "";
  return (
    `${run.kind.padEnd(8)} ${run.updates} updates in ${(run.wallMs / 1000).toFixed(1)} s = ${run.updatesPerSecond.toFixed(0)}/s, ` +
    `p50 ${run.p50Ms.toFixed(1)} ms, p99 ${run.p99Ms.toFixed(1)} ms, bot CPU ${run.botCpuMicrosPerUpdate.toFixed(0)} µs/update, ` +
    `${run.apiCallsPerUpdate.toFixed(2)} API calls and ${run.redisCommandsPerUpdate.toFixed(2)} Redis commands per update${problems}`
  );
}

/**
 * Idle RSS of the three bots as the process is after start-up, before any update, and once it has idled
 * for a while: V8 grows the young generation while start-up allocates (catalog, locales, search index)
 * and gives it back only after some idle time (its memory reducer), so both are read. One reading of a
 * process varies by a few MiB from start to start, so `rounds` sets of fresh processes are read, one set
 * after the other (fifteen processes starting at once on two cores settled 4–6 MiB higher), and the report
 * gives the median and the ratio round by round.
 */
export async function measureIdle(
  redisUrl: string,
  rounds: number,
  settleSeconds: number,
  log: (line: string) => void,
): Promise<IdleMemory> {
  const kinds: BotKind[] = ["ours", "baseline", "fair"];
  const readings = { startup: [] as number[][], settled: [] as number[][] };
  for (let round = 0; round < rounds; round++) {
    const bots = await Promise.all(
      kinds.map(async (kind) => ({ kind, child: await BotChild.spawn(kind, redisUrl), server: new HttpBotApi() })),
    );
    try {
      readings.startup.push(
        await Promise.all(
          bots.map(async ({ kind, child, server }) => {
            await child.start(await server.listen(), `${SESSION_PREFIX[kind]}idle${round}:`);
            return (await child.snapshot(true)).rss;
          }),
        ),
      );
      if (settleSeconds > 0) {
        await new Promise((resolve) => setTimeout(resolve, settleSeconds * 1000));
        readings.settled.push(await Promise.all(bots.map(async ({ child }) => (await child.snapshot(true)).rss)));
      }
    } finally {
      await Promise.all(
        bots.map(async ({ child, server }) => {
          await child.stop().catch(() => undefined);
          await server.close();
          await child.exit();
        }),
      );
    }
  }
  const byKind = (perRound: number[][]) =>
    Object.fromEntries(kinds.map((kind, k) => [kind, perRound.map((values) => values[k]!)])) as Record<
      BotKind,
      number[]
    >;
  const mb = (perRound: number[][]) => {
    const rss = byKind(perRound);
    return kinds.map((kind) => `${kind} ${rss[kind].map((v) => (v / 1048576).toFixed(1)).join("/")} MiB`).join(", ");
  };
  const settled = settleSeconds > 0;
  log(
    `idle RSS (${rounds} rounds) right after start-up: ${mb(readings.startup)}${settled ? `; after ${settleSeconds} s idle: ${mb(readings.settled)}` : ""}`,
  );
  return {
    startup: byKind(readings.startup),
    ...(settled ? { settled: byKind(readings.settled) } : {}),
    settleSeconds,
  };
}

/** Runs the update benchmark: idle memory, warm-up, repetitions alternating which bot goes first, then one-user latency. */
/** `count` repetitions of a run of each bot in `mode`, with the ratios of each repetition. */
async function repeatRuns(
  children: Record<BotKind, BotChild>,
  redis: Redis,
  mode: UpdateMode,
  count: number,
  scriptsFor: (users: number, length: number) => UserScript[],
  options: Pick<UpdatesOptions, "users" | "updatesPerUser">,
  log: (line: string) => void,
): Promise<UpdateRepetition[]> {
  const repetitions: UpdateRepetition[] = [];
  for (let rep = 0; rep < count; rep++) {
    log(`${mode} repetition ${rep + 1}/${count}: ${options.users} users × ${options.updatesPerUser} updates per bot`);
    // Rotated, so each bot goes first, second and last in turn, and no bot runs twice in a row across
    // repetitions (a bot process polling again right after its runner stopped lost a few updates to a
    // "socket hang up" on getUpdates, 2026-12-01; not explained yet).
    const kinds: BotKind[] = ["ours", "baseline", "fair"];
    const order = kinds.map((_, i) => kinds[(i + rep) % kinds.length]!);
    const runs: Partial<Record<BotKind, UpdateRun>> = {};
    for (const kind of order) {
      const scripts = scriptsFor(options.users, options.updatesPerUser);
      const run = await runOnce(children[kind], redis, scripts, Infinity, mode);
      runs[kind] = run;
      log(`  ${describe(run)}`);
    }
    const ours = runs.ours!;
    const baseline = runs.baseline!;
    const fair = runs.fair!;
    const repetition = {
      ours,
      baseline,
      fair,
      wallRatio: ours.wallMs / ours.updates / (baseline.wallMs / baseline.updates),
      cpuRatio: ours.botCpuMicrosPerUpdate / baseline.botCpuMicrosPerUpdate,
      fairWallRatio: ours.wallMs / ours.updates / (fair.wallMs / fair.updates),
      fairCpuRatio: ours.botCpuMicrosPerUpdate / fair.botCpuMicrosPerUpdate,
    };
    repetitions.push(repetition);
    log(
      `  ratio ours/baseline: ${repetition.wallRatio.toFixed(2)}× wall time per update, ${repetition.cpuRatio.toFixed(2)}× bot CPU per update; ours/fair: ${repetition.fairWallRatio.toFixed(2)}× wall, ${repetition.fairCpuRatio.toFixed(2)}× bot CPU`,
    );
  }
  return repetitions;
}

export async function benchUpdates(options: UpdatesOptions): Promise<UpdatesReport> {
  const { redis, log } = options;
  const catalog = loadCatalog();
  // Read first, on processes of its own, so the run's bots are not idling beside them.
  const idle = await measureIdle(options.redisUrl, options.idleRounds, options.idleSettleSeconds, log);
  const children = {
    ours: await BotChild.spawn("ours", options.redisUrl),
    baseline: await BotChild.spawn("baseline", options.redisUrl),
    fair: await BotChild.spawn("fair", options.redisUrl),
  };
  const scriptsFor = (users: number, length: number) => buildScripts(catalog, users, freshUserIds(), length);
  try {
    log(`warm-up: ${options.warmupUsers} users × ${options.updatesPerUser} updates per bot`);
    for (const kind of ["ours", "baseline", "fair"] as const) {
      const run = await runOnce(
        children[kind],
        redis,
        scriptsFor(options.warmupUsers, options.updatesPerUser),
        Infinity,
      );
      log(`  ${describe(run)}`);
    }

    const repetitions = await repeatRuns(children, redis, "polling", options.repetitions, scriptsFor, options, log);

    log(`one user at a time: ${options.unloadedUsers} users × ${options.updatesPerUser} updates per bot`);
    // The baseline first: the last repetition ended with ours (see the rotation above).
    const unloadedBaseline = await runOnce(
      children.baseline,
      redis,
      scriptsFor(options.unloadedUsers, options.updatesPerUser),
      1,
    );
    log(`  ${describe(unloadedBaseline)}`);
    const unloadedOurs = await runOnce(
      children.ours,
      redis,
      scriptsFor(options.unloadedUsers, options.updatesPerUser),
      1,
    );
    log(`  ${describe(unloadedOurs)}`);
    const unloadedFair = await runOnce(
      children.fair,
      redis,
      scriptsFor(options.unloadedUsers, options.updatesPerUser),
      1,
    );
    log(`  ${describe(unloadedFair)}`);

    log(`webhook warm-up: ${options.warmupUsers} users × ${options.updatesPerUser} updates per bot`);
    for (const kind of ["ours", "baseline", "fair"] as const) {
      const scripts = scriptsFor(options.warmupUsers, options.updatesPerUser);
      log(`  ${describe(await runOnce(children[kind], redis, scripts, Infinity, "webhook"))}`);
    }
    const webhook = await repeatRuns(children, redis, "webhook", options.webhookRepetitions, scriptsFor, options, log);
    return {
      idle,
      users: options.users,
      updatesPerUser: options.updatesPerUser,
      repetitions,
      webhook,
      unloaded: { ours: unloadedOurs, baseline: unloadedBaseline, fair: unloadedFair },
    };
  } finally {
    await Promise.all([children.ours.exit(), children.baseline.exit(), children.fair.exit()]);
  }
}

export interface MemoryPoint {
  users: number;
  /** Right after the users were served. */
  rss: number;
  heapUsed: number;
  /** Once the rate limiter's window has passed and its in-memory counters are cleared. */
  settledRss: number;
  settledHeapUsed: number;
  redisUsedMemory: number;
}

export interface MemoryReport {
  points: MemoryPoint[];
  /** Settled RSS growth per user between the middle and the last point, bytes. */
  rssPerUserLateBytes: number;
  redisBytesPerUser: number;
  seconds: number;
}

/**
 * Memory of a fresh bot process as distinct users open the menu (/start), read at evenly spaced
 * checkpoints after full garbage collections. Sessions live in Redis, so the process should stay flat.
 */
export async function benchMemory(options: {
  redis: Redis;
  redisUrl: string;
  users: number;
  checkpoints: number;
  log: (line: string) => void;
}): Promise<MemoryReport> {
  const { redis, log } = options;
  const child = await BotChild.spawn("ours", options.redisUrl);
  const server = new HttpBotApi();
  const apiRoot = await server.listen();
  const startedAt = performance.now();
  try {
    await child.start(apiRoot, `${BENCH_PREFIX}mem:`);
    const points: MemoryPoint[] = [];
    // The bots run on the default configuration, so this is their rate limiter's window.
    const rateWindowMs = loadConfig({}).rateLimit.windowMs;
    const measure = async (users: number) => {
      const now: Snapshot = await child.snapshot(true);
      if (users > 0) await new Promise((r) => setTimeout(r, rateWindowMs + 500));
      const settled: Snapshot = users > 0 ? await child.snapshot(true) : now;
      const point = {
        users,
        rss: now.rss,
        heapUsed: now.heapUsed,
        settledRss: settled.rss,
        settledHeapUsed: settled.heapUsed,
        redisUsedMemory: await infoField(redis, "memory", "used_memory"),
      };
      points.push(point);
      const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;
      log(
        `  ${users} users: RSS ${mb(point.rss)}, heap ${mb(point.heapUsed)}; settled: RSS ${mb(point.settledRss)}, heap ${mb(point.settledHeapUsed)}`,
      );
    };
    await measure(0);
    const firstId = freshUserIds();
    const step = Math.ceil(options.users / options.checkpoints);
    for (let done = 0; done < options.users; done += step) {
      const count = Math.min(step, options.users - done);
      const result = await drive(server, startOnlyScripts(count, firstId + done), {
        expectEdits: true,
        concurrency: 200,
      });
      if (result.unexpected.length > 0)
        throw new Error(`memory run: unexpected answers: ${result.unexpected.slice(0, 3).join("; ")}`);
      await measure(done + count);
    }
    const last = points[points.length - 1]!;
    const middle = points[Math.floor((points.length - 1) / 2)]!;
    return {
      points,
      rssPerUserLateBytes: (last.settledRss - middle.settledRss) / Math.max(1, last.users - middle.users),
      redisBytesPerUser: (last.redisUsedMemory - points[0]!.redisUsedMemory) / Math.max(1, last.users),
      seconds: (performance.now() - startedAt) / 1000,
    };
  } finally {
    await child.stop().catch(() => undefined);
    await server.close();
    await child.exit();
  }
}
