/**
 * `npm run chat`: the real bot (same createBot, same features) in the terminal, no Telegram needed.
 * It prints the bot's messages with their buttons numbered; type text, a button number, or a /command.
 * Redis is used when REDIS_URL is set and reachable; otherwise everything lives in memory.
 */
import { createInterface } from "node:readline";
import { Redis } from "ioredis";
import { createBot } from "./bot/bot.js";
import { createDeps } from "./deps.js";
import { loadConfig, type Config } from "./config.js";
import { createLogger } from "./logger.js";
import { createMemoryStores, createRedisStores, type Stores } from "./store/stores.js";
import { LocalBotApi } from "./telegram/local-bot-api.js";
import { callbackUpdate, contactUpdate, makeUser, textUpdate } from "./telegram/updates.js";
import { buttonsOf, renderCall, type ChatButton } from "./chat/render.js";

const OFFLINE_TOKEN = "1:offline-terminal-chat-token-not-for-telegram";

async function connectStores(redisUrl: string | undefined, config: Config): Promise<{ stores: Stores; redis?: Redis }> {
  if (!redisUrl) {
    console.log("ⓘ No REDIS_URL: data is kept in memory and lost on exit.");
    return { stores: createMemoryStores({ retentionMs: config.retentionDays * 86_400_000 }) };
  }
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
    console.log(`ⓘ Using Redis at ${redisUrl.replace(/\/\/[^@]*@/, "//***@")}.`);
    return { stores: createRedisStores(redis, { retentionMs: config.retentionDays * 86_400_000 }), redis };
  } catch {
    redis.disconnect();
    console.log(`ⓘ Redis at ${redisUrl} is not reachable: data is kept in memory and lost on exit.`);
    return { stores: createMemoryStores({ retentionMs: config.retentionDays * 86_400_000 }) };
  }
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const color = process.stdout.isTTY === true;
  const { stores, redis } = await connectStores(process.env.REDIS_URL?.trim() || undefined, config);
  const api = new LocalBotApi();
  const bot = createBot(
    createDeps(config, stores, createLogger(process.env.LOG_LEVEL ?? "warn")),
    { token: OFFLINE_TOKEN, botInfo: api.botInfo, client: { fetch: api.fetch as never } },
  );
  const user = makeUser(Number(process.env.CHAT_USER_ID ?? 1001), process.env.CHAT_LANG || undefined, "Гость");

  let buttons: ChatButton[] = [];
  let buttonsMessageId = 0;
  let awaitingPhoneFor: ChatButton | undefined;
  api.onCall = (call) => {
    const text = renderCall(call, color);
    if (text === undefined) return;
    console.log(`\n🤖 ${text}`);
    const callButtons = buttonsOf(call);
    if (callButtons === undefined) return;
    buttons = callButtons;
    const sent = call.response as { message_id?: number } | undefined;
    buttonsMessageId = call.method === "editMessageText" ? Number(call.payload.message_id) : Number(sent?.message_id ?? 0);
    buttons.forEach((b, i) => console.log(`  [${i + 1}] ${b.label}${b.kind === "url" ? ` → ${b.url}` : ""}`));
  };

  console.log("Kyzmet Bot — terminal chat. Type a message, a button number, /start, or /quit.");
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
  const prompt = () => process.stdin.isTTY && rl.prompt();
  rl.setPrompt("\n> ");
  prompt();
  for await (const line of rl) {
    const input = line.trim();
    if (input === "/quit" || input === "/exit") break;
    if (awaitingPhoneFor) {
      awaitingPhoneFor = undefined;
      await bot.handleUpdate(contactUpdate(user, input));
    } else if (/^\d{1,2}$/.test(input) && buttons[Number(input) - 1]) {
      const button = buttons[Number(input) - 1]!;
      if (button.kind === "callback") await bot.handleUpdate(callbackUpdate(user, button.data, buttonsMessageId));
      else if (button.kind === "url") console.log(`(a link: ${button.url})`);
      else if (button.kind === "text") await bot.handleUpdate(textUpdate(user, button.label));
      else {
        awaitingPhoneFor = button;
        console.log("📱 Phone number to share (as Telegram would send it, e.g. +77011234567):");
      }
    } else if (input) {
      await bot.handleUpdate(textUpdate(user, input));
    }
    prompt();
  }
  rl.close();
  redis?.disconnect();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
