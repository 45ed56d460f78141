/**
 * The same two bots without the transport: updates handed to `bot.handleUpdate` one at a time, the Bot
 * API answered in process by LocalBotApi's fetch, sessions in memory. Set against the polling runs, this
 * separates the cost of the bot's own logic from the cost of HTTP and Redis.
 */
import { fork } from "node:child_process";
import { performance } from "node:perf_hooks";
import { MemorySessionStorage, type Bot } from "grammy";
import { loadCatalog } from "../src/catalog-files.js";
import { createMemoryStores } from "../src/store/stores.js";
import { LocalBotApi } from "../src/telegram/local-bot-api.js";
import { callbackUpdate, textUpdate } from "../src/telegram/updates.js";
import { botProcessLaunch, type BotKind } from "./bot-child.js";
import { buildBaselineBot, buildOurBot, type BaselineSession } from "./bots.js";
import { buildScripts, type UserScript } from "./driver.js";
import { fmtSpread, median, quantile, spread, type Spread } from "./stats.js";

export interface InProcessRun {
  kind: BotKind;
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
  kinds?: readonly BotKind[];
  /**
   * Called once a bot is built, warm and its scripts are ready, right before the measured repetitions
   * (`"start"`) and right after them (`"end"`): a profiler started here sees update handling only.
   */
  onMeasured?: (moment: "start" | "end", kind: BotKind) => Promise<void>;
}): Promise<Record<BotKind, InProcessRun>> {
  const catalog = loadCatalog();
  const results: Partial<Record<BotKind, InProcessRun>> = {};
  let firstUserId = 2_000_000_000;
  for (const kind of options.kinds ?? (["ours", "baseline", "fair"] as const)) {
    const api = new LocalBotApi();
    let errors = 0;
    const onError = () => {
      errors += 1;
    };
    const client = { fetch: api.fetch as never };
    const bot =
      kind === "ours"
        ? buildOurBot(createMemoryStores(), client, onError)
        : buildBaselineBot(new MemorySessionStorage<BaselineSession>(), "", client, onError, { fair: kind === "fair" });
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
      `${kind.padEnd(8)} in process: ${fmtSpread(run.cpuMicrosSpread)} µs CPU per update, p50 ${run.p50Ms.toFixed(3)} ms, p99 ${run.p99Ms.toFixed(3)} ms`,
    );
  }
  return results as Record<BotKind, InProcessRun>;
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
}): Promise<Record<BotKind, InProcessRun>> {
  const results: Partial<Record<BotKind, InProcessRun>> = {};
  for (const kind of ["ours", "baseline", "fair"] as const) {
    const { file, execArgv } = botProcessLaunch(kind, "in-process-child");
    const child = fork(file, [kind, String(options.users), String(options.repetitions)], { execArgv });
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
  return results as Record<BotKind, InProcessRun>;
}
