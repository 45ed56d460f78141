/**
 * Start-up and memory of the bot as a process runs it: from process start to the first answer (the
 * modules loaded, the catalog read, the search index and the bot built, one /start handled), RSS at
 * idle after that, and RSS after 20,000 updates of the benchmark's scripts. In process (LocalBotApi,
 * memory stores), so what differs between two runs is how the code is loaded: tsx compiling TypeScript
 * on the fly (`npm start` today) or compiled JavaScript (`tsc` to dist/).
 *
 *   node --expose-gc --import tsx bench/startup.ts          on tsx
 *   npx tsc -p tsconfig.bench.json && node --expose-gc dist/bench/bench/startup.js
 *                                                           compiled (bench/compiled.ts; README, "Start-up and memory")
 * Prints one JSON line.
 */
import { performance } from "node:perf_hooks";
import { loadCatalog } from "../src/catalog-files.js";
import { createMemoryStores } from "../src/store/stores.js";
import { LocalBotApi } from "../src/telegram/local-bot-api.js";
import { callbackUpdate, makeUser, textUpdate } from "../src/telegram/updates.js";
import { buildOurBot } from "./bots.js";
import { buildScripts } from "./driver.js";

const settledRss = () => {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().rss;
};

const api = new LocalBotApi();
const bot = buildOurBot(createMemoryStores(), { fetch: api.fetch as never }, () => undefined);
await bot.init();
await bot.handleUpdate(textUpdate(makeUser(1, "ru"), "/start"));
if (!api.calls.some((call) => call.method === "sendMessage")) throw new Error("no answer to /start");
const firstAnswerMs = performance.now();
const idleRss = settledRss();

let updates = 0;
for (const { user, steps } of buildScripts(loadCatalog(), 2_000, 10_000_000)) {
  let screen = { messageId: 0, text: "" };
  for (const step of steps) {
    api.clearCalls();
    await bot.handleUpdate(
      step.kind === "text"
        ? textUpdate(user, step.text)
        : callbackUpdate(user, step.data, screen.messageId, screen.text),
    );
    updates += 1;
    const sent = api.calls.findLast((call) => call.method === "sendMessage");
    if (sent)
      screen = {
        messageId: Number((sent.response as { message_id?: number }).message_id),
        text: String(sent.payload.text),
      };
  }
}
console.log(
  JSON.stringify({
    firstAnswerMs: Math.round(firstAnswerMs),
    idleRssMiB: +(idleRss / 1048576).toFixed(1),
    updates,
    afterRssMiB: +(settledRss() / 1048576).toFixed(1),
  }),
);
