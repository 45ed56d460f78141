/**
 * Redis going away under a running bot, on a redis-server of this file's own that the tests crash,
 * freeze and restart (test/support/redis-control.ts), with the ioredis client built as src/main.ts
 * builds it. Required: the bot stays up; menus, cards and search keep working from the in-memory
 * catalog; what needs Redis says politely that it is temporarily unavailable; the bot recovers by
 * itself when Redis is back; no confirmed pre-application is lost.
 */
import { decodeRoute } from "../../src/bot/callback-data.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import type { Update, User } from "grammy/types";
import { createI18n } from "../../src/bot/i18n.js";
import type { Locale } from "../../src/domain/catalog.js";
import { createRedisStores, type Stores } from "../../src/store/stores.js";
import type { ApiCall } from "../../src/telegram/local-bot-api.js";
import { callbackUpdate, contactUpdate, makeUser } from "../../src/telegram/updates.js";
import { createHarness, leakedPlaceholders, testCatalog, type Harness } from "../support/bot-harness.js";
import { linkOfficer } from "../support/flows.js";
import {
  createDedicatedRedis,
  pollUntil,
  productionRedisClient,
  type DedicatedRedis,
} from "../support/redis-control.js";

const ADMIN = 9_100_001;
const i18n = createI18n("ru");
const degraded = (locale: Locale) => i18n.t(locale, "service-degraded");
/** Anything of an error's own wording that must never reach a user. */
const RAW_ERROR =
  /Bad Request|Too Many Requests|Forbidden|Internal Server Error|ECONN|enableOfflineQueue|Stream isn't writeable|Connection is closed|MaxRetriesPerRequest|Error/;

let server: DedicatedRedis;
let client: Redis;

beforeAll(async () => {
  server = await createDedicatedRedis();
  await server.start();
  client = productionRedisClient(server.url);
  await pollUntil(async () => (await client.ping().catch(() => "")) === "PONG", "the client to connect");
});

afterAll(async () => {
  client?.disconnect();
  await server?.dispose();
});

beforeEach(async () => {
  if (!server.running) await server.start();
  const stores = redisStores(client);
  await pollUntil(() => stores.ping(), "Redis to answer again");
  await client.flushall();
});

function redisStores(redis: Redis): Stores {
  return createRedisStores(redis, { prefix: "t:" });
}

function harness(stores: Stores): Harness {
  return createHarness({ stores, config: { adminIds: [ADMIN] } });
}

/** Every text a user was shown by these calls: messages, edits, button answers. */
function shownTexts(calls: ApiCall[]): string[] {
  return calls
    .filter((c) => ["sendMessage", "editMessageText", "answerCallbackQuery"].includes(c.method))
    .map((c) => String(c.payload.text ?? ""));
}

/** What the user can see after pressing a button: Telegram shows only the first answer to it, then any messages. */
function buttonFeedback(calls: ApiCall[]): unknown[] {
  const firstAnswer = calls.find((c) => c.method === "answerCallbackQuery")?.payload.text;
  return [
    firstAnswer,
    ...calls.filter((c) => c.method === "sendMessage" || c.method === "editMessageText").map((c) => c.payload.text),
  ];
}

function expectNothingRaw(calls: ApiCall[]): void {
  expect(shownTexts(calls).filter((t) => RAW_ERROR.test(t))).toEqual([]);
  expect(leakedPlaceholders(calls)).toEqual([]);
}

/** Crashes Redis and waits until the bot's client has noticed. */
async function crashRedis(stores: Stores): Promise<void> {
  await server.crash();
  await pollUntil(async () => !(await stores.ping()), "the client to notice Redis is gone");
}

/** Starts Redis again and waits for the client to reconnect by itself. */
async function restartRedis(stores: Stores): Promise<void> {
  await server.start();
  await pollUntil(() => stores.ping(), "the client to reconnect by itself");
}

/** Fills the form for a service up to its summary, on the bot, and returns the summary's Confirm press. */
async function fillToSummary(
  h: Harness,
  user: User,
  serviceId: number,
  name = "Айгерим Сапарова",
  phone = "77011234567",
): Promise<() => Update> {
  await h.say(user, `/start s${serviceId}`);
  await h.press(user, "📝");
  await h.press(user, "✅");
  await h.say(user, name);
  await h.send(contactUpdate(user, phone));
  const channels = h
    .lastScreen(user.id)
    .buttons.flat()
    .filter((b) => "callback_data" in b && decodeRoute(b.callback_data ?? "")?.kind === "formChannel");
  if (channels.length > 0) await h.press(user, channels.at(-1)!.text);
  await h.press(user, "⏭");
  const summary = h.lastScreen(user.id);
  const confirm = summary.buttons
    .flat()
    .find((b) => "callback_data" in b && decodeRoute(b.callback_data ?? "")?.kind === "formConfirm");
  if (!confirm || !("callback_data" in confirm)) throw new Error(`no Confirm button on: ${summary.text}`);
  // A fresh update each time: Confirm may be pressed again on the same summary after a failure.
  return () => callbackUpdate(user, confirm.callback_data!, summary.messageId, summary.text);
}

