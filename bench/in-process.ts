/**
 * The same two bots without the transport: updates handed to `bot.handleUpdate` one at a time, the Bot
 * API answered in process by LocalBotApi's fetch, sessions in memory. Set against the polling runs, this
 * separates the cost of the bot's own logic from the cost of HTTP and Redis.
 */
import { fork } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { MemorySessionStorage, type Bot } from "grammy";
import { loadCatalog } from "../src/catalog-files.js";
import { createMemoryStores } from "../src/store/stores.js";
import { LocalBotApi } from "../src/telegram/local-bot-api.js";
import { callbackUpdate, textUpdate } from "../src/telegram/updates.js";
import { botProcessLaunch, type BotKind } from "./bot-child.js";
import { buildBaselineBot, buildOurBot, type BaselineSession } from "./bots.js";
import type { ReplayedScreens, SentScreen } from "./baseline-bot.js";
import { buildScripts, type UserScript } from "./driver.js";
import { fmtSpread, median, quantile, spread, type Spread } from "./stats.js";

/**
 * The bots measured in process: the three of the polling runs, and the fair baseline sending ours' own
 * screens (`fairScreens`): the same calls as ours with ours' bytes, so that what separates it from ours
 * is our logic alone, the cost of serialising and parsing bigger messages included on both sides.
 */
export type InProcessKind = BotKind | "fairScreens";
export const IN_PROCESS_KINDS: readonly InProcessKind[] = ["ours", "baseline", "fair", "fairScreens"];

