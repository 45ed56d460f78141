import { request as httpRequest } from "node:http";
import { connect, type Socket } from "node:net";
import { Bot } from "grammy";
import type { Update } from "grammy/types";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { metricsMiddleware, type Metrics } from "../../src/metrics.js";
import { createMetrics } from "../../src/metrics-registry.js";
import {
  createMonitoringServer,
  createWebhookServer,
  SECRET_HEADER,
  type WebhookServer,
  type WebhookServerOptions,
} from "../../src/server/http-server.js";
import { createRedisStores } from "../../src/store/stores.js";
import { LocalBotApi } from "../../src/telegram/local-bot-api.js";
import { callbackUpdate, makeUser, textUpdate } from "../../src/telegram/updates.js";
import { createHarness, TEST_TOKEN } from "../support/bot-harness.js";
import { useTestRedis } from "../support/redis.js";
import { pollUntil } from "../support/redis-control.js";

const SECRET = "s3cret_Token-for-tests";
const PATH = "/telegram";

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request on a fresh connection (no keep-alive pool), so "refuses connections" is observable. */
function call(
  port: number,
  options: {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    chunked?: boolean;
  } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const headers: Record<string, string> = { ...options.headers };
    if (body && !options.chunked) headers["content-length"] = String(body.length);
    const req = httpRequest(
      { host: "127.0.0.1", port, method: options.method ?? "GET", path: options.path ?? "/", headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    if (body && options.chunked) {
      // Several writes without content-length: the limit must hold on the stream, not on the header.
      for (let offset = 0; offset < body.length; offset += 64 * 1024)
        req.write(body.subarray(offset, offset + 64 * 1024));
    } else if (body) {
      req.write(body);
    }
    req.end();
  });
}

/** Posts an update as Telegram does; `secret: null` leaves the secret header out. */
const postUpdate = (port: number, update: Update, secret: string | null = SECRET) =>
  call(port, {
    method: "POST",
    path: PATH,
    headers: { "content-type": "application/json", ...(secret === null ? {} : { [SECRET_HEADER]: secret }) },
    body: JSON.stringify(update),
  });

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Starts a webhook server on a free port of 127.0.0.1 (closed after the test). */
async function start(
  options: Partial<WebhookServerOptions> & Pick<WebhookServerOptions, "bot">,
): Promise<{ port: number; server: WebhookServer }> {
  const server = createWebhookServer({
    webhookPath: PATH,
    secretToken: SECRET,
    ping: async () => true,
    logger: createLogger("silent"),
    ...options,
  });
  servers.push(server);
  const { port } = await server.listen(0, "127.0.0.1");
  return { port, server };
}

/** Starts the monitoring server of `metrics` on a free port of 127.0.0.1 (closed after the test). */
async function startMonitoring(metrics: Metrics): Promise<number> {
  const monitoring = createMonitoringServer({
    registry: metrics.registry,
    ping: async () => true,
    logger: createLogger("silent"),
  });
  servers.push(monitoring);
  return (await monitoring.listen(0)).port;
}

describe("the webhook endpoint, with the real bot behind it", () => {
  it("hands an update with the right secret to the bot and answers 200", async () => {
    const h = createHarness();
    const { port } = await start({ bot: h.bot });
    const user = makeUser(501, "ru");
    const reply = await postUpdate(port, textUpdate(user, "/start"));
    expect(reply.status).toBe(200);
    const sent = h.api.callsOf("sendMessage");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload.chat_id).toBe(user.id);
    expect(String(sent[0]!.payload.text)).toContain("Здравствуйте");
  });

  it.each([
    ["a wrong secret", "s3cret_Token-for-testz"],
    ["a secret of another length", "short"],
    ["no secret", null],
  ])("answers 401 to %s and the bot sees nothing", async (_name, secret) => {
    const h = createHarness();
    const { port } = await start({ bot: h.bot });
    const reply = await postUpdate(port, textUpdate(makeUser(502, "ru"), "/start"), secret);
    expect(reply.status).toBe(401);
    expect(h.api.calls).toEqual([]);
  });

  it("answers 405 to GET on the webhook path", async () => {
    const h = createHarness();
    const { port } = await start({ bot: h.bot });
    const reply = await call(port, { path: PATH, headers: { [SECRET_HEADER]: SECRET } });
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe("POST");
    expect(h.api.calls).toEqual([]);
  });

  it.each([
    ["bad JSON", "{ not json"],
    ["JSON that is not an update", JSON.stringify({ hello: "world" })],
  ])("answers 400 to %s", async (_name, body) => {
    const h = createHarness();
    const { port } = await start({ bot: h.bot });
    const reply = await call(port, { method: "POST", path: PATH, headers: { [SECRET_HEADER]: SECRET }, body });
    expect(reply.status).toBe(400);
    expect(h.api.calls).toEqual([]);
  });

  it.each([
    ["announced by content-length", false],
    ["streamed without content-length", true],
  ])("answers 413 to a body over the limit, %s", async (_name, chunked) => {
    const h = createHarness();
    const { port } = await start({ bot: h.bot, maxBodyBytes: 64 * 1024 });
    const update = textUpdate(makeUser(503, "ru"), "/start");
    const body = JSON.stringify({ ...update, padding: "x".repeat(256 * 1024) });
    const reply = await call(port, { method: "POST", path: PATH, headers: { [SECRET_HEADER]: SECRET }, body, chunked });
    expect(reply.status).toBe(413);
    expect(h.api.calls).toEqual([]);
  });

  it("takes a body just under the limit", async () => {
    const h = createHarness();
    const { port } = await start({ bot: h.bot, maxBodyBytes: 64 * 1024 });
    const update = textUpdate(makeUser(504, "ru"), "/start");
    const body = JSON.stringify({ ...update, padding: "x".repeat(60 * 1024) });
    const reply = await call(port, {
      method: "POST",
      path: PATH,
      headers: { [SECRET_HEADER]: SECRET },
      body,
      chunked: true,
    });
    expect(reply.status).toBe(200);
    expect(h.api.callsOf("sendMessage")).toHaveLength(1);
  });

  it("answers 404 elsewhere", async () => {
    const h = createHarness();
    const { port } = await start({ bot: h.bot });
    expect((await call(port, { path: "/other" })).status).toBe(404);
  });
});

