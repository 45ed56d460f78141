/**
 * What the bot writes to its log (pino). Required: one child logger per update carrying its updateId;
 * applicants' names and phones are never written in clear; message texts are not logged, at debug level
 * either. The harness builds its logger with src/logger.ts's createLogger; here that same logger runs at
 * LOG_LEVEL=debug into memory, so every line can be read back.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Redis } from "ioredis";
import type { Update, User } from "grammy/types";
import type * as LoggerModule from "../../src/logger.js";
import { createRedisStores } from "../../src/store/stores.js";
import { contactUpdate, makeUser } from "../../src/telegram/updates.js";
import { createHarness, type Harness } from "../support/bot-harness.js";
import { fillForm, linkOfficer } from "../support/flows.js";
import { useTestRedis } from "../support/redis.js";
import {
  createDedicatedRedis,
  pollUntil,
  productionRedisClient,
  type DedicatedRedis,
} from "../support/redis-control.js";

const logged = vi.hoisted(() => ({ lines: [] as string[] }));
vi.mock("../../src/logger.js", async (importOriginal) => {
  const real = await importOriginal<typeof LoggerModule>();
  const { loadConfig: load } = await import("../../src/config.js");
  return {
    ...real,
    createLogger: () =>
      real.createLogger(load({ LOG_LEVEL: "debug" }).logLevel, {
        write: (line: string) => void logged.lines.push(line),
      }),
  };
});

const ADMIN = 9_300_001;

/** The personal data and message texts of one citizen and one officer in the scenarios below. */
const APPLICANT = { firstName: "Жанар", name: "Жанар Тулегенова", phone: "77015550123" };
const SECRETS: [string, RegExp][] = [
  ["the applicant's first name", /Жанар/],
  ["the applicant's surname", /Тулегенова/],
  ["the phone's subscriber digits", /555[\s\-*]?01[\s\-*]?23|5550123/],
  ["the comment", /после обеда/],
  ["the search text", /лагер/],
  ["the rejection reason", /оригинала свидетельства/],
  ["the officer's profile name", /Гульмира/],
];

/** The secrets found in the log lines: what, in which log message, with the text around it. */
function leaks(lines: string[]): string[] {
  return lines.flatMap((line) =>
    SECRETS.flatMap(([what, pattern]) => {
      const at = pattern.exec(line)?.index;
      return at === undefined
        ? []
        : [
            `${what} in "${String((JSON.parse(line) as { msg?: string }).msg)}": …${line.slice(Math.max(0, at - 120), at + 40)}…`,
          ];
    }),
  );
}

const { redis } = useTestRedis();

function harness(client: Redis = redis): Harness {
  return createHarness({ stores: createRedisStores(client, { prefix: "t:" }), config: { adminIds: [ADMIN] } });
}

/** Records, for every update the harness hands to the bot, the log lines written while it ran. */
function linesPerUpdate(h: Harness): { update: Update; lines: Record<string, unknown>[] }[] {
  const seen: { update: Update; lines: Record<string, unknown>[] }[] = [];
  const handle = h.bot.handleUpdate.bind(h.bot);
  h.bot.handleUpdate = async (update, ...rest) => {
    const from = logged.lines.length;
    try {
      return await handle(update, ...rest);
    } finally {
      seen.push({ update, lines: logged.lines.slice(from).map((l) => JSON.parse(l) as Record<string, unknown>) });
    }
  };
  return seen;
}

/** The citizen searches, then fills and confirms the form for a service, with a comment. */
async function searchAndPreApply(h: Harness, citizen: User, serviceId: number): Promise<void> {
  await h.say(citizen, "справка для лагеря");
  await fillForm(h, citizen, serviceId, {
    name: APPLICANT.name,
    phone: APPLICANT.phone,
    comment: "Позвоните после обеда, пожалуйста",
  });
}

/** A whole day's work: two requests; the officer reaches the first and closes it as advice, notes and closes the other with a typed reason. */
async function workday(h: Harness): Promise<void> {
  const officer = makeUser(40_001, "ru", "Гульмира");
  await linkOfficer(h, officer, "Оспанова", makeUser(ADMIN, "ru"));
  const citizen = makeUser(40_002, "ru", APPLICANT.firstName);
  await searchAndPreApply(h, citizen, 7);
  await h.press(officer, "📂");
  await h.press(officer, "консультация");
  await h.press(officer, "Закрыть");
  await h.press(officer, "консультации достаточно");
  await h.press(officer, "✅");
  await searchAndPreApply(h, citizen, 7);
  await h.say(officer, "/queue");
  await h.press(officer, /KZ-7-/);
  await h.press(officer, "📞 Позвонить");
  await h.press(officer, "Заметка");
  await h.say(officer, "Перезвонить Жанар Тулегеновой: 8 701 555 01 23");
  await h.press(officer, "📂");
  await h.press(officer, "Закрыть");
  await h.press(officer, "другое");
  await h.say(officer, "Нет оригинала свидетельства");
  await h.press(officer, "✅");
  await h.say(citizen, "/my");
}

