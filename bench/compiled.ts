/**
 * The benchmark's bot processes run as `npm start` runs the bot: compiled JavaScript (tsc), not tsx, so
 * that their memory and CPU are production's and the three bots are compared on the same footing.
 * tsconfig.bench.json compiles the bot process and bench/startup.ts with what they import (src/ included)
 * to dist/bench/; catalog/ and locales/ are linked beside it, where the compiled src/ looks for them.
 */
import { execFileSync } from "node:child_process";
import { existsSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const outDir = join(root, "dist", "bench");
let built = false;

/** Compiles the benchmark's entry points (incremental: about a second when nothing changed); returns the .js of `entry`. */
export function compiledBench(entry: "bot-process" | "startup" | "in-process-child"): string {
  if (!built) {
    execFileSync(
      process.execPath,
      [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.bench.json"],
      {
        cwd: root,
        stdio: "inherit",
      },
    );
    for (const dir of ["catalog", "locales"]) {
      const link = join(outDir, dir);
      if (!existsSync(link)) symlinkSync(join(root, dir), link, "dir");
    }
    built = true;
  }
  return join(outDir, "bench", `${entry}.js`);
}