/** Resolves once the socket has closed (at once if it already has). */
const closedSocket = (socket: Socket) =>
  new Promise<void>((resolve) => (socket.closed ? resolve() : socket.once("close", () => resolve())));

describe("the webhook port under abuse", () => {
  const MiB = 1024 * 1024;

  /**
   * Sends a request head announcing a `bodyBytes` body, then pushes the whole body as fast as the
   * connection takes it, whatever the server answers (as a flood would). Resolves with the status line
   * seen and the bytes the server's side of the connection had read when it closed.
   */
  async function flood(server: WebhookServer, port: number, headers: Record<string, string>, bodyBytes: number) {
    let serverSide: Socket | undefined;
    server.server.once("connection", (socket: Socket) => (serverSide = socket));
    const client = connect(port, "127.0.0.1");
    let response = "";
    client.on("data", (chunk: Buffer) => (response += chunk.toString("latin1")));
    client.on("error", () => {});
    await new Promise<void>((resolve) => client.once("connect", () => resolve()));
    const head = Object.entries({ host: "127.0.0.1", "content-length": String(bodyBytes), ...headers })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join("");
    client.write(`POST ${PATH} HTTP/1.1\r\n${head}\r\n`);
    const chunk = Buffer.alloc(256 * 1024, "x");
    for (let sent = 0; sent < bodyBytes && !client.destroyed && client.writable; sent += chunk.length) {
      if (!client.write(chunk)) {
        await Promise.race([new Promise((r) => client.once("drain", r)), closedSocket(client)]);
      }
    }
    client.end();
    await closedSocket(client);
    await pollUntil(() => serverSide?.closed === true, "the server's side of the connection to close", 5_000);
    return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]), bytesRead: serverSide!.bytesRead };
  }

  it.each([
    ["no secret", {}],
    ["a wrong secret", { [SECRET_HEADER]: "wrong" }],
  ])("answers 401 to a 64 MiB body with %s and closes without reading it", async (_name, headers) => {
    const h = createHarness();
    const { port, server } = await start({ bot: h.bot });
    const { status, bytesRead } = await flood(server, port, headers, 64 * MiB);
    expect(status).toBe(401);
    // What the kernel had already buffered may be read; the 64 MiB body is not.
    expect(bytesRead).toBeLessThan(8 * MiB);
    expect(h.api.calls).toEqual([]);
  });

  it("answers 413 to an announced 64 MiB body with the secret and closes without reading it", async () => {
    const h = createHarness();
    const { port, server } = await start({ bot: h.bot });
    const { status, bytesRead } = await flood(server, port, { [SECRET_HEADER]: SECRET }, 64 * MiB);
    expect(status).toBe(413);
    expect(bytesRead).toBeLessThan(8 * MiB);
  });

  /** Opens `count` connections that each send part of a request head and then nothing. */
  async function slowClients(port: number, count: number, partial: string): Promise<Socket[]> {
    return Promise.all(
      Array.from(
        { length: count },
        () =>
          new Promise<Socket>((resolve) => {
            const socket = connect(port, "127.0.0.1");
            socket.on("error", () => {});
            // Read whatever comes (a 408), so that the server's FIN is seen and the socket closes.
            socket.resume();
            socket.once("connect", () => {
              socket.write(partial);
              resolve(socket);
            });
            // A connection dropped at once by the server's limit still counts as a (closed) client.
            socket.once("close", () => resolve(socket));
          }),
      ),
    );
  }

  it("holds at most maxConnections slow connections, and drops them after the header timeout", async () => {
    const h = createHarness();
    const { port, server } = await start({
      bot: h.bot,
      maxConnections: 20,
      headersTimeoutMs: 400,
      requestTimeoutMs: 800,
    });
    const clients = await slowClients(port, 60, `POST ${PATH} HTTP/1.1\r\nhost: 127.0.0.1\r\n`);
    const serverCount = () =>
      new Promise<number>((resolve, reject) => server.server.getConnections((e, n) => (e ? reject(e) : resolve(n))));
    await new Promise((r) => setTimeout(r, 100));
    expect(await serverCount()).toBeLessThanOrEqual(20);
    await pollUntil(async () => clients.every((c) => c.closed), "every slow connection to be closed", 10_000);
    expect(await serverCount()).toBe(0);
  });

  it("drops a connection whose body trickles in slower than the request timeout", async () => {
    const h = createHarness();
    const { port } = await start({ bot: h.bot, headersTimeoutMs: 400, requestTimeoutMs: 800 });
    const [client] = await slowClients(
      port,
      1,
      `POST ${PATH} HTTP/1.1\r\nhost: 127.0.0.1\r\n${SECRET_HEADER}: ${SECRET}\r\ncontent-length: 1000\r\n\r\n{"update_id":`,
    );
    await pollUntil(() => client!.closed, "the trickling connection to be closed", 10_000);
    expect(h.api.calls).toEqual([]);
  });

  it("does not serve /metrics on the webhook port", async () => {
    const h = createHarness();
    const { port } = await start({ bot: h.bot });
    expect((await call(port, { path: "/metrics" })).status).toBe(404);
  });
});

