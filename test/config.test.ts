import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, ConfigError, loadConfig } from "../src/config.js";

const SECRET = "0123456789abcdef";

/** The problems loadConfig reports for `env`, or [] when it accepts it. */
function problems(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe(".env.example", () => {
  it("lists exactly the variables the configuration reads", () => {
    const listed = readFileSync(new URL("../.env.example", import.meta.url), "utf8")
      .split("\n")
      .map((line) => /^#?\s*([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it("is a valid configuration as it stands", () => {
    const env = Object.fromEntries(
      readFileSync(new URL("../.env.example", import.meta.url), "utf8")
        .split("\n")
        .map((line) => /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1]!, m[2]!]),
    );
    expect(problems(env)).toEqual([]);
  });
});

describe("the two modes are two shapes", () => {
  it("is polling without BOT_MODE, and has no webhook settings then", () => {
    const config = loadConfig({ WEBHOOK_URL: "https://bot.example.kz/telegram" });
    expect(config.mode).toBe("polling");
    expect("webhook" in config).toBe(false);
  });

  it("in webhook mode carries the URL, the secret and the port", () => {
    const config = loadConfig({
      BOT_MODE: "webhook",
      WEBHOOK_URL: "https://bot.example.kz/telegram",
      WEBHOOK_SECRET: SECRET,
    });
    expect(config.mode === "webhook" && config.webhook).toEqual({
      url: "https://bot.example.kz/telegram",
      secret: SECRET,
      port: 8080,
    });
  });

  it("names each missing webhook variable", () => {
    const found = problems({ BOT_MODE: "webhook" });
    expect(found.some((p) => p.startsWith("WEBHOOK_URL: required when BOT_MODE=webhook"))).toBe(true);
    expect(found.some((p) => p.startsWith("WEBHOOK_SECRET: required when BOT_MODE=webhook"))).toBe(true);
  });

  it("refuses an unknown mode with the allowed ones", () => {
    expect(problems({ BOT_MODE: "push" })).toEqual(['BOT_MODE: BOT_MODE must be "polling" or "webhook"']);
  });
});

describe("webhook URL rules", () => {
  const webhookEnv = (url: string, extra: Record<string, string> = {}) => ({
    BOT_MODE: "webhook",
    WEBHOOK_URL: url,
    WEBHOOK_SECRET: SECRET,
    ...extra,
  });

  it.each([
    ["http", "http://bot.example.kz/telegram", /https/],
    ["an odd port", "https://bot.example.kz:9000/telegram", /443, 80, 88 and 8443/],
  ])("refuses %s with Telegram's own servers", (_name, url, message) => {
    const found = problems(webhookEnv(url));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  it.each(["http://127.0.0.1:9000/telegram", "http://bot:3000/hook", "https://10.0.0.7:7443/t"])(
    "accepts %s with a self-hosted Bot API (TELEGRAM_API_ROOT)",
    (url) => {
      const config = loadConfig(webhookEnv(url, { TELEGRAM_API_ROOT: "http://127.0.0.1:8081" }));
      expect(config.mode === "webhook" && config.webhook.url).toBe(url);
    },
  );
});

describe("Redis Sentinel settings", () => {
  it("parses the sentinels, IPv6 included, with the master's name", () => {
    const config = loadConfig({
      REDIS_SENTINELS: "10.0.0.5:26379, sentinel-b:26380,[::1]:26381",
      REDIS_SENTINEL_NAME: "kyzmet",
    });
    expect(config.redis.sentinels).toEqual({
      name: "kyzmet",
      password: undefined,
      nodes: [
        { host: "10.0.0.5", port: 26379 },
        { host: "sentinel-b", port: 26380 },
        { host: "::1", port: 26381 },
      ],
    });
  });

  it("needs the master's name", () => {
    expect(problems({ REDIS_SENTINELS: "10.0.0.5:26379" })).toEqual([
      "REDIS_SENTINEL_NAME: required with REDIS_SENTINELS: the master's name the sentinels monitor, e.g. mymaster",
    ]);
  });

  it.each(["10.0.0.5", "10.0.0.5:0", "10.0.0.5:99999", "host:port", ","])("refuses %j", (value) => {
    const found = problems({ REDIS_SENTINELS: value, REDIS_SENTINEL_NAME: "mymaster" });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^REDIS_SENTINELS: /);
  });

  it("is a single node without REDIS_SENTINELS", () => {
    expect(loadConfig({}).redis).toEqual({ url: "redis://127.0.0.1:6379", sentinels: undefined });
  });
});

describe("metrics", () => {
  it("are not served unless METRICS_PORT is set, and then on loopback by default", () => {
    expect(loadConfig({}).metrics).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: "9464" }).metrics).toEqual({ port: 9464, host: "127.0.0.1" });
    expect(loadConfig({ METRICS_PORT: "9464", METRICS_HOST: "0.0.0.0" }).metrics).toEqual({
      port: 9464,
      host: "0.0.0.0",
    });
  });
});
