import { describe, expect, it } from "vitest";
import { createPacer, type Clock, type Sleep } from "../../src/reminders/pacer.js";

/**
 * Virtual time: sleep() registers a timer, and run() moves the clock to the next timer only once every
 * pending promise has settled, so the clock never moves between a grant and the code right after it.
 */
function virtualTime(start: number) {
  let now = start;
  const timers: { at: number; fire: () => void }[] = [];
  const clock: Clock = { now: () => now };
  const sleep: Sleep = (ms) => new Promise((fire) => timers.push({ at: now + Math.max(0, ms), fire }));
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return {
    clock,
    sleep,
    sleeps: () => timers.length,
    async run<T>(work: Promise<T>): Promise<T> {
      let finished = false;
      void work.then(
        () => (finished = true),
        () => (finished = true),
      );
      for (;;) {
        await settle();
        if (finished) return work;
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift();
        if (!next) throw new Error("deadlock: nothing is sleeping and the work is not finished");
        now = Math.max(now, next.at);
        next.fire();
      }
    },
  };
}

const START = 1_700_000_000_000;

/** The most grants inside any window [t, t + ms), over all t. */
function maxInWindow(times: readonly number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let from = 0;
  for (let to = 0; to < sorted.length; to += 1) {
    while ((sorted[to] as number) - (sorted[from] as number) >= ms) from += 1;
    best = Math.max(best, to - from + 1);
  }
  return best;
}

function gapsPerChat(grants: readonly { chatId: number; at: number }[]): number[] {
  const last = new Map<number, number>();
  const gaps: number[] = [];
  for (const { chatId, at } of grants) {
    const previous = last.get(chatId);
    if (previous !== undefined) gaps.push(at - previous);
    last.set(chatId, at);
  }
  return gaps;
}

describe("pacer", () => {
  it("lets the first 25 messages through at once and holds the 26th until the first is a second old", async () => {
    const time = virtualTime(START);
    const pacer = createPacer({ clock: time.clock, sleep: time.sleep });
    const grants: number[] = [];
    await time.run(
      (async () => {
        for (let chat = 1; chat <= 26; chat += 1) {
          await pacer.acquire(chat);
          grants.push(time.clock.now());
        }
      })(),
    );
    expect(grants.slice(0, 25).every((t) => t === START)).toBe(true);
    expect(grants[25]).toBe(START + 1000);
  });

  it("never grants more than 25 in any one-second window under a sequential burst of 1,000", async () => {
    const time = virtualTime(START);
    const pacer = createPacer({ clock: time.clock, sleep: time.sleep });
    const grants: number[] = [];
    await time.run(
      (async () => {
        for (let i = 0; i < 1000; i += 1) {
          await pacer.acquire(i);
          grants.push(time.clock.now());
        }
      })(),
    );
    expect(grants).toHaveLength(1000);
    expect(maxInWindow(grants, 1000)).toBe(25);
    expect(grants.at(-1)! - START).toBeLessThan(40_000);
  });

  it("spaces messages to one chat a second apart without slowing other chats", async () => {
    const time = virtualTime(START);
    const pacer = createPacer({ clock: time.clock, sleep: time.sleep, perChatIntervalMs: 1000 });
    const grants: { chatId: number; at: number }[] = [];
    await time.run(
      (async () => {
        for (const chatId of [7, 7, 8, 7]) {
          await pacer.acquire(chatId);
          grants.push({ chatId, at: time.clock.now() });
        }
      })(),
    );
    expect(grants).toEqual([
      { chatId: 7, at: START },
      { chatId: 7, at: START + 1000 },
      { chatId: 8, at: START + 1000 },
      { chatId: 7, at: START + 2000 },
    ]);
  });

  it("keeps a margin over one second between two messages to one chat by default", async () => {
    const time = virtualTime(START);
    const pacer = createPacer({ clock: time.clock, sleep: time.sleep });
    const grants: number[] = [];
    await time.run(
      (async () => {
        for (let i = 0; i < 3; i++) {
          await pacer.acquire(7);
          grants.push(time.clock.now() - START);
        }
      })(),
    );
    expect(grants).toEqual([0, 1010, 2020]);
  });

  it("keeps both limits when many callers acquire concurrently", async () => {
    const time = virtualTime(START);
    const pacer = createPacer({ clock: time.clock, sleep: time.sleep, perChatIntervalMs: 1000 });
    const grants: { chatId: number; at: number }[] = [];
    const chats = Array.from({ length: 600 }, (_, i) => (i % 2 === 0 ? (i / 2) % 8 : 100 + i));
    await time.run(
      Promise.all(
        chats.map(async (chatId) => {
          await pacer.acquire(chatId);
          grants.push({ chatId, at: time.clock.now() });
        }),
      ),
    );
    expect(grants).toHaveLength(600);
    expect(
      maxInWindow(
        grants.map((g) => g.at),
        1000,
      ),
    ).toBeLessThanOrEqual(25);
    expect(Math.min(...gapsPerChat(grants))).toBe(1000);
  });

  it("does not sleep at all while under both limits", async () => {
    const time = virtualTime(START);
    const pacer = createPacer({ clock: time.clock, sleep: time.sleep });
    for (let chat = 0; chat < 25; chat += 1) await pacer.acquire(chat);
    expect(time.sleeps()).toBe(0);
    const held = pacer.acquire(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(time.sleeps()).toBe(1);
    await time.run(held);
  });

  it("honours custom limits", async () => {
    const time = virtualTime(START);
    const pacer = createPacer({
      clock: time.clock,
      sleep: time.sleep,
      maxPerWindow: 2,
      windowMs: 500,
      perChatIntervalMs: 0,
    });
    const grants: number[] = [];
    await time.run(
      (async () => {
        for (let i = 0; i < 5; i += 1) {
          await pacer.acquire(1);
          grants.push(time.clock.now() - START);
        }
      })(),
    );
    expect(grants).toEqual([0, 0, 500, 500, 1000]);
  });

  it("rejects limits that make no sense", () => {
    const time = virtualTime(START);
    expect(() => createPacer({ clock: time.clock, sleep: time.sleep, maxPerWindow: 0 })).toThrow(RangeError);
    expect(() => createPacer({ clock: time.clock, sleep: time.sleep, windowMs: 0 })).toThrow(RangeError);
  });
});