describe("two instances on one Redis", () => {
  const { redis, url } = useTestRedis();
  const second = new Redis(url, { maxRetriesPerRequest: 1 });
  afterAll(async () => {
    await second.quit();
  });

  it("act as one bot: a language picked through A is used by B", async () => {
    const storeOptions = { prefix: "kyz-test:", sessionTtlSeconds: 3_600 };
    const a = createHarness({ stores: createRedisStores(redis, storeOptions), api: new LocalBotApi() });
    const b = createHarness({ stores: createRedisStores(second, storeOptions), api: new LocalBotApi() });
    const serverA = await start({ bot: a.bot });
    const serverB = await start({ bot: b.bot });
    // Telegram's app language "de" is not one of ours, so the bot must ask, and later remember.
    const user = makeUser(601, "de");

    expect((await postUpdate(serverA.port, textUpdate(user, "/start"))).status).toBe(200);
    const picker = a.lastScreen(user.id);
    expect(picker.text).toContain("Choose your language");
    const press = callbackUpdate(user, "lang:kk", picker.messageId, picker.text);
    const pressed = await postUpdate(serverA.port, press);
    expect(pressed.status).toBe(200);
    // The button's answer rides in the webhook's response (grammY's webhook reply), not in a request.
    expect(pressed.headers["content-type"]).toContain("application/json");
    expect(JSON.parse(pressed.body)).toMatchObject({
      method: "answerCallbackQuery",
      callback_query_id: press.callback_query!.id,
      text: "Тіл: қазақша.",
    });
    expect(a.api.callsOf("answerCallbackQuery")).toEqual([]);
    expect(a.api.callsOf("editMessageText")).toHaveLength(1);

    expect((await postUpdate(serverB.port, textUpdate(user, "/start"))).status).toBe(200);
    expect(b.api.calls.map((c) => c.method)).toEqual(["sendMessage"]);
    expect(b.lastScreen(user.id).text).toContain("Сәлеметсіз бе");
  });
});

describe("/healthz", () => {
  const bot = () => createHarness().bot;

  it("answers 200 when the store answers", async () => {
    const { port } = await start({ bot: bot(), ping: async () => true });
    const reply = await call(port, { path: "/healthz" });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ status: "ok", redis: "up", catalog: "loaded" });
  });

  it.each([
    ["says no", () => Promise.resolve(false)],
    ["fails", () => Promise.reject(new Error("ECONNREFUSED"))],
    ["does not answer in time", () => new Promise<boolean>(() => {})],
  ])("answers 503 when the store %s", async (_name, ping) => {
    const { port } = await start({ bot: bot(), ping, pingTimeoutMs: 50 });
    const reply = await call(port, { path: "/healthz" });
    expect(reply.status).toBe(503);
    expect(JSON.parse(reply.body)).toMatchObject({ redis: "down", catalog: "loaded" });
  });

  it("answers 405 to POST", async () => {
    const { port } = await start({ bot: bot() });
    expect((await call(port, { method: "POST", path: "/healthz", body: "{}" })).status).toBe(405);
  });
});

