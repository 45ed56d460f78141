/**
 * The HTTP servers (node:http, no framework). Webhook mode's public port: Telegram's updates on POST at
 * the webhook path and GET /healthz for the load balancer. The monitoring port (METRICS_PORT, loopback by
 * default): GET /metrics for Prometheus and /healthz. /metrics is never on the public port.
 *
 * The public port is hardened against floods: the secret header is checked before a byte of the body is
 * read, and any answer given before the body was read closes the connection (node:http would otherwise
 * read and discard the whole body to keep the connection alive: 64 MiB for one 401); connections are
 * capped (maxConnections) and a request must send its head within headersTimeout and its whole body within
 * requestTimeout, checked every second.
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
import type { DurabilityReport } from "../store/redis-health.js";

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
  /** Redis's durability (persistence, eviction, keyspace marker), reported by /healthz; 503 when not ok. */
  durability?: () => Promise<DurabilityReport>;
  logger: Logger;
  /** After this long Telegram gets its 200 while the update goes on (default 10 s, as grammY). */
  updateTimeoutMs?: number;
  /** Larger bodies get 413 (default 1 MiB; Telegram's updates are a few KiB). */
  maxBodyBytes?: number;
  /** A ping slower than this counts as down (default 1 s). */
  pingTimeoutMs?: number;
  /** close() gives in-flight requests and updates this long, then cuts them (default 5 s). */
  closeTimeoutMs?: number;
  /** Open connections beyond this are closed at once (default 256; Telegram opens at most 100 per bot). */
  maxConnections?: number;
  /** A request head must arrive within this (default 10 s). */
  headersTimeoutMs?: number;
  /** A whole request, head and body, must arrive within this (default 30 s; updates are a few KiB). */
  requestTimeoutMs?: number;
}

/** The connection limits of both ports. */
export const DEFAULT_LIMITS = { maxConnections: 256, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 } as const;

export interface WebhookServer {
  readonly server: Server;
  /** Starts listening; port 0 picks a free port. */
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** Stops taking connections, waits (bounded) for in-flight requests and updates, then closes. */
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
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
  const { bot, webhookPath, secretToken, ping, durability, logger } = options;
  const updateTimeoutMs = options.updateTimeoutMs ?? 10_000;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const pingTimeoutMs = options.pingTimeoutMs ?? 1_000;
  const closeTimeoutMs = options.closeTimeoutMs ?? 5_000;

