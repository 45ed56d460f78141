/**
 * Several bot instances on one real Redis, as in a webhook deployment behind a load balancer: each has
 * its own ioredis client (built as src/main.ts builds it), its own stores, its own createBot() bot and
 * its own webhook HTTP server, and all of them talk to one fake Telegram (a shared LocalBotApi), so the
 * test sees every message any instance sent. Updates are POSTed to an instance's webhook, as Telegram
 * does; the same update can be POSTed to another instance, as Telegram's retry after a timeout would be.
 *
 * An instance can be "killed" at a chosen API call: the call never returns, its webhook connections are
 * cut and its Redis client is disconnected, so it neither answers Telegram nor writes again, as after
 * `kill -9`. (A real process is not spawned: two cores are shared by many test files.)
 */
import type { InlineKeyboardButton, Update, User } from "grammy/types";
import type { Redis } from "ioredis";
import { createBot } from "../../src/bot/bot.js";
import type { BotDeps } from "../../src/bot/context.js";
import { loadConfig, type Config } from "../../src/config.js";
import { createDeps } from "../../src/deps.js";
import { createLogger } from "../../src/logger.js";
import { createWebhookServer, SECRET_HEADER, type WebhookServer } from "../../src/server/http-server.js";
import { createRedisClient } from "../../src/store/redis-client.js";
import { createRedisStores, type StoreOptions, type Stores } from "../../src/store/stores.js";
import { LocalBotApi, type ApiCall, type LocalResponse } from "../../src/telegram/local-bot-api.js";
import { callbackUpdate, textUpdate } from "../../src/telegram/updates.js";
import { TEST_TOKEN, testCalendar, testCatalog } from "./bot-harness.js";

const WEBHOOK_PATH = "/telegram";
const SECRET = "multi-instance-test-secret";

export interface Instance {
  readonly index: number;
  readonly deps: BotDeps;
  readonly stores: Stores;
  readonly redis: Redis;
  readonly server: WebhookServer;
  readonly url: string;
  /** Whether kill() happened. */
  readonly dead: boolean;
  /**
   * From now on, the first API call matching `when` never returns and the instance dies there; resolves
   * once that call was made (so the test knows how far the update got).
   */
  killAt(when: (call: { method: string; payload: Record<string, unknown> }) => boolean): Promise<void>;
}

export interface Cluster {
  /** The one fake Telegram all instances talk to. */
  readonly api: LocalBotApi;
  readonly instances: Instance[];
  /** POSTs an update to one instance's webhook; resolves to the HTTP status, or 0 when the connection broke. */
  post(index: number, update: Update): Promise<number>;
  /** A driver of the journeys in flows.ts that posts every update to instance `index`. */
  via(index: number): Driver;
  /** Closes every live instance's server and Redis client. */
  close(): Promise<void>;
}

export interface Driver {
  send(update: Update): Promise<ApiCall[]>;
  say(user: User, text: string): Promise<ApiCall[]>;
  press(user: User, label: string | RegExp): Promise<ApiCall[]>;
  lastScreen(chatId: number): Screen;
}

export interface Screen {
  text: string;
  messageId: number;
  buttons: InlineKeyboardButton[][];
}

export interface ClusterOptions {
  redisUrl: string;
  size: number;
  config?: Partial<Config>;
  stores?: Partial<StoreOptions>;
  /** After this long an instance answers Telegram while the update goes on (default 5 s). */
  updateTimeoutMs?: number;
}

/** The last message (sent or edited) addressed to `chatId` among `calls`. */
export function lastScreenIn(calls: readonly ApiCall[], chatId: number): Screen {
  for (let i = calls.length - 1; i >= 0; i--) {
    const call = calls[i]!;
    if (!["sendMessage", "editMessageText"].includes(call.method) || Number(call.payload.chat_id) !== chatId) continue;
    const sent = call.response as { message_id?: number } | undefined;
    if (call.method === "sendMessage" && sent?.message_id === undefined) continue;
    const messageId = call.method === "editMessageText" ? Number(call.payload.message_id) : Number(sent?.message_id);
    const markup = call.payload.reply_markup as { inline_keyboard?: InlineKeyboardButton[][] } | undefined;
    return { text: String(call.payload.text), messageId, buttons: markup?.inline_keyboard ?? [] };
  }
  throw new Error(`no message to chat ${chatId}`);
}

