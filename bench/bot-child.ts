/** The parent's side of bench/bot-process.ts: spawns a bot process and talks to it over IPC. */
import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compiledBench } from "./compiled.js";

export type BotKind = "ours" | "baseline" | "fair";

/**
 * How the bot processes run: compiled JavaScript as `npm start` runs the bot (the default), or on tsx
 * as the benchmark itself runs (BENCH_BOT_RUNTIME=tsx), to compare the two.
 */
export type BotRuntime = "compiled" | "tsx";

export function botRuntime(): BotRuntime {
  const runtime = process.env.BENCH_BOT_RUNTIME ?? "compiled";
  if (runtime !== "compiled" && runtime !== "tsx")
    throw new Error(`BENCH_BOT_RUNTIME: compiled or tsx, not ${runtime}`);
  return runtime;
}

/**
 * The V8 and Node flags `npm start` gives our bot (package.json's start script, --env-file aside), so
 * that the benchmark runs it as production does; the baselines run on Node's defaults.
 */
export function productionNodeFlags(): string[] {
  const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    scripts: { start: string };
  };
  return packageJson.scripts.start
    .split(/\s+/)
    .filter((word) => word.startsWith("--") && !word.startsWith("--env-file"));
}

/**
 * How a benchmark process of one bot is started: `entry` compiled, or on tsx as the parent runs (see
 * botRuntime), with gc exposed. Ours gets the flags `npm start` gives it (productionNodeFlags; not with
 * BENCH_OURS_NODE_DEFAULTS=1, to measure them). BENCH_BOT_NODE_FLAGS adds Node flags to every bot, e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the bots.
 */
export function botProcessLaunch(
  kind: BotKind,
  entry: "bot-process" | "in-process-child",
  runtime: BotRuntime = botRuntime(),
): { file: string; execArgv: string[] } {
  const file = runtime === "compiled" ? compiledBench(entry) : fileURLToPath(new URL(`./${entry}.ts`, import.meta.url));
  const extraFlags = process.env.BENCH_BOT_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [];
  const ownFlags = kind === "ours" && process.env.BENCH_OURS_NODE_DEFAULTS !== "1" ? productionNodeFlags() : [];
  return {
    file,
    execArgv: [...(runtime === "tsx" ? process.execArgv : []), "--expose-gc", ...ownFlags, ...extraFlags],
  };
}

/** The bot process's CPU time so far, memory, and errors its bot has caught. */
export interface Snapshot {
  cpuMicros: number;
  rss: number;
  heapUsed: number;
  errors: number;
}

/**
 * How the bot gets its updates: by polling the fake Bot API (@grammyjs/runner), or as webhook requests
 * to src/server/http-server.ts, the server production's webhook mode runs, for every bot alike.
 */
export type UpdateMode = "polling" | "webhook";

/** The secret the bench's webhook requests carry (setWebhook's secret_token in production). */
export const BENCH_WEBHOOK_SECRET = "bench-webhook-secret";

export type ChildRequest =
  | { id: number; type: "start"; apiRoot: string; prefix: string; mode: UpdateMode }
  | { id: number; type: "stop" }
  | { id: number; type: "snapshot"; gc: boolean }
  | { id: number; type: "exit" };

export type ChildReply =
  { id: number; ok: true; snapshot?: Snapshot; webhookUrl?: string } | { id: number; ok: false; error: string };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

type Pending = { resolve: (reply: ChildReply & { ok: true }) => void; reject: (error: Error) => void };

/** A running bot process: start polling an API root, stop, read CPU and memory, exit. */
export class BotChild {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  private constructor(
    readonly kind: BotKind,
    private readonly child: ChildProcess,
  ) {
    child.on("message", (reply: ChildReply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply);
      else waiter.reject(new Error(`${kind} bot process: ${reply.error}`));
    });
    child.on("exit", (code) => {
      for (const waiter of this.pending.values())
        waiter.reject(new Error(`${kind} bot process exited with code ${code}`));
      this.pending.clear();
    });
  }

  /** Forks the bot process (as botProcessLaunch says) and waits until it is up. */
  static async spawn(kind: BotKind, redisUrl: string, runtime: BotRuntime = botRuntime()): Promise<BotChild> {
    const { file, execArgv } = botProcessLaunch(kind, "bot-process", runtime);
    const child = fork(file, [kind, redisUrl], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const botChild = new BotChild(kind, child);
    await new Promise<void>((resolve, reject) => {
      botChild.pending.set(0, { resolve: () => resolve(), reject });
    });
    return botChild;
  }

  /**
   * Builds a fresh bot calling the Bot API at `apiRoot`, with sessions under `prefix`, and starts its
   * runner polling there, or its webhook server; resolves to the webhook's URL in webhook mode.
   */
  async start(apiRoot: string, prefix: string, mode: UpdateMode = "polling"): Promise<string | undefined> {
    return (await this.request({ type: "start", apiRoot, prefix, mode })).webhookUrl;
  }

  /** Stops the runner or the webhook server once the updates in progress are handled. */
  async stop(): Promise<void> {
    await this.request({ type: "stop" });
  }

  /** CPU time and memory of the bot process now; with `gc`, after two full garbage collections. */
  async snapshot(gc = false): Promise<Snapshot> {
    const reply = await this.request({ type: "snapshot", gc });
    if (!reply.snapshot) throw new Error("snapshot missing from reply");
    return reply.snapshot;
  }

  /** Stops everything in the process and waits for it to exit. */
  async exit(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    await this.request({ type: "exit" }).catch(() => undefined);
    await exited;
  }

  private request(body: DistributiveOmit<ChildRequest, "id">): Promise<ChildReply & { ok: true }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...body, id } as ChildRequest);
    });
  }
}
