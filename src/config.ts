/**
 * Typed configuration from the environment. The zod schema below is the only description of it: `Config`
 * is inferred from the schema, .env.example lists exactly the schema's variables (test/config.test.ts
 * compares them), and a bad value stops start-up with one clear line per problem.
 */
import { z } from "zod";
import { LOCALES } from "./domain/catalog.js";
import { DEFAULT_IDLE_CLOSE_DAYS } from "./domain/preapplication.js";

const adminIds = z
  .string()
  .default("")
  .transform((value, ctx) => {
    const ids: number[] = [];
    for (const part of value
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean)) {
      if (!/^\d{1,15}$/.test(part)) {
        ctx.addIssue({ code: "custom", message: `"${part}" is not a Telegram user id (digits only)` });
        return z.NEVER;
      }
      ids.push(Number(part));
    }
    return ids;
  });

/** "host:port,host:port" of Redis Sentinels, parsed to ioredis's `sentinels` option. */
export const redisSentinels = z.string().transform((value, ctx) => {
  const nodes: { host: string; port: number }[] = [];
  for (const part of value
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    // The host may be a name, an IPv4 address or a bracketed IPv6 address: [::1]:26379.
    const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(part);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65_535) {
      ctx.addIssue({ code: "custom", message: `"${part}" is not host:port (e.g. 10.0.0.5:26379)` });
      return z.NEVER;
    }
    nodes.push({ host: match[1]!.replace(/^\[|\]$/g, ""), port });
  }
  if (nodes.length === 0) {
    ctx.addIssue({ code: "custom", message: "list at least one sentinel as host:port" });
    return z.NEVER;
  }
  return nodes;
});

const port = z.coerce.number().int().min(1).max(65_535);

/** Ports Telegram's own servers deliver webhooks to; a self-hosted Bot API server has no such rule. */
const TELEGRAM_WEBHOOK_PORTS = ["", "443", "80", "88", "8443"];

/** Variables both modes share. */
const common = z.object({
  BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]{30,}$/, "must look like 123456789:AA... (from @BotFather)")
    .optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default("redis://127.0.0.1:6379"),
  REDIS_SENTINELS: redisSentinels.optional(),
  REDIS_SENTINEL_NAME: z
    .string()
    .regex(/^[\w.-]{1,100}$/, "the master's name in the sentinels' configuration, e.g. mymaster")
    .optional(),
  REDIS_SENTINEL_PASSWORD: z.string().optional(),
  TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/ }).optional(),
  ADMIN_IDS: adminIds,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PHONE_AREA_CODE: z
    .string()
    .regex(/^7\d{3}$/, "the town's 4-digit telephone area code, starting with 7, e.g. 7187")
    .optional(),
  DEFAULT_LOCALE: z.enum(LOCALES).default("ru"),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  IDLE_CLOSE_DAYS: z.coerce.number().int().min(30).max(3650).default(DEFAULT_IDLE_CLOSE_DAYS),
  RATE_LIMIT: z
    .string()
    .regex(/^\d{1,4}\/\d{1,4}s$/, 'updates per window, like "20/10s"')
    .default("20/10s"),
  METRICS_PORT: port.optional(),
  METRICS_HOST: z.union([z.ipv4(), z.ipv6()], "an IP address to bind /metrics to, e.g. 127.0.0.1").default("127.0.0.1"),
});

const polling = common.extend({ BOT_MODE: z.literal("polling") });

const webhook = common.extend({
  BOT_MODE: z.literal("webhook"),
  WEBHOOK_URL: z.url({
    protocol: /^https?$/,
    error: "required when BOT_MODE=webhook: the URL Telegram posts to, e.g. https://bot.example.kz/telegram",
  }),
  WEBHOOK_SECRET: z
    .string({ error: "required when BOT_MODE=webhook, e.g. from `openssl rand -hex 32`" })
    .regex(
      /^[A-Za-z0-9_-]{1,256}$/,
      "1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule), e.g. from `openssl rand -hex 32`",
    ),
  PORT: port.default(8080),
});

