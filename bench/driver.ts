/**
 * Simulated users for the update benchmarks. Each user follows a script (/start, browsing to a card by
 * callback buttons, a free-text search, more buttons) and, like a person, sends the next update only
 * after the bot has answered the previous one. The answer to an update is the one message the bot sends
 * or edits for that chat (every scripted step yields exactly one); its latency runs from the moment the
 * update is queued at the HttpBotApi (or posted to the bot's webhook) to the moment that message is
 * recorded there.
 */
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import type { Update, User } from "grammy/types";
import { encodeRoute } from "../src/bot/callback-data.js";
import type { Catalog } from "../src/domain/catalog.js";
import { createServiceSearch } from "../src/domain/search.js";
import type { HttpBotApi } from "../src/telegram/http-bot-api.js";
import type { ApiCall } from "../src/telegram/local-bot-api.js";
import { callbackUpdate, makeUser, textUpdate } from "../src/telegram/updates.js";
import { SECRET_HEADER } from "../src/server/http-server.js";
import { BENCH_WEBHOOK_SECRET } from "./bot-child.js";
import { queryOfKind } from "./queries.js";
import { pick, seededRandom } from "./stats.js";

export type Step = { kind: "text"; text: string } | { kind: "button"; data: string };

export interface UserScript {
  user: User;
  steps: Step[];
}

/** App languages of the simulated users; a tenth have none the bot knows, so it asks once. */
const LANGUAGES: readonly (string | undefined)[] = ["ru", "ru", "ru", "ru", "kk", "kk", "kk", "en", "en", undefined];

/**
 * Scripts for `count` users with ids from `firstUserId`, `length` steps each: /start (and the language
 * choice when asked), categories → a category → a card → back → another card, a question in free text,
 * the first result (or the categories when nothing matched), the main menu, another question, and
 * further card views if `length` asks for more. The same seed gives the same scripts.
 */
export function buildScripts(
  catalog: Catalog,
  count: number,
  firstUserId: number,
  length = 10,
  seed = 1,
): UserScript[] {
  const random = seededRandom(seed);
  const search = createServiceSearch(catalog);
  const categories = catalog.categories.filter((c) => c.services.length > 0);
  const question = (): Step[] => {
    const text = queryOfKind(pick(["ru", "kk", "latin", "typo", "officer"] as const, random), random);
    const hit = search.find(text).services[0];
    return [
      { kind: "text", text },
      {
        kind: "button",
        data: hit ? encodeRoute({ kind: "service", serviceId: hit.service.id }) : encodeRoute({ kind: "categories" }),
      },
    ];
  };
  const browse = (): Step[] => {
    const category = pick(categories, random);
    const back = { to: "category", categoryId: category.id } as const;
    return [
      { kind: "button", data: encodeRoute({ kind: "categories" }) },
      { kind: "button", data: encodeRoute({ kind: "category", categoryId: category.id }) },
      { kind: "button", data: encodeRoute({ kind: "service", serviceId: pick(category.services, random), back }) },
      { kind: "button", data: encodeRoute({ kind: "category", categoryId: category.id }) },
      { kind: "button", data: encodeRoute({ kind: "service", serviceId: pick(category.services, random), back }) },
    ];
  };
  const scripts: UserScript[] = [];
  for (let i = 0; i < count; i++) {
    const languageCode = pick(LANGUAGES, random);
    const steps: Step[] = [{ kind: "text", text: "/start" }];
    if (!languageCode)
      steps.push({
        kind: "button",
        data: encodeRoute({ kind: "setLanguage", locale: pick(["kk", "ru"] as const, random) }),
      });
    steps.push(...browse(), ...question(), { kind: "button", data: encodeRoute({ kind: "main" }) }, ...question());
    while (steps.length < length) steps.push(...browse());
    scripts.push({ user: makeUser(firstUserId + i, languageCode), steps: steps.slice(0, length) });
  }
  return scripts;
}

/** Scripts of one /start each, for users who only open the menu. */
export function startOnlyScripts(count: number, firstUserId: number): UserScript[] {
  return Array.from({ length: count }, (_, i) => ({
    user: makeUser(firstUserId + i, "ru"),
    steps: [{ kind: "text", text: "/start" }],
  }));
}

export interface DriveOptions {
  /** The real bot edits the pressed message; the baseline answers everything with a new message. */
  expectEdits: boolean;
  /** Users active at a time; each works through its script one update after another. */
  concurrency: number;
  /** Gives up when no answer has come for this long. */
  stallMs?: number;
  /**
   * Posts each update to the bot's webhook there, as Telegram does, instead of queueing it for the bot's
   * getUpdates; a Bot API call the bot put in the webhook's response is carried out as Telegram would.
   */
  webhookUrl?: string;
}

export interface DriveResult {
  updates: number;
  /** From the first update queued to the last answer recorded. */
  wallMs: number;
  /** Per update, queued → answered, in ms. */
  latencies: number[];
  /** Bot API calls the bot made, getUpdates excluded, webhook replies included. */
  apiCalls: number;
  /** Of those, the calls that rode in a webhook's response instead of a request of their own. */
  webhookReplies: number;
  /** Answers of an unexpected kind (a new message where an edit was due, an alert, a "stale button" notice). */
  unexpected: string[];
}

interface Waiter {
  resolve: (answer: { at: number; call: ApiCall }) => void;
}

