/**
 * Profiles the real bot's update handling: the in-process scripts of bench/in-process.ts through
 * `bot.handleUpdate` (LocalBotApi, sessions in memory). The profiler runs only while the measured
 * repetitions run: module loading, building the bot, warming it up and building the scripts (which runs
 * the search engine for every scripted question) are left out, so the shares are shares of handling.
 * Given a file, writes the .cpuprofile there and prints its summary (bench/profile-summary.ts); without
 * one it only runs the bench and prints the CPU per update (the profiler's own cost would inflate it).
 *
 *   node --import tsx bench/profile-in-process.ts [users] [file.cpuprofile]
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { benchInProcess } from "./in-process.js";
import { printProfileSummary } from "./profile-summary.js";

const users = Number(process.argv[2] ?? 500);
const file = process.argv[3];
const session = new Session();
if (file) session.connect();
await benchInProcess({
  users,
  repetitions: 3,
  log: (line) => console.log(line),
  kinds: ["ours"],
  onMeasured: async (moment) => {
    if (!file) return;
    if (moment === "start") {
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
      return;
    }
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(file, JSON.stringify(profile));
  },
});
if (file) {
  session.disconnect();
  console.log(`profile of update handling (the CPU figure above includes the profiler's cost): ${file}\n`);
  printProfileSummary(file);
}
