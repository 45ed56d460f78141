/**
 * Storage of pre-applications: the contract (`PreApplicationStore`) and its Redis implementation. The
 * in-memory implementation for the terminal demo is in memory-preapplications.ts; both pass one contract
 * test suite (test/store/preapplications.contract.test.ts).
 *
 * Redis keys: `P pa:…`, described in docs/REDIS-KEYS.md.
 * Consent is part of the record (field `consent`: text version and time given), so it lives exactly as long
 * as the data it covers, expires with it and is deleted with it.
 *
 * Every write (create, change, delete, sweep, upgrade) is one Lua script that checks its preconditions and
 * then writes the record and all its index entries, so indexes never disagree with records. Changes are
 * compare-and-set on the record's `rev` (not WATCH: WATCH is per connection, and one ioredis connection is
 * shared by every concurrent request of the process), so two concurrent edits (a note and a status change)
 * never overwrite each other.
 *
 * Records written before version 2 (no `v` field) are read through parseStoredRecord, and rewritten in the
 * new shape, indexes included, by upgradeLegacy() at start-up; until then a change to one is a conflict.
 *
 * Retention: closing a pre-application puts a TTL of `retentionMs` on its record and reference and an entry
 * in pa:expiry. Redis deletes the data on time even if no sweep runs; `purgeExpired(now)` (run it from a
 * timer, e.g. hourly) removes whatever is due from every index, expired record or not; reads drop dangling
 * index entries they meet on the way. So the record (name, phone, comment, consent) is gone on time, and the
 * leftovers (index entries and the pa:closed footprint, which holds the citizen's Telegram id) last until
 * the next sweep or read.
 */
import type { Redis } from "ioredis";
import { luaScript, type LuaScript } from "./lua.js";
import {
  isClosedStatus,
  legacyPreApplicationSchema,
  nextDeadline,
  parseStoredRecord,
  preApplicationSchema,
  STATUSES,
  upgradeRecord,
  type PreApplication,
  type PreApplicationStatus,
} from "../domain/preapplication.js";
import { DEFAULT_HASH_KEY, KEY_PREFIX, keyedHash } from "./keys.js";

export const DEFAULT_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;
/** How long a form submission's id keeps pointing at what it created: longer than an open form lives (7 days). */
export const SUBMISSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
export const MAX_PAGE_SIZE = 100;
/** How long the creation log remembers a creation: the daily cap's window. */
export const CREATION_LOG_MS = 24 * 60 * 60 * 1000;

/** What officers need to be told about a pre-application deleted at the citizen's request. */
export interface DeletedPreApplication {
  id: string;
  ref: string;
  serviceId: number;
  officerId: string;
  /** Absent in footprints written before version 2, and while nobody owns the request. */
  ownerId?: string;
  status: PreApplicationStatus;
}

/** The queue score of a request with no deadline ahead: after every dated one. */
export const NO_DEADLINE = Number.MAX_SAFE_INTEGER;

/** The score a request has in the queues: its next deadline (see nextDeadline), else last. */
export function queueScore(app: PreApplication): number {
  return nextDeadline(app) ?? NO_DEADLINE;
}

export interface Page {
  offset: number;
  limit: number;
}

export interface PageResult<T> {
  items: T[];
  total: number;
}

export type ApplyTransitionResult = { ok: true } | { ok: false; reason: "conflict" | "not_found" };

export interface ServiceStats {
  serviceId: number;
  byStatus: Record<PreApplicationStatus, number>;
  overdue: number;
}

export interface PreApplicationStats {
  /** Services with at least one pre-application kept, by ascending id. */
  services: ServiceStats[];
  total: Record<PreApplicationStatus, number>;
  /** Open pre-applications whose deadline is before `now`. */
  overdue: number;
}

/** Thrown by create() when the id or the reference is already taken (a bug or a broken random source). */
export class DuplicatePreApplicationError extends Error {
  constructor(
    readonly id: string,
    readonly ref: string,
  ) {
    super(`pre-application ${id} / ${ref} already exists`);
    this.name = "DuplicatePreApplicationError";
  }
}

