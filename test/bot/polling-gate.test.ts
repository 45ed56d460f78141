/**
 * The update gate in polling mode (middlewares/across-instances.ts): Telegram lets one process poll, so
 * the bot takes no chat lock across instances, and it still skips an update it handled before a restart
 * (the runner's last batch is delivered again to the next process), with the mark kept in the user's
 * session: an update costs the session's read and write and no Redis round trip of its own.
 */
import type { Update, User } from "grammy/types";
import type { Redis } from "ioredis";
import { describe, expect, it, vi } from "vitest";
import { encodeRoute } from "../../src/bot/callback-data.js";
import { createRedisStores } from "../../src/store/stores.js";
import { LocalBotApi, type ApiCall, type LocalResponse } from "../../src/telegram/local-bot-api.js";
import { callbackUpdate, makeUser, textUpdate } from "../../src/telegram/updates.js";
import { createHarness } from "../support/bot-harness.js";
import { fillFormToSummary, REF_PATTERN } from "../support/flows.js";
import { pressUpdate } from "../support/instances.js";
import { useTestRedis } from "../support/redis.js";

const { redis } = useTestRedis();
const DAY_MS = 86_400_000;

/** A process of its own: a client of its own on the test's Redis, and the stores on it. */
function processStores(prefix: string): { client: Redis; stores: ReturnType<typeof createRedisStores> } {
  const client = redis.duplicate();
  return { client, stores: createRedisStores(client, { prefix }) };
}

/** The Redis commands (name and first key) a client sends from now on. */
function recordCommands(client: Redis): string[] {
  const seen: string[] = [];
  const send = client.sendCommand.bind(client);
  vi.spyOn(client, "sendCommand").mockImplementation((command, stream) => {
    const [key] = command.args;
    seen.push(`${command.name.toLowerCase()} ${Buffer.isBuffer(key) ? key.toString() : String(key)}`);
    return send(command, stream);
  });
  return seen;
}

/**
 * The Bot API `api`, except that the first call matching `when` never returns, nor any after it (the
 * process died there); `died` resolves when that call was made.
 */
function dyingAt(api: LocalBotApi, when: (call: { method: string; payload: Record<string, unknown> }) => boolean) {
  let dead = false;
  let reached = () => {};
  const died = new Promise<void>((resolve) => (reached = resolve));
  const fetch = async (input: unknown, init?: { body?: unknown }): Promise<LocalResponse> => {
    const url = String(input);
    const method = url.slice(url.lastIndexOf("/") + 1);
    const payload =
      typeof init?.body === "string" && init.body ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    if (dead || when({ method, payload })) {
      dead = true;
      reached();
      return new Promise<LocalResponse>(() => {});
    }
    return api.fetch(input, init as never);
  };
  return {
    api: new Proxy(api, { get: (target, prop) => (prop === "fetch" ? fetch : Reflect.get(target, prop)) }),
    died,
  };
}

const answers = (calls: ApiCall[]) => calls.filter((c) => ["sendMessage", "editMessageText"].includes(c.method));