describe("/metrics, on the monitoring port", () => {
  it("shows the counters after updates, an error included", async () => {
    const api = new LocalBotApi();
    const metrics = createMetrics();
    const bot = new Bot(TEST_TOKEN, { botInfo: api.botInfo, client: { fetch: api.fetch as never } });
    bot.use(metricsMiddleware(metrics));
    bot.on("message:text", async (ctx) => {
      if (ctx.message.text === "boom") throw new Error("handler failed");
      await ctx.reply("ok");
    });
    bot.on("callback_query", (ctx) => ctx.answerCallbackQuery());
    metrics.registerQueueDepth("reminders", async () => 3);
    const { port } = await start({ bot });
    const monitoringPort = await startMonitoring(metrics);
    const user = makeUser(701, "en");

    for (const update of [textUpdate(user, "hi"), textUpdate(user, "boom"), callbackUpdate(user, "m", 1)]) {
      expect((await postUpdate(port, update)).status).toBe(200);
    }
    const reply = await call(monitoringPort, { path: "/metrics" });

    expect(reply.status).toBe(200);
    expect(reply.headers["content-type"]).toContain("text/plain");
    expect(reply.body).toContain('kyzmet_updates_total{type="message"} 2');
    expect(reply.body).toContain('kyzmet_updates_total{type="callback_query"} 1');
    expect(reply.body).toContain('kyzmet_updates_total{type="inline_query"} 0');
    expect(reply.body).toContain("kyzmet_update_errors_total 1");
    expect(reply.body).toContain("kyzmet_update_duration_seconds_count 3");
    expect(reply.body).toContain('kyzmet_queue_depth{queue="reminders"} 3');
    expect(reply.body).toContain("process_cpu_user_seconds_total");
    expect(api.callsOf("sendMessage")).toHaveLength(1);
  });

  it("serves /healthz there too and nothing else", async () => {
    const port = await startMonitoring(createMetrics());
    expect((await call(port, { path: "/healthz" })).status).toBe(200);
    expect((await call(port, { path: "/telegram", method: "POST", body: "{}" })).status).toBe(404);
  });
});

describe("close()", () => {
  /** A bot whose handler waits until released, to hold a request in flight. */
  function slowBot() {
    const api = new LocalBotApi();
    const bot = new Bot(TEST_TOKEN, { botInfo: api.botInfo, client: { fetch: api.fetch as never } });
    let entered!: () => void;
    let release!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    bot.on("message", async (ctx) => {
      entered();
      await gate;
      await ctx.reply("done");
    });
    return { bot, api, inside, release };
  }

  it("waits for an in-flight request, then refuses new connections", async () => {
    const slow = slowBot();
    const { port, server } = await start({ bot: slow.bot });
    const inFlight = postUpdate(port, textUpdate(makeUser(801, "en"), "slow"));
    await slow.inside;

    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    await expect(call(port, { path: "/healthz" })).rejects.toMatchObject({ code: "ECONNREFUSED" });

    slow.release();
    const reply = await inFlight;
    await closing;
    expect(reply.status).toBe(200);
    expect(reply.headers.connection).toBe("close");
    expect(slow.api.callsOf("sendMessage")).toHaveLength(1);
    expect(closed).toBe(true);
  });

  it("waits for an update still running after Telegram got its answer", async () => {
    const slow = slowBot();
    const { port, server } = await start({ bot: slow.bot, updateTimeoutMs: 20 });
    const reply = await postUpdate(port, textUpdate(makeUser(802, "en"), "slow"));
    expect(reply.status).toBe(200);
    expect(slow.api.callsOf("sendMessage")).toHaveLength(0);

    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    slow.release();
    await closing;
    expect(slow.api.callsOf("sendMessage")).toHaveLength(1);
  });

  it("gives up after its bound and cuts the connections still open", async () => {
    const slow = slowBot();
    const { port, server } = await start({ bot: slow.bot, updateTimeoutMs: 60_000, closeTimeoutMs: 50 });
    const inFlight = postUpdate(port, textUpdate(makeUser(803, "en"), "slow"));
    await slow.inside;
    await server.close();
    await expect(inFlight).rejects.toMatchObject({ code: "ECONNRESET" });
    slow.release();
  });
});