describe("logs of a whole pre-application and its status changes, at LOG_LEVEL=debug", () => {
  it("hold no applicant name, no phone digits and no message text", async () => {
    const h = harness();
    const from = logged.lines.length;
    await workday(h);
    const lines = logged.lines.slice(from);
    const messages = lines.map((l) => (JSON.parse(l) as { msg?: string }).msg);
    // The scenario did log, at debug level too: searches, both creations, take, done and reject.
    expect(messages).toContain("search");
    expect(messages.filter((m) => m === "pre-application created")).toHaveLength(2);
    expect(messages.filter((m) => m === "pre-application changed")).toHaveLength(4);
    expect(leaks(lines)).toEqual([]);
  });

  it("stamp every line logged while an update is handled with that update's id", async () => {
    const h = harness();
    const perUpdate = linesPerUpdate(h);
    await workday(h);
    const unstamped = perUpdate.flatMap(({ update, lines }) =>
      lines
        .filter((l) => l.updateId !== update.update_id)
        .map((l) => `update ${update.update_id}: ${String(l.msg)} (updateId ${String(l.updateId)})`),
    );
    expect(perUpdate.some(({ lines }) => lines.length > 0)).toBe(true);
    expect(unstamped).toEqual([]);
  });
});

describe("logged errors", () => {
  it.each([
    ["answerCallbackQuery", "the officer's Call button (its alert shows the name and phone)"],
    ["sendContact", "the officer's Call button (the contact card)"],
  ])("carry no personal data when Telegram refuses %s: %s", async (method) => {
    const h = harness();
    const officer = makeUser(40_101, "ru", "Гульмира");
    await linkOfficer(h, officer, "Оспанова", makeUser(ADMIN, "ru"));
    await searchAndPreApply(h, makeUser(40_102, "ru", APPLICANT.firstName), 7);
    const from = logged.lines.length;
    await h.press(officer, "📂");
    h.api.failNext(method, { error_code: 500, description: "Internal Server Error" });
    await h.press(officer, "📞 Позвонить");
    const lines = logged.lines.slice(from);
    expect(lines.some((l) => l.includes("update failed"))).toBe(true);
    expect(leaks(lines)).toEqual([]);
  });

  it("carry no personal data when Telegram refuses the message that repeats the citizen's phone", async () => {
    const h = harness();
    const citizen = makeUser(40_111, "ru", APPLICANT.firstName);
    await h.say(citizen, "/start s7");
    await h.press(citizen, "📝");
    await h.press(citizen, "✅");
    await h.say(citizen, APPLICANT.name);
    const from = logged.lines.length;
    h.api.failNext("sendMessage", { error_code: 500, description: "Internal Server Error" });
    await h.send(contactUpdate(citizen, APPLICANT.phone));
    const lines = logged.lines.slice(from);
    expect(lines.some((l) => l.includes("update failed"))).toBe(true);
    expect(leaks(lines)).toEqual([]);
  });

  describe("when Redis refuses a write (a failover left it a read-only replica)", () => {
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

    it("carry no personal data: ioredis attaches the refused command's arguments (the stored record) to its error", async () => {
      const h = harness(client);
      const officer = makeUser(40_201, "ru", "Гульмира");
      await linkOfficer(h, officer, "Оспанова", makeUser(ADMIN, "ru"));
      await searchAndPreApply(h, makeUser(40_202, "ru", APPLICANT.firstName), 7);
      const from = logged.lines.length;
      // Port 1 has no Redis: the server stays a replica that refuses writes, with its data intact.
      await client.call("REPLICAOF", "127.0.0.1", "1");
      try {
        await h.press(officer, "📂");
        await h.press(officer, "будет подавать");
      } finally {
        await client.call("REPLICAOF", "NO", "ONE");
      }
      const lines = logged.lines.slice(from);
      expect(lines.some((l) => l.includes("update failed") && l.includes("READONLY"))).toBe(true);
      expect(leaks(lines)).toEqual([]);
    });
  });
});
