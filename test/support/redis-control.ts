/**
 * A redis-server of one test file's own, which the test stops, crashes, freezes and starts again on the
 * same port and data directory, to play Redis going away under a running bot. Data survive even a
 * crash: every write is appended to the AOF and fsynced before Redis answers it. The run's shared
 * server (redis-server.ts) is never touched, so other test files are not disturbed.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Redis } from "ioredis";
import { createRedisClient } from "../../src/store/redis-client.js";

/** How long a started redis-server may take to answer PING (it loads its AOF first). */
const START_TIMEOUT_MS = 10_000;

export interface DedicatedRedis {
  readonly port: number;
  readonly url: string;
  /** Whether a server process is up (it may be frozen). */
  readonly running: boolean;
  /** Starts the server on the same port and data directory; resolves once it answers PING. */
  start(): Promise<void>;
  /** Kills the server with SIGKILL, as a crash or a lost host would; resolves once it has exited. */
  crash(): Promise<void>;
  /** Stops the process with SIGSTOP: the connection stays open but nothing answers, as in a network partition. */
  freeze(): void;
  /** Resumes a frozen server. */
  thaw(): void;
  /** Stops the server (if any) and removes its data directory. */
  dispose(): Promise<void>;
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** One PING over a raw socket; false on any error, refusal or an answer other than PONG (e.g. LOADING). */
function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolvePing) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolvePing(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      answer += chunk.toString("utf8");
      if (answer.includes("\r\n")) done(answer.startsWith("+PONG"));
    });
    socket.on("error", () => done(false));
  });
}

/** Polls `condition` every 50 ms until it holds; throws with `what` when `timeoutMs` passes first. */
export async function pollUntil(
  condition: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface DedicatedRedisOptions {
  /** With an AOF synced on every write, so data survive a crash and a restart (the default); else nothing on disk. */
  durable?: boolean;
  /** More redis-server arguments, e.g. ["--databases", "64"]. */
  args?: readonly string[];
}

/** The hint shown when there is no redis-server to start. */
export const REDIS_INSTALL_HINT =
  "redis-server was not found on the PATH. The tests and benchmarks need a real Redis (>= 6.2).\n" +
  "  Debian/Ubuntu: sudo apt-get install redis-server\n" +
  "  macOS:         brew install redis";

/** Throws the install hint when redis-server cannot be run. */
export function requireRedisServer(): void {
  const probe = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) throw new Error(REDIS_INSTALL_HINT);
}

/**
 * Creates (without starting) a redis-server of one's own on a free loopback port, with its data in a
 * fresh temporary directory: the one way tests, fault tests and benchmarks start Redis.
 */
export async function createDedicatedRedis(options: DedicatedRedisOptions = {}): Promise<DedicatedRedis> {
  const { durable = true, args = [] } = options;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "kyzmet-redis-"));
  const persistence = durable
    ? ["--appendonly", "yes", "--appendfsync", "always", "--save", ""]
    : ["--appendonly", "no", "--save", ""];
  let child: ChildProcess | undefined;
  const isRunning = () => child !== undefined && child.exitCode === null && child.signalCode === null;

  async function stopWith(signal: NodeJS.Signals): Promise<void> {
    const running = child;
    if (!running || !isRunning()) return;
    const exited = new Promise<void>((r) => running.once("exit", () => r()));
    // A frozen process cannot act on SIGTERM; SIGKILL works either way, SIGCONT lets SIGTERM through.
    if (signal !== "SIGKILL") running.kill("SIGCONT");
    running.kill(signal);
    await exited;
    child = undefined;
  }

  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return isRunning();
    },
    async start() {
      if (isRunning()) throw new Error("the dedicated redis-server is already running");
      const started = spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, ...persistence, ...args],
        { stdio: "ignore" },
      );
      child = started;
      await pollUntil(
        async () => {
          if (started.exitCode !== null) throw new Error(`redis-server exited with code ${started.exitCode}`);
          return pingOnce(port);
        },
        `redis-server on port ${port}`,
        START_TIMEOUT_MS,
      );
    },
    crash: () => stopWith("SIGKILL"),
    freeze() {
      child?.kill("SIGSTOP");
    },
    thaw() {
      child?.kill("SIGCONT");
    },
    async dispose() {
      await stopWith("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * An ioredis client built with exactly the options of src/main.ts: commands fail fast while Redis is
 * away, and the connection keeps retrying in the background. Connection errors go to `onError`.
 */
export function productionRedisClient(url: string, onError: (error: Error) => void = () => {}): Redis {
  return createRedisClient(url, onError);
}
