/**
 * Two projects: `unit` runs without Redis (no redis-server is started; seconds), `integration` holds
 * every test file that talks to the test run's private Redis (test/support/redis.ts, redis-control.ts)
 * and starts it in its global setup. A file joins `integration` by importing those helpers, so the
 * split cannot drift from what the files really use. `npm test` runs both; `npm run test:unit` the first.
 */
import { readdirSync, readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

/** An import of test/support/redis.ts or redis-control.ts, from any folder. */
const USES_REDIS = /from "(\.\.?\/)+(support\/)?redis(-control)?\.js"/;

const testFiles = readdirSync("test", { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".test.ts"))
  .map((file) => `test/${file.split("\\").join("/")}`);
const integration = testFiles.filter((file) => USES_REDIS.test(readFileSync(file, "utf8")));

const shared = { testTimeout: 20_000, hookTimeout: 30_000, pool: "forks" as const };

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: "unit", include: ["test/**/*.test.ts"], exclude: integration } },
      { test: { ...shared, name: "integration", include: integration, globalSetup: ["test/support/redis-server.ts"] } },
    ],
  },
});
