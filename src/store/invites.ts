/**
 * One-time officer invite tokens: an admin creates one for a catalog officer, the officer opens
 * `t.me/<bot>?start=inv_<token>` and is linked. Tokens are valid 72 hours and redeem once.
 *
 * Redis keys: `P inv:<sha256(token)>`, described in docs/REDIS-KEYS.md. They outlive use and expiry by
 * KEEP_AFTER_MS, so "used" and "expired" can be told from "unknown".
 * Only a hash of the token is stored: someone who can read Redis cannot redeem a pending invite.
 *
 * The memory store keeps the same states in a Map and forgets entries KEEP_AFTER_MS after they stop mattering.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { z } from "zod";
import { KEY_PREFIX } from "./keys.js";

export const INVITE_VALIDITY_MS = 72 * 60 * 60 * 1000;
/** How long an expired or used invite is remembered, to answer "expired" or "used" rather than "unknown". */
export const KEEP_AFTER_MS = 7 * 24 * 60 * 60 * 1000;
/** 18 random bytes = 144 bits, 24 base64url characters: "/start inv_<token>" stays far below Telegram's 64. */
const TOKEN_BYTES = 18;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,40}$/;

export type RedeemResult =
  { ok: true; officerId: string; createdBy: number } | { ok: false; reason: "unknown" | "used" | "expired" };

export interface InviteStore {
  /** Creates a single-use token for the officer, valid INVITE_VALIDITY_MS from `now`. */
  create(officerId: string, createdBy: number, now: number): Promise<string>;
  /** Uses the token up atomically: of two concurrent redemptions exactly one succeeds. */
  redeem(token: string, now: number): Promise<RedeemResult>;
}

const pendingSchema = z.strictObject({
  officerId: z.string().min(1),
  createdBy: z.number().int(),
  expiresAt: z.number(),
});

function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function checkOfficerId(officerId: string): void {
  if (officerId.trim() === "") throw new RangeError("an invite needs an officer id");
}

// ---------------------------------------------------------------------------------------------------------
// Redis

/** KEYS[1] = invite key; ARGV = now, used-marker JSON, marker TTL (ms). Returns {state[, pending JSON]}. */
const REDEEM_LUA = `
local inviteKey = KEYS[1]
local now = tonumber(ARGV[1])
local usedMarker = ARGV[2]
local markerTtlMs = ARGV[3]

local raw = redis.call('GET', inviteKey)
if not raw then return {'unknown'} end
local invite = cjson.decode(raw)
if invite.usedAt then return {'used'} end
if now >= invite.expiresAt then return {'expired'} end
redis.call('SET', inviteKey, usedMarker, 'PX', markerTtlMs)
return {'ok', raw}`;

/** The Redis invite store. */
export function createRedisInviteStore(redis: Redis, options: { prefix?: string } = {}): InviteStore {
  const keyOf = (token: string) => `${options.prefix ?? KEY_PREFIX}inv:${tokenHash(token)}`;
  return {
    async create(officerId, createdBy, now) {
      checkOfficerId(officerId);
      const token = newToken();
      const pending = { officerId, createdBy, expiresAt: now + INVITE_VALIDITY_MS };
      await redis.set(keyOf(token), JSON.stringify(pending), "PX", INVITE_VALIDITY_MS + KEEP_AFTER_MS);
      return token;
    },

    async redeem(token, now) {
      if (!TOKEN_PATTERN.test(token)) return { ok: false, reason: "unknown" };
      const reply = (await redis.eval(
        REDEEM_LUA,
        1,
        keyOf(token),
        now,
        JSON.stringify({ usedAt: now }),
        KEEP_AFTER_MS,
      )) as string[];
      const [state, raw] = reply;
      if (state === "ok" && raw !== undefined) {
        const pending = pendingSchema.parse(JSON.parse(raw));
        return { ok: true, officerId: pending.officerId, createdBy: pending.createdBy };
      }
      if (state === "unknown" || state === "used" || state === "expired") return { ok: false, reason: state };
      throw new Error(`unexpected redeem reply ${JSON.stringify(reply)}`);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Memory

type MemoryInvite =
  { state: "pending"; officerId: string; createdBy: number; expiresAt: number } | { state: "used"; forgetAt: number };

/** The in-memory invite store; redeem() runs without awaiting anything, so it is atomic in one process. */
export function createMemoryInviteStore(): InviteStore {
  const invites = new Map<string, MemoryInvite>();

  const forgetOld = (now: number): void => {
    for (const [hash, invite] of invites) {
      const forgetAt = invite.state === "used" ? invite.forgetAt : invite.expiresAt + KEEP_AFTER_MS;
      if (forgetAt <= now) invites.delete(hash);
    }
  };

  return {
    async create(officerId, createdBy, now) {
      checkOfficerId(officerId);
      forgetOld(now);
      const token = newToken();
      invites.set(tokenHash(token), { state: "pending", officerId, createdBy, expiresAt: now + INVITE_VALIDITY_MS });
      return token;
    },

    async redeem(token, now) {
      if (!TOKEN_PATTERN.test(token)) return { ok: false, reason: "unknown" };
      forgetOld(now);
      const hash = tokenHash(token);
      const invite = invites.get(hash);
      if (!invite) return { ok: false, reason: "unknown" };
      if (invite.state === "used") return { ok: false, reason: "used" };
      if (now >= invite.expiresAt) return { ok: false, reason: "expired" };
      invites.set(hash, { state: "used", forgetAt: now + KEEP_AFTER_MS });
      return { ok: true, officerId: invite.officerId, createdBy: invite.createdBy };
    },
  };
}
