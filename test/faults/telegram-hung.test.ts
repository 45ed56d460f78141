/**
 * A Telegram call that never gets an answer (a hung connection, a stalled proxy) must end within the
 * production request timeout, far below grammY's default of 500 s, so the reminder worker never sends
 * past its lease margin. The Bot API here is a local HTTP server that accepts requests and never answers.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Api } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { telegramClientOptions, TELEGRAM_REQUEST_TIMEOUT_SECONDS } from "../../src/telegram/client-options.js";

const TOKEN = "123456789:AAH-test-token-for-the-hung-bot-api-0000";

let server: Server;
let apiRoot: string;
const received: string[] = [];
const held: IncomingMessage[] = [];

beforeAll(async () => {
  server = createServer((req) => {
    received.push(req.url ?? "");
    held.push(req); // never answered
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("a hung Telegram call", () => {
  it(
    "fails within the request timeout with the production client options",
    async () => {
      const api = new Api(TOKEN, telegramClientOptions(apiRoot));
      const startedAt = Date.now();
      const error = await api.sendMessage(1, "reminder").then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      const tookMs = Date.now() - startedAt;
      expect(received.some((url) => url.endsWith("/sendMessage"))).toBe(true);
      // grammY wraps the timeout in an HttpError naming the method.
      expect(error?.message).toMatch(/sendMessage/);
      expect(String((error as { error?: unknown }).error)).toMatch(/timed out after 10 seconds/);
      expect(tookMs).toBeGreaterThanOrEqual(TELEGRAM_REQUEST_TIMEOUT_SECONDS * 1000 - 50);
      expect(tookMs).toBeLessThan(TELEGRAM_REQUEST_TIMEOUT_SECONDS * 1000 + 3_000);
    },
    TELEGRAM_REQUEST_TIMEOUT_SECONDS * 1000 + 10_000,
  );
});
