/**
 * An update handler throws. Required: the user gets a short apology in their language — "temporarily
 * unavailable" when a store cannot be reached, "sorry, something went wrong" for a bug — the error is
 * logged with the update's id, and the bot goes on answering. Handlers are made to throw through a
 * store that throws, so src/ stays untouched.
 */
import { describe, expect, it, vi } from "vitest";
import type { User } from "grammy/types";
import { createI18n } from "../../src/bot/i18n.js";
import type * as LoggerModule from "../../src/logger.js";
import type { Locale } from "../../src/domain/catalog.js";
import type { PreApplicationStore } from "../../src/store/preapplications.js";
import { createMemoryStores, type Stores } from "../../src/store/stores.js";
import type { ApiCall } from "../../src/telegram/local-bot-api.js";
import { contactUpdate, makeUser, textUpdate } from "../../src/telegram/updates.js";
import { createHarness, leakedPlaceholders, type Harness } from "../support/bot-harness.js";

/** Every line the bot logs, parsed. The harness builds its logger with createLogger; this keeps its setup, at debug level, into memory. */
const logged = vi.hoisted(() => ({ lines: [] as Record<string, unknown>[] }));
vi.mock("../../src/logger.js", async (importOriginal) => {
  const real = await importOriginal<typeof LoggerModule>();
  return {
    ...real,
    createLogger: () =>
      real.createLogger("debug", {
        write: (line: string) => void logged.lines.push(JSON.parse(line) as Record<string, unknown>),
      }),
  };
});

const i18n = createI18n("ru");
const RAW_ERROR =
  /Bad Request|Too Many Requests|Forbidden|Internal Server Error|ECONN|enableOfflineQueue|Connection is closed|Error|boom|undefined/;

/** A plain Error is a bug; these are what ioredis throws while Redis cannot be reached. */
const BUGS: [string, () => Error][] = [
  ["a plain Error", () => new Error("boom: invariant broken")],
  ["a TypeError", () => new TypeError("Cannot read properties of undefined (reading 'status')")],
];
const OUTAGES: [string, () => Error][] = [
  ["connection closed", () => new Error("Connection is closed.")],
  ["offline queue disabled", () => new Error("Stream isn't writeable and enableOfflineQueue options is false")],
  [
    "connection refused",
    () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6379"), { code: "ECONNREFUSED" }),
  ],
  [
    "max retries per request",
    () =>
      Object.assign(
        new Error(
          'Reached the max retries per request limit (which is 1). Refer to "maxRetriesPerRequest" option for details.',
        ),
        { name: "MaxRetriesPerRequestError" },
      ),
  ],
  ["command timed out (ioredis commandTimeout)", () => new Error("Command timed out")],
];

