/**
 * Vitest global setup: starts a private `redis-server` on a free loopback port for the whole run, so
 * tests never touch anyone else's data, and stops it afterwards. Tests read its URL with
 * `inject("redisUrl")` (see test/support/redis.ts).
 */
import type { TestProject } from "vitest/node";
import { createDedicatedRedis, requireRedisServer } from "./redis-control.js";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  requireRedisServer();
  const server = await createDedicatedRedis({ durable: false, args: ["--databases", "64"] });
  await server.start();
  project.provide("redisUrl", server.url);
  return () => server.dispose();
}
