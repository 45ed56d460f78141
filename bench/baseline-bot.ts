/**
 * The bare and the fair grammY baselines (bench/bots.ts says what each is). Apart from the bot under test
 * on purpose: this module imports grammY and the runner only (and the bench bots' identity), so a baseline's bot process
 * (bench/bot-process.ts) loads none of our code and its memory is a bare bot's.
 */
import { sequentialize } from "@grammyjs/runner";
import { Bot, session, type ApiClientOptions, type Context, type SessionFlavor, type StorageAdapter } from "grammy";
// Type-only imports aside, local-bot-api.ts has none: the bench bots' identity costs no module of ours.
import { DEFAULT_BOT_INFO } from "../src/telegram/local-bot-api.js";

export const BENCH_TOKEN = "123456789:BENCH-token-for-offline-benchmarks-00";

export interface BaselineSession {
  count: number;
}

type BaselineContext = Context & SessionFlavor<BaselineSession>;

/** The bare grammY bot; its session keys are `${keyPrefix}session:<userId>`. */
export function buildBaselineBot(
  storage: StorageAdapter<BaselineSession>,
  keyPrefix: string,
  client: ApiClientOptions,
  onError: () => void,
  { fair = false }: { fair?: boolean } = {},
): Bot {
  const bot = new Bot<BaselineContext>(BENCH_TOKEN, { botInfo: DEFAULT_BOT_INFO, client });
  bot.use(sequentialize((ctx) => ctx.from?.id.toString()));
  bot.use(
    session({
      initial: () => ({ count: 0 }),
      getSessionKey: (ctx) => (ctx.from ? `${keyPrefix}session:${ctx.from.id}` : undefined),
      storage,
    }),
  );
  bot.use(async (ctx) => {
    ctx.session.count += 1;
    const text = `Update ${ctx.session.count} received.`;
    if (fair && ctx.callbackQuery) {
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(text);
      return;
    }
    const chatId = ctx.chat?.id ?? ctx.from?.id;
    if (chatId !== undefined) await ctx.api.sendMessage(chatId, text);
  });
  bot.catch(onError);
  return bot as unknown as Bot;
}
