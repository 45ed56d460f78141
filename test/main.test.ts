import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { HttpBotApi } from "../src/telegram/http-bot-api.js";
import { makeUser, textUpdate } from "../src/telegram/updates.js";
import { testRedisUrl } from "./support/redis.js";
import { freePort } from "./support/redis-control.js";

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
    expect(server.api.callsOf("setMyCommands").map((c) => c.payload.language_code)).toEqual([
      "kk",
      "ru",
      "en",
      undefined,
    ]);
    const reply = server.api.callsOf("sendMessage")[0]!;
    expect(reply.payload.chat_id).toBe(42);
    expect(String(reply.payload.text)).toContain("Здравствуйте");
    const stopAt = Date.now();
    child.kill("SIGTERM");
    const { code } = await result;
    expect(code).toBe(0);
    expect(Date.now() - stopAt).toBeLessThan(5_000);
  });

  it("runs as a webhook: registers it with the secret, answers posted updates, serves /healthz, and /metrics only on METRICS_PORT", async () => {
    server = new HttpBotApi();
    const apiRoot = await server.listen();
    const port = await freePort();
    const metricsPort = await freePort();
    const child = startBot({
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      REDIS_URL: testRedisUrl(),
      BOT_MODE: "webhook",
      WEBHOOK_URL: "https://bot.example.kz/telegram",
      WEBHOOK_SECRET: "s3cret-token",
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
    });
    const result = exited(child);
    await until(() => server!.api.callsOf("setWebhook").length > 0, "setWebhook");
    expect(server.api.callsOf("setWebhook")[0]!.payload).toMatchObject({
      url: "https://bot.example.kz/telegram",
      secret_token: "s3cret-token",
    });
    const post = (secret: string) =>
      fetch(`http://127.0.0.1:${port}/telegram`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
        body: JSON.stringify(textUpdate(makeUser(43, "en"), "/start")),
      });
    expect((await post("wrong")).status).toBe(401);
    expect((await post("s3cret-token")).status).toBe(200);
    await until(() => server!.api.callsOf("sendMessage").length > 0, "the bot's reply");
    expect(String(server.api.callsOf("sendMessage")[0]!.payload.text)).toContain("Hello");
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ redis: "up" });
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/kyzmet_updates_total\{type="message"\} 1/);
    child.kill("SIGTERM");
    expect((await result).code).toBe(0);
  });

  it.each([
    [{ BOT_TOKEN: TOKEN, BOT_MODE: "webhook", WEBHOOK_SECRET: "abc" }, "WEBHOOK_URL: required when BOT_MODE=webhook"],
    [
      { BOT_TOKEN: TOKEN, BOT_MODE: "webhook", WEBHOOK_URL: "http://x.kz/t", WEBHOOK_SECRET: "abc" },
      "WEBHOOK_URL: must be an https URL",
    ],
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
