/**
 * One bot's in-process run (bench/in-process.ts) in a process of its own, started by
 * `benchInProcessApart`: compiled, ours with the flags `npm start` gives it, the baselines on Node's
 * defaults, as the polling benchmark runs each bot (bench/bot-child.ts). Sends its result to the parent.
 *
 * Usage: fork("dist/bench/bench/in-process-child.js", [kind, users, repetitions, screensFile])
 */
import { benchInProcess, IN_PROCESS_KINDS, readScreens, type InProcessKind } from "./in-process.js";

const [kind, users, repetitions, screensFile] = process.argv.slice(2);
if (!IN_PROCESS_KINDS.includes(kind as InProcessKind) || !screensFile)
  throw new Error(`usage: in-process-child.ts ${IN_PROCESS_KINDS.join("|")} <users> <repetitions> <screens.json>`);
const results = await benchInProcess({
  users: Number(users),
  repetitions: Number(repetitions),
  kinds: [kind as InProcessKind],
  screens: kind === "fairScreens" ? readScreens(screensFile) : undefined,
  log: (line) => process.send?.({ line }),
});
process.send?.({ result: results[kind as InProcessKind] }, () => process.exit(0));