describe("update gate when polling", () => {
  it("takes no chat lock: a lock held elsewhere does not hold the update up", async () => {
    const stores = createRedisStores(redis, { prefix: "pg1:", chatLockWaitMs: 60_000 });
    const h = createHarness({ stores, polling: true });
    const user = makeUser(5_201, "en");
    await redis.set(`pg1:lock:chat:${user.id}`, "someone-else", "PX", 60_000);
    const calls = await h.send(textUpdate(user, "/start"));
    expect(calls.filter((c) => c.method === "sendMessage")).toHaveLength(1);
    // Neither taken nor released by the bot.
    expect(await redis.get(`pg1:lock:chat:${user.id}`)).toBe("someone-else");
  });

  it("skips the updates handled before a restart when they are delivered again, and handles the rest", async () => {
    const user = makeUser(5_202, "en");
    const other = makeUser(5_203, "en");
    const first = textUpdate(user, "/start");
    const second = textUpdate(user, "/help");
    const notReached = textUpdate(other, "/start");
    const before = createHarness({ stores: createRedisStores(redis, { prefix: "pg2:" }), polling: true });
    expect(answers(await before.send(first))).toHaveLength(1);
    expect(answers(await before.send(second))).toHaveLength(1);
    // The next process gets the whole batch again: the runner confirms a batch only with its next getUpdates.
    const after = createHarness({ stores: createRedisStores(redis, { prefix: "pg2:" }), polling: true });
    expect(await after.send(first)).toHaveLength(0);
    expect(await after.send(second)).toHaveLength(0);
    expect(answers(await after.send(notReached))).toHaveLength(1);
    // The user's next update is handled as usual.
    expect(answers(await after.send(textUpdate(user, "/help")))).toHaveLength(1);
  });

  it("costs the session's read and write and nothing more: no mark, no rate-limit counter in Redis", async () => {
    const { client, stores } = processStores("pg3:");
    const h = createHarness({ stores, polling: true, config: { rateLimit: { limit: 2, windowMs: 60_000 } } });
    const user = makeUser(5_204, "en");
    await h.send(textUpdate(user, "/start"));
    const commands = recordCommands(client);
    const menu = h.lastScreen(user.id);
    const categories = callbackUpdate(user, encodeRoute({ kind: "categories" }), menu.messageId, menu.text);
    expect(answers(await h.send(categories))).toHaveLength(1);
    expect(commands).toEqual([`get pg3:session:${user.id}`, `set pg3:session:${user.id}`]);
    // The limit still holds, counted in this process (the only one polling).
    const third = await h.send(textUpdate(user, "/help"));
    expect(third.filter((c) => String(c.payload.text).includes("too quickly"))).toHaveLength(1);
    expect(await redis.keys("pg3:rl:*")).toEqual([]);
    expect(await redis.keys("pg3:upd:*")).toEqual([]);
    client.disconnect();
  });

  it("handles an update again when the process died before its end", async () => {
    const api = new LocalBotApi();
    const user = makeUser(5_205, "en");
    const update = textUpdate(user, "/start");
    const death = dyingAt(api, ({ method }) => method === "sendMessage");
    const dying = createHarness({
      api: death.api,
      stores: createRedisStores(redis, { prefix: "pg4:" }),
      polling: true,
    });
    void dying.send(update);
    await death.died;
    expect(api.calls.some((c) => c.method === "sendMessage")).toBe(false);
    const next = createHarness({ api, stores: createRedisStores(redis, { prefix: "pg4:" }), polling: true });
    expect(answers(await next.send(update))).toHaveLength(1);
  });

  it("does not skip a user's update when Telegram numbered updates afresh after a week without any", async () => {
    const user = makeUser(5_206, "en");
    const withId = (update: Update, id: number): Update => ({ ...update, update_id: id });
    const stores = () => createRedisStores(redis, { prefix: "pg5:" });
    const longAgo = createHarness({ stores: stores(), polling: true, clock: { now: () => Date.now() - 8 * DAY_MS } });
    expect(answers(await longAgo.send(withId(textUpdate(user, "/start"), 900_000_000)))).toHaveLength(1);
    // Telegram picks the next id at random after a week of silence: it may be lower than the last one.
    const now = createHarness({ stores: stores(), polling: true });
    expect(answers(await now.send(withId(textUpdate(user, "/start"), 5)))).toHaveLength(1);
    // Within a day (as long as Telegram keeps an update), a lower id is one handled before: skipped.
    expect(await now.send(withId(textUpdate(user, "/start"), 4))).toHaveLength(0);
  });
});

describe("a Confirm delivered again after a restart (polling)", () => {
  const confirmations = (api: LocalBotApi, user: User) =>
    api
      .callsOf("sendMessage")
      .filter((c) => Number(c.payload.chat_id) === user.id && (c.response as { message_id?: number })?.message_id)
      .map((c) => REF_PATTERN.exec(String(c.payload.text))?.[1])
      .filter((ref): ref is string => ref !== undefined);

  it("handled to the end before the restart: skipped, one pre-application, one confirmation", async () => {
    const api = new LocalBotApi();
    const citizen = makeUser(5_207, "ru");
    const before = createHarness({ api, stores: createRedisStores(redis, { prefix: "pg6:" }), polling: true });
    await fillFormToSummary(before, citizen, 7);
    const confirm = pressUpdate(api.calls, citizen, "✅");
    await before.send(confirm);
    const after = createHarness({ api, stores: createRedisStores(redis, { prefix: "pg6:" }), polling: true });
    expect(await after.send(confirm)).toHaveLength(0);
    expect(await after.deps.stores.preApplications.listByCitizen(citizen.id)).toHaveLength(1);
    expect(confirmations(api, citizen)).toHaveLength(1);
  });

  it("the process died as it sent the confirmation: handled again, still one pre-application, the same reference", async () => {
    const api = new LocalBotApi();
    const citizen = makeUser(5_208, "ru");
    const stores = () => createRedisStores(redis, { prefix: "pg7:" });
    const filling = createHarness({ api, stores: stores(), polling: true });
    await fillFormToSummary(filling, citizen, 7);
    const confirm = pressUpdate(api.calls, citizen, "✅");
    const death = dyingAt(
      api,
      ({ method, payload }) =>
        method === "sendMessage" && Number(payload.chat_id) === citizen.id && REF_PATTERN.test(String(payload.text)),
    );
    const dying = createHarness({ api: death.api, stores: stores(), polling: true });
    void dying.send(confirm);
    await death.died;
    expect(await filling.deps.stores.preApplications.listByCitizen(citizen.id)).toHaveLength(1);
    expect(confirmations(api, citizen)).toHaveLength(0);
    const after = createHarness({ api, stores: stores(), polling: true });
    await after.send(confirm);
    expect(await after.deps.stores.preApplications.listByCitizen(citizen.id)).toHaveLength(1);
    expect(confirmations(api, citizen)).toHaveLength(1);
  });
});
