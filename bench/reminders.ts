/**
 * Reminders: the cost of claiming a due batch as the queue grows, and delivery by the real worker with
 * the real pacer and clock to the HttpBotApi, measuring the rate Telegram would see.
 */
import { performance } from "node:perf_hooks";
import { Api, GrammyError } from "grammy";
import type { Redis } from "ioredis";
import { createPacer, realSleep, systemClock, type Pacer } from "../src/reminders/pacer.js";
import { createReminderWorker, type ChatDelivery, type SendOutcome } from "../src/reminders/worker.js";
import { createRedisReminderStore, REMINDER_KINDS, type Reminder } from "../src/store/reminders.js";
import { HttpBotApi } from "../src/telegram/http-bot-api.js";
import { BENCH_TOKEN } from "./bots.js";
import { BENCH_PREFIX, deleteByPrefix } from "./redis.js";
import { maxInWindow, quantile } from "./stats.js";

const DAY = 86_400_000;
const CLAIM_BATCH = 100;
const WORKER = "bench-worker";

export interface ClaimPoint {
  pending: number;
  /** Reminders scheduled per second while filling the queue. */
  schedulePerSecond: number;
  claimP50Ms: number;
  claimP99Ms: number;
  /** A PING's round trip at the same time, the floor under any command. */
  pingP50Ms: number;
}

export interface ClaimReport {
  batch: number;
  claimsPerSize: number;
  points: ClaimPoint[];
}

function reminder(i: number, dueAt: number, chatId: number): Reminder {
  const kind = REMINDER_KINDS[i % REMINDER_KINDS.length]!;
  return { id: `pa${i}:${kind}:0`, dueAt, chatId, preappId: `pa${i}`, kind, payload: { ref: `KZ-7-${i}` } };
}

/**
 * Fills a queue of each size (half of it due), then times claims of a full batch. Each claimed batch is
 * put back at its due times, untimed, so every claim meets a queue of the same size.
 */
export async function benchClaim(options: {
  redis: Redis;
  sizes: readonly number[];
  claims: number;
  log: (line: string) => void;
}): Promise<ClaimReport> {
  const { redis, log } = options;
  const points: ClaimPoint[] = [];
  const now = Date.UTC(2026, 2, 2, 6, 0);
  for (const size of options.sizes) {
    const prefix = `${BENCH_PREFIX}claim${size}:`;
    const store = createRedisReminderStore(redis, { prefix });
    try {
      const all = Array.from({ length: size }, (_, i) =>
        reminder(i, now - DAY + Math.floor((i * 2 * DAY) / size), 100_000 + (i % 5_000)),
      );
      const scheduleStart = performance.now();
      for (let at = 0; at < all.length; at += 5_000) await store.schedule(all.slice(at, at + 5_000));
      const schedulePerSecond = (size / (performance.now() - scheduleStart)) * 1000;
      const pending = await store.pendingCount();
      if (pending !== size) throw new Error(`scheduled ${pending} of ${size}`);

      const claimOnce = async (): Promise<number> => {
        const t0 = performance.now();
        const claimed = await store.claimDue(now, CLAIM_BATCH, 60_000, WORKER);
        const elapsed = performance.now() - t0;
        if (claimed.length !== CLAIM_BATCH) throw new Error(`claimed ${claimed.length}`);
        await Promise.all(claimed.map((r) => store.postpone(r.id, WORKER, r.dueAt)));
        return elapsed;
      };
      for (let i = 0; i < 20; i++) await claimOnce();
      const times: number[] = [];
      const pings: number[] = [];
      for (let i = 0; i < options.claims; i++) {
        times.push(await claimOnce());
        const t0 = performance.now();
        await redis.ping();
        pings.push(performance.now() - t0);
      }
      const point = {
        pending: size,
        schedulePerSecond,
        claimP50Ms: quantile(times, 0.5),
        claimP99Ms: quantile(times, 0.99),
        pingP50Ms: quantile(pings, 0.5),
      };
      points.push(point);
      log(
        `${size} pending: claim of ${CLAIM_BATCH} p50 ${point.claimP50Ms.toFixed(2)} ms, p99 ${point.claimP99Ms.toFixed(2)} ms ` +
          `(ping ${point.pingP50Ms.toFixed(2)} ms); scheduled at ${schedulePerSecond.toFixed(0)}/s`,
      );
    } finally {
      await deleteByPrefix(redis, prefix);
    }
  }
  return { batch: CLAIM_BATCH, claimsPerSize: options.claims, points };
}

export interface DeliveryReport {
  plan: DeliveryPlan;
  reminders: number;
  chats: number;
  messages: number;
  seconds: number;
  /** Messages per second from the first send to the last. */
  messagesPerSecond: number;
  /**
   * Most messages in any one-second window: as the worker sent them (a sub-millisecond clock, read in the
   * send function), as the pacer granted them (its own clock, Date.now, whole milliseconds), and as the
   * Bot API received them.
   */
  maxPerSecondSent: number;
  maxPerSecondGranted: number;
  maxPerSecondReceived: number;
  /** Most messages to one chat in any one-second window, sent and granted, and the shortest gap between two sent to one chat (ms). */
  maxPerChatPerSecond: number;
  maxPerChatPerSecondGranted: number;
  minPerChatGapMs: number;
  pendingAfter: number;
  failures: number;
}

export type DeliveryPlan = "spread" | "hot";

