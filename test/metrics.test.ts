import { Bot } from "grammy";
import { describe, expect, it } from "vitest";
import { metricsMiddleware, settleWithin, updateType } from "../src/metrics.js";
import { createMetrics } from "../src/metrics-registry.js";
import { LocalBotApi } from "../src/telegram/local-bot-api.js";
import {
  addedToGroupUpdate,
  callbackUpdate,
  inlineQueryUpdate,
  makeUser,
  textUpdate,
} from "../src/telegram/updates.js";
import { TEST_TOKEN } from "./support/bot-harness.js";

const user = makeUser(900, "en");

/** A tiny grammY bot with the metrics middleware first, on an in-process Bot API. */
function meteredBot() {
  const metrics = createMetrics();
  const api = new LocalBotApi();
  const bot = new Bot(TEST_TOKEN, { botInfo: api.botInfo, client: { fetch: api.fetch as never } });
  bot.use(metricsMiddleware(metrics));
  bot.on("message:text", (ctx) => {
    if (ctx.message.text === "boom") throw new Error("handler failed");
  });
  return { bot, metrics };
}

describe("createMetrics", () => {
  it("gives each call a registry of its own, so two bots in one process do not collide", async () => {
    const first = createMetrics();
    const second = createMetrics();
    first.updateErrors.inc();
    expect(await first.registry.metrics()).toContain("kyzmet_update_errors_total 1");
    expect(await second.registry.metrics()).toContain("kyzmet_update_errors_total 0");
  });

  it("puts Node's default metrics on its registry", async () => {
    const text = await createMetrics().registry.metrics();
    expect(text).toContain("process_cpu_user_seconds_total");
    expect(text).toContain("nodejs_heap_size_total_bytes");
  });

  it("counts reminder sends by result, every result shown from the start", async () => {
    const metrics = createMetrics();
    metrics.reminderSends.inc({ result: "blocked" });
    metrics.reminderSends.inc({ result: "ok" }, 2);
    const text = await metrics.registry.metrics();
    expect(text).toContain('kyzmet_reminder_sends_total{result="ok"} 2');
    expect(text).toContain('kyzmet_reminder_sends_total{result="blocked"} 1');
    expect(text).toContain('kyzmet_reminder_sends_total{result="retry"} 0');
    expect(text).toContain('kyzmet_reminder_sends_total{result="failed"} 0');
  });
});

describe("queue depth gauges", () => {
  it("read their callbacks at every scrape", async () => {
    const metrics = createMetrics();
    let pending = 4;
    metrics.registerQueueDepth("reminders", async () => pending);
    metrics.registerQueueDepth("preapplications", async () => 11);
    expect(await metrics.registry.metrics()).toContain('kyzmet_queue_depth{queue="reminders"} 4');
    pending = 0;
    const text = await metrics.registry.metrics();
    expect(text).toContain('kyzmet_queue_depth{queue="reminders"} 0');
    expect(text).toContain('kyzmet_queue_depth{queue="preapplications"} 11');
  });

  it("leave out a queue whose read fails or hangs, and still show the others", async () => {
    const metrics = createMetrics({ queueReadTimeoutMs: 30 });
    let fail = false;
    metrics.registerQueueDepth("reminders", async () => {
      if (fail) throw new Error("redis down");
      return 5;
    });
    metrics.registerQueueDepth("stuck", () => new Promise<number>(() => {}));
    metrics.registerQueueDepth("thrower", () => {
      throw new Error("synchronous failure");
    });
    metrics.registerQueueDepth("preapplications", async () => 2);
    expect(await metrics.registry.metrics()).toContain('kyzmet_queue_depth{queue="reminders"} 5');

    fail = true;
    const text = await metrics.registry.metrics();
    expect(text).not.toContain('queue="reminders"');
    expect(text).not.toContain('queue="stuck"');
    expect(text).not.toContain('queue="thrower"');
    expect(text).toContain('kyzmet_queue_depth{queue="preapplications"} 2');
  });

  it("refuse a queue registered twice", () => {
    const metrics = createMetrics();
    metrics.registerQueueDepth("reminders", async () => 1);
    expect(() => metrics.registerQueueDepth("reminders", async () => 2)).toThrow(/already registered/);
  });
});

describe("metricsMiddleware", () => {
  it("counts updates by type and times each one", async () => {
    const { bot, metrics } = meteredBot();
    await bot.handleUpdate(textUpdate(user, "hello"));
    await bot.handleUpdate(textUpdate(user, "again"));
    await bot.handleUpdate(callbackUpdate(user, "m", 1));
    await bot.handleUpdate(inlineQueryUpdate(user, "school"));
    await bot.handleUpdate(addedToGroupUpdate(user, -100, bot.botInfo.id));
    const text = await metrics.registry.metrics();
    expect(text).toContain('kyzmet_updates_total{type="message"} 2');
    expect(text).toContain('kyzmet_updates_total{type="callback_query"} 1');
    expect(text).toContain('kyzmet_updates_total{type="inline_query"} 1');
    expect(text).toContain('kyzmet_updates_total{type="other"} 1');
    expect(text).toContain("kyzmet_update_duration_seconds_count 5");
    expect(text).toContain("kyzmet_update_errors_total 0");
  });

  it("counts a failed update and rethrows its error", async () => {
    const { bot, metrics } = meteredBot();
    await expect(bot.handleUpdate(textUpdate(user, "boom"))).rejects.toThrow("handler failed");
    const text = await metrics.registry.metrics();
    expect(text).toContain("kyzmet_update_errors_total 1");
    expect(text).toContain("kyzmet_update_duration_seconds_count 1");
  });

  it("labels an edited message as other", () => {
    const update = textUpdate(user, "x");
    expect(updateType({ update_id: 1, edited_message: { ...update.message!, edit_date: 1 } })).toBe("other");
  });
});

describe("settleWithin", () => {
  it("gives the value of a task that settles in time", async () => {
    expect(await settleWithin(Promise.resolve(7), 1_000)).toBe(7);
  });

  it("gives undefined for a task that rejects or does not settle in time", async () => {
    expect(await settleWithin(Promise.reject(new Error("no")), 1_000)).toBeUndefined();
    expect(await settleWithin(new Promise(() => {}), 10)).toBeUndefined();
  });
});
