/**
 * Lua scripts on Redis, run by SHA1 and sent in full only when Redis does not know them yet (after a
 * restart or SCRIPT FLUSH). ioredis' defineCommand does the same but adds untyped methods to the
 * shared client; a function per script keeps the stores typed and the client untouched.
 */
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

export type ScriptArg = string | number;
export type LuaScript = (keys: readonly string[], args: readonly ScriptArg[]) => Promise<unknown>;

/** Wraps a Lua script for one client. */
export function luaScript(redis: Redis, lua: string): LuaScript {
  const sha = createHash("sha1").update(lua).digest("hex");
  return async (keys, args) => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return await redis.eval(lua, keys.length, ...keys, ...args);
    }
  };
}
