/** Renders the benchmark results as docs/PERFORMANCE.md. */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BotKind } from "./bot-child.js";
import type { InProcessKind, InProcessRun } from "./in-process.js";
import type { PreapplicationReport } from "./preapplications.js";
import type { ClaimReport, DeliveryReport } from "./reminders.js";
import type { SearchReport } from "./search.js";
import { fmtSpread, mib, num, spread } from "./stats.js";
import type { MemoryReport, UpdateRepetition, UpdateRun, UpdatesReport } from "./updates.js";
import { QUERY_KINDS } from "./queries.js";

export interface Environment {
  mode: "quick" | "full";
  date: string;
  cpu: string;
  cores: number;
  ramBytes: number;
  os: string;
  node: string;
  redis: string;
  redisWhere: string;
  packages: string;
  seconds: number;
  /** 1-minute load average when the run started and when it ended (other work on the machine). */
  load: [number, number];
}

/** A section's result, or why it could not be measured. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string } | undefined;

export interface BenchResults {
  updates?: Outcome<UpdatesReport>;
  inProcess?: Outcome<Record<InProcessKind, InProcessRun>>;
  memory?: Outcome<MemoryReport>;
  search?: Outcome<SearchReport>;
  claim?: Outcome<ClaimReport>;
  delivery?: Outcome<DeliveryReport>;
  hotDelivery?: Outcome<DeliveryReport>;
  preapplications?: Outcome<PreapplicationReport>;
}

const PASS = "✅";
const FAIL = "❌";
const mark = (ok: boolean) => (ok ? PASS : FAIL);
const ms = (value: number, decimals = 1) => `${num(value, decimals)} ms`;

function notMeasured(outcome: Outcome<unknown>): string | undefined {
  if (outcome === undefined) return "_Not run (section skipped with --only)._\n";
  if (!outcome.ok) return `_Not measured: ${outcome.error}_\n`;
  return undefined;
}

/** A table row of the three bots' figures over some repetitions: median (min–max) per bot. */
function botRow(reps: readonly UpdateRepetition[]) {
  const of = (kind: BotKind, field: (run: UpdateRun) => number) => spread(reps.map((rep) => field(rep[kind])));
  return (label: string, f: (run: UpdateRun) => number, decimals: number, unit = "") =>
    `| ${label} | ${fmtSpread(of("ours", f), decimals, unit)} | ${fmtSpread(of("baseline", f), decimals, unit)} | ${fmtSpread(of("fair", f), decimals, unit)} |`;
}

