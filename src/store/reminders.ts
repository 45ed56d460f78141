/**
 * The reminder queue: its contract (reminder-queue.ts) and its Redis and in-memory stores, in one import.
 */
export * from "./reminder-queue.js";
export { createRedisReminderStore, type RedisReminderStoreOptions } from "./reminders-redis.js";
export { createMemoryReminderStore } from "./reminders-memory.js";
