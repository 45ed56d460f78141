/**
 * Telegram answering with errors: 429, 5xx, network failures, 403 (the user blocked the bot), 400
 * "message is not modified", "message to edit not found", and "query is too old" on a button's answer.
 * Required: each is handled, handleUpdate never throws, the user never sees Telegram's raw wording,
 * and the bot goes on answering. Failures are injected with LocalBotApi.failNext.
 */
import { decodeRoute } from "../../src/bot/callback-data.js";
import { describe, expect, it } from "vitest";
import { autoRetry } from "@grammyjs/auto-retry";
import type { User } from "grammy/types";
import { createI18n } from "../../src/bot/i18n.js";
import type { ApiCall, InjectedFailure } from "../../src/telegram/local-bot-api.js";
import { contactUpdate, inlineQueryUpdate, makeUser, textUpdate } from "../../src/telegram/updates.js";
import { createHarness, leakedPlaceholders, testCatalog, type Harness } from "../support/bot-harness.js";

const ADMIN = 9_200_001;
const i18n = createI18n("en");
const RAW_TELEGRAM =
  /Bad Request|Too Many Requests|Forbidden|Internal Server Error|Bad Gateway|retry after|fetch failed|ECONNREFUSED|query is too old|message to edit|not modified|error_code/i;

const NOT_MODIFIED: InjectedFailure = {
  error_code: 400,
  description:
    "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
};
const QUERY_TOO_OLD: InjectedFailure = {
  error_code: 400,
  description: "Bad Request: query is too old and response timeout expired or query ID is invalid",
};
const BLOCKED: InjectedFailure = { error_code: 403, description: "Forbidden: bot was blocked by the user" };

/** Every text these calls put in front of a user: messages, edits, button answers, contacts, inline results. */
function shownTexts(calls: ApiCall[]): string[] {
  return calls
    .flatMap((c) => [
      c.payload.text,
      c.payload.caption,
      c.payload.first_name,
      c.payload.results && JSON.stringify(c.payload.results),
    ])
    .filter((t): t is string => typeof t === "string");
}

function expectNothingRaw(calls: ApiCall[]): void {
  expect(shownTexts(calls).filter((t) => RAW_TELEGRAM.test(t))).toEqual([]);
  expect(leakedPlaceholders(calls)).toEqual([]);
}

function harness(): Harness {
  return createHarness({ config: { adminIds: [ADMIN] } });
}

async function linkOfficer(h: Harness, user: User, officerName: string): Promise<void> {
  const admin = makeUser(ADMIN, "en");
  await h.say(admin, "/invite");
  await h.press(admin, officerName);
  const link = /start=(inv_[\w-]+)/.exec(h.lastScreen(ADMIN).text)?.[1];
  if (!link) throw new Error("no invite link");
  await h.say(user, `/start ${link}`);
}

/** Walks the form for service 7 to its summary; the next press of "Confirm" submits it. */
async function toSummary(h: Harness, user: User): Promise<void> {
  await h.say(user, "/start s7");
  await h.press(user, "📝");
  await h.press(user, "✅");
  await h.say(user, "Bob Smith");
  await h.send(contactUpdate(user, "77011234567"));
  const channels = h
    .lastScreen(user.id)
    .buttons.flat()
    .filter((b) => "callback_data" in b && decodeRoute(b.callback_data ?? "")?.kind === "formChannel");
  if (channels.length > 0) await h.press(user, channels.at(-1)!.text);
  await h.press(user, "⏭");
}

