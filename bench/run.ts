/**
 * `npm run bench`: measures update handling (against a bare grammY baseline), search, reminders, the
 * pre-application write path and memory, and writes docs/PERFORMANCE.md.
 *
 *   npm run bench                 full run (about ten minutes), writes docs/PERFORMANCE.md
 *   npm run bench -- --quick      under a minute, for development
 *   --only=search,updates,memory,claim,preapplications,delivery   run some sections only
 *   --repetitions=<n>             repetitions of the update runs (quick mode: 2), to compare levers run by run
 *   --out=<file>                  where to write the report; quick and partial runs default to the
 *                                 temp directory, so they never overwrite the full run's report
 *
 * Redis: REDIS_URL if set, otherwise a private redis-server started and stopped here.
 * BENCH_BOT_NODE_FLAGS adds Node flags to the bot processes, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
 */
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, tmpdir, totalmem, type as osType } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { benchInProcessApart } from "./in-process.js";
import { benchPreapplications } from "./preapplications.js";
import { openBenchRedis } from "./redis.js";
import { benchClaim, benchDelivery } from "./reminders.js";
import { renderReport, type BenchResults, type Outcome } from "./report.js";
import { benchSearch } from "./search.js";
import { benchMemory, benchUpdates } from "./updates.js";

const SECTIONS = ["search", "updates", "memory", "claim", "preapplications", "delivery"] as const;
type Section = (typeof SECTIONS)[number];

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args
  .find((a) => a.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
const unknownSections = only?.filter((s) => !(SECTIONS as readonly string[]).includes(s)) ?? [];
if (unknownSections.length > 0)
  throw new Error(`unknown sections: ${unknownSections.join(", ")}; known: ${SECTIONS.join(", ")}`);
const outPath =
  args.find((a) => a.startsWith("--out="))?.slice("--out=".length) ??
  (quick || only
    ? join(tmpdir(), "kyzmet-performance-partial.md")
    : fileURLToPath(new URL("../docs/PERFORMANCE.md", import.meta.url)));

const plan = quick
  ? {
      search: { queries: 10_000, repetitions: 2, builds: 10 },
      updates: {
        users: 200,
        updatesPerUser: 10,
        repetitions: 2,
        webhookRepetitions: 1,
        warmupUsers: 100,
        unloadedUsers: 10,
        idleSettleSeconds: 0,
        idleRounds: 1,
      },
      inProcess: { users: 100, repetitions: 2 },
      memory: { users: 2_000, checkpoints: 1 },
      claim: { sizes: [1_000, 10_000], claims: 100 },
      preapplications: { count: 1_000, repetitions: 1, concurrency: 64 },
      delivery: { spread: 300, hot: 300 },
    }
  : {
      search: { queries: 10_000, repetitions: 5, builds: 30 },
      updates: {
        users: 2_000,
        updatesPerUser: 10,
        repetitions: 5,
        webhookRepetitions: 3,
        warmupUsers: 500,
        unloadedUsers: 50,
        idleSettleSeconds: 90,
        idleRounds: 5,
      },
      inProcess: { users: 500, repetitions: 5 },
      memory: { users: 10_000, checkpoints: 4 },
      claim: { sizes: [1_000, 10_000, 100_000], claims: 500 },
      preapplications: { count: 10_000, repetitions: 3, concurrency: 64 },
      delivery: { spread: 10_000, hot: 1_000 },
    };

const repetitionsArg = args.find((a) => a.startsWith("--repetitions="))?.slice("--repetitions=".length);
if (repetitionsArg) plan.updates.repetitions = Number(repetitionsArg);
const usersArg = args.find((a) => a.startsWith("--users="))?.slice("--users=".length);
if (usersArg) plan.updates.users = Number(usersArg);
const idleSettleArg = args.find((a) => a.startsWith("--idle-settle="))?.slice("--idle-settle=".length);
if (idleSettleArg) plan.updates.idleSettleSeconds = Number(idleSettleArg);

const runStarted = performance.now();
const loadAtStart = loadavg()[0]!;
const elapsed = () => `${((performance.now() - runStarted) / 1000).toFixed(0)} s`;
const log = (line: string) => console.log(`  ${line}`);
const wanted = (section: Section) => !only || only.includes(section);

async function measure<T>(section: Section, title: string, body: () => Promise<T> | T): Promise<Outcome<T>> {
  if (!wanted(section)) return undefined;
  console.log(`\n[${elapsed()}] ${title}`);
  try {
    return { ok: true, value: await body() };
  } catch (error) {
    console.error(`  ${section} failed:`, error);
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function packageVersions(): string {
  const names = ["grammy", "@grammyjs/runner", "@grammyjs/storage-redis", "ioredis", "minisearch"];
  const version = (name: string) => {
    const file = fileURLToPath(new URL(`../node_modules/${name}/package.json`, import.meta.url));
    return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
  };
  return names.map((name) => `${name} ${version(name)}`).join(", ");
}

async function main(): Promise<void> {
  console.log(`Kyzmet bot benchmark, ${quick ? "quick" : "full"} mode; report → ${outPath}`);
  const redis = await openBenchRedis();
  console.log(
    `Redis ${redis.version} at ${redis.url}${redis.isPrivate ? " (private, started for this run)" : " (REDIS_URL)"}`,
  );
  const results: BenchResults = {};
  try {
    results.search = await measure("search", "Search", () => benchSearch({ ...plan.search, log }));
    results.updates = await measure(
      "updates",
      "Update handling: the bot and the baselines through the polling path and the webhook",
      () => benchUpdates({ redis: redis.client, redisUrl: redis.url, ...plan.updates, log }),
    );
    results.inProcess = await measure("updates", "Update handling in process, without HTTP and Redis", () =>
      benchInProcessApart({ ...plan.inProcess, log }),
    );
    results.memory = await measure("memory", "Memory as users open the menu", () =>
      benchMemory({ redis: redis.client, redisUrl: redis.url, ...plan.memory, log }),
    );
    results.claim = await measure("claim", "Reminders: claiming a due batch", () =>
      benchClaim({ redis: redis.client, ...plan.claim, log }),
    );
    results.preapplications = await measure("preapplications", "Pre-applications: the write path", () =>
      benchPreapplications({ redis: redis.client, ...plan.preapplications, log }),
    );
    results.delivery = await measure(
      "delivery",
      `Reminders: delivering ${plan.delivery.spread} to many chats (about ${Math.ceil(plan.delivery.spread / 25)} s)`,
      () => benchDelivery({ redis: redis.client, plan: "spread", reminders: plan.delivery.spread, log }),
    );
    results.hotDelivery = await measure("delivery", `Reminders: delivering ${plan.delivery.hot} to 20 chats`, () =>
      benchDelivery({ redis: redis.client, plan: "hot", reminders: plan.delivery.hot, log }),
    );
  } finally {
    await redis.close();
  }

  const cpu = cpus();
  const report = renderReport(
    {
      mode: quick ? "quick" : "full",
      date: new Date()
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d+Z$/, " UTC"),
      cpu: cpu[0]?.model.trim() ?? "unknown",
      cores: cpu.length,
      ramBytes: totalmem(),
      os: `${osType()} ${release()}`,
      node: process.version,
      redis: redis.version,
      redisWhere: redis.isPrivate ? "private redis-server started by the benchmark, on loopback" : "REDIS_URL",
      packages: packageVersions(),
      seconds: (performance.now() - runStarted) / 1000,
      load: [loadAtStart, loadavg()[0]!],
    },
    results,
  );
  writeFileSync(outPath, report);
  console.log(`\n[${elapsed()}] done; report written to ${outPath}`);
  const failed = Object.values(results).some((outcome) => outcome && !outcome.ok);
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