function updatesSection(outcome: Outcome<UpdatesReport>): string {
  const skipped = notMeasured(outcome);
  if (skipped || !outcome?.ok) return skipped!;
  const r = outcome.value;
  const reps = r.repetitions;
  const wallRatio = spread(reps.map((rep) => rep.wallRatio));
  const cpuRatio = spread(reps.map((rep) => rep.cpuRatio));
  const fairWallRatio = spread(reps.map((rep) => rep.fairWallRatio));
  const fairCpuRatio = spread(reps.map((rep) => rep.fairCpuRatio));
  const rssRatio = spread(reps.map((rep) => rep.ours.rssBefore / rep.baseline.rssBefore));
  const idle = r.idle;
  const toMib = (bytes: number) => bytes / 1048576;
  const idleRow = (label: string, rss: Record<BotKind, number[]>) =>
    `| ${label} | ${fmtSpread(spread(rss.ours.map(toMib)), 1, " MiB")} | ${fmtSpread(spread(rss.baseline.map(toMib)), 1, " MiB")} | ${fmtSpread(spread(rss.fair.map(toMib)), 1, " MiB")} |`;
  const idleRatio = (label: string, rss: Record<BotKind, number[]>) => {
    const ratio = spread(rss.ours.map((ours, round) => ours / rss.baseline[round]!));
    return `| ${label}, ours / bare | ${fmtSpread(ratio, 2, "×")} | ≤ 1.3× | ${mark(ratio.median <= 1.3)} |`;
  };
  const problems = reps
    .flatMap((rep) => [rep.ours, rep.baseline, rep.fair])
    .reduce((n, run) => n + run.unexpected.length + run.botErrors, 0);
  const row = botRow(reps);
  const u = r.unloaded;
  return [
    `${r.users.toLocaleString("en-US")} users × ${r.updatesPerUser} updates = ${(r.users * r.updatesPerUser).toLocaleString("en-US")} updates per run, ` +
      `${reps.length} repetitions per bot (after a warm-up run each), alternating which bot goes first. Median (min–max) over the repetitions.`,
    "",
    "| | Kyzmet bot | bare grammY baseline | fair grammY baseline |",
    "|---|---|---|---|",
    row("updates/s", (run) => run.updatesPerSecond, 0),
    row("time for all updates", (run) => run.wallMs / 1000, 1, " s"),
    row("latency p50 (queued → answer recorded)", (run) => run.p50Ms, 1, " ms"),
    row("latency p99", (run) => run.p99Ms, 1, " ms"),
    row("bot process CPU per update", (run) => run.botCpuMicrosPerUpdate, 0, " µs"),
    row("Bot API calls per update", (run) => run.apiCallsPerUpdate, 2),
    row("Redis commands per update", (run) => run.redisCommandsPerUpdate, 2),
    row("Redis CPU per update", (run) => run.redisCpuMicrosPerUpdate, 0, " µs"),
    row("fake Bot API + users CPU per update", (run) => run.driverCpuMicrosPerUpdate, 0, " µs"),
    idleRow("bot RSS at idle, right after start-up (no update yet)", idle.startup),
    ...(idle.settled ? [idleRow(`bot RSS at idle, after ${idle.settleSeconds} s more`, idle.settled)] : []),
    row("bot RSS before the run (after the warm-up)", (run) => run.rssBefore / 1048576, 1, " MiB"),
    row("bot RSS after the run", (run) => run.rssAfter / 1048576, 1, " MiB"),
    `| latency p50 / p99, one user at a time | ${ms(u.ours.p50Ms, 2)} / ${ms(u.ours.p99Ms, 2)} | ${ms(u.baseline.p50Ms, 2)} / ${ms(u.baseline.p99Ms, 2)} | ${ms(u.fair.p50Ms, 2)} / ${ms(u.fair.p99Ms, 2)} |`,
    "",
    "| Ratio ours / baseline, run by run | median (min–max) | target | |",
    "|---|---|---|---|",
    `| bot process CPU per update, ours / bare | ${fmtSpread(cpuRatio, 2, "×")} | ≤ 2.0× | ${mark(cpuRatio.median <= 2.0)} |`,
    `| bot process CPU per update, ours / fair | ${fmtSpread(fairCpuRatio, 2, "×")} | ≤ 1.3× | ${mark(fairCpuRatio.median <= 1.3)} |`,
    idleRatio("bot RSS at idle, right after start-up", idle.startup),
    ...(idle.settled ? [idleRatio(`bot RSS at idle, after ${idle.settleSeconds} s more`, idle.settled)] : []),
    `| bot RSS before the run (after the warm-up), ours / bare | ${fmtSpread(rssRatio, 2, "×")} | (for information) | |`,
    `| wall time per update, ours / bare | ${fmtSpread(wallRatio, 2, "×")} | (for information) | |`,
    `| wall time per update, ours / fair | ${fmtSpread(fairWallRatio, 2, "×")} | (for information) | |`,
    "",
    "The bot process, the benchmark's process (fake Bot API and users) and Redis compete for the same cores, so wall time reflects all " +
      "three; the CPU rows give each one's share per update.",
    "",
    "The bots run as `npm start` runs ours: compiled JavaScript (bench/compiled.ts), each in a process that loads only its own modules " +
      "(a baseline's none of ours). Idle RSS is read after two full garbage collections with the bots started and polling, before any " +
      "update: right after start-up, V8's young generation still has the size start-up's allocations grew it to; its memory reducer " +
      "gives it back after some idle time, hence the second reading. A process's idle RSS varies by a few MiB from one start to the " +
      `next, so it is read on ${r.idle.startup.ours.length} sets of fresh processes, one set after the other; median (min–max) over them, ` +
      "and the ratio round by round.",
    "",
    ...webhookRows(r),
    problems === 0
      ? "Every update got exactly the answer expected (the bot edited the pressed message for every button; no error, alert or stale-button notice)."
      : `**${problems} unexpected answers or errors** — see the console output of the run.`,
    "",
  ].join("\n");
}

