/**
 * Paces outgoing bulk messages under Telegram's limits: at most 25 messages in any one-second window
 * overall (Telegram allows about 30/s for bulk sends) and at most one message per chat per second.
 *
 * The overall limit is a sliding-window log, not a token bucket: a bucket of capacity 25 refilling at
 * 25/s lets a full burst plus a second's refill through within one second (up to 50), while the log
 * keeps the send times of the last 25 messages and grants the next one only when the oldest of them is
 * a full window old, so no window of that length ever holds more than 25. The per-chat limit is a
 * minimum interval since the chat's previous message. Time and waiting are injected, so tests run on a
 * fake clock. The pacer is per process; the limit for all instances together is the global send budget
 * in Redis (src/store/send-budget.ts), which the worker draws from as well.
 */

import type { Clock } from "../domain/clock.js";

export type { Clock };

/** Waits `ms` milliseconds, injected so tests do not wait for real. */
export type Sleep = (ms: number) => Promise<void>;

export interface Pacer {
  /** Resolves when a message to `chatId` may be sent now, and counts it as sent at that moment. */
  acquire(chatId: number): Promise<void>;
}

export interface PacerOptions {
  clock: Clock;
  sleep: Sleep;
  /** Messages allowed in any window of `windowMs`, all chats together. */
  maxPerWindow?: number;
  windowMs?: number;
  /** Minimum time between two messages to the same chat. */
  perChatIntervalMs?: number;
}

export { systemClock } from "../domain/clock.js";

/** A real sleep whose timer does not keep the process alive at shutdown. */
export const realSleep: Sleep = (ms) =>
  new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });

/** Creates a pacer; concurrent acquire() calls are served one after another in call order. */
export function createPacer(options: PacerOptions): Pacer {
  // 1,010 ms between two messages to one chat, not 1,000: clocks tick in whole milliseconds and timers
  // fire late, and the benchmark measured 999 ms gaps on the receiving side with an exact 1,000.
  const { clock, sleep, maxPerWindow = 25, windowMs = 1000, perChatIntervalMs = 1010 } = options;
  if (!Number.isSafeInteger(maxPerWindow) || maxPerWindow < 1)
    throw new RangeError("maxPerWindow must be a positive integer");
  if (!(windowMs > 0) || !(perChatIntervalMs >= 0))
    throw new RangeError("windowMs must be positive, perChatIntervalMs not negative");

  /** Send times of the last `maxPerWindow` messages, oldest first. */
  const recent: number[] = [];
  /** Each chat's last send time, kept in order of that time (re-inserted on send) so old entries prune from the front. */
  const lastSentByChat = new Map<number, number>();
  let queue: Promise<void> = Promise.resolve();

  const waitFor = (chatId: number, now: number): number => {
    const oldestInWindow = recent.length >= maxPerWindow ? recent[recent.length - maxPerWindow] : undefined;
    const windowWait = oldestInWindow === undefined ? 0 : oldestInWindow + windowMs - now;
    const last = lastSentByChat.get(chatId);
    const chatWait = last === undefined ? 0 : last + perChatIntervalMs - now;
    return Math.max(windowWait, chatWait);
  };

  const record = (chatId: number, now: number): void => {
    recent.push(now);
    if (recent.length > maxPerWindow) recent.shift();
    lastSentByChat.delete(chatId);
    lastSentByChat.set(chatId, now);
    for (const [chat, at] of lastSentByChat) {
      if (at + perChatIntervalMs > now) break;
      lastSentByChat.delete(chat);
    }
  };

  const takeTurn = async (chatId: number): Promise<void> => {
    for (;;) {
      const now = clock.now();
      const wait = waitFor(chatId, now);
      if (wait <= 0) return record(chatId, now);
      await sleep(wait);
    }
  };

  return {
    acquire(chatId) {
      const turn = queue.then(() => takeTurn(chatId));
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}