/** What create() did: stored the new record, or found the one its submission id had already created. */
export type CreateResult = { created: true } | { created: false; existing: PreApplication };

export interface PreApplicationStore {
  /** The next reference number of a service: 1, 2, 3... atomically, even across processes. */
  nextSequence(serviceId: number): Promise<number>;
  /**
   * Stores a new pre-application; throws DuplicatePreApplicationError if its id or ref exists. With a
   * `submissionId` (the form's idempotency key) a second create of the same citizen's submission stores
   * nothing and returns the record the first one stored, atomically, even across processes.
   */
  create(app: PreApplication, submissionId?: string): Promise<CreateResult>;
  /** The pre-application the citizen's form submission created, if it is still kept. */
  findBySubmission(citizenId: number, submissionId: string): Promise<PreApplication | undefined>;
  get(id: string): Promise<PreApplication | undefined>;
  /** Looks up by the exact canonical reference (see normalizeRef in the domain). */
  getByRef(ref: string): Promise<PreApplication | undefined>;
  /** Every pre-application of the citizen still kept, newest first. */
  listByCitizen(citizenId: number): Promise<PreApplication[]>;
  /** The open requests an officer owns, nearest deadline first (ties by id), one page, with the total count. */
  listOpenByOwner(ownerId: string, page: Page): Promise<PageResult<PreApplication>>;
  /** The open requests nobody owns, nearest deadline first: the admins' "needs an owner" queue. */
  listUnowned(page: Page): Promise<PageResult<PreApplication>>;
  /** Every open request, nearest deadline first. */
  listOpen(page: Page): Promise<PageResult<PreApplication>>;
  /** Open requests whose running clock ran out before `now`, nearest first (at most MAX_PAGE_SIZE × 10). */
  listOverdue(now: number): Promise<PreApplication[]>;
  /** Replaces `before` by `after` (whose rev must be before.rev + 1) if the stored rev is still `before.rev`; "conflict" otherwise. */
  applyTransition(before: PreApplication, after: PreApplication): Promise<ApplyTransitionResult>;
  /** Rewrites every record stored before version 2 in the new shape, indexes included; returns the upgraded ones. */
  upgradeLegacy(now: number): Promise<PreApplication[]>;
  countOpenByCitizenAndService(citizenId: number, serviceId: number): Promise<number>;
  /**
   * Pre-applications the citizen created after `since` (at most CREATION_LOG_MS ago), those deleted since
   * included: the creation log outlives deleteCitizen, so erasing one's data does not reset the daily cap.
   * It holds no personal data (ids under a keyed hash, no record) and lasts CREATION_LOG_MS after the last creation.
   */
  countCreatedSince(citizenId: number, since: number): Promise<number>;
  /** Deletes every pre-application (with its consent) and index entry of the citizen; returns what was deleted. */
  deleteCitizen(citizenId: number): Promise<DeletedPreApplication[]>;
  /** Counts by service and status, and overdue ones; runs purgeExpired(now) first so expired data never counts. */
  stats(now: number): Promise<PreApplicationStats>;
  /** Pre-applications created in [from, to), oldest first (ties by id), for CSV export. */
  listCreatedBetween(from: number, to: number): Promise<PreApplication[]>;
  /** Removes closed pre-applications whose retention ended at or before `now`; returns how many. */
  purgeExpired(now: number): Promise<number>;
}

export interface PreApplicationStoreOptions {
  /** How long a closed pre-application is kept after closing. */
  retentionMs?: number;
}

export interface RedisPreApplicationStoreOptions extends PreApplicationStoreOptions {
  prefix?: string;
  /**
   * The secret of the keyed hash (HMAC-SHA256) that names a citizen's creation log, so the log holds no
   * Telegram id that a copy of the database alone could turn back into one (an unkeyed hash of a
   * ten-digit id could be reversed by trying them all).
   */
  hashKey?: string;
  /** The time a record read in the old format is upgraded at (its "migrated" history entry). */
  now?: () => number;
}

