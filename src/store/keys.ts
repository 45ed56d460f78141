import { createHmac } from "node:crypto";

/**
 * The Redis key prefix. Every key the bot writes starts with it, so one Redis can host several
 * deployments; the whole key schema is in docs/REDIS-KEYS.md.
 */
export const KEY_PREFIX = "kyz:";

/** The secret of keyed hashes when the deployment gives none (the terminal demo, tests). */
export const DEFAULT_HASH_KEY = "kyzmet-bot creation log";

/**
 * Names a key after a user without naming the user: an HMAC under a secret (the bot token in
 * production). A plain hash would not do: Telegram ids are about 10^10, so trying them all reverses it.
 */
export function keyedHash(secret: string, value: string): string {
  return createHmac("sha256", secret).update(value).digest("hex").slice(0, 32);
}