/** The reference in the form's closing message, if the last screen is that message. */
function doneRef(h: Harness, user: User): string | undefined {
  return /<b>(KZ-\d+-\d{4}-[0-9A-Z]{5})<\/b>/.exec(h.lastScreen(user.id).text)?.[1];
}

describe("while Redis is away", () => {
  it("keeps menus, categories, service cards, deep links and search working from the catalog", async () => {
    const stores = redisStores(client);
    const h = harness(stores);
    const user = makeUser(10_001, "ru");
    await h.say(user, "/start");
    await crashRedis(stores);
    h.api.clearCalls();

    await h.say(user, "/start");
    expect.soft(h.lastScreen(user.id).text).toContain("Главное меню");
    const category = testCatalog().categories[0]!;
    const serviceId = category.services[0]!;
    await h.press(user, /📚/);
    expect
      .soft(
        h
          .lastScreen(user.id)
          .buttons.flat()
          .map((b) => b.text),
      )
      .toContain(`${category.emoji} ${category.name.ru}`);
    await h.press(user, `${category.emoji} ${category.name.ru}`);
    await h.press(user, new RegExp(`^${serviceId}\\. `));
    expect
      .soft(h.lastScreen(user.id).text)
      .toContain(testCatalog().serviceById.get(serviceId)!.name.ru.replace(/&/g, "&amp;"));
    await h.say(user, "/start s7");
    expect.soft(h.lastScreen(user.id).text).toContain("Постановка на очередь детей дошкольного возраста");
    await h.say(user, "очередь в садик");
    expect.soft(h.lastScreen(user.id).buttons.flat()[0]?.text).toMatch(/^7\. /);

    expect(shownTexts(h.api.calls)).not.toContain(degraded("ru"));
    expectNothingRaw(h.api.calls);
  });

  it("answers /my and a form's Confirm with a polite 'temporarily unavailable' in the user's language", async () => {
    const stores = redisStores(client);
    const h = harness(stores);
    const ru = makeUser(10_011, "ru");
    const kk = makeUser(10_012, "kk");
    const confirm = await fillToSummary(h, ru, 7);
    await h.say(kk, "/start");
    await crashRedis(stores);
    h.api.clearCalls();

    await h.say(ru, "/my");
    expect(h.lastScreen(ru.id).text).toBe(degraded("ru"));
    await h.say(kk, "/my");
    expect(h.lastScreen(kk.id).text).toBe(degraded("kk"));
    const feedback = buttonFeedback(await h.send(confirm()));
    expect(
      feedback.filter((t) => t === degraded("ru") || t === i18n.t("ru", "form-store-unavailable")),
      String(feedback),
    ).toHaveLength(1);
    expectNothingRaw(h.api.calls);
  });

  it("tells the user who pressed a button too: by the button's answer, or by a message", async () => {
    const stores = redisStores(client);
    const h = harness(stores);
    const user = makeUser(10_021, "en");
    await h.say(user, "/start");
    await crashRedis(stores);
    const calls = await h.press(user, "My pre-applications");
    expect(buttonFeedback(calls)).toContain(degraded("en"));
    expectNothingRaw(calls);
  });

  it("does not hang when Redis stops answering without closing the connection (a network partition)", async () => {
    const stores = redisStores(client);
    const h = harness(stores);
    const user = makeUser(10_031, "en");
    await h.say(user, "/start");
    server.freeze();
    let settled = false;
    const handled = h.say(user, "/my").finally(() => (settled = true));
    try {
      await pollUntil(() => settled, "the /my update to be answered while Redis is frozen", 20_000).catch(
        () => undefined,
      );
      expect(settled, "/my was still unanswered 20 s after Redis froze").toBe(true);
      await handled;
      expect(h.lastScreen(user.id).text).toBe(degraded("en"));
    } finally {
      server.thaw();
      await handled.catch(() => undefined);
    }
  }, 45_000);
});