/** Rejects pages that are not non-negative integer offsets with a limit of 1..MAX_PAGE_SIZE. */
export function checkPage(page: Page): void {
  if (!Number.isSafeInteger(page.offset) || page.offset < 0) throw new RangeError(`bad page offset ${page.offset}`);
  if (!Number.isSafeInteger(page.limit) || page.limit < 1 || page.limit > MAX_PAGE_SIZE) {
    throw new RangeError(`page limit must be 1..${MAX_PAGE_SIZE}, got ${page.limit}`);
  }
}

/** Checks the retention option, shared by both stores. */
export function checkRetention(retentionMs: number): number {
  if (!Number.isSafeInteger(retentionMs) || retentionMs < 1) throw new RangeError(`bad retentionMs ${retentionMs}`);
  return retentionMs;
}

/** A zero count for every status. */
export function emptyStatusCounts(): Record<PreApplicationStatus, number> {
  return Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<PreApplicationStatus, number>;
}

/** The minimal info officers are told about a pre-application deleted at the citizen's request. */
export function footprintOf(app: PreApplication): DeletedPreApplication {
  const footprint: DeletedPreApplication = {
    id: app.id,
    ref: app.ref,
    serviceId: app.serviceId,
    officerId: app.officerId,
    status: app.status,
  };
  if (app.ownerId !== undefined) footprint.ownerId = app.ownerId;
  return footprint;
}

/** Checks that `after` is the next revision of `before`, shared by both stores. */
export function checkNextRevision(before: PreApplication, after: PreApplication): void {
  if (after.id !== before.id || after.ref !== before.ref)
    throw new Error("applyTransition: before and after are different records");
  if (after.rev !== before.rev + 1) throw new Error(`applyTransition: rev ${after.rev} does not follow ${before.rev}`);
}

// ---------------------------------------------------------------------------------------------------------
// Redis

/**
 * The one write script: checks guards, then runs write commands, all or nothing. The caller computes every
 * key, so all keys are declared in KEYS.
 *   ARGV = guardCount, (kind, keyIndex, value) per guard, then (command, keyIndex, argCount, args...) per write.
 * Guards: "absent" (key must not exist), "rev" (the JSON record's rev equals value, 0 for a record without
 * one; a missing record gives not_found), "legacy" (the record has no `v` and its status equals value),
 * "zcard" (sorted set size equals value), "zmember" (value is a member of the sorted set), "unclaimed"
 * (the key must not exist; if it does, the reply is "claimed:" followed by its value).
 */
const GUARDED_WRITE_LUA = `
local guardCount = tonumber(ARGV[1])
local firstGuard = 2

local pos = firstGuard
for _ = 1, guardCount do
  local kind, key, value = ARGV[pos], KEYS[tonumber(ARGV[pos + 1])], ARGV[pos + 2]
  pos = pos + 3
  if kind == 'absent' then
    if redis.call('EXISTS', key) == 1 then return 'conflict' end
  elseif kind == 'rev' then
    local raw = redis.call('GET', key)
    if not raw then return 'not_found' end
    if tostring(cjson.decode(raw).rev or 0) ~= value then return 'conflict' end
  elseif kind == 'legacy' then
    local raw = redis.call('GET', key)
    if not raw then return 'not_found' end
    local record = cjson.decode(raw)
    if record.v ~= nil or record.status ~= value then return 'conflict' end
  elseif kind == 'zcard' then
    if redis.call('ZCARD', key) ~= tonumber(value) then return 'conflict' end
  elseif kind == 'zmember' then
    if not redis.call('ZSCORE', key, value) then return 'conflict' end
  elseif kind == 'unclaimed' then
    local claimed = redis.call('GET', key)
    if claimed then return 'claimed:' .. claimed end
  else
    return redis.error_reply('unknown guard ' .. kind)
  end
end
local writable = { SET = true, DEL = true, PEXPIRE = true, ZADD = true, ZREM = true, ZREMRANGEBYSCORE = true, SADD = true, SREM = true, HSET = true, HDEL = true }
while pos <= #ARGV do
  local command, key, argCount = ARGV[pos], KEYS[tonumber(ARGV[pos + 1])], tonumber(ARGV[pos + 2])
  if not writable[command] then return redis.error_reply('command not allowed: ' .. command) end
  redis.call(command, key, unpack(ARGV, pos + 3, pos + 2 + argCount))
  pos = pos + 3 + argCount
end
return 'ok'`;

