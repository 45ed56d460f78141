/**
 * `npm run chat`: the real bot (same createBot, same features) in the terminal, no Telegram needed.
 * It prints the bot's messages with their buttons numbered; type text, a button number, or a /command.
 * Redis is used when REDIS_URL is set and reachable; otherwise everything lives in memory.
 *
 * To try the officer's side alone: the first chat user is an administrator (unless ADMIN_IDS is set),
 * so `/invite` gives an invite link; `/as 2` switches to another user, who opens the link, and so on.
 * `/as 1001` switches back. Reminders run as in production, in office hours, Asia/Almaty time.
 */
import { createInterface } from "node:readline";
import { Redis } from "ioredis";
import { startBackgroundJobs } from "./bot/background.js";
import { createBot } from "./bot/bot.js";
import { createDeps, retentionMs } from "./deps.js";
import { loadConfig, type Config } from "./config.js";
import { createLogger } from "./logger.js";
import { createMemoryStores, createRedisStores, type Stores } from "./store/stores.js";
import { LocalBotApi } from "./telegram/local-bot-api.js";
import { callbackUpdate, contactUpdate, makeUser, textUpdate } from "./telegram/updates.js";
import { buttonsOf, interpretInput, renderCall, type ChatButton } from "./chat/render.js";

const OFFLINE_TOKEN = "1:offline-terminal-chat-token-not-for-telegram";

async function connectStores(redisUrl: string | undefined, config: Config): Promise<{ stores: Stores; redis?: Redis }> {
  if (!redisUrl) {
    console.log("ⓘ No REDIS_URL: data is kept in memory and lost on exit.");
    return { stores: createMemoryStores({ retentionMs: retentionMs(config) }) };
  }
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
    console.log(`ⓘ Using Redis at ${redisUrl.replace(/\/\/[^@]*@/, "//***@")}.`);
    return { stores: createRedisStores(redis, { retentionMs: retentionMs(config) }), redis };
  } catch {
    redis.disconnect();
    console.log(`ⓘ Redis at ${redisUrl} is not reachable: data is kept in memory and lost on exit.`);
    return { stores: createMemoryStores({ retentionMs: retentionMs(config) }) };
  }
}

const FIRST_USER_ID = 1001;

async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  const config = loaded.adminIds.length > 0 ? loaded : { ...loaded, adminIds: [FIRST_USER_ID] };
  const color = process.stdout.isTTY === true;
  const { stores, redis } = await connectStores(process.env.REDIS_URL?.trim() || undefined, config);
  const api = new LocalBotApi();
  const deps = createDeps(config, stores, createLogger(process.env.LOG_LEVEL ?? "error"));
  const bot = createBot(deps, { token: OFFLINE_TOKEN, botInfo: api.botInfo, client: { fetch: api.fetch as never } });
  const jobs = await startBackgroundJobs(deps, bot.api);
  let user = makeUser(FIRST_USER_ID, process.env.CHAT_LANG || undefined, "Гость");

  // Each user's last buttons, so switching with /as keeps every user's screen.
  const screens = new Map<number, { buttons: ChatButton[]; messageId: number }>();
  let awaitingPhoneFor: ChatButton | undefined;
  api.onCall = (call) => {
    const text = renderCall(call, color);
    if (text === undefined) return;
    const chatId = Number(call.payload.chat_id ?? user.id);
    console.log(chatId === user.id ? `\n🤖 ${text}` : `\n🤖 (to user ${chatId}) ${text}`);
    const callButtons = buttonsOf(call);
    if (callButtons === undefined) return;
    const sent = call.response as { message_id?: number } | undefined;
    const messageId = call.method.startsWith("editMessage")
      ? Number(call.payload.message_id)
      : Number(sent?.message_id ?? 0);
    screens.set(chatId, { buttons: callButtons, messageId });
    callButtons.forEach((b, i) => console.log(`  [${i + 1}] ${b.label}${b.kind === "url" ? ` → ${b.url}` : ""}`));
  };

  /** Who the current user is to the bot: the first user is an administrator, /as switches. */
  const describeUser = async (id: number): Promise<string> => {
    if (config.adminIds.includes(id)) return "an administrator: /invite, /unlink, /stats, /queue, /export";
    const officerId = await stores.officerLinks.officerOf(id);
    const officer = officerId ? deps.catalog.officerById.get(officerId) : undefined;
    return officer ? `an officer: ${officer.name} — /queue, /export` : "a citizen";
  };

  console.log("Kyzmet Bot — terminal chat. Type a message, a button number, /start, /as <user id>, or /quit.");
  console.log(
    `ⓘ You are user ${user.id} (${user.first_name}), ${await describeUser(user.id)}. /as <user id> switches to another user.`,
  );
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
  const prompt = () => process.stdin.isTTY && rl.prompt();
  rl.setPrompt("\n> ");
  prompt();
  for await (const line of rl) {
    const input = line.trim();
    if (input === "/quit" || input === "/exit") break;
    const switchTo = /^\/as (\d{1,12})$/.exec(input);
    if (switchTo) {
      user = makeUser(Number(switchTo[1]), process.env.CHAT_LANG || undefined, `User ${switchTo[1]}`);
      console.log(`ⓘ You are now user ${user.id} (${user.first_name}), ${await describeUser(user.id)}.`);
      prompt();
      continue;
    }
    if (awaitingPhoneFor) {
      awaitingPhoneFor = undefined;
      await bot.handleUpdate(contactUpdate(user, input));
    } else {
      const screen = screens.get(user.id);
      const typed = interpretInput(input, screen?.buttons);
      if (typed.kind === "text") await bot.handleUpdate(textUpdate(user, typed.text));
      else if (typed.kind === "button" && screen) {
        const button = typed.button;
        if (button.kind === "callback") await bot.handleUpdate(callbackUpdate(user, button.data, screen.messageId));
        else if (button.kind === "url") console.log(`(a link: ${button.url})`);
        else if (button.kind === "text") await bot.handleUpdate(textUpdate(user, button.label));
        else {
          awaitingPhoneFor = button;
          console.log("📱 Phone number to share (as Telegram would send it, e.g. +77011234567):");
        }
      }
    }
    prompt();
  }
  rl.close();
  await jobs.stop();
  redis?.disconnect();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
