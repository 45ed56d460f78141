/**
 * Profiles the real bot's own logic: the in-process scripts of bench/in-process.ts through `bot.handleUpdate`
 * (LocalBotApi, sessions in memory), run under `--cpu-prof`, then prints the top functions by self time.
 *
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile-in-process.ts [users]
 *   tsx bench/profile-summary.ts /tmp/prof/<file>.cpuprofile
 */
import { benchInProcess } from "./in-process.js";

const users = Number(process.argv[2] ?? 500);
await benchInProcess({ users, repetitions: 3, log: (line) => console.log(line), kinds: ["ours"] });
