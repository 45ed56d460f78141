/**
 * Typed configuration from the environment. Every variable is documented in .env.example and the
 * README; a bad value stops start-up with one clear line per problem.
 */
import { z } from "zod";
import { LOCALES } from "./domain/catalog.js";

const adminIds = z
  .string()
  .default("")
  .transform((value, ctx) => {
    const ids: number[] = [];
    for (const part of value.split(",").map((p) => p.trim()).filter(Boolean)) {
      if (!/^\d{1,15}$/.test(part)) {
        ctx.addIssue({ code: "custom", message: `"${part}" is not a Telegram user id (digits only)` });
        return z.NEVER;
      }
      ids.push(Number(part));
    }
    return ids;
  });

/** Ports Telegram delivers webhooks to. */
const TELEGRAM_WEBHOOK_PORTS = ["", "443", "80", "88", "8443"];

const schema = z.object({
  BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]{30,}$/, "must look like 123456789:AA... (from @BotFather)")
    .optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default("redis://127.0.0.1:6379"),
  TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/ }).optional(),
  ADMIN_IDS: adminIds,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PHONE_AREA_CODE: z
    .string()
    .regex(/^7\d{3}$/, "the town's 4-digit telephone area code, starting with 7, e.g. 7187")
    .optional(),
  DEFAULT_LOCALE: z.enum(LOCALES).default("ru"),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  BOT_MODE: z.enum(["polling", "webhook"]).default("polling"),
  WEBHOOK_URL: z
    .url({ protocol: /^https$/, error: "must be an https URL, e.g. https://bot.example.kz/telegram" })
    .refine((url) => TELEGRAM_WEBHOOK_PORTS.includes(new URL(url).port), "Telegram only posts to ports 443, 80, 88 and 8443")
    .optional(),
  WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, "1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule), e.g. from `openssl rand -hex 32`")
    .optional(),
  PORT: z.coerce.number().int().min(1).max(65_535).default(8080),
  RATE_LIMIT: z
    .string()
    .regex(/^\d{1,4}\/\d{1,4}s$/, 'updates per window, like "20/10s"')
    .default("20/10s"),
}).superRefine((env, ctx) => {
  if (env.BOT_MODE !== "webhook") return;
  if (!env.WEBHOOK_URL) ctx.addIssue({ code: "custom", path: ["WEBHOOK_URL"], message: "required when BOT_MODE=webhook: the public https URL Telegram posts to" });
  if (!env.WEBHOOK_SECRET) ctx.addIssue({ code: "custom", path: ["WEBHOOK_SECRET"], message: "required when BOT_MODE=webhook, e.g. from `openssl rand -hex 32`" });
});

export type Env = z.infer<typeof schema>;

export interface Config {
  botToken: string | undefined;
  redisUrl: string;
  telegramApiRoot: string | undefined;
  adminIds: readonly number[];
  logLevel: Env["LOG_LEVEL"];
  phoneAreaCode: string | undefined;
  defaultLocale: Env["DEFAULT_LOCALE"];
  retentionDays: number;
  /** polling: long polling with @grammyjs/runner; webhook: an HTTP server Telegram posts to (several instances). */
  mode: "polling" | "webhook";
  webhook: { url: string; secret: string } | undefined;
  /** The HTTP port: the webhook, /healthz and /metrics. */
  port: number;
  /** Incoming updates one user may send per window before being asked to slow down. */
  rateLimit: { limit: number; windowMs: number };
}

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
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = result.data;
  return {
    botToken: e.BOT_TOKEN,
    redisUrl: e.REDIS_URL,
    telegramApiRoot: e.TELEGRAM_API_ROOT,
    adminIds: e.ADMIN_IDS,
    logLevel: e.LOG_LEVEL,
    phoneAreaCode: e.PHONE_AREA_CODE,
    defaultLocale: e.DEFAULT_LOCALE,
    retentionDays: e.RETENTION_DAYS,
    mode: e.BOT_MODE,
    webhook: e.BOT_MODE === "webhook" ? { url: e.WEBHOOK_URL!, secret: e.WEBHOOK_SECRET! } : undefined,
    port: e.PORT,
    rateLimit: { limit: Number(e.RATE_LIMIT.split("/")[0]), windowMs: Number(e.RATE_LIMIT.split("/")[1]!.slice(0, -1)) * 1000 },
  };
}