type GuardKind = "absent" | "rev" | "legacy" | "zcard" | "zmember" | "unclaimed";
type WriteCommand =
  "SET" | "DEL" | "PEXPIRE" | "ZADD" | "ZREM" | "ZREMRANGEBYSCORE" | "SADD" | "SREM" | "HSET" | "HDEL";
type WriteOutcome = "ok" | "conflict" | "not_found" | { claimedBy: string };

/** Collects guards and writes for one GUARDED_WRITE_LUA call. */
class GuardedWrite {
  private readonly keys: string[] = [];
  private readonly keyIndex = new Map<string, number>();
  private readonly guards: string[] = [];
  private readonly writes: string[] = [];

  guard(kind: GuardKind, key: string, value: string | number = ""): this {
    this.guards.push(kind, String(this.indexOf(key)), String(value));
    return this;
  }

  write(command: WriteCommand, key: string, ...args: (string | number)[]): this {
    this.writes.push(command, String(this.indexOf(key)), String(args.length), ...args.map(String));
    return this;
  }

  get isEmpty(): boolean {
    return this.guards.length === 0 && this.writes.length === 0;
  }

  async run(script: LuaScript): Promise<WriteOutcome> {
    const outcome = await script(this.keys, [String(this.guards.length / 3), ...this.guards, ...this.writes]);
    if (typeof outcome === "string" && outcome.startsWith("claimed:"))
      return { claimedBy: outcome.slice("claimed:".length) };
    if (outcome !== "ok" && outcome !== "conflict" && outcome !== "not_found")
      throw new Error(`unexpected reply ${String(outcome)}`);
    return outcome;
  }

  private indexOf(key: string): number {
    let index = this.keyIndex.get(key);
    if (index === undefined) {
      index = this.keys.push(key);
      this.keyIndex.set(key, index);
    }
    return index;
  }
}

/** Parses the footprint kept in pa:closed. */
function parseFootprint(raw: string): DeletedPreApplication & { citizenId: number } {
  const value = JSON.parse(raw) as DeletedPreApplication & { citizenId: number };
  if (typeof value.id !== "string" || typeof value.citizenId !== "number") throw new Error(`bad footprint ${raw}`);
  return value;
}

/** Optimistic multi-key operations retry this often before giving up under heavy contention. */
const MAX_ATTEMPTS = 10;
const PURGE_BATCH = 200;

