/**
 * The citizen's step notices and the officer's "withdrawn" notice, with the first send lost to a network
 * error, on two webhook instances over one real Redis and one fake Telegram (test/support/instances.ts):
 * the other instance's reminder worker delivers each once. Before (issue 12), these were sent once with no
 * retry, and the citizen was never told "the specialist contacted you", nor the officer "withdrawn".
 * Each case runs three times (three citizens).
 */
import { afterEach, describe, expect, it } from "vitest";
import { Api } from "grammy";
import type { User } from "grammy/types";
import { notificationSenders } from "../../src/bot/background.js";
import { createI18n } from "../../src/bot/i18n.js";
import { createAppFor } from "../../src/bot/notifier.js";
import { createLogger } from "../../src/logger.js";
import { createReminderWorker } from "../../src/reminders/worker.js";
import { makeUser } from "../../src/telegram/updates.js";
import { createApp, type Notifier } from "../../src/app/index.js";
import { createHarness, TEST_TOKEN, testCatalog } from "../support/bot-harness.js";
import { fillForm, linkOfficer } from "../support/flows.js";
import { startCluster, type Cluster } from "../support/instances.js";
import { useTestRedis } from "../support/redis.js";

const { url } = useTestRedis();
const ru = createI18n("ru");
const ADMIN = 9_400_001;
const OFFICER = 9_400_002;
const SERVICE_ID = 7;
const NETWORK = { error_code: 0, description: "", network: true } as const;
const RUNS = [1, 2, 3];
const silentNotifier: Notifier = { send: async () => ({ outcome: "ok" }) };

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

async function setUp(): Promise<Cluster> {
  cluster = await startCluster({
    redisUrl: url,
    size: 2,
    config: { adminIds: [ADMIN] },
    stores: { chatLockMs: 1_000, chatLockWaitMs: 5_000 },
  });
  const officerName = testCatalog().officerById.get(testCatalog().serviceById.get(SERVICE_ID)!.officer)!.name;
  await linkOfficer(cluster.via(0), makeUser(OFFICER, "ru"), officerName, makeUser(ADMIN, "ru"));
  return cluster;
}

/** Messages Telegram took for `chatId` whose text contains `text`. */
function delivered(c: Pick<Cluster, "api">, chatId: number, text: string): number {
  return c.api
    .callsOf("sendMessage")
    .filter(
      (call) =>
        Number(call.payload.chat_id) === chatId &&
        String(call.payload.text).includes(text) &&
        (call.response as { message_id?: number } | undefined)?.message_id !== undefined,
    ).length;
}

/** One instance's worker as startBackgroundJobs wires it, on a clock `aheadMs` in the future (office hours not applied). */
async function runWorker(c: Cluster, index: number, aheadMs: number): Promise<void> {
  const instance = c.instances[index]!;
  const app = createAppFor(instance.deps, new Api(TEST_TOKEN, { fetch: c.api.fetch as never }))(createLogger("silent"));
  const worker = createReminderWorker({
    store: instance.stores.reminders,
    clock: { now: () => Date.now() + aheadMs },
    pacer: { acquire: async () => undefined },
    workerId: `worker-${index}-${aheadMs}`,
    send: (delivery) => app.deliverReminders(delivery),
    senders: notificationSenders(app),
  });
  await worker.tick();
}

/** The officer opens the citizen's request in their queue (on instance `index`). */
async function openRequest(c: Cluster, index: number, officer: User, ref: string): Promise<void> {
  await c.via(index).say(officer, "/queue");
  await c.via(index).press(officer, ref);
}

describe("the citizen's step notice, first send lost", () => {
  it.each(RUNS)("reaches the citizen once through the other instance's worker (run %i)", async (run) => {
    const c = await setUp();
    const officer = makeUser(OFFICER, "ru");
    const citizen = makeUser(9_450_000 + run, "ru");
    const ref = await fillForm(c.via(0), citizen, SERVICE_ID);
    await openRequest(c, 1, officer, ref);
    const contacted = ru.t("ru", "notify-citizen-contact-will_file", { ref }).slice(0, 30);
    c.api.failNext("sendMessage", NETWORK);
    await c.via(1).press(officer, "будет подавать");
    expect(delivered(c, citizen.id, contacted)).toBe(0);

    await runWorker(c, 0, 5 * 60_000);
    expect(delivered(c, citizen.id, contacted)).toBe(1);
    await runWorker(c, 1, 60 * 60_000);
    await runWorker(c, 0, 24 * 60 * 60_000);
    expect(delivered(c, citizen.id, contacted)).toBe(1);
  });
});