const SCREEN_METHODS = new Set(["sendMessage", "editMessageText"]);

/** Runs the users' scripts against the bot polling `server`, and times every answer. */
export async function drive(
  server: HttpBotApi,
  scripts: readonly UserScript[],
  options: DriveOptions,
): Promise<DriveResult> {
  const waiting = new Map<number, Waiter>();
  /** Button presses in flight by callback query id (the update id), for checking how they were answered. */
  const pressed = new Map<string, string>();
  const latencies: number[] = [];
  const unexpected: string[] = [];
  let lastProgress = performance.now();
  let apiCalls = 0;
  let webhookReplies = 0;

  server.api.onCall = (call) => {
    apiCalls += 1;
    if (SCREEN_METHODS.has(call.method)) {
      const chatId = Number(call.payload.chat_id);
      const waiter = waiting.get(chatId);
      if (waiter) {
        waiting.delete(chatId);
        waiter.resolve({ at: performance.now(), call });
      } else {
        unexpected.push(`${call.method} to chat ${chatId} that awaited nothing`);
      }
    } else if (call.method === "answerCallbackQuery") {
      const data = pressed.get(String(call.payload.callback_query_id));
      pressed.delete(String(call.payload.callback_query_id));
      const noticeExpected = data?.startsWith("lang:") ?? false;
      if (call.payload.show_alert || (call.payload.text !== undefined && !noticeExpected)) {
        unexpected.push(`answerCallbackQuery for "${data}": ${String(call.payload.text)}`);
      }
    }
    // The calls are not needed afterwards; dropping them keeps the fake server's memory flat.
    server.api.clearCalls();
  };

  let stalled: (error: Error) => void = () => undefined;
  const stall = new Promise<never>((_, reject) => (stalled = reject));
  const stallMs = options.stallMs ?? 30_000;
  const watchdog = setInterval(() => {
    if (performance.now() - lastProgress > stallMs)
      stalled(new Error(`no answer for ${stallMs} ms (${waiting.size} users waiting)`));
  }, 1_000);

  // Telegram keeps at most setWebhook's max_connections (40 by default) requests open to a bot at once.
  const agent = new Agent({ keepAlive: true, maxSockets: 40 });
  const post = (url: string, body: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        url,
        {
          method: "POST",
          agent,
          headers: { "content-type": "application/json", [SECRET_HEADER]: BENCH_WEBHOOK_SECRET },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });

  /** Webhook requests not answered yet: the run ends when all have been, replies carried out. */
  const posts = new Set<Promise<void>>();
  /** Telegram's side of a webhook: the update as a request, a method in the response carried out. */
  const postUpdate = async (url: string, update: Update): Promise<void> => {
    try {
      const { status, body } = await post(url, JSON.stringify(update));
      if (status !== 200) unexpected.push(`webhook answered ${status}: ${body}`);
      if (!body) return;
      const { method, ...payload } = JSON.parse(body) as { method: string };
      webhookReplies += 1;
      await server.api.fetch(`webhook-reply/${method}`, {
        body: JSON.stringify(payload),
        headers: { "content-type": "application/json" },
      });
    } catch (error) {
      unexpected.push(`webhook request failed: ${String(error)}`);
    }
  };
  const settlePosts = async () => {
    while (posts.size > 0) await Promise.all(posts);
  };

  const runUser = async (script: UserScript): Promise<void> => {
    let screen: { messageId: number; text: string } | undefined;
    for (const step of script.steps) {
      let update: Update;
      if (step.kind === "text") {
        update = textUpdate(script.user, step.text);
      } else {
        if (!screen) throw new Error("a button step before any message");
        update = callbackUpdate(script.user, step.data, screen.messageId, screen.text);
        pressed.set(String(update.update_id), step.data);
      }
      const answered = new Promise<{ at: number; call: ApiCall }>((resolve) =>
        waiting.set(script.user.id, { resolve }),
      );
      const queuedAt = performance.now();
      if (options.webhookUrl) {
        const post = postUpdate(options.webhookUrl, update).finally(() => posts.delete(post));
        posts.add(post);
      } else server.push(update);
      const { at, call } = await answered;
      lastProgress = at;
      latencies.push(at - queuedAt);
      if (step.kind === "button" && options.expectEdits && call.method !== "editMessageText") {
        unexpected.push(`"${step.data}" answered by ${call.method}`);
      }
      const messageId =
        call.method === "editMessageText"
          ? Number(call.payload.message_id)
          : Number((call.response as { message_id?: number }).message_id);
      screen = { messageId, text: String(call.payload.text) };
    }
  };

  const startedAt = performance.now();
  let lastAnswerAt = startedAt;
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < scripts.length) {
      const script = scripts[next++]!;
      await runUser(script);
      lastAnswerAt = Math.max(lastAnswerAt, lastProgress);
    }
  };
  try {
    await Promise.race([
      Promise.all(Array.from({ length: Math.min(options.concurrency, scripts.length) }, lane)).then(settlePosts),
      stall,
    ]);
  } finally {
    clearInterval(watchdog);
    agent.destroy();
    server.api.onCall = undefined;
  }
  return {
    updates: latencies.length,
    wallMs: lastAnswerAt - startedAt,
    latencies,
    apiCalls,
    webhookReplies,
    unexpected,
  };
}