  /** Updates still being handled, some of them already answered after a timeout. */
  const running = new Set<Promise<void>>();
  let closing = false;
  let closed: Promise<void> | undefined;

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    // While closing, no connection is kept alive for a next request. An answer given before the body was
    // read closes the connection too, so node:http does not read (and discard) the rest of the body.
    if (closing || !res.req.complete) {
      headers.connection = "close";
      res.shouldKeepAlive = false;
    }
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers });
    res.end(body);
  };

  /**
   * Handles an update; resolves to the webhook reply to answer Telegram with, if the bot made one.
   * grammY's webhook reply (createBot's canUseWebhookReply: answerCallbackQuery) puts one API call in
   * the HTTP response instead of a request of its own. The response still goes when handling ends, as
   * without it: Telegram redelivers an update whose instance died before answering, and the reply is
   * sent with it. After the timeout Telegram has had its answer, so later calls go out as requests.
   */
  async function handleUpdate(update: Update): Promise<string | undefined> {
    await bot.init();
    let reply: string | undefined;
    const envelope: { send?: (payload: string) => Promise<void> } = {
      send: async (payload) => {
        reply = payload;
      },
    };
    const task = bot.handleUpdate(update, envelope).catch((error: unknown) => {
      // Answered with 200 all the same: Telegram would resend the update, repeating what the bot
      // already sent, and hold back the chat's next updates meanwhile.
      logger.error({ err: error, updateId: update.update_id }, "update failed");
    });
    running.add(task);
    void task.finally(() => running.delete(task));
    const done = await settleWithin(
      task.then(() => true),
      updateTimeoutMs,
    );
    if (!done) {
      envelope.send = undefined;
      logger.warn({ updateId: update.update_id, updateTimeoutMs }, "update still running; answered Telegram");
    }
    return reply;
  }

  async function webhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "POST") return send(res, 405, "method not allowed", { allow: "POST" });
    if (!sameSecret(req.headers[SECRET_HEADER], secretToken)) return send(res, 401, "unauthorized");
    if (closing) return send(res, 503, "shutting down", { "retry-after": "5" });
    const update = parseUpdate(await readBody(req, maxBodyBytes));
    const reply = await handleUpdate(update);
    if (reply === undefined) send(res, 200, "");
    else send(res, 200, reply, { "content-type": "application/json" });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === webhookPath) return webhook(req, res);
    if (path !== "/healthz") return send(res, 404, "not found");
    if (req.method !== "GET") return send(res, 405, "method not allowed", { allow: "GET" });
    const { status, body } = await healthReport(ping, durability, pingTimeoutMs);
    send(res, status, body, { "content-type": "application/json" });
  }

  const server = createHardenedServer(options, (req, res) => {
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

/** GET /healthz's status and body: 503 when Redis does not answer in time or does not keep its data. */
async function healthReport(
  ping: () => Promise<boolean>,
  durability: (() => Promise<DurabilityReport>) | undefined,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  const [up, report] = await Promise.all([
    settleWithin(Promise.resolve().then(ping), timeoutMs).then((answer) => answer === true),
    durability ? settleWithin(Promise.resolve().then(durability), timeoutMs) : undefined,
  ]);
  const durable = !durability || !up || report?.ok !== false;
  const { ok: _ok, ...details } = report ?? { ok: true };
  const body = {
    status: up && durable ? "ok" : "degraded",
    redis: up ? "up" : "down",
    catalog: "loaded",
    ...(up ? details : {}),
  };
  return { status: up && durable ? 200 : 503, body: JSON.stringify(body) };
}

/** A node:http server with the connection cap and the head and request timeouts of both ports. */
function createHardenedServer(
  limits: Pick<WebhookServerOptions, "maxConnections" | "headersTimeoutMs" | "requestTimeoutMs">,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Server {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs ?? DEFAULT_LIMITS.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs ?? DEFAULT_LIMITS.requestTimeoutMs,
      // node:http checks both timeouts at this interval (30 s by default, which would let a slow head
      // hold its connection 30 s past headersTimeout).
      connectionsCheckingInterval: 250,
    },
    handler,
  );
  server.maxConnections = limits.maxConnections ?? DEFAULT_LIMITS.maxConnections;
  return server;
}

export interface MonitoringServerOptions {
  /** The registry served at /metrics. */
  registry: Registry;
  /** Whether Redis answers; /healthz reports it. */
  ping: () => Promise<boolean>;
  durability?: () => Promise<DurabilityReport>;
  logger: Logger;
  pingTimeoutMs?: number;
}

/** The monitoring port (METRICS_PORT): GET /metrics and GET /healthz, nothing else. */
export function createMonitoringServer(options: MonitoringServerOptions): {
  server: Server;
  listen(port: number, host?: string): Promise<AddressInfo>;
  close(): Promise<void>;
} {
  const { registry, ping, durability, logger } = options;
  const pingTimeoutMs = options.pingTimeoutMs ?? 1_000;
  const server = createHardenedServer({ maxConnections: 32 }, (req, res) => {
    const reply = (status: number, body: string, contentType = "text/plain; charset=utf-8") => {
      res.writeHead(status, {
        "content-type": contentType,
        "cache-control": "no-store",
        ...(req.complete ? {} : { connection: "close" }),
      });
      res.end(body);
    };
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== "/metrics" && path !== "/healthz") return reply(404, "not found");
    if (req.method !== "GET") return reply(405, "method not allowed");
    const answer =
      path === "/metrics"
        ? registry.metrics().then((text) => reply(200, text, registry.contentType))
        : healthReport(ping, durability, pingTimeoutMs).then(({ status, body }) =>
            reply(status, body, "application/json"),
          );
    answer.catch((error: unknown) => {
      logger.error({ err: error, path }, "monitoring request failed");
      if (res.headersSent) res.destroy();
      else reply(500, "internal error");
    });
  });
  return {
    server,
    listen: (port, host = "127.0.0.1") =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
