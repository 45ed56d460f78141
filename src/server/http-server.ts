/**
 * The HTTP server of webhook mode (node:http, no framework): Telegram's updates on POST at the
 * webhook path, GET /healthz for the load balancer and GET /metrics for Prometheus.
 *
 * Updates go to `bot.handleUpdate` directly rather than through grammY's `webhookCallback`: it does
 * the same (secret token, timeout that answers Telegram and lets the update finish), and in addition
 * bounds the body, answers bad JSON with 400, and keeps the updates still running after a timeout,
 * so that close() can wait for them.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import { settleWithin } from "../metrics.js";

/** The header in which Telegram sends the webhook's secret_token. */
export const SECRET_HEADER = "x-telegram-bot-api-secret-token";

export interface WebhookServerOptions {
  /** The bot updates are handed to (any grammY bot). */
  bot: Pick<Bot, "init" | "handleUpdate">;
  /** The path of WEBHOOK_URL, e.g. "/telegram". */
  webhookPath: string;
  /** The secret_token given to setWebhook; requests without it get 401. */
  secretToken: string;
  /** Whether the shared store (Redis) answers; /healthz reports it. */
  ping: () => Promise<boolean>;
  /** The registry served at /metrics. */
  registry: Registry;
  logger: Logger;
  /** After this long Telegram gets its 200 while the update goes on (default 10 s, as grammY). */
  updateTimeoutMs?: number;
  /** Larger bodies get 413 (default 1 MiB; Telegram's updates are a few KiB). */
  maxBodyBytes?: number;
  /** A ping slower than this counts as down (default 1 s). */
  pingTimeoutMs?: number;
  /** close() gives in-flight requests and updates this long, then cuts them (default 5 s). */
  closeTimeoutMs?: number;
}

export interface WebhookServer {
  readonly server: Server;
  /** Starts listening; port 0 picks a free port. */
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** Stops taking connections, waits (bounded) for in-flight requests and updates, then closes. */
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Compares in time that depends only on the lengths of the digests, which are fixed. */
function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== "string") return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Reads the body, failing with 413 as soon as it grows past `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (Number(req.headers["content-length"] ?? 0) > limit) return Promise.reject(new HttpError(413, "body too large"));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // Not destroyed: node:http discards the rest and closes the connection after the 413.
      req.off("data", onData);
      reject(new HttpError(413, "body too large"));
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

function parseUpdate(body: Buffer): Update {
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw new HttpError(400, "body is not JSON");
  }
  if (typeof value !== "object" || value === null || typeof (value as { update_id?: unknown }).update_id !== "number") {
    throw new HttpError(400, "body is not a Telegram update");
  }
  return value as Update;
}

/** Creates (without starting) the webhook server. */
export function createWebhookServer(options: WebhookServerOptions): WebhookServer {
  const { bot, webhookPath, secretToken, ping, registry, logger } = options;
  const updateTimeoutMs = options.updateTimeoutMs ?? 10_000;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const pingTimeoutMs = options.pingTimeoutMs ?? 1_000;
  const closeTimeoutMs = options.closeTimeoutMs ?? 5_000;

  /** Updates still being handled, some of them already answered after a timeout. */
  const running = new Set<Promise<void>>();
  let closing = false;
  let closed: Promise<void> | undefined;

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    // While closing, no connection is kept alive for a next request.
    if (closing) headers.connection = "close";
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers });
    res.end(body);
  };

  async function handleUpdate(update: Update): Promise<void> {
    await bot.init();
    const task = bot.handleUpdate(update).catch((error: unknown) => {
      // Answered with 200 all the same: Telegram would resend the update, repeating what the bot
      // already sent, and hold back the chat's next updates meanwhile.
      logger.error({ err: error, updateId: update.update_id }, "update failed");
    });
    running.add(task);
    void task.finally(() => running.delete(task));
    const done = await settleWithin(task.then(() => true), updateTimeoutMs);
    if (!done) logger.warn({ updateId: update.update_id, updateTimeoutMs }, "update still running; answered Telegram");
  }

  async function webhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "POST") return send(res, 405, "method not allowed", { allow: "POST" });
    if (!sameSecret(req.headers[SECRET_HEADER], secretToken)) return send(res, 401, "unauthorized");
    if (closing) return send(res, 503, "shutting down", { "retry-after": "5" });
    const update = parseUpdate(await readBody(req, maxBodyBytes));
    await handleUpdate(update);
    send(res, 200, "");
  }

  async function healthz(res: ServerResponse): Promise<void> {
    const up = (await settleWithin(Promise.resolve().then(ping), pingTimeoutMs)) === true;
    const body = { status: up ? "ok" : "degraded", redis: up ? "up" : "down", catalog: "loaded" };
    send(res, up ? 200 : 503, JSON.stringify(body), { "content-type": "application/json" });
  }

  async function metrics(res: ServerResponse): Promise<void> {
    const text = await registry.metrics();
    send(res, 200, text, { "content-type": registry.contentType });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === webhookPath) return webhook(req, res);
    if (path !== "/healthz" && path !== "/metrics") return send(res, 404, "not found");
    if (req.method !== "GET") return send(res, 405, "method not allowed", { allow: "GET" });
    return path === "/healthz" ? healthz(res) : metrics(res);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) {
        // After a 413 the rest of the body is left unread, so the connection cannot carry another request.
        res.shouldKeepAlive = false;
        return send(res, error.status, error.message);
      }
      logger.error({ err: error, path: req.url }, "http request failed");
      if (res.headersSent) res.destroy();
      else send(res, 500, "internal error");
    });
  });

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    close() {
      closed ??= (async () => {
        closing = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Requests first: an accepted update may start only when its body has arrived.
        const drained = stopped.then(() => Promise.all(running)).then(() => true);
        if (!(await settleWithin(drained, closeTimeoutMs))) {
          logger.warn({ closeTimeoutMs, updates: running.size }, "close timed out; cutting connections");
          server.closeAllConnections();
        }
      })();
      return closed;
    },
  };
}
