/**
 * Vitest global setup: starts a private `redis-server` on a free loopback port for the whole run, so
 * tests never touch anyone else's data, and stops it afterwards. Tests read its URL with
 * `inject("redisUrl")` (see test/support/redis.ts).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

const INSTALL_HINT =
  "redis-server was not found on the PATH. The tests need a real Redis (>= 6.2).\n" +
  "  Debian/Ubuntu: sudo apt-get install redis-server\n" +
  "  macOS:         brew install redis";

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitForPing(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const ping = spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" });
    if (ping.stdout?.trim() === "PONG") return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not answer on port ${port} within 10 s`);
}

export default async function setup(project: TestProject): Promise<() => void> {
  const probe = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) throw new Error(INSTALL_HINT);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "kyzmet-redis-"));
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--databases", "64"],
    { stdio: "ignore" },
  );
  await waitForPing(port, child);
  project.provide("redisUrl", `redis://127.0.0.1:${port}`);
  return () => {
    child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  };
}