/** The same bots with their updates posted to the webhook: where a button's answer rides in the response. */
function webhookRows(r: UpdatesReport): string[] {
  const reps = r.webhook;
  if (reps.length === 0) return [];
  const row = botRow(reps);
  const cpuRatio = spread(reps.map((rep) => rep.cpuRatio));
  const fairCpuRatio = spread(reps.map((rep) => rep.fairCpuRatio));
  const polling = spread(r.repetitions.map((rep) => rep.ours.botCpuMicrosPerUpdate));
  const webhook = spread(reps.map((rep) => rep.ours.botCpuMicrosPerUpdate));
  return [
    `**Webhook mode.** The same users, ${reps.length} repetitions per bot after a warm-up run each: every update posted to the bot's ` +
      "webhook (src/server/http-server.ts, the server of production's webhook mode, for all three bots alike) with at most 40 " +
      "requests open at once, as Telegram does. Ours is built for webhook mode as src/main.ts builds it: the per-chat lock across " +
      "instances, the handled-update marks and the rate-limit counts in Redis. Ours and the fair baseline answer a button press in the " +
      "webhook's response (grammY's webhook reply), so a press costs one Bot API request instead of two.",
    "",
    "| webhook | Kyzmet bot | bare grammY baseline | fair grammY baseline |",
    "|---|---|---|---|",
    row("updates/s", (run) => run.updatesPerSecond, 0),
    row("latency p50 (posted → answer recorded)", (run) => run.p50Ms, 1, " ms"),
    row("latency p99", (run) => run.p99Ms, 1, " ms"),
    row("bot process CPU per update", (run) => run.botCpuMicrosPerUpdate, 0, " µs"),
    row("Bot API requests per update", (run) => run.apiCallsPerUpdate - run.webhookRepliesPerUpdate, 2),
    row("calls answered in the webhook's response, per update", (run) => run.webhookRepliesPerUpdate, 2),
    row("Redis commands per update", (run) => run.redisCommandsPerUpdate, 2),
    "",
    `Webhook, ours / bare bot CPU per update: ${fmtSpread(cpuRatio, 2, "×")}; ours / fair: ${fmtSpread(fairCpuRatio, 2, "×")}. ` +
      `Ours per update: ${fmtSpread(webhook, 0, " µs")} by webhook against ${fmtSpread(polling, 0, " µs")} by polling.`,
    "",
  ];
}

/** The levers of issue 16, each measured alone by hand (bench/LEVERS.md), shown under the update figures. */
function leversSection(): string[] {
  const file = fileURLToPath(new URL("./LEVERS.md", import.meta.url));
  if (!existsSync(file)) return [];
  return [
    "### Levers, each measured alone (from bench/LEVERS.md, not by this run)",
    "",
    readFileSync(file, "utf8").trim(),
    "",
  ];
}

function inProcessSection(outcome: Outcome<Record<InProcessKind, InProcessRun>>): string {
  const skipped = notMeasured(outcome);
  if (skipped || !outcome?.ok) return skipped!;
  const { ours, baseline, fair, fairScreens } = outcome.value;
  const runs = [ours, baseline, fair, fairScreens];
  const errors = runs.reduce((sum, run) => sum + run.errors, 0);
  return [
    "The same scripts without the transport: one update at a time through `bot.handleUpdate`, the Bot API answered in process by " +
      "LocalBotApi, sessions in memory. What is left is the bots' own logic, plus the in-process API's work for each call (about a sixth of ours' time in a profile), which every bot pays alike for the same calls and bytes. Each bot runs " +
      "in a process of its own, compiled, ours with the flags `npm start` gives it, as in the polling runs (`benchInProcessApart`); " +
      "CPU is the process's, its collector's and compiler's threads included.",
    "",
    "A fourth bot runs here only: the fair baseline sending ours' own screens (`fairScreens`), the messages and keyboards ours sent " +
      "to 100 scripted users, in turn, instead of its 20-byte texts. It makes ours' calls with ours' bytes, so the gap between it and " +
      "ours is our logic alone; its own figure is what the same Telegram I/O costs any grammY bot in this harness.",
    "",
    "| in process | Kyzmet bot | bare grammY baseline | fair grammY baseline | fair, ours' screens | target (ours) | |",
    "|---|---|---|---|---|---|---|",
    `| CPU per update, median of the repetitions (range) | ${runs.map((run) => fmtSpread(run.cpuMicrosSpread, 0, " µs")).join(" | ")} | ≤ 100 µs | ${mark(ours.cpuMicrosPerUpdate <= 100)} |`,
    `| time per update p50 / p99 | ${runs.map((run) => `${ms(run.p50Ms, 3)} / ${ms(run.p99Ms, 3)}`).join(" | ")} | | |`,
    ...(errors > 0
      ? [
          "",
          `**Errors: ${ours.errors} (ours), ${baseline.errors} (bare), ${fair.errors} (fair), ${fairScreens.errors} (fair, ours' screens).**`,
        ]
      : []),
    "",
  ].join("\n");
}

