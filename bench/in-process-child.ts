/**
 * One bot's in-process run (bench/in-process.ts) in a process of its own, started by
 * `benchInProcessApart`: compiled, ours with the flags `npm start` gives it, the baselines on Node's
 * defaults, as the polling benchmark runs each bot (bench/bot-child.ts). Sends its result to the parent.
 *
 * Usage: fork("dist/bench/bench/in-process-child.js", [kind, users, repetitions])
 */
import type { BotKind } from "./bot-child.js";
import { benchInProcess } from "./in-process.js";

const [kind, users, repetitions] = process.argv.slice(2);
if (kind !== "ours" && kind !== "baseline" && kind !== "fair")
  throw new Error("usage: in-process-child.ts ours|baseline|fair <users> <repetitions>");
const results = await benchInProcess({
  users: Number(users),
  repetitions: Number(repetitions),
  kinds: [kind as BotKind],
  log: (line) => process.send?.({ line }),
});
process.send?.({ result: results[kind as BotKind] }, () => process.exit(0));
