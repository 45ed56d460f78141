/**
 * Session storage that keeps the bot answering while Redis is away. A failed read yields a fresh
 * session (so menus and cards still work, in the app's language), and the write-back of that update is
 * skipped, so a transient failure never overwrites the real session with an empty one.
 * grammY's session plugin has no such mode: a storage error fails the whole update.
 */
import type { StorageAdapter } from "grammy";

export interface StorageHealth {
  /** Called with each storage error; the caller logs it and flips its health flag. */
  onError(error: unknown): void;
}

/** Wraps a storage adapter so that its failures degrade the session instead of failing the update. */
export function resilientStorage<T>(inner: StorageAdapter<T>, health: StorageHealth): StorageAdapter<T> {
  const unreadable = new Set<string>();
  return {
    async read(key) {
      try {
        const value = await inner.read(key);
        unreadable.delete(key);
        return value;
      } catch (error) {
        unreadable.add(key);
        health.onError(error);
        return undefined;
      }
    },
    async write(key, value) {
      if (unreadable.delete(key)) return;
      try {
        await inner.write(key, value);
      } catch (error) {
        health.onError(error);
      }
    },
    async delete(key) {
      try {
        await inner.delete(key);
      } catch (error) {
        health.onError(error);
      }
    },
  };
}