export interface InProcessRun {
  kind: InProcessKind;
  updates: number;
  /** CPU time of this process per update (µs), the in-process Bot API included: median of the repetitions. */
  cpuMicrosPerUpdate: number;
  /** The same, each repetition's range: the machine's speed drifts between them. */
  cpuMicrosSpread: Spread;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

async function runScripts(bot: Bot, api: LocalBotApi, scripts: readonly UserScript[]): Promise<number[]> {
  const times: number[] = [];
  for (const { user, steps } of scripts) {
    let screen = { messageId: 0, text: "" };
    for (const step of steps) {
      const update =
        step.kind === "text"
          ? textUpdate(user, step.text)
          : callbackUpdate(user, step.data, screen.messageId, screen.text);
      const t0 = performance.now();
      await bot.handleUpdate(update);
      times.push(performance.now() - t0);
      const sent = api.calls.findLast((call) => call.method === "sendMessage");
      if (sent)
        screen = {
          messageId: Number((sent.response as { message_id?: number }).message_id),
          text: String(sent.payload.text),
        };
      api.clearCalls();
    }
  }
  return times;
}

/** Runs the scripts of `users` users through each bot after a warm-up, `repetitions` times; medians. */
export async function benchInProcess(options: {
  users: number;
  repetitions: number;
  log: (line: string) => void;
  kinds?: readonly InProcessKind[];
  /** What the `fairScreens` bot sends (recordOurScreens). */
  screens?: ReplayedScreens;
  /**
   * Called once a bot is built, warm and its scripts are ready, right before the measured repetitions
   * (`"start"`) and right after them (`"end"`): a profiler started here sees update handling only.
   */
  onMeasured?: (moment: "start" | "end", kind: InProcessKind) => Promise<void>;
}): Promise<Partial<Record<InProcessKind, InProcessRun>>> {
  const catalog = loadCatalog();
  const results: Partial<Record<InProcessKind, InProcessRun>> = {};
  let firstUserId = 2_000_000_000;
  for (const kind of options.kinds ?? IN_PROCESS_KINDS) {
    const api = new LocalBotApi();
    let errors = 0;
    const onError = () => {
      errors += 1;
    };
    const client = { fetch: api.fetch as never };
    if (kind === "fairScreens" && !options.screens) throw new Error("the fairScreens bot needs ours' screens");
    const bot =
      kind === "ours"
        ? buildOurBot(createMemoryStores(), client, onError)
        : buildBaselineBot(new MemorySessionStorage<BaselineSession>(), "", client, onError, {
            fair: kind !== "baseline",
            screens: kind === "fairScreens" ? options.screens : undefined,
          });
    await bot.init();
    await runScripts(bot, api, buildScripts(catalog, Math.ceil(options.users / 2), (firstUserId += 100_000)));
    const cpu: number[] = [];
    const times: number[] = [];
    // Built before the measured part: building a script runs the search engine for its questions.
    const repetitions = Array.from({ length: options.repetitions }, () =>
      buildScripts(catalog, options.users, (firstUserId += 100_000)),
    );
    await options.onMeasured?.("start", kind);
    for (const scripts of repetitions) {
      const before = process.cpuUsage();
      const repTimes = await runScripts(bot, api, scripts);
      const used = process.cpuUsage(before);
      cpu.push((used.user + used.system) / repTimes.length);
      times.push(...repTimes);
    }
    await options.onMeasured?.("end", kind);
    const run = {
      kind,
      updates: times.length,
      cpuMicrosPerUpdate: median(cpu),
      cpuMicrosSpread: spread(cpu),
      p50Ms: quantile(times, 0.5),
      p99Ms: quantile(times, 0.99),
      errors,
    };
    results[kind] = run;
    options.log(
      `${kind.padEnd(11)} in process: ${fmtSpread(run.cpuMicrosSpread)} µs CPU per update, p50 ${run.p50Ms.toFixed(3)} ms, p99 ${run.p99Ms.toFixed(3)} ms`,
    );
  }
  return results;
}

/**
 * The messages ours sends and edits as `users` users follow their scripts (the in-process API records
 * them), for the `fairScreens` baseline to send in turn. Recorded in the parent, so that the baseline's
 * process loads none of our code.
 */
export async function recordOurScreens(users: number): Promise<ReplayedScreens> {
  const api = new LocalBotApi();
  const bot = buildOurBot(createMemoryStores(), { fetch: api.fetch as never }, () => undefined);
  await bot.init();
  const screens: { sends: SentScreen[]; edits: SentScreen[] } = { sends: [], edits: [] };
  const record = (call: { method: string; payload: Record<string, unknown> }) => {
    const screen = {
      text: String(call.payload.text),
      replyMarkup: call.payload.reply_markup as SentScreen["replyMarkup"],
    };
    if (call.method === "sendMessage") screens.sends.push(screen);
    if (call.method === "editMessageText") screens.edits.push(screen);
  };
  api.onCall = (call) => record(call);
  await runScripts(bot, api, buildScripts(loadCatalog(), users, 1_000_000_000));
  if (screens.sends.length === 0 || screens.edits.length === 0) throw new Error("ours sent no messages to record");
  return screens;
}

/**
 * benchInProcess for each bot in a process of its own (bench/in-process-child.ts), started as the polling
 * benchmark starts the bots (botProcessLaunch): compiled, ours with the flags `npm start` gives it, the
 * baselines on Node's defaults. In one shared process each bot inherited the heap
 * of the ones before it (their sessions, stored messages and garbage), and ours ran without the
 * young generation it runs with.
 */
export async function benchInProcessApart(options: {
  users: number;
  repetitions: number;
  log: (line: string) => void;
}): Promise<Record<InProcessKind, InProcessRun>> {
  const results: Partial<Record<InProcessKind, InProcessRun>> = {};
  const screensDir = mkdtempSync(join(tmpdir(), "kyzmet-screens-"));
  const screensFile = join(screensDir, "screens.json");
  writeFileSync(screensFile, JSON.stringify(await recordOurScreens(100)));
  for (const kind of IN_PROCESS_KINDS) {
    const { file, execArgv } = botProcessLaunch(kind === "fairScreens" ? "fair" : kind, "in-process-child");
    const child = fork(file, [kind, String(options.users), String(options.repetitions), screensFile], { execArgv });
    results[kind] = await new Promise<InProcessRun>((resolve, reject) => {
      let result: InProcessRun | undefined;
      child.on("message", (message: { line?: string; result?: InProcessRun }) => {
        if (message.line) options.log(message.line);
        if (message.result) result = message.result;
      });
      child.on("error", reject);
      child.on("exit", (code) =>
        result ? resolve(result) : reject(new Error(`in-process run of ${kind} exited with ${code} and no result`)),
      );
    });
  }
  rmSync(screensDir, { recursive: true, force: true });
  return results as Record<InProcessKind, InProcessRun>;
}

/** The screens recordOurScreens wrote for a child process. */
export function readScreens(file: string): ReplayedScreens {
  return JSON.parse(readFileSync(file, "utf8")) as ReplayedScreens;
}