/** The update pressing the button labelled `label` (exactly, else the first containing it) on the chat's last screen. */
export function pressUpdate(calls: readonly ApiCall[], user: User, label: string | RegExp): Update {
  const screen = lastScreenIn(calls, user.id);
  const buttons = screen.buttons.flat();
  const button =
    buttons.find((b) => b.text === label) ??
    buttons.find((b) => (typeof label === "string" ? b.text.includes(label) : label.test(b.text)));
  if (!button || !("callback_data" in button))
    throw new Error(`no button "${String(label)}" in: ${buttons.map((b) => b.text).join(" | ")}`);
  return callbackUpdate(user, button.callback_data!, screen.messageId, screen.text);
}

/** Starts `size` instances on one Redis database. */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const api = new LocalBotApi();
  const config = { ...loadConfig({}), rateLimit: { limit: 10_000, windowMs: 1_000 }, ...options.config } as Config;
  const instances: (Instance & { kill(): void })[] = [];

  for (let index = 0; index < options.size; index++) {
    const redis = createRedisClient(options.redisUrl, () => {});
    // The production client refuses commands until connected (no offline queue): start once it is.
    if (redis.status !== "ready") await new Promise((ready) => redis.once("ready", ready));
    const stores = createRedisStores(redis, { prefix: "t:", ...options.stores });
    const deps = createDeps(config, stores, createLogger("silent"), {
      catalog: testCatalog(),
      calendar: testCalendar(),
    });
    let trap:
      | { when: (call: { method: string; payload: Record<string, unknown> }) => boolean; reached: () => void }
      | undefined;
    const fetch = async (input: unknown, init?: { body?: unknown }): Promise<LocalResponse> => {
      const url = String(input);
      const method = url.slice(url.lastIndexOf("/") + 1);
      const payload =
        typeof init?.body === "string" && init.body ? (JSON.parse(init.body) as Record<string, unknown>) : {};
      if (instance.dead) return new Promise<LocalResponse>(() => {});
      if (trap?.when({ method, payload })) {
        const reached = trap.reached;
        trap = undefined;
        instance.kill();
        reached();
        return new Promise<LocalResponse>(() => {});
      }
      return api.fetch(input, init as never);
    };
    const bot = createBot(deps, { token: TEST_TOKEN, botInfo: api.botInfo, client: { fetch: fetch as never } });
    const server = createWebhookServer({
      bot,
      webhookPath: WEBHOOK_PATH,
      secretToken: SECRET,
      ping: () => stores.ping(),
      logger: createLogger("silent"),
      updateTimeoutMs: options.updateTimeoutMs ?? 5_000,
    });
    const address = await server.listen(0, "127.0.0.1");
    const instance = {
      index,
      deps,
      stores,
      redis,
      server,
      url: `http://127.0.0.1:${address.port}${WEBHOOK_PATH}`,
      dead: false,
      killAt(when: (call: { method: string; payload: Record<string, unknown> }) => boolean): Promise<void> {
        return new Promise<void>((reached) => {
          trap = { when, reached };
        });
      },
      kill() {
        instance.dead = true;
        server.server.closeAllConnections();
        server.server.close();
        redis.disconnect();
      },
    };
    instances.push(instance);
  }

  async function post(index: number, update: Update): Promise<number> {
    const instance = instances[index]!;
    if (instance.dead) return 0;
    try {
      const response = await fetch(instance.url, {
        method: "POST",
        headers: { "content-type": "application/json", [SECRET_HEADER]: SECRET },
        body: JSON.stringify(update),
      });
      // Like Telegram, carry out the method of a webhook reply (a button's answer, see http-server.ts).
      const body = await response.text();
      if (response.headers.get("content-type")?.includes("application/json") && body) {
        const { method, ...payload } = JSON.parse(body) as { method: string };
        await api.fetch(`https://api.telegram.org/bot${TEST_TOKEN}/${method}`, {
          method: "POST",
          body: JSON.stringify(payload),
          headers: { "content-type": "application/json" },
        } as never);
      }
      return response.status;
    } catch {
      return 0;
    }
  }

  function via(index: number): Driver {
    const send = async (update: Update) => {
      const before = api.calls.length;
      const status = await post(index, update);
      if (status !== 200) throw new Error(`instance ${index} answered ${status}`);
      return api.calls.slice(before);
    };
    return {
      send,
      say: (user, text) => send(textUpdate(user, text)),
      press: (user, label) => send(pressUpdate(api.calls, user, label)),
      lastScreen: (chatId) => lastScreenIn(api.calls, chatId),
    };
  }

  return {
    api,
    instances,
    post,
    via,
    async close() {
      for (const instance of instances) {
        if (instance.dead) continue;
        await instance.server.close();
        instance.redis.disconnect();
      }
    },
  };
}