function memorySection(outcome: Outcome<MemoryReport>): string {
  const skipped = notMeasured(outcome);
  if (skipped || !outcome?.ok) return skipped!;
  const r = outcome.value;
  const lines = [
    "A fresh bot process; distinct users send /start and get the main menu (200 at a time). Read after two full garbage collections, " +
      "right after the users were served and again once the rate limiter's window has passed (it keeps per-user counters in memory for that long).",
    "",
    "| users who opened the menu | bot RSS | bot JS heap used | settled RSS | settled heap | Redis used_memory |",
    "|---|---|---|---|---|---|",
    ...r.points.map(
      (p) =>
        `| ${p.users.toLocaleString("en-US")} | ${mib(p.rss)} | ${mib(p.heapUsed)} | ${mib(p.settledRss)} | ${mib(p.settledHeapUsed)} | ${mib(p.redisUsedMemory)} |`,
    ),
    "",
    `Settled RSS growth from the middle to the last point: ${num(r.rssPerUserLateBytes, 0)} bytes per user ` +
      `(${mark(r.rssPerUserLateBytes < 1024)} flat: target under 1 KiB per user, i.e. no per-user state in the process). ` +
      `Redis grows by about ${num(r.redisBytesPerUser, 0)} bytes per user (their sessions).`,
    "",
  ];
  return lines.join("\n");
}

function searchSection(outcome: Outcome<SearchReport>): string {
  const skipped = notMeasured(outcome);
  if (skipped || !outcome?.ok) return skipped!;
  const r = outcome.value;
  const kinds = QUERY_KINDS.map((k) => `${k} ${r.countByKind[k]} (p99 ${ms(r.p99ByKind[k], 3)})`).join(", ");
  return [
    `${r.queries.toLocaleString("en-US")} mixed queries, each timed alone, ${r.repetitions} repetitions after a warm-up pass. Median (min–max) over the repetitions.`,
    "",
    "| | measured | target | |",
    "|---|---|---|---|",
    `| per query p50 | ${fmtSpread(r.p50Ms, 3, " ms")} | | |`,
    `| per query p99 | ${fmtSpread(r.p99Ms, 3, " ms")} | ≤ 0.5 ms | ${mark(r.p99Ms.median <= 0.5)} |`,
    `| per query max | ${fmtSpread(r.maxMs, 2, " ms")} | | |`,
    `| index build, first in the process (cold) | ${ms(r.firstBuildMs)} | | |`,
    `| index build, warm | ${fmtSpread(r.buildMs, 2, " ms")} | | |`,
    "",
    `Queries by kind: ${kinds}.`,
    "",
  ].join("\n");
}