/** The variables of each mode; polling when BOT_MODE is unset. */
const envSchema = z
  .preprocess(
    (env) => ({ BOT_MODE: "polling", ...(env as object) }),
    z.discriminatedUnion("BOT_MODE", [polling, webhook], { error: 'BOT_MODE must be "polling" or "webhook"' }),
  )
  .superRefine((env, ctx) => {
    if (env.REDIS_SENTINELS && !env.REDIS_SENTINEL_NAME) {
      ctx.addIssue({
        code: "custom",
        path: ["REDIS_SENTINEL_NAME"],
        message: "required with REDIS_SENTINELS: the master's name the sentinels monitor, e.g. mymaster",
      });
    }
    // Telegram's servers post only to https on four ports; a self-hosted Bot API server (TELEGRAM_API_ROOT)
    // posts to any URL, http and local addresses included (https://github.com/tdlib/telegram-bot-api#usage).
    if (env.BOT_MODE !== "webhook" || env.TELEGRAM_API_ROOT) return;
    const url = new URL(env.WEBHOOK_URL);
    if (url.protocol !== "https:") {
      ctx.addIssue({
        code: "custom",
        path: ["WEBHOOK_URL"],
        message: "must be an https URL (http is allowed only with a self-hosted Bot API, TELEGRAM_API_ROOT)",
      });
    } else if (!TELEGRAM_WEBHOOK_PORTS.includes(url.port)) {
      ctx.addIssue({
        code: "custom",
        path: ["WEBHOOK_URL"],
        message:
          "Telegram only posts to ports 443, 80, 88 and 8443 (any port with a self-hosted Bot API, TELEGRAM_API_ROOT)",
      });
    }
  });

/** Every variable the configuration reads, for .env.example and the README. */
export const CONFIG_VARIABLES: readonly string[] = [
  ...new Set([...polling.keyof().options, ...webhook.keyof().options]),
];

/** The configuration the program sees: the schema's output, renamed to camelCase and grouped. */
const configSchema = envSchema.transform((e) => {
  const shared = {
    botToken: e.BOT_TOKEN,
    redis: {
      url: e.REDIS_URL,
      sentinels:
        e.REDIS_SENTINELS && e.REDIS_SENTINEL_NAME
          ? { nodes: e.REDIS_SENTINELS, name: e.REDIS_SENTINEL_NAME, password: e.REDIS_SENTINEL_PASSWORD }
          : undefined,
    },
    telegramApiRoot: e.TELEGRAM_API_ROOT,
    adminIds: e.ADMIN_IDS as readonly number[],
    logLevel: e.LOG_LEVEL,
    phoneAreaCode: e.PHONE_AREA_CODE,
    defaultLocale: e.DEFAULT_LOCALE,
    retentionDays: e.RETENTION_DAYS,
    /** Days an open pre-application may go with nothing happening before the system closes it. */
    idleCloseDays: e.IDLE_CLOSE_DAYS,
    /** Incoming updates one user may send per window before being asked to slow down. */
    rateLimit: {
      limit: Number(e.RATE_LIMIT.split("/")[0]),
      windowMs: Number(e.RATE_LIMIT.split("/")[1]!.slice(0, -1)) * 1000,
    },
    /** Where GET /metrics (and /healthz) are served; undefined: /metrics is not served. */
    metrics: e.METRICS_PORT === undefined ? undefined : { port: e.METRICS_PORT, host: e.METRICS_HOST },
  };
  // polling: long polling with @grammyjs/runner; webhook: an HTTP server Telegram posts to (several instances).
  return e.BOT_MODE === "webhook"
    ? { ...shared, mode: "webhook" as const, webhook: { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET, port: e.PORT } }
    : { ...shared, mode: "polling" as const };
});

export type Config = z.output<typeof configSchema>;

/** Thrown with one line per bad variable, so start-up can print it and exit without a stack trace. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

/** Reads the configuration; empty strings count as unset, as they do in most .env files. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".") || "BOT_MODE"}: ${i.message}`));
  }
  return result.data;
}