/** The store with `method` throwing `failure()` whenever that returns an error. */
function failing<T extends object>(store: T, method: keyof T, failure: () => Error | undefined): T {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (prop !== method || typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        const error = failure();
        if (error) throw error;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** Memory stores whose pre-application store throws `failure()` from `method` while it returns an error. */
function faultyStores(method: keyof PreApplicationStore, failure: () => Error | undefined): Stores {
  const stores = createMemoryStores();
  return { ...stores, preApplications: failing(stores.preApplications, method, failure) };
}

function linesAbout(updateId: number): Record<string, unknown>[] {
  return logged.lines.filter((l) => l.updateId === updateId);
}

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

describe("a handler that throws", () => {
  it.each(["kk", "ru", "en"] as const)(
    "a bug in /my: a short apology in %s, the error logged with the update id, the bot goes on",
    async (locale) => {
      let failing = true;
      const h = createHarness({
        stores: faultyStores("listByCitizen", () => (failing ? new Error("boom: invariant broken") : undefined)),
      });
      const user = makeUser(20_001, locale);
      const update = textUpdate(user, "/my");
      const calls = await h.send(update);

      expect(h.lastScreen(user.id).text).toBe(i18n.t(locale, "error-generic"));
      expect(shownTexts(calls).filter((t) => RAW_ERROR.test(t))).toEqual([]);
      const failure = linesAbout(update.update_id).find((l) => l.msg === "update failed");
      expect(failure).toMatchObject({
        level: 50,
        updateId: update.update_id,
        unavailable: false,
        err: { message: "boom: invariant broken" },
      });

      await h.say(user, "/start");
      expect(h.lastScreen(user.id).text).toContain(i18n.t(locale, "menu-title"));
      failing = false;
      await h.say(user, "/my");
      expect(h.lastScreen(user.id).text).toBe(i18n.t(locale, "my-empty"));
    },
  );

  it.each(BUGS)(
    "tells a bug (%s) apart from an outage: 'something went wrong', not 'temporarily unavailable'",
    async (_name, error) => {
      const h = createHarness({ stores: faultyStores("listByCitizen", error) });
      const user = makeUser(20_002, "en");
      await h.say(user, "/my");
      expect(h.lastScreen(user.id).text).toBe(i18n.t("en", "error-generic"));
    },
  );

  it.each(OUTAGES)("tells an outage (%s) apart from a bug: 'temporarily unavailable'", async (_name, error) => {
    const h = createHarness({ stores: faultyStores("listByCitizen", error) });
    const user = makeUser(20_003, "kk");
    const update = textUpdate(user, "/my");
    await h.send(update);
    expect(h.lastScreen(user.id).text).toBe(i18n.t("kk", "service-degraded"));
    expect(linesAbout(update.update_id).find((l) => l.msg === "update failed")).toMatchObject({ unavailable: true });
  });

  it("tells the user who pressed a button: by the button's first answer or by a message", async () => {
    const h = createHarness({ stores: faultyStores("listByCitizen", () => new Error("boom: invariant broken")) });
    const user = makeUser(20_004, "ru");
    await h.say(user, "/start");
    const calls = await h.press(user, i18n.t("ru", "menu-my"));
    expect(buttonFeedback(calls)).toContain(i18n.t("ru", "error-generic"));
    expect(shownTexts(calls).filter((t) => RAW_ERROR.test(t))).toEqual([]);
  });

  it("goes on when even the apology cannot be delivered, and logs both with the update id", async () => {
    const h = createHarness({ stores: faultyStores("listByCitizen", () => new Error("boom: invariant broken")) });
    const user = makeUser(20_005, "en");
    h.api.failNext("sendMessage", { error_code: 0, description: "", network: true });
    const update = textUpdate(user, "/my");
    await expect(h.send(update)).resolves.toBeDefined();
    const lines = linesAbout(update.update_id).map((l) => l.msg);
    expect(lines).toContain("update failed");
    expect(lines).toContain("could not tell the user about the failure");
    await h.say(user, "/start");
    expect(h.lastScreen(user.id).text).toContain("Main menu");
  });

  it("keeps answering other users while one user's updates fail", async () => {
    const h = createHarness({ stores: faultyStores("listByCitizen", () => new Error("boom: invariant broken")) });
    const unlucky = makeUser(20_006, "en");
    const others = [makeUser(20_007, "ru"), makeUser(20_008, "kk")];
    await Promise.all([h.say(unlucky, "/my"), h.say(unlucky, "/my"), ...others.map((u) => h.say(u, "/start"))]);
    expect(
      h.api
        .callsOf("sendMessage")
        .filter((c) => c.payload.chat_id === unlucky.id)
        .map((c) => c.payload.text),
    ).toEqual([i18n.t("en", "error-generic"), i18n.t("en", "error-generic")]);
    for (const u of others) expect(h.lastScreen(u.id).text).toContain(i18n.t(u.language_code as Locale, "menu-title"));
  });
});

describe("a store failing while a confirmed form is saved", () => {
  async function toSummary(h: Harness, user: User): Promise<void> {
    await h.say(user, "/start s9");
    await h.press(user, "📝");
    await h.press(user, "✅");
    await h.say(user, "Bob Smith");
    await h.send(contactUpdate(user, "77011234567"));
    await h.press(user, /In person/);
    await h.press(user, "⏭");
  }

  it("an outage: 'saving is temporarily unavailable', the form stays open, and Confirm works once the store is back", async () => {
    let failing = true;
    const h = createHarness({
      stores: faultyStores("create", () => (failing ? new Error("Connection is closed.") : undefined)),
    });
    const user = makeUser(20_101, "en");
    await toSummary(h, user);
    await h.press(user, "Confirm");
    expect(h.api.callsOf("sendMessage").map((c) => c.payload.text)).toContain(i18n.t("en", "form-store-unavailable"));
    failing = false;
    await h.press(user, "Confirm");
    expect(h.lastScreen(user.id).text).toMatch(/<b>KZ-9-\d{4}-[0-9A-Z]{5}<\/b>/);
    expect(await h.deps.stores.preApplications.listByCitizen(user.id)).toHaveLength(1);
  });

  it("a bug: the generic apology, not 'temporarily unavailable, press Confirm again'", async () => {
    const h = createHarness({ stores: faultyStores("create", () => new Error("boom: invariant broken")) });
    const user = makeUser(20_102, "en");
    await toSummary(h, user);
    const calls = await h.press(user, "Confirm");
    const texts = shownTexts(calls);
    expect(texts).toContain(i18n.t("en", "error-generic"));
    expect(texts).not.toContain(i18n.t("en", "form-store-unavailable"));
    expect(leakedPlaceholders(calls)).toEqual([]);
  });

  it("a failure after the pre-application was stored does not make a second one when Confirm is pressed again", async () => {
    let failures = 1;
    const stores = createMemoryStores();
    // Scheduling the officer's reminders fails once, after the record itself was stored.
    const h = createHarness({
      stores: {
        ...stores,
        reminders: failing(stores.reminders, "schedule", () =>
          failures-- > 0 ? new Error("Connection is closed.") : undefined,
        ),
      },
      config: { adminIds: [9_400_001] },
    });
    const officer = makeUser(20_111, "en");
    await h.say(makeUser(9_400_001, "en"), "/invite");
    await h.press(makeUser(9_400_001, "en"), "Шотпаева");
    await h.say(officer, `/start ${/start=(inv_[\w-]+)/.exec(h.lastScreen(9_400_001).text)?.[1] ?? ""}`);
    const user = makeUser(20_112, "en");
    await toSummary(h, user);
    await h.press(user, "Confirm");
    if (!/<b>KZ-/.test(h.lastScreen(user.id).text)) await h.press(user, "Confirm");
    expect(h.lastScreen(user.id).text).toMatch(/<b>KZ-9-\d{4}-[0-9A-Z]{5}<\/b>/);
    expect(await h.deps.stores.preApplications.listByCitizen(user.id)).toHaveLength(1);
  });
});
