/**
 * The Redis key prefix. Every key the bot writes starts with it, so one Redis can host several
 * deployments; the whole key schema is in docs/REDIS-KEYS.md.
 */
export const KEY_PREFIX = "kyz:";
