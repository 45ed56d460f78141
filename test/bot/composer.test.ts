/**
 * FeatureComposer (src/bot/composer.ts): grammY's filters without a Composer built for every update,
 * and with grammY's semantics. The real bot is driven with real updates; the grammY Composer beside it
 * shows what the override removes.
 */
import { Composer, Context } from "grammy";
import type { Update } from "grammy/types";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FeatureComposer } from "../../src/bot/composer.js";
import { callbackUpdate, makeUser, textUpdate } from "../../src/telegram/updates.js";
import { createHarness } from "../support/bot-harness.js";

const user = makeUser(4242, "ru");

/** Runs an update through a composer, as the bot runs its middleware; resolves to whether `next` was reached. */
async function run(composer: Composer<Context>, update: Update): Promise<boolean> {
  const ctx = new Context(update, undefined as never, { id: 1, is_bot: true, first_name: "b", username: "b" } as never);
  let reachedNext = false;
  await composer.middleware()(ctx, async () => {
    reachedNext = true;
  });
  return reachedNext;
}

afterEach(() => vi.restoreAllMocks());

describe("FeatureComposer", () => {
  it("builds no Composer per update, where grammY's own filters build one for every update they see", async () => {
    const middleware = vi.spyOn(Composer.prototype, "middleware");
    /** The composers whose middleware was asked for while `handle` ran: built then, or built before. */
    const composersDuring = async (handle: () => Promise<unknown>) => {
      middleware.mockClear();
      await handle();
      return new Set(middleware.mock.contexts);
    };
    const newComposers = async (handle: () => Promise<unknown>) => {
      const first = await composersDuring(handle);
      const second = await composersDuring(handle);
      return [...second].filter((composer) => !first.has(composer)).length;
    };

    const grammys = new Composer<Context>();
    grammys.chatType("private").on("message:text", () => undefined);
    expect(await newComposers(() => run(grammys, textUpdate(user, "садик")))).toBeGreaterThan(0);

    const ours = new FeatureComposer<Context>();
    ours.chatType("private").on("message:text", () => undefined);
    expect(await newComposers(() => run(ours, textUpdate(user, "садик")))).toBe(0);

    // The real bot, its plugins included, through a text, a command and a button.
    const harness = createHarness();
    await harness.send(textUpdate(user, "/start"));
    expect(await newComposers(() => harness.send(textUpdate(user, "садик")))).toBe(0);
    expect(await newComposers(() => harness.send(textUpdate(user, "/help")))).toBe(0);
    expect(await newComposers(() => harness.send(callbackUpdate(user, "m", 1, "menu")))).toBe(0);
  });

  it("runs the matching side with the same next, and passes on what does not match", async () => {
    const seen: string[] = [];
    const composer = new FeatureComposer<Context>();
    composer.on("message:text", async (ctx, next) => {
      seen.push(`text ${ctx.message.text}`);
      await next();
    });
    composer.on("callback_query:data", (ctx) => {
      seen.push(`button ${ctx.callbackQuery.data}`);
    });

    expect(await run(composer, textUpdate(user, "hello"))).toBe(true);
    expect(await run(composer, callbackUpdate(user, "x:1", 10, "screen"))).toBe(false);
    expect(seen).toEqual(["text hello", "button x:1"]);
  });

  it("reads a filter's composer when an update comes, so middleware added after registration runs", async () => {
    const composer = new FeatureComposer<Context>();
    const privateChats = composer.chatType("private");
    const seen: string[] = [];
    privateChats.on("message:text", (ctx) => {
      seen.push(ctx.message.text);
    });
    expect(await run(composer, textUpdate(user, "late"))).toBe(false);
    expect(seen).toEqual(["late"]);
  });

  it("awaits an asynchronous predicate, and drop negates it", async () => {
    const composer = new FeatureComposer<Context>();
    const seen: string[] = [];
    composer.filter(
      async (ctx) => Promise.resolve(ctx.message?.text === "yes"),
      () => {
        seen.push("filtered");
      },
    );
    composer.drop(
      async (ctx) => Promise.resolve(ctx.message?.text === "yes"),
      () => {
        seen.push("dropped");
      },
    );
    await run(composer, textUpdate(user, "yes"));
    await run(composer, textUpdate(user, "no"));
    expect(seen).toEqual(["filtered", "dropped"]);
  });

  it("lets a handler's error reach the error boundary above it", async () => {
    const composer = new FeatureComposer<Context>();
    composer.on("message:text", () => {
      throw new Error("boom");
    });
    await expect(run(composer, textUpdate(user, "x"))).rejects.toThrow("boom");
  });
});