describe("Telegram failing the bot's answer", () => {
  const apology = i18n.t("en", "error-generic");
  it.each<[string, InjectedFailure, number, string[]]>([
    [
      "429 Too Many Requests",
      { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } },
      1,
      [apology],
    ],
    ["500 Internal Server Error", { error_code: 500, description: "Internal Server Error" }, 1, [apology]],
    ["502 Bad Gateway", { error_code: 502, description: "Bad Gateway" }, 1, [apology]],
    ["a network failure", { error_code: 0, description: "", network: true }, 1, [apology]],
    ["403, the user blocked the bot (the apology fails too)", BLOCKED, 2, []],
  ])(
    "%s: handleUpdate does not throw, nothing raw reaches the user, the next update is answered",
    async (_name, failure, times, heard) => {
      const h = harness();
      const user = makeUser(30_001, "en");
      h.api.failNext("sendMessage", failure, times);
      const failed = h.send(textUpdate(user, "/start"));
      await expect(failed).resolves.toBeDefined();
      const delivered = (await failed).filter(
        (c) => c.method === "sendMessage" && (c.response as { message_id?: number } | undefined)?.message_id,
      );
      expect(delivered.map((c) => c.payload.text)).toEqual(heard);
      await h.say(user, "/start");
      expect(h.lastScreen(user.id).text).toContain("Main menu");
      expectNothingRaw(h.api.calls);
    },
  );

  it("with auto-retry as src/main.ts installs it, a 429 is retried after retry_after and the user gets the answer itself", async () => {
    const h = harness();
    h.bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));
    const user = makeUser(30_002, "en");
    h.api.failNext("sendMessage", {
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      parameters: { retry_after: 1 },
    });
    const calls = await h.say(user, "/start");
    expect(calls.map((c) => c.method)).toEqual(["sendMessage", "sendMessage"]);
    expect(h.lastScreen(user.id).text).toContain("Main menu");
    expect(shownTexts(calls)).not.toContain(i18n.t("en", "error-generic"));
  });

  it("ignores 'message is not modified' (a double tap): no apology, no new message", async () => {
    const h = harness();
    const user = makeUser(30_003, "en");
    await h.say(user, "/start");
    h.api.failNext("editMessageText", NOT_MODIFIED);
    const calls = await h.press(user, /📚/);
    expect(calls.map((c) => c.method)).toEqual(["answerCallbackQuery", "editMessageText"]);
    expect(calls[0]!.payload.text).toBeUndefined();
    expectNothingRaw(calls);
  });

  it.each(["Bad Request: message to edit not found", "Bad Request: message can't be edited"])(
    "answers '%s' by sending the screen as a new message",
    async (description) => {
      const h = harness();
      const user = makeUser(30_004, "en");
      await h.say(user, "/start");
      h.api.failNext("editMessageText", { error_code: 400, description });
      const calls = await h.press(user, /📚/);
      expect(calls.map((c) => c.method)).toEqual(["answerCallbackQuery", "editMessageText", "sendMessage"]);
      expect(calls[2]!.payload.text).toBe(calls[1]!.payload.text);
      expectNothingRaw(calls);
    },
  );

  const firstCategory = () => `${testCatalog().categories[0]!.emoji} ${testCatalog().categories[0]!.name.en}`;
  it.each<[string, RegExp[], () => RegExp | string]>([
    ["the topics button on the main menu", [], () => /📚/],
    ["a category on the topics screen", [/📚/], firstCategory],
  ])(
    "still shows the screen behind %s when the button's answer comes too late ('query is too old')",
    async (_name, before, label) => {
      const h = harness();
      const user = makeUser(30_005, "en");
      await h.say(user, "/start");
      for (const step of before) await h.press(user, step);
      const screen = h.lastScreen(user.id).text;
      // Telegram refuses every later answer to that button as well.
      h.api.failNext("answerCallbackQuery", QUERY_TOO_OLD, 2);
      const calls = await h.press(user, label());
      expect(calls.filter((c) => c.method === "editMessageText" || c.method === "sendMessage")).toHaveLength(1);
      expect(h.lastScreen(user.id).text).not.toBe(screen);
      expectNothingRaw(calls);
    },
  );

  it("goes on when an inline query's answer comes too late", async () => {
    const h = harness();
    const user = makeUser(30_006, "en");
    h.api.failNext("answerInlineQuery", QUERY_TOO_OLD);
    await expect(h.send(inlineQueryUpdate(user, "kindergarten"))).resolves.toBeDefined();
    const calls = await h.send(inlineQueryUpdate(user, "kindergarten"));
    expect(calls.map((c) => c.method)).toEqual(["answerInlineQuery"]);
    expect((calls[0]!.payload.results as unknown[]).length).toBeGreaterThan(0);
  });
});

describe("Telegram failing a message to someone else", () => {
  it("an officer who blocked the bot does not stop a citizen's pre-application", async () => {
    const h = harness();
    const officer = makeUser(30_101, "en");
    await linkOfficer(h, officer, "Оспанова");
    const citizen = makeUser(30_102, "en");
    await toSummary(h, citizen);
    h.api.failNext("sendMessage", BLOCKED);
    const calls = await h.press(citizen, "Confirm");
    const refused = calls.find(
      (c) => c.method === "sendMessage" && (c.response as { ok?: boolean } | undefined)?.ok === false,
    );
    expect(refused?.payload.chat_id).toBe(officer.id);
    expect(h.lastScreen(citizen.id).text).toMatch(/<b>KZ-7-\d{4}-[0-9A-Z]{5}<\/b>/);
    expect(await h.deps.stores.preApplications.listByCitizen(citizen.id)).toHaveLength(1);
    expectNothingRaw(calls);
  });

  it("a citizen who blocked the bot does not stop the officer's status change", async () => {
    const h = harness();
    const officer = makeUser(30_111, "en");
    await linkOfficer(h, officer, "Оспанова");
    const citizen = makeUser(30_112, "ru");
    await toSummary(h, citizen);
    await h.press(citizen, "Подтвердить");
    await h.press(officer, "📂");
    h.api.failNext("sendMessage", BLOCKED);
    const calls = await h.press(officer, "will file");
    const refused = calls.find(
      (c) => c.method === "sendMessage" && (c.response as { ok?: boolean } | undefined)?.ok === false,
    );
    expect(refused?.payload.chat_id).toBe(citizen.id);
    const [app] = await h.deps.stores.preApplications.listByCitizen(citizen.id);
    expect(app?.status).toBe("contacted");
    expect(calls.find((c) => c.method === "answerCallbackQuery")?.payload.text).toBe(i18n.t("en", "desk-saved"));
    expectNothingRaw(calls);
  });
});
