/**
 * The bare and the fair grammY baselines (bench/bots.ts says what each is). Apart from the bot under test
 * on purpose: this module imports grammY and the runner only (and the bench bots' identity), so a baseline's bot process
 * (bench/bot-process.ts) loads none of our code and its memory is a bare bot's.
 */
import { sequentialize } from "@grammyjs/runner";
import { Bot, session, type ApiClientOptions, type Context, type SessionFlavor, type StorageAdapter } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
// Type-only imports aside, local-bot-api.ts has none: the bench bots' identity costs no module of ours.
import { DEFAULT_BOT_INFO } from "../src/telegram/local-bot-api.js";

export const BENCH_TOKEN = "123456789:BENCH-token-for-offline-benchmarks-00";

export interface BaselineSession {
  count: number;
}

type BaselineContext = Context & SessionFlavor<BaselineSession>;

/** A message as a bot sent it: its text and its keyboard (bench/in-process.ts records ours'). */
export interface SentScreen {
  text: string;
  replyMarkup?: InlineKeyboardMarkup;
}

/**
 * Screens for the fair baseline to send instead of its 20-byte texts, taken in turn: ours' own, so that
 * the baseline's Telegram I/O carries ours' bytes (sends for text messages, edits for button presses).
 */
export interface ReplayedScreens {
  sends: readonly SentScreen[];
  edits: readonly SentScreen[];
}

/** The bare grammY bot; its session keys are `${keyPrefix}session:<userId>`. */
export function buildBaselineBot(
  storage: StorageAdapter<BaselineSession>,
  keyPrefix: string,
  client: ApiClientOptions,
  onError: () => void,
  { fair = false, screens }: { fair?: boolean; screens?: ReplayedScreens } = {},
): Bot {
  const taken = { sends: 0, edits: 0 };
  /** The next of ours' screens, as ours sends it (HTML, no link preview); the count keeps an edit from repeating the text. */
  const replayed = (kind: keyof ReplayedScreens, count: number) => {
    const list = screens![kind];
    const screen = list[taken[kind]++ % list.length]!;
    return {
      text: `${screen.text}\n${count}`,
      other: {
        parse_mode: "HTML" as const,
        link_preview_options: { is_disabled: true },
        reply_markup: screen.replyMarkup,
      },
    };
  };
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
      if (screens) {
        const edit = replayed("edits", ctx.session.count);
        await ctx.editMessageText(edit.text, edit.other);
      } else await ctx.editMessageText(text);
      return;
    }
    const chatId = ctx.chat?.id ?? ctx.from?.id;
    if (chatId === undefined) return;
    if (fair && screens) {
      const send = replayed("sends", ctx.session.count);
      await ctx.api.sendMessage(chatId, send.text, send.other);
    } else await ctx.api.sendMessage(chatId, text);
  });
  bot.catch(onError);
  return bot as unknown as Bot;
}