function claimSection(outcome: Outcome<ClaimReport>): string {
  const skipped = notMeasured(outcome);
  if (skipped || !outcome?.ok) return skipped!;
  const r = outcome.value;
  const first = r.points[0]!;
  const last = r.points[r.points.length - 1]!;
  const growth = last.claimP50Ms / first.claimP50Ms;
  return [
    `Half of the pending reminders are due; each claim leases ${r.batch} of them in one script, ${r.claimsPerSize} claims per size after 20 warm-up claims.`,
    "",
    "| pending reminders | claim p50 | claim p99 | Redis PING p50 | filled at |",
    "|---|---|---|---|---|",
    ...r.points.map(
      (p) =>
        `| ${p.pending.toLocaleString("en-US")} | ${ms(p.claimP50Ms, 2)} | ${ms(p.claimP99Ms, 2)} | ${ms(p.pingP50Ms, 3)} | ${num(p.schedulePerSecond)} reminders/s |`,
    ),
    "",
    `Claim p50 at ${last.pending.toLocaleString("en-US")} vs ${first.pending.toLocaleString("en-US")} pending: ${num(growth, 2)}× ` +
      `(${mark(growth <= 1.5)} does not grow: target ≤ 1.5×).`,
    "",
  ].join("\n");
}

function deliverySection(spreadOutcome: Outcome<DeliveryReport>, hotOutcome: Outcome<DeliveryReport>): string {
  const skipped = notMeasured(spreadOutcome) ?? notMeasured(hotOutcome);
  if (skipped || !spreadOutcome?.ok || !hotOutcome?.ok) return skipped!;
  const many = spreadOutcome.value;
  const hot = hotOutcome.value;
  const both = (f: (r: DeliveryReport) => string) => `${f(many)} | ${f(hot)}`;
  const overall = Math.max(
    many.maxPerSecondSent,
    many.maxPerSecondReceived,
    hot.maxPerSecondSent,
    hot.maxPerSecondReceived,
  );
  const perChat = Math.max(many.maxPerChatPerSecond, hot.maxPerChatPerSecond);
  const perChatGranted = Math.max(many.maxPerChatPerSecondGranted, hot.maxPerChatPerSecondGranted);
  const settled = [many, hot].every((r) => r.pendingAfter === 0 && r.failures === 0);
  const lines = [
    "The worker (batches of 100, one merged message per chat per batch) with the real pacer and the real clock; its send function posts " +
      "`sendMessage` with grammY's `Api` to the HttpBotApi. Many chats: each chat's reminders lie far apart in the queue, so the overall " +
      "limit sets the pace. 20 chats: every batch holds one message per chat and the next batch must wait for the same chats, so the " +
      "per-chat limit sets the pace. Times are taken three ways: in the send function with a sub-millisecond clock (sent), as the pacer's " +
      "own clock read when it let the message go (granted; Date.now, whole milliseconds), and on arrival at the Bot API (received).",
    "",
    "| | many chats | 20 chats | target | |",
    "|---|---|---|---|---|",
    `| due reminders / chats | ${both((r) => `${r.reminders.toLocaleString("en-US")} / ${r.chats.toLocaleString("en-US")}`)} | | |`,
    `| messages sent / time | ${both((r) => `${r.messages.toLocaleString("en-US")} / ${num(r.seconds, 1)} s`)} | | |`,
    `| messages/s, first to last | ${both((r) => num(r.messagesPerSecond, 2))} | ≥ 25/s with many chats | ${mark(many.messagesPerSecond >= 25)} |`,
    `| most in any 1 s: sent / granted / received | ${both((r) => `${r.maxPerSecondSent} / ${r.maxPerSecondGranted} / ${r.maxPerSecondReceived}`)} | never above 30 | ${mark(overall <= 30)} |`,
    `| most to one chat in any 1 s: sent / granted | ${both((r) => `${r.maxPerChatPerSecond} / ${r.maxPerChatPerSecondGranted}`)} | never above 1 | ${mark(perChat <= 1)} |`,
    `| shortest gap between two messages to one chat | ${both((r) => (Number.isFinite(r.minPerChatGapMs) ? ms(r.minPerChatGapMs, 2) : "–"))} | ≥ 1,000 ms | |`,
    `| left pending / failed | ${both((r) => `${r.pendingAfter} / ${r.failures}`)} | 0 / 0 | ${mark(settled)} |`,
    "",
  ];
  if (perChat > 1 && perChatGranted <= 1) {
    lines.push(
      "As granted, no chat ever got two messages within a second; but the pacer's clock counts whole milliseconds, so in real time two " +
        'grants a "second" apart can be up to 1 ms closer than that (and more than 25 can fall in one real second at a window\'s edge).',
      "",
    );
  }
  if (many.messages < 1_000) {
    lines.push("With few messages the first-to-last rate overstates the steady rate: the first 25 go out at once.", "");
  }
  return lines.join("\n");
}

