import { describe, expect, it } from "vitest";
import {
  createMemorySendBudget,
  createRedisSendBudget,
  type SendBudget,
  type SendBudgetOptions,
} from "../../src/store/send-budget.js";
import { useTestRedis } from "../support/redis.js";

const T0 = Date.UTC(2026, 10, 24, 4, 0, 0);
const { redis } = useTestRedis();

describe.each([
  ["redis", (o: SendBudgetOptions) => createRedisSendBudget(redis, { prefix: "sb:", ...o })],
  ["memory", (o: SendBudgetOptions) => createMemorySendBudget(o)],
] as [string, (o: SendBudgetOptions) => SendBudget][])("send budget contract (%s)", (_name, makeBudget) => {
  it("grants the burst at once, then one message per 1/rate, and says how long to wait", async () => {
    const budget = makeBudget({ ratePerSecond: 10, burst: 3 });
    expect(await Promise.all([1, 2, 3].map(() => budget.take(T0)))).toEqual([0, 0, 0]);
    expect(await budget.take(T0)).toBe(100);
    expect(await budget.take(T0 + 99)).toBe(1);
    expect(await budget.take(T0 + 100)).toBe(0);
    expect(await budget.take(T0 + 100)).toBe(100);
  });

  it("never holds more than the burst, however long it was idle", async () => {
    const budget = makeBudget({ ratePerSecond: 10, burst: 2 });
    await budget.take(T0);
    const later = T0 + 3_600_000;
    expect([await budget.take(later), await budget.take(later), await budget.take(later)]).toEqual([0, 0, 100]);
  });

  it("refills nothing for a caller whose clock is behind the last grant", async () => {
    const budget = makeBudget({ ratePerSecond: 10, burst: 1 });
    expect(await budget.take(T0 + 180_000)).toBe(0);
    expect(await budget.take(T0)).toBeGreaterThan(0);
    expect(await budget.take(T0 + 10_000)).toBeGreaterThan(0);
  });

  it("pauses every caller until the pause ends; a shorter pause does not cut a longer one", async () => {
    const budget = makeBudget({ ratePerSecond: 10, burst: 5 });
    await budget.pauseAll(T0, 5_000);
    await budget.pauseAll(T0 + 1_000, 1_000);
    expect(await budget.take(T0 + 1_000)).toBe(4_000);
    expect(await budget.take(T0 + 4_999)).toBe(1);
    expect(await budget.take(T0 + 5_000)).toBe(0);
  });

  it("rejects settings that cannot work", () => {
    expect(() => makeBudget({ ratePerSecond: 0 })).toThrow(RangeError);
    expect(() => makeBudget({ burst: 0 })).toThrow(RangeError);
  });
});