describe("when Redis is back", () => {
  it("reconnects by itself: /my works again, and the form confirmed during the outage goes through on the next press", async () => {
    const stores = redisStores(client);
    const h = harness(stores);
    const user = makeUser(10_101, "ru");
    const other = makeUser(10_102, "ru");
    const confirm = await fillToSummary(h, user, 12, "Дина Ахметова", "77771234567");
    await crashRedis(stores);
    await h.send(confirm());
    expect(doneRef(h, user)).toBeUndefined();
    await h.say(other, "/my");
    expect(h.lastScreen(other.id).text).toBe(degraded("ru"));

    await restartRedis(stores);
    await h.say(other, "/my");
    expect(h.lastScreen(other.id).text).toBe(i18n.t("ru", "my-empty"));
    await h.send(confirm());
    const ref = doneRef(h, user);
    expect(ref).toBeDefined();
    const [app] = await stores.preApplications.listByCitizen(user.id);
    expect(app).toMatchObject({
      ref,
      serviceId: 12,
      applicantName: "Дина Ахметова",
      phone: "+77771234567",
      status: "new",
    });
    await h.say(user, "/my");
    expect(h.lastScreen(user.id).text).toContain(ref!);
  });

  it("loses no confirmed pre-application, nor its status change, across a Redis crash and restart", async () => {
    const stores = redisStores(client);
    const h = harness(stores);
    const officer = makeUser(10_111, "ru");
    await linkOfficer(h, officer, "Оспанова", makeUser(ADMIN, "ru"));
    const citizen = makeUser(10_112, "kk");
    await h.send((await fillToSummary(h, citizen, 7))());
    const ref = doneRef(h, citizen)!;
    expect(ref).toBeDefined();
    await h.press(officer, "📂");
    await h.press(officer, "будет подавать");
    const before = await stores.preApplications.getByRef(ref);
    expect(before?.status).toBe("contacted");

    await crashRedis(stores);
    await restartRedis(stores);

    expect(await stores.preApplications.getByRef(ref)).toEqual(before);
    expect(await stores.preApplications.listByCitizen(citizen.id)).toEqual([before]);
    expect(await stores.officerLinks.officerOf(officer.id)).toBe("ospanova");
    await h.say(citizen, "/my");
    expect(h.lastScreen(citizen.id).text).toContain(ref);
  });

  it("does not overwrite a session it could not read when Redis comes back in the middle of the update", async () => {
    const stores = redisStores(client);
    const sessions = stores.sessions;
    // Redis comes back right after the session read failed, before the session would be written back.
    const comesBackAfterRead: Stores["sessions"] = {
      read: async (key) => {
        try {
          return await sessions.read(key);
        } finally {
          if (!server.running) await restartRedis(stores);
        }
      },
      write: (key, value) => sessions.write(key, value),
      delete: (key) => sessions.delete(key),
    };
    const h = harness({ ...stores, sessions: comesBackAfterRead });
    const user = makeUser(10_121, "ru");
    await h.say(user, "/language");
    await h.press(user, "English");
    await crashRedis(stores);

    const during = await h.say(user, "/start");
    expect(during.map((c) => c.method)).toEqual(["sendMessage"]);
    expect(await sessions.read(String(user.id))).toMatchObject({ __language_code: "en" });
    await h.say(user, "/start");
    expect(h.lastScreen(user.id).text).toContain("Hello");
  });
});

describe("started while Redis is down", () => {
  let late: DedicatedRedis;
  let lateClient: Redis;

  beforeAll(async () => {
    late = await createDedicatedRedis();
    lateClient = productionRedisClient(late.url);
  });

  afterAll(async () => {
    lateClient?.disconnect();
    await late?.dispose();
  });

  it("answers from the start (menus, or 'temporarily unavailable') and works fully as soon as Redis is up", async () => {
    const stores = redisStores(lateClient);
    const h = harness(stores);
    const user = makeUser(10_201, "en");
    expect(await stores.ping()).toBe(false);

    await h.say(user, "/start");
    expect.soft(h.lastScreen(user.id).text).toContain("Main menu");
    await h.say(user, "/my");
    expect(h.lastScreen(user.id).text).toBe(degraded("en"));
    expectNothingRaw(h.api.calls);

    await late.start();
    await pollUntil(() => stores.ping(), "the client to connect once Redis is up");
    expect(await stores.ping()).toBe(true);
    await h.say(user, "/my");
    expect(h.lastScreen(user.id).text).toBe(i18n.t("en", "my-empty"));
    await h.send((await fillToSummary(h, user, 9, "Bob Smith"))());
    const ref = doneRef(h, user);
    expect(ref).toBeDefined();
    expect((await stores.preApplications.getByRef(ref!))?.applicantName).toBe("Bob Smith");
  });
});