describe("the officer's 'withdrawn' notice, first send lost", () => {
  it.each(RUNS)("after the citizen cancels: the officer hears it once (run %i)", async (run) => {
    const c = await setUp();
    const citizen = makeUser(9_460_000 + run, "ru");
    const ref = await fillForm(c.via(0), citizen, SERVICE_ID);
    const withdrawn = ru.t("ru", "notify-withdrawn", { ref });
    await c.via(1).say(citizen, "/my");
    await c.via(1).press(citizen, ref);
    await c.via(1).press(citizen, "Отменить эту заявку");
    c.api.failNext("sendMessage", NETWORK);
    await c.via(1).press(citizen, "✅");
    expect(delivered(c, OFFICER, withdrawn)).toBe(0);

    await runWorker(c, 0, 5 * 60_000);
    await runWorker(c, 1, 24 * 60 * 60_000);
    expect(delivered(c, OFFICER, withdrawn)).toBe(1);
  });

  it.each(RUNS)("after /deletedata: the officer hears it once (run %i)", async (run) => {
    const c = await setUp();
    const citizen = makeUser(9_470_000 + run, "ru");
    const ref = await fillForm(c.via(0), citizen, SERVICE_ID);
    const withdrawn = ru.t("ru", "notify-withdrawn", { ref });
    await c.via(1).say(citizen, "/deletedata");
    c.api.failNext("sendMessage", NETWORK);
    await c.via(1).press(citizen, "Да, удалить");
    expect(delivered(c, OFFICER, withdrawn)).toBe(0);

    await runWorker(c, 0, 5 * 60_000);
    await runWorker(c, 1, 24 * 60 * 60_000);
    expect(delivered(c, OFFICER, withdrawn)).toBe(1);
  });
});

describe("the officer's change when planning its reminders fails (Redis away right after the change is stored)", () => {
  it("reproduces: the officer was shown an error for a filing that was stored, and pressing again was refused; now they see it saved, the citizen is told, and recovery plans the official clock once", async () => {
    const h = createHarness({ config: { adminIds: [ADMIN] } });
    const officer = makeUser(OFFICER, "ru");
    await linkOfficer(h, officer, "Оспанова", makeUser(ADMIN, "ru"));
    const citizen = makeUser(9_480_001, "ru");
    const ref = await fillForm(h, citizen, SERVICE_ID);
    await h.say(officer, "/queue");
    await h.press(officer, ref);
    await h.press(officer, "Заявление подано");
    await h.press(officer, "ЦОН");
    await h.press(officer, "Сегодня");
    const reminders = h.deps.stores.reminders;
    const cancelFor = reminders.cancelFor.bind(reminders);
    let failures = 1;
    reminders.cancelFor = async (id) => {
      if (failures-- > 0) throw new Error("Connection is closed (injected)");
      return cancelFor(id);
    };
    const answered = await h.say(officer, "№ 0042/26");
    const shown = answered.map((call) => String(call.payload.text ?? ""));
    expect(shown.filter((text) => /что-то пошло не так|временно недоступн/.test(text))).toEqual([]);
    expect(failures).toBe(0);
    const [stored] = await h.deps.stores.preApplications.listByCitizen(citizen.id);
    expect(stored!.status).toBe("filed");
    const filed = ru.t("ru", "notify-citizen-file", { ref, when: "" }).slice(0, 20);
    expect(delivered(h, citizen.id, filed)).toBe(1);
    // The officer's item shows the filing: no retry needed (a retry would be refused, it is filed).
    await h.press(officer, "Открыть");
    expect(h.lastScreen(officer.id).text).toContain("№ 0042/26");

    const app = createApp({ ...h.deps, log: createLogger("silent"), notifier: silentNotifier });
    const before = await reminders.pendingCount();
    const added = await app.recoverPlans();
    expect(added).toBeGreaterThan(0);
    expect(await app.recoverPlans()).toBe(0);
    expect(await reminders.pendingCount()).toBe(before + added);
    const queued = await reminders.claimDue(Date.now() + 365 * 24 * 60 * 60_000, 1000, 30_000, "peek");
    const official = queued.filter((job) => job.preappId === stored!.id && job.kind.startsWith("official_"));
    expect(official.length).toBe(added);
  });
});
