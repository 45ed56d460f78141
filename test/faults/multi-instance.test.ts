/**
 * Two or three webhook instances on one real Redis and one fake Telegram (test/support/instances.ts),
 * attacked the way Telegram and people do: an update redelivered to another instance, a double tap on
 * Confirm landing on two instances at once, an instance killed in the middle of Confirm with the update
 * retried elsewhere. Each case runs three times (three citizens).
 *
 * The promises tested here:
 *  - a confirmed form is stored exactly once, whatever the redeliveries, taps and crashes (the form's
 *    submission id is an idempotency key in the store's create script);
 *  - an update is handled at least once and, while Redis answers, at most once to completion (an update
 *    id is marked handled when its handling ends; a redelivery of a handled update is skipped; an update
 *    whose instance died before the end is handled again elsewhere, which the idempotency key makes safe);
 *  - one chat's updates are handled one at a time across instances (a per-chat lock in Redis).
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Update, User } from "grammy/types";
import { createI18n } from "../../src/bot/i18n.js";
import { createRedisStores } from "../../src/store/stores.js";
import { makeUser } from "../../src/telegram/updates.js";
import { Api } from "grammy";
import { createAppFor } from "../../src/bot/notifier.js";
import { createLogger } from "../../src/logger.js";
import { createReminderWorker } from "../../src/reminders/worker.js";
import { TEST_TOKEN, testCatalog } from "../support/bot-harness.js";
import { fillFormToSummary, linkOfficer, REF_PATTERN } from "../support/flows.js";
import { pressUpdate, startCluster, type Cluster } from "../support/instances.js";
import { useTestRedis } from "../support/redis.js";

const { redis, url } = useTestRedis();
/** Reads what is stored, from outside every instance (a killed one's client is gone). */
const observer = createRedisStores(redis, { prefix: "t:" });
const apology = createI18n("ru").t("ru", "error-generic");
const ADMIN = 9_300_001;
const OFFICER = 9_300_002;
const SERVICE_ID = 7;
/** Test timings: a dead instance's chat lock lapses after 1 s. */
const FAST = { chatLockMs: 1_000, chatLockWaitMs: 5_000 };

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

async function setUp(size: number): Promise<Cluster> {
  cluster = await startCluster({ redisUrl: url, size, config: { adminIds: [ADMIN] }, stores: FAST });
  const officerName = testCatalog().officerById.get(testCatalog().serviceById.get(SERVICE_ID)!.officer)!.name;
  await linkOfficer(cluster.via(0), makeUser(OFFICER, "ru"), officerName, makeUser(ADMIN, "ru"));
  return cluster;
}

async function storedFor(user: User): Promise<number> {
  return (await observer.preApplications.listByCitizen(user.id)).length;
}

/** Apologies ("something went wrong, try again") the citizen was shown. */
function apologies(c: Cluster, user: User): number {
  return c.api
    .callsOf("sendMessage")
    .filter((call) => Number(call.payload.chat_id) === user.id && call.payload.text === apology).length;
}

const newsTitle = createI18n("ru").t("ru", "notify-new-title");

/** Messages the officer received (Telegram took them) about new pre-applications. */
function officerNews(c: Cluster): number {
  return c.api
    .callsOf("sendMessage")
    .filter(
      (call) =>
        Number(call.payload.chat_id) === OFFICER &&
        String(call.payload.text).startsWith(newsTitle) &&
        (call.response as { message_id?: number } | undefined)?.message_id !== undefined,
    ).length;
}

/** A reminder worker of one instance, as startBackgroundJobs wires it, on a clock `at` (office hours not applied). */
function workerOf(c: Cluster, index: number, at: () => number) {
  const instance = c.instances[index]!;
  const api = new Api(TEST_TOKEN, { fetch: c.api.fetch as never });
  const app = createAppFor(instance.deps, api)(createLogger("silent"));
  return createReminderWorker({
    store: instance.stores.reminders,
    clock: { now: at },
    pacer: { acquire: async () => undefined },
    workerId: `worker-${index}`,
    send: (delivery) => app.deliverReminders(delivery),
    senders: { officer_new_preapplication: (delivery) => app.deliverNotifications(delivery) },
  });
}

/** Confirmations with a reference the citizen received. */
function confirmations(c: Cluster, user: User): string[] {
  return c.api
    .callsOf("sendMessage")
    .filter(
      (call) =>
        Number(call.payload.chat_id) === user.id &&
        (call.response as { message_id?: number } | undefined)?.message_id !== undefined,
    )
    .map((call) => REF_PATTERN.exec(String(call.payload.text))?.[1])
    .filter((ref): ref is string => ref !== undefined);
}

const RUNS = [1, 2, 3];

