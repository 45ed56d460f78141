import { describe, expect, it } from "vitest";
import { useTestRedis } from "./redis.js";

describe("test Redis", () => {
  const { redis, url } = useTestRedis();
  it("is a private server, not the machine's default one", async () => {
    expect(url).not.toContain(":6379/");
    await redis.set("k", "v");
    expect(await redis.get("k")).toBe("v");
  });
});