/**
 * The due reminders. "spread": every chat has a few reminders far apart in the queue, so each batch is
 * one message per reminder and the overall limit sets the pace. "hot": twenty chats share all the
 * reminders, so each batch holds one merged message per chat and the per-chat limit sets the pace.
 */
function deliveryPlan(plan: DeliveryPlan, count: number, now: number): Reminder[] {
  const chats = plan === "hot" ? 20 : Math.max(1, Math.floor(count / 3));
  const firstChat = plan === "hot" ? 900 : 200_000;
  return Array.from({ length: count }, (_, i) => reminder(i, now - count + i, firstChat + (i % chats)));
}

function timesByChat(events: readonly { chatId: number; at: number }[]): Map<number, number[]> {
  const byChat = new Map<number, number[]>();
  for (const { chatId, at } of events) {
    const times = byChat.get(chatId);
    if (times) times.push(at);
    else byChat.set(chatId, [at]);
  }
  return byChat;
}

function maxPerChatInWindow(byChat: ReadonlyMap<number, number[]>): number {
  let most = 0;
  for (const times of byChat.values()) most = Math.max(most, maxInWindow(times, 1000));
  return most;
}

/** Delivers `count` due reminders with the real worker, pacer and clock, sending to an HttpBotApi. */
export async function benchDelivery(options: {
  redis: Redis;
  plan: DeliveryPlan;
  reminders: number;
  log: (line: string) => void;
}): Promise<DeliveryReport> {
  const { redis, log } = options;
  const prefix = `${BENCH_PREFIX}deliver:`;
  const server = new HttpBotApi();
  const apiRoot = await server.listen();
  const store = createRedisReminderStore(redis, { prefix });
  /** Send times, from a sub-millisecond clock. */
  const sent: { chatId: number; at: number }[] = [];
  /** Grant times on the pacer's own clock: the reading it decided on, seen through the clock it is given. */
  const granted: { chatId: number; at: number }[] = [];
  const received: number[] = [];
  server.api.onCall = (call) => {
    if (call.method === "sendMessage") received.push(performance.now());
    server.api.clearCalls();
  };
  const api = new Api(BENCH_TOKEN, { apiRoot });
  const send = async (delivery: ChatDelivery): Promise<SendOutcome> => {
    sent.push({ chatId: delivery.chatId, at: performance.now() });
    try {
      await api.sendMessage(
        delivery.chatId,
        `Reminder: ${delivery.reminders.map((r) => `${r.preappId} ${r.kind}`).join(", ")}`,
      );
      return "ok";
    } catch (error) {
      if (error instanceof GrammyError && error.error_code === 429)
        return { retryAfterMs: (error.parameters.retry_after ?? 1) * 1000 };
      if (error instanceof GrammyError && error.error_code === 403) return "blocked";
      return "failed";
    }
  };
  // The real pacer on the real clock, observed: the worker awaits one acquire at a time, so the last
  // reading the pacer took when an acquire resolves is the time it granted that message.
  let lastPacerReading = 0;
  const pacer = createPacer({ clock: { now: () => (lastPacerReading = systemClock.now()) }, sleep: realSleep });
  const observedPacer: Pacer = {
    async acquire(chatId) {
      await pacer.acquire(chatId);
      granted.push({ chatId, at: lastPacerReading });
    },
  };
  const worker = createReminderWorker({ store, send, clock: systemClock, pacer: observedPacer, workerId: WORKER });
  try {
    const due = deliveryPlan(options.plan, options.reminders, Date.now());
    await store.schedule(due);
    const startedAt = performance.now();
    worker.start();
    let lastLog = startedAt;
    let pending = due.length;
    while (pending > 0) {
      await new Promise((r) => setTimeout(r, 250));
      pending = await store.pendingCount();
      if (performance.now() - lastLog > 15_000) {
        lastLog = performance.now();
        log(
          `  ${due.length - pending}/${due.length} delivered, ${sent.length} messages, ${((lastLog - startedAt) / 1000).toFixed(0)} s`,
        );
      }
    }
    await worker.stop();
    const seconds = (performance.now() - startedAt) / 1000;
    const sentByChat = timesByChat(sent);
    let minGap = Infinity;
    for (const times of sentByChat.values())
      for (let i = 1; i < times.length; i++) minGap = Math.min(minGap, times[i]! - times[i - 1]!);
    const first = sent[0]?.at ?? 0;
    const last = sent[sent.length - 1]?.at ?? 0;
    return {
      plan: options.plan,
      reminders: due.length,
      chats: new Set(due.map((r) => r.chatId)).size,
      messages: received.length,
      seconds,
      messagesPerSecond: sent.length > 1 ? ((sent.length - 1) / (last - first)) * 1000 : Number.NaN,
      maxPerSecondSent: maxInWindow(
        sent.map((s) => s.at),
        1000,
      ),
      maxPerSecondGranted: maxInWindow(
        granted.map((g) => g.at),
        1000,
      ),
      maxPerSecondReceived: maxInWindow(received, 1000),
      maxPerChatPerSecond: maxPerChatInWindow(sentByChat),
      maxPerChatPerSecondGranted: maxPerChatInWindow(timesByChat(granted)),
      minPerChatGapMs: minGap,
      pendingAfter: await store.pendingCount(),
      failures: await store.failureCount(),
    };
  } finally {
    await worker.stop();
    await server.close();
    await deleteByPrefix(redis, prefix);
  }
}