describe("duplicates across instances", () => {
  it.each(RUNS)(
    "a Confirm redelivered to another instance at the same time stores one pre-application (run %i)",
    async (run) => {
      const c = await setUp(2);
      const citizen = makeUser(9_310_000 + run, "ru");
      await fillFormToSummary(c.via(0), citizen, SERVICE_ID);
      const confirm = pressUpdate(c.api.calls, citizen, "✅");
      expect(await Promise.all([c.post(0, confirm), c.post(1, confirm)])).toEqual([200, 200]);
      expect(await storedFor(citizen)).toBe(1);
      expect(officerNews(c)).toBe(1);
      expect(confirmations(c, citizen)).toHaveLength(1);
      expect(apologies(c, citizen)).toBe(0);
    },
  );

  it.each(RUNS)(
    "the same update posted to three instances at once stores one pre-application (run %i)",
    async (run) => {
      const c = await setUp(3);
      const citizen = makeUser(9_320_000 + run, "ru");
      await fillFormToSummary(c.via(1), citizen, SERVICE_ID);
      const confirm = pressUpdate(c.api.calls, citizen, "✅");
      await Promise.all([c.post(0, confirm), c.post(1, confirm), c.post(2, confirm)]);
      expect(await storedFor(citizen)).toBe(1);
      expect(officerNews(c)).toBe(1);
    },
  );

  it.each(RUNS)("a double tap on Confirm landing on two instances stores one pre-application (run %i)", async (run) => {
    const c = await setUp(2);
    const citizen = makeUser(9_330_000 + run, "ru");
    await fillFormToSummary(c.via(0), citizen, SERVICE_ID);
    const first = pressUpdate(c.api.calls, citizen, "✅");
    const second = pressUpdate(c.api.calls, citizen, "✅");
    expect(first.update_id).not.toBe(second.update_id);
    await Promise.all([c.post(0, first), c.post(1, second)]);
    expect(await storedFor(citizen)).toBe(1);
    expect(officerNews(c)).toBe(1);
    // Whoever came second is told the reference too, never "something went wrong".
    expect(new Set(confirmations(c, citizen)).size).toBe(1);
    expect(apologies(c, citizen)).toBe(0);
  });

  it.each(RUNS)(
    "an instance killed mid-Confirm, the update retried on another: one pre-application, and the citizen gets the reference (run %i)",
    async (run) => {
      const c = await setUp(2);
      const citizen = makeUser(9_340_000 + run, "ru");
      await fillFormToSummary(c.via(0), citizen, SERVICE_ID);
      const confirm: Update = pressUpdate(c.api.calls, citizen, "✅");
      // Instance 0 dies as it sends the confirmation: the pre-application is stored, the form is not advanced.
      const died = c.instances[0]!.killAt(
        ({ method, payload }) =>
          method === "sendMessage" && Number(payload.chat_id) === citizen.id && REF_PATTERN.test(String(payload.text)),
      );
      const firstAttempt = c.post(0, confirm);
      await died;
      expect(await firstAttempt).toBe(0);
      expect(await storedFor(citizen)).toBe(1);
      // Telegram got no answer, so it delivers the update again; the load balancer sends it to instance 1.
      expect(await c.post(1, confirm)).toBe(200);
      expect(await storedFor(citizen)).toBe(1);
      expect(confirmations(c, citizen)).toHaveLength(1);
      expect(apologies(c, citizen)).toBe(0);
      expect(officerNews(c)).toBe(1);
    },
  );
});

describe("the officer's new pre-application message", () => {
  it.each(RUNS)(
    "a network error on the first send: delivered by another instance's worker on retry, once (run %i)",
    async (run) => {
      const c = await setUp(2);
      const citizen = makeUser(9_350_000 + run, "ru");
      await fillFormToSummary(c.via(0), citizen, SERVICE_ID);
      c.api.failNext("sendMessage", { error_code: 0, description: "", network: true });
      await c.via(0).press(citizen, "✅");
      expect(await storedFor(citizen)).toBe(1);
      expect(confirmations(c, citizen)).toHaveLength(1);
      expect(officerNews(c)).toBe(0);

      const worker = workerOf(c, 1, () => Date.now() + 5 * 60_000);
      await worker.tick();
      expect(officerNews(c)).toBe(1);
      await worker.tick();
      await workerOf(c, 0, () => Date.now() + 60 * 60_000).tick();
      expect(officerNews(c)).toBe(1);
    },
  );

  it("sent at once when Telegram takes it: the worker does not send it again", async () => {
    const c = await setUp(2);
    const citizen = makeUser(9_360_001, "ru");
    await fillFormToSummary(c.via(0), citizen, SERVICE_ID);
    await c.via(0).press(citizen, "✅");
    expect(officerNews(c)).toBe(1);
    await workerOf(c, 1, () => Date.now() + 5 * 60_000).tick();
    expect(officerNews(c)).toBe(1);
  });
});

describe("the citizen whose confirmation was lost", () => {
  it("presses Confirm again (on another instance) and gets the same reference; /my shows it; one stored", async () => {
    const c = await setUp(2);
    const citizen = makeUser(9_370_001, "ru");
    await fillFormToSummary(c.via(0), citizen, SERVICE_ID);
    const confirm = pressUpdate(c.api.calls, citizen, "✅");
    // The officer's message goes first, then the citizen's confirmation, which the network loses.
    c.api.failNext("sendMessage", { error_code: 0, description: "", network: true });
    const officerFirst = c.api.calls.length;
    c.api.failNext("sendMessage", { error_code: 0, description: "", network: true });
    await c.post(0, confirm);
    expect(c.api.calls.length).toBeGreaterThan(officerFirst);
    expect(await storedFor(citizen)).toBe(1);
    const [stored] = await observer.preApplications.listByCitizen(citizen.id);

    expect(confirmations(c, citizen)).toEqual([]);
    const apologized = apologies(c, citizen);

    // The same Confirm button on the summary, pressed again: a new update and a new button press.
    const again: Update = {
      ...confirm,
      update_id: confirm.update_id + 1_000,
      callback_query: { ...confirm.callback_query!, id: "again" },
    };
    expect(await c.post(1, again)).toBe(200);
    expect(confirmations(c, citizen)).toEqual([stored!.ref]);
    expect(apologies(c, citizen)).toBe(apologized);
    await c.via(1).say(citizen, "/my");
    expect(c.via(1).lastScreen(citizen.id).text).toContain(stored!.ref);
    expect(await storedFor(citizen)).toBe(1);
  });
});