/** The Redis pre-application store; its keys are described in docs/REDIS-KEYS.md. */
export function createRedisPreApplicationStore(
  redis: Redis,
  options: RedisPreApplicationStoreOptions = {},
): PreApplicationStore {
  const p = `${options.prefix ?? KEY_PREFIX}pa:`;
  const retentionMs = checkRetention(options.retentionMs ?? DEFAULT_RETENTION_MS);
  const hashKey = options.hashKey ?? DEFAULT_HASH_KEY;
  const hashOf = (value: string) => keyedHash(hashKey, value);
  const key = {
    rec: (id: string) => `${p}rec:${id}`,
    ref: (ref: string) => `${p}ref:${ref}`,
    seq: (serviceId: number) => `${p}seq:${serviceId}`,
    citizen: (citizenId: number) => `${p}citizen:${citizenId}`,
    officer: (officerId: string) => `${p}officer:${officerId}`,
    service: (serviceId: number, status: PreApplicationStatus) => `${p}service:${serviceId}:${status}`,
    open: `${p}open`,
    services: `${p}services`,
    submission: (submissionId: string) => `${p}sub:${submissionId}`,
    created: `${p}created`,
    expiry: `${p}expiry`,
    closed: `${p}closed`,
    unowned: `${p}unowned`,
    made: (citizenId: number) => `${p}made:${hashOf(String(citizenId))}`,
  };
  const now = options.now ?? Date.now;
  const guardedWrite = luaScript(redis, GUARDED_WRITE_LUA);

  // A record not upgraded yet is read in the new shape; upgradeLegacy() rewrites it for good.
  const parse = (raw: string): PreApplication => parseStoredRecord(JSON.parse(raw), now()).app;

  /** Writes the record and every index entry it belongs in. */
  const addRecord = (w: GuardedWrite, app: PreApplication, keepFor = retentionMs): void => {
    w.write("SET", key.rec(app.id), JSON.stringify(app))
      .write("SET", key.ref(app.ref), app.id)
      .write("ZADD", key.citizen(app.citizenId), app.createdAt, app.id)
      .write("ZADD", key.created, app.createdAt, app.id)
      .write("SADD", key.service(app.serviceId, app.status), app.id)
      .write("SADD", key.services, app.serviceId);
    if (isClosedStatus(app.status)) {
      const footprint = { ...footprintOf(app), citizenId: app.citizenId };
      w.write("PEXPIRE", key.rec(app.id), keepFor)
        .write("PEXPIRE", key.ref(app.ref), keepFor)
        .write("ZADD", key.expiry, (app.closedAt ?? app.createdAt) + retentionMs, app.id)
        .write("HSET", key.closed, app.id, JSON.stringify(footprint));
    } else {
      const score = queueScore(app);
      w.write("ZADD", app.ownerId === undefined ? key.unowned : key.officer(app.ownerId), score, app.id).write(
        "ZADD",
        key.open,
        score,
        app.id,
      );
    }
  };

  /** Removes the record and every index entry it can be in; needs only the footprint, not the record. */
  const removeRecord = (w: GuardedWrite, f: DeletedPreApplication & { citizenId: number }): void => {
    w.write("DEL", key.rec(f.id))
      .write("DEL", key.ref(f.ref))
      .write("ZREM", key.citizen(f.citizenId), f.id)
      .write("ZREM", key.created, f.id)
      .write("SREM", key.service(f.serviceId, f.status), f.id)
      .write("ZREM", key.officer(f.ownerId ?? f.officerId), f.id)
      .write("ZREM", key.unowned, f.id)
      .write("ZREM", key.open, f.id)
      .write("ZREM", key.expiry, f.id)
      .write("HDEL", key.closed, f.id);
  };

  /** Reads records by id; ids whose record has expired are cleaned from every index (by their footprint). */
  const readMany = async (ids: string[]): Promise<PreApplication[]> => {
    if (ids.length === 0) return [];
    const raws = await redis.mget(ids.map(key.rec));
    const missing = ids.filter((_, i) => raws[i] === null);
    if (missing.length > 0) await dropExpired(missing);
    return raws.filter((raw): raw is string => raw !== null).map(parse);
  };

  /** One page of a sorted-set index, with its size. */
  const pageOf = async (indexKey: string, page: Page): Promise<PageResult<PreApplication>> => {
    checkPage(page);
    const [ids, total] = await Promise.all([
      redis.zrange(indexKey, String(page.offset), String(page.offset + page.limit - 1)),
      redis.zcard(indexKey),
    ]);
    return { items: await readMany(ids), total };
  };

  /** Removes the index entries of records Redis has expired; a guard skips any record that reappeared. */
  const dropExpired = async (ids: string[]): Promise<void> => {
    const footprints = await redis.hmget(key.closed, ...ids);
    const w = new GuardedWrite();
    ids.forEach((id, i) => {
      const raw = footprints[i];
      if (!raw) return;
      w.guard("absent", key.rec(id));
      removeRecord(w, parseFootprint(raw));
    });
    if (!w.isEmpty) await w.run(guardedWrite);
  };

  const purgeExpired = async (now: number): Promise<number> => {
    let purged = 0;
    for (;;) {
      const ids = await redis.zrangebyscore(key.expiry, "-inf", now, "LIMIT", 0, PURGE_BATCH);
      if (ids.length === 0) return purged;
      const footprints = await redis.hmget(key.closed, ...ids);
      const w = new GuardedWrite();
      ids.forEach((id, i) => {
        const raw = footprints[i];
        // A closed record always has its footprint; without one there is nothing but the expiry entry to drop.
        if (raw) removeRecord(w, parseFootprint(raw));
        else w.write("ZREM", key.expiry, id);
      });
      await w.run(guardedWrite);
      purged += ids.length;
    }
  };

  const store: PreApplicationStore = {
    async nextSequence(serviceId) {
      return redis.incr(key.seq(serviceId));
    },

    async create(app, submissionId) {
      const valid = preApplicationSchema.parse(app);
      const w = new GuardedWrite();
      if (submissionId !== undefined) w.guard("unclaimed", key.submission(submissionId));
      w.guard("absent", key.rec(valid.id)).guard("absent", key.ref(valid.ref));
      addRecord(w, valid);
      if (submissionId !== undefined) w.write("SET", key.submission(submissionId), valid.id, "PX", SUBMISSION_TTL_MS);
      // In the same script as the record, so no creation escapes the log; entries older than the window
      // go (the privacy text promises the last day's count only), and the key goes CREATION_LOG_MS after
      // the last creation.
      const log = key.made(valid.citizenId);
      w.write("ZADD", log, valid.createdAt, hashOf(valid.id))
        .write("ZREMRANGEBYSCORE", log, "-inf", valid.createdAt - CREATION_LOG_MS)
        .write("PEXPIRE", log, CREATION_LOG_MS);
      const outcome = await w.run(guardedWrite);
      if (outcome === "ok") return { created: true };
      if (typeof outcome === "object") {
        const existing = await store.get(outcome.claimedBy);
        // The first record is gone already (erased on request): nothing to create again for this submission.
        if (!existing || existing.citizenId !== valid.citizenId)
          throw new DuplicatePreApplicationError(valid.id, valid.ref);
        return { created: false, existing };
      }
      throw new DuplicatePreApplicationError(valid.id, valid.ref);
    },

    async findBySubmission(citizenId, submissionId) {
      const id = await redis.get(key.submission(submissionId));
      const app = id === null ? undefined : await store.get(id);
      return app?.citizenId === citizenId ? app : undefined;
    },

    async get(id) {
      const raw = await redis.get(key.rec(id));
      return raw === null ? undefined : parse(raw);
    },

    async getByRef(ref) {
      const id = await redis.get(key.ref(ref));
      return id === null ? undefined : store.get(id);
    },

    async listByCitizen(citizenId) {
      return readMany(await redis.zrevrange(key.citizen(citizenId), 0, -1));
    },

    listOpenByOwner: (ownerId, page) => pageOf(key.officer(ownerId), page),
    listUnowned: (page) => pageOf(key.unowned, page),
    listOpen: (page) => pageOf(key.open, page),

    async listOverdue(at) {
      return (
        await readMany(await redis.zrangebyscore(key.open, "-inf", `(${at}`, "LIMIT", 0, MAX_PAGE_SIZE * 10))
      ).filter((app) => !isClosedStatus(app.status));
    },

    async upgradeLegacy(at) {
      const upgraded: PreApplication[] = [];
      for (let offset = 0; ; offset += PURGE_BATCH) {
        const ids = await redis.zrange(key.created, String(offset), String(offset + PURGE_BATCH - 1));
        if (ids.length === 0) return upgraded;
        const raws = await redis.mget(ids.map(key.rec));
        for (const raw of raws) {
          if (raw === null) continue;
          const stored: unknown = JSON.parse(raw);
          if (stored && typeof stored === "object" && "v" in stored) continue;
          const old = legacyPreApplicationSchema.parse(stored);
          const app = upgradeRecord(old, at);
          const keepFor = old.closedAt === undefined ? retentionMs : old.closedAt + retentionMs - at;
          // Past its retention: the sweep removes it; rewriting it would only extend its life.
          if (keepFor <= 0) continue;
          const w = new GuardedWrite().guard("legacy", key.rec(old.id), old.status);
          removeRecord(w, {
            id: old.id,
            ref: old.ref,
            serviceId: old.serviceId,
            officerId: old.officerId,
            status: old.status as PreApplicationStatus,
            citizenId: old.citizenId,
          });
          addRecord(w, app, keepFor);
          // Another instance upgrading at the same time wins the guard; its result is the same.
          if ((await w.run(guardedWrite)) === "ok") upgraded.push(app);
        }
      }
    },

    async applyTransition(before, after) {
      checkNextRevision(before, after);
      const valid = preApplicationSchema.parse(after);
      const w = new GuardedWrite().guard("rev", key.rec(before.id), before.rev);
      removeRecord(w, before);
      addRecord(w, valid);
      const outcome = await w.run(guardedWrite);
      if (typeof outcome === "object") throw new Error("applyTransition: no claim guard was set");
      return outcome === "ok" ? { ok: true } : { ok: false, reason: outcome };
    },

    async countOpenByCitizenAndService(citizenId, serviceId) {
      const apps = await store.listByCitizen(citizenId);
      return apps.filter((a) => a.serviceId === serviceId && !isClosedStatus(a.status)).length;
    },

    async countCreatedSince(citizenId, since) {
      return redis.zcount(key.made(citizenId), `(${since}`, "+inf");
    },

    async deleteCitizen(citizenId) {
      const citizenKey = key.citizen(citizenId);
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const ids = await redis.zrange(citizenKey, "0", "-1");
        if (ids.length === 0) return [];
        const [raws, footprints] = await Promise.all([redis.mget(ids.map(key.rec)), redis.hmget(key.closed, ...ids)]);
        const deleted: DeletedPreApplication[] = [];
        // The guards make the script fail if the citizen gained, lost or changed a pre-application meanwhile.
        const w = new GuardedWrite().guard("zcard", citizenKey, ids.length);
        ids.forEach((id, i) => {
          const raw = raws[i];
          const footprint = footprints[i];
          w.guard("zmember", citizenKey, id);
          if (raw) {
            const app = parse(raw);
            w.guard("rev", key.rec(id), JSON.parse(raw).rev ?? 0);
            removeRecord(w, app);
            deleted.push(footprintOf(app));
          } else {
            w.guard("absent", key.rec(id));
            if (footprint) removeRecord(w, parseFootprint(footprint));
            else w.write("ZREM", citizenKey, id);
          }
        });
        if ((await w.run(guardedWrite)) === "ok") return deleted;
      }
      throw new Error(`deleteCitizen: the citizen's data kept changing, gave up after ${MAX_ATTEMPTS} attempts`);
    },

    async stats(at) {
      await purgeExpired(at);
      const serviceIds = (await redis.smembers(key.services)).map(Number).sort((a, b) => a - b);
      const pipeline = redis.pipeline();
      for (const serviceId of serviceIds) for (const status of STATUSES) pipeline.scard(key.service(serviceId, status));
      const [counts, overdueIds] = await Promise.all([
        pipeline.exec(),
        redis.zrangebyscore(key.open, "-inf", `(${at}`),
      ]);
      const overdueApps = await readMany(overdueIds);
      const total = emptyStatusCounts();
      const services: ServiceStats[] = [];
      serviceIds.forEach((serviceId, s) => {
        const byStatus = emptyStatusCounts();
        STATUSES.forEach((status, k) => {
          const [error, count] = counts?.[s * STATUSES.length + k] ?? [new Error("no reply"), 0];
          if (error) throw error;
          byStatus[status] = Number(count);
          total[status] += Number(count);
        });
        if (STATUSES.some((status) => byStatus[status] > 0)) {
          services.push({ serviceId, byStatus, overdue: overdueApps.filter((a) => a.serviceId === serviceId).length });
        }
      });
      return { services, total, overdue: overdueApps.length };
    },

    async listCreatedBetween(from, to) {
      return readMany(await redis.zrangebyscore(key.created, from, `(${to}`));
    },

    purgeExpired,
  };
  return store;
}
