import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { HttpBotApi } from "../src/telegram/http-bot-api.js";
import { makeUser, textUpdate } from "../src/telegram/updates.js";
import { testRedisUrl } from "./support/redis.js";

const TOKEN = "123456789:AAH-test-token-for-the-local-bot-api-0000";

function startBot(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { PATH: process.env.PATH, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, output })));
}

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("npm start (src/main.ts)", () => {
  let server: HttpBotApi | undefined;
  afterEach(async () => server?.close());

  it("answers on the Bot API server given by TELEGRAM_API_ROOT and stops on SIGTERM within a few seconds", async () => {
    server = new HttpBotApi();
    const apiRoot = await server.listen();
    const child = startBot({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: apiRoot, REDIS_URL: testRedisUrl() });
    const result = exited(child);
    server.push(textUpdate(makeUser(42, "ru"), "/start"));
    await until(() => server!.api.callsOf("sendMessage").length > 0, "the bot's reply");
    expect(server.api.callsOf("setMyCommands").map((c) => c.payload.language_code)).toEqual(["kk", "ru", "en", undefined]);
    const reply = server.api.callsOf("sendMessage")[0]!;
    expect(reply.payload.chat_id).toBe(42);
    expect(String(reply.payload.text)).toContain("Здравствуйте");
    const stopAt = Date.now();
    child.kill("SIGTERM");
    const { code } = await result;
    expect(code).toBe(0);
    expect(Date.now() - stopAt).toBeLessThan(5_000);
  });

  it.each([
    [{}, "BOT_TOKEN is not set"],
    [{ BOT_TOKEN: "nonsense" }, "BOT_TOKEN: must look like"],
    [{ BOT_TOKEN: TOKEN, ADMIN_IDS: "12,abc" }, 'ADMIN_IDS: "abc" is not a Telegram user id'],
    [{ BOT_TOKEN: TOKEN, REDIS_URL: "http://x" }, "REDIS_URL:"],
  ])("refuses a bad configuration with one clear line (%o)", async (env, message) => {
    const { code, output } = await exited(startBot(env as Record<string, string>));
    expect(code).toBe(1);
    expect(output).toContain(message);
    expect(output).not.toMatch(/\n\s+at /);
  });
});
