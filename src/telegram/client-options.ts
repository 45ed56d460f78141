/**
 * grammY client options for every Api and Bot of `npm start`: the interactive bot and the reminder
 * worker's Api. grammY's default request timeout is 500 s; a hung connection would hold a reminder batch
 * (and its lease) that long.
 */
import type { ApiClientOptions } from "grammy";

/**
 * A Bot API call unanswered this long fails (and a reminder send is retried later). It must stay below the
 * reminder worker's lease margin (the time left on a lease after which no send starts: 30 s of a 120 s
 * lease by default), so a send started before the margin ends before the lease does. Telegram answers
 * sendMessage in well under a second; 10 s leaves room for a slow network.
 */
export const TELEGRAM_REQUEST_TIMEOUT_SECONDS = 10;

/**
 * getUpdates' long-polling wait in polling mode: below the request timeout, or every idle poll would time
 * out. Shorter than the runner's 30 s default, which costs one empty request per 8 s on an idle bot.
 */
export const LONG_POLL_SECONDS = 8;

/** The client options: the request timeout, and the self-hosted Bot API server when there is one. */
export function telegramClientOptions(apiRoot: string | undefined): ApiClientOptions {
  return { timeoutSeconds: TELEGRAM_REQUEST_TIMEOUT_SECONDS, ...(apiRoot ? { apiRoot } : {}) };
}
