/**
 * The in-process Bot API served over HTTP on loopback, with a getUpdates queue: the real polling
 * path (`npm start` with TELEGRAM_API_ROOT, @grammyjs/runner) can run against it in tests and
 * benchmarks, exactly as against Telegram's server.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "grammy/types";
import { LocalBotApi } from "./local-bot-api.js";

export class HttpBotApi {
  readonly api: LocalBotApi;
  private readonly queue: Update[] = [];
  private waiters: (() => void)[] = [];
  private server: Server | undefined;
  private confirmedOffset = 0;

  constructor(api: LocalBotApi = new LocalBotApi()) {
    this.api = api;
  }

  /** Queues updates for the bot's next getUpdates. */
  push(...updates: Update[]): void {
    this.queue.push(...updates);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Starts listening on a free loopback port; resolves to the apiRoot to give the bot. */
  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        void this.handle(req.url ?? "", req.headers, Buffer.concat(chunks)).then(
          ({ status, body }) => {
            res.writeHead(status, { "content-type": "application/json" });
            res.end(body);
          },
          () => {
            res.writeHead(500);
            res.end();
          },
        );
      });
    });
    // grammY's keep-alive agent keeps idle connections without a limit, as Telegram's server allows for
    // minutes. Node's server would close one after 5 s idle, and a request the bot sent on it at that
    // moment failed with "socket hang up": lost for a bot without auto-retry (the benchmark's bare one).
    this.server.keepAliveTimeout = 0;
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Stops the server and releases any long-polling request. */
  async close(): Promise<void> {
    for (const wake of this.waiters) wake();
    this.waiters = [];
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(url: string, headers: Record<string, string | string[] | undefined>, raw: Buffer) {
    const method = url.slice(url.lastIndexOf("/") + 1).split("?")[0]!;
    const contentType = String(headers["content-type"] ?? "");
    if (method === "getUpdates") {
      const params =
        contentType.includes("json") && raw.length
          ? (JSON.parse(raw.toString("utf8")) as { offset?: number; timeout?: number; limit?: number })
          : {};
      return { status: 200, body: JSON.stringify({ ok: true, result: await this.getUpdates(params) }) };
    }
    const response = await this.api.fetch(`http://local/bot/${method}`, {
      body: contentType.includes("json")
        ? raw.toString("utf8")
        : (async function* () {
            yield raw;
          })(),
      headers: { "content-type": contentType },
    });
    return { status: response.status, body: await response.text() };
  }

  private async getUpdates(params: { offset?: number; timeout?: number; limit?: number }): Promise<Update[]> {
    if (params.offset) {
      this.confirmedOffset = params.offset;
      while (this.queue.length && this.queue[0]!.update_id < this.confirmedOffset) this.queue.shift();
    }
    if (this.queue.length === 0 && (params.timeout ?? 0) > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(params.timeout! * 1000, 30_000));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.queue.slice(0, params.limit ?? 100);
  }
}