function preapplicationSection(outcome: Outcome<PreapplicationReport>): string {
  const skipped = notMeasured(outcome);
  if (skipped || !outcome?.ok) return skipped!;
  const r = outcome.value;
  return [
    `Each create: the reference number (INCR), the record built and validated by the domain, and create() writing the record, its reference and ` +
      `every index in one script (about ${num(r.keysPerRecord, 1)} keys per pre-application). ${r.count.toLocaleString("en-US")} creates per pass, ` +
      `${r.repetitions} repetitions, median (min–max).`,
    "",
    "| | creates/s | per create p50 / p99 |",
    "|---|---|---|",
    `| one at a time | ${fmtSpread(r.sequentialPerSecond)} | ${ms(r.sequentialP50Ms, 2)} / ${ms(r.sequentialP99Ms, 2)} |`,
    `| ${r.concurrency} in flight | ${fmtSpread(r.concurrentPerSecond)} | |`,
    "",
  ].join("\n");
}

/** The whole of docs/PERFORMANCE.md. */
export function renderReport(env: Environment, results: BenchResults): string {
  return [
    "# Performance",
    "",
    `Written by \`npm run bench${env.mode === "quick" ? " -- --quick" : ""}\` (**${env.mode} mode**) on ${env.date}; the run took ${num(env.seconds / 60, 1)} minutes. ` +
      "Do not edit by hand: run the benchmark again.",
    "",
    "| Machine | |",
    "|---|---|",
    `| CPU | ${env.cpu}, ${env.cores} cores |`,
    `| RAM | ${num(env.ramBytes / 1024 ** 3, 1)} GiB |`,
    `| OS | ${env.os} |`,
    `| Node.js | ${env.node} |`,
    `| Redis | ${env.redis} (${env.redisWhere}) |`,
    `| Packages | ${env.packages} |`,
    `| Load average (1 min) at start / end | ${num(env.load[0], 2)} / ${num(env.load[1], 2)} |`,
    "",
    "The bot, the fake Bot API and Redis share these cores: figures are for comparing runs on this machine, not capacity promises. " +
      "Every key the benchmark writes starts with `bench:` and is deleted at the end.",
    "",
    "## 1. Update handling: the bot against a bare and a fair grammY bot",
    "",
    "The three bots run in processes of their own with `@grammyjs/runner` `run(bot)`, `client.apiRoot` pointing at the HttpBotApi " +
      "(src/telegram/http-bot-api.ts) on loopback, sessions in the same Redis. The bare baseline is a bare grammY bot: `sequentialize` per user, " +
      "`@grammyjs/storage-redis` sessions (read and written on every update), one `sendMessage` per update. The fair baseline is the same bot " +
      "making the same Bot API calls as ours (a button: `answerCallbackQuery` and `editMessageText` of the pressed message; a text: one " +
      "`sendMessage`), so ours / fair is the cost of our own logic and its Redis use, not of Telegram I/O. Each simulated user follows a script " +
      "(/start — the language choice for the tenth with an unknown app language — categories, a category, a card, back, another card, a free-text " +
      "question, its first result, the main menu, another question) and sends the next update once the previous one is answered. " +
      "Latency runs from the update entering the getUpdates queue to its answer being recorded by the fake Bot API; with every user active at once " +
      "it is mostly time spent queued behind other users' updates, so the one-user-at-a-time row shows the cost of a single update.",
    "",
    updatesSection(results.updates),
    inProcessSection(results.inProcess),
    ...leversSection(),
    "## 2. Search",
    "",
    searchSection(results.search),
    "## 3. Reminders",
    "",
    "### Claiming a due batch as the queue grows",
    "",
    claimSection(results.claim),
    "### Delivery",
    "",
    deliverySection(results.delivery, results.hotDelivery),
    "## 4. Pre-application write path",
    "",
    preapplicationSection(results.preapplications),
    "## 5. Memory as users accumulate",
    "",
    memorySection(results.memory),
  ].join("\n");
}
