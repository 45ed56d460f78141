/**
 * Session storage that keeps the bot answering while Redis is away. A failed read yields a fresh
 * session (so menus and cards still work, in the app's language), and the write-back of that update is
 * skipped, so a transient failure never overwrites the real session with an empty one.
 * grammY's session plugin has no such mode: a storage error fails the whole update.
 */
import type { Context, StorageAdapter } from "grammy";
import type { VersionedStateStorage } from "@grammyjs/conversations";

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

export interface FormStorageHealth extends StorageHealth {
  /**
   * Whether an update cannot go on without its form (a press of one of the form's own buttons): a read
   * failure then fails the update instead of counting as "no form".
   */
  needsForm(ctx: Context): boolean;
  /**
   * What the caller knows without reading: `closed` says no form is open for this update's chat (the
   * read is skipped); `remember` is told what a read, write or delete that reached the store found.
   */
  known?: {
    closed(ctx: Context): boolean;
    remember(ctx: Context, open: boolean): void;
  };
}

/**
 * Form storage for the conversations plugin that keeps the bot answering while Redis is away: a form
 * that cannot be read counts as none (menus, cards and search go on) and is not written back, except on
 * updates that need their form (the form's own buttons), which fail so the user hears "temporarily
 * unavailable" and can press the same button again later.
 */
export function resilientFormStorage<S>(
  inner: VersionedStateStorage<string, S>,
  health: FormStorageHealth,
): VersionedStateStorage<Context, S> {
  const unreadable = new WeakSet<Context>();
  const keyOf = (ctx: Context) => ctx.chatId?.toString();
  return {
    async read(ctx) {
      const key = keyOf(ctx);
      if (key === undefined || health.known?.closed(ctx)) return undefined;
      try {
        const state = await inner.read(key);
        health.known?.remember(ctx, state !== undefined);
        return state;
      } catch (error) {
        if (health.needsForm(ctx)) throw error;
        unreadable.add(ctx);
        health.onError(error);
        return undefined;
      }
    },
    async write(ctx, state) {
      const key = keyOf(ctx);
      if (key === undefined || unreadable.has(ctx)) return;
      await inner.write(key, state);
      health.known?.remember(ctx, true);
    },
    async delete(ctx) {
      const key = keyOf(ctx);
      if (key === undefined || unreadable.has(ctx)) return;
      await inner.delete(key);
      health.known?.remember(ctx, false);
    },
  };
}
