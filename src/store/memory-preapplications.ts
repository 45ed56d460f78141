/**
 * The in-memory pre-application store, for the terminal demo when no Redis is reachable. Same contract as
 * the Redis store (test/store/preapplications.contract.test.ts). Records are copied in and out, so callers
 * can never change stored state by mutating an object they hold. Retention is enforced by purgeExpired only.
 */
import { isClosedStatus, isOverdue, preApplicationSchema, type PreApplication } from "../domain/preapplication.js";
import {
  checkPage,
  checkRetention,
  CREATION_LOG_MS,
  DEFAULT_RETENTION_MS,
  DuplicatePreApplicationError,
  emptyStatusCounts,
  footprintOf,
  checkNextRevision,
  queueScore,
  type Page,
  type PageResult,
  type PreApplicationStore,
  type PreApplicationStoreOptions,
  type ServiceStats,
} from "./preapplications.js";

/** Orders by a number, then by id, the way Redis orders sorted-set members with equal scores. */
function byScoreThenId(score: (app: PreApplication) => number) {
  return (a: PreApplication, b: PreApplication): number =>
    score(a) - score(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A pre-application store in process memory: everything is lost on exit. */
export function createMemoryPreApplicationStore(options: PreApplicationStoreOptions = {}): PreApplicationStore {
  const retentionMs = checkRetention(options.retentionMs ?? DEFAULT_RETENTION_MS);
  const records = new Map<string, PreApplication>();
  const idByRef = new Map<string, string>();
  const sequences = new Map<number, number>();
  /** citizenId -> creation times of the last CREATION_LOG_MS; deleteCitizen leaves it (see countCreatedSince). */
  const creations = new Map<number, number[]>();
  /** submissionId -> id; kept for the life of the process (the demo's). */
  const submissions = new Map<string, string>();

  const copy = (app: PreApplication): PreApplication => structuredClone(app);
  const all = (): PreApplication[] => [...records.values()];
  const byCreated = byScoreThenId((a) => a.createdAt);

  /** The open records matching `filter`, in queue order (the Redis store's sorted-set order). */
  const open = (filter: (app: PreApplication) => boolean): PreApplication[] =>
    all()
      .filter((a) => !isClosedStatus(a.status) && filter(a))
      .sort(byScoreThenId(queueScore));

  const pageOf = (filter: (app: PreApplication) => boolean, page: Page): PageResult<PreApplication> => {
    checkPage(page);
    const matching = open(filter);
    return { items: matching.slice(page.offset, page.offset + page.limit).map(copy), total: matching.length };
  };

  const remove = (app: PreApplication): void => {
    records.delete(app.id);
    idByRef.delete(app.ref);
  };

  const purgeExpired = async (now: number): Promise<number> => {
    const expired = all().filter((a) => isClosedStatus(a.status) && (a.closedAt ?? a.createdAt) + retentionMs <= now);
    expired.forEach(remove);
    return expired.length;
  };

  return {
    async nextSequence(serviceId) {
      const next = (sequences.get(serviceId) ?? 0) + 1;
      sequences.set(serviceId, next);
      return next;
    },

    async create(app, submissionId) {
      const valid = preApplicationSchema.parse(app);
      const claimedBy = submissionId === undefined ? undefined : submissions.get(submissionId);
      if (claimedBy !== undefined) {
        const existing = records.get(claimedBy);
        if (!existing || existing.citizenId !== valid.citizenId)
          throw new DuplicatePreApplicationError(valid.id, valid.ref);
        return { created: false, existing: copy(existing) };
      }
      if (records.has(valid.id) || idByRef.has(valid.ref)) throw new DuplicatePreApplicationError(valid.id, valid.ref);
      records.set(valid.id, copy(valid));
      idByRef.set(valid.ref, valid.id);
      if (submissionId !== undefined) submissions.set(submissionId, valid.id);
      const made = (creations.get(valid.citizenId) ?? []).filter((at) => at > valid.createdAt - CREATION_LOG_MS);
      creations.set(valid.citizenId, [...made, valid.createdAt]);
      return { created: true };
    },

    async findBySubmission(citizenId, submissionId) {
      const id = submissions.get(submissionId);
      const app = id === undefined ? undefined : records.get(id);
      return app?.citizenId === citizenId ? copy(app) : undefined;
    },

    async get(id) {
      const app = records.get(id);
      return app && copy(app);
    },

    async getByRef(ref) {
      const id = idByRef.get(ref);
      const app = id === undefined ? undefined : records.get(id);
      return app && copy(app);
    },

    async listByCitizen(citizenId) {
      return all()
        .filter((a) => a.citizenId === citizenId)
        .sort(byCreated)
        .reverse()
        .map(copy);
    },

    listOpenByOwner: async (ownerId, page) => pageOf((a) => a.ownerId === ownerId, page),
    listUnowned: async (page) => pageOf((a) => a.ownerId === undefined, page),
    listOpen: async (page) => pageOf(() => true, page),

    async listOverdue(now) {
      return open((a) => isOverdue(a, now)).map(copy);
    },

    // Records in memory are always written in the current format.
    upgradeLegacy: async () => [],

    async applyTransition(before, after) {
      checkNextRevision(before, after);
      const valid = preApplicationSchema.parse(after);
      const stored = records.get(before.id);
      if (!stored) return { ok: false, reason: "not_found" };
      if (stored.rev !== before.rev) return { ok: false, reason: "conflict" };
      records.set(valid.id, copy(valid));
      return { ok: true };
    },

    async countCreatedSince(citizenId, since) {
      return (creations.get(citizenId) ?? []).filter((at) => at > since).length;
    },

    async countOpenByCitizenAndService(citizenId, serviceId) {
      return all().filter((a) => a.citizenId === citizenId && a.serviceId === serviceId && !isClosedStatus(a.status))
        .length;
    },

    async deleteCitizen(citizenId) {
      const mine = all().filter((a) => a.citizenId === citizenId);
      mine.forEach(remove);
      return mine.sort(byCreated).map(footprintOf);
    },

    async stats(now) {
      await purgeExpired(now);
      const total = emptyStatusCounts();
      const byService = new Map<number, ServiceStats>();
      let overdue = 0;
      for (const app of records.values()) {
        let entry = byService.get(app.serviceId);
        if (!entry) {
          entry = { serviceId: app.serviceId, byStatus: emptyStatusCounts(), overdue: 0 };
          byService.set(app.serviceId, entry);
        }
        entry.byStatus[app.status] += 1;
        total[app.status] += 1;
        if (isOverdue(app, now)) {
          entry.overdue += 1;
          overdue += 1;
        }
      }
      const services = [...byService.values()].sort((a, b) => a.serviceId - b.serviceId);
      return { services, total, overdue };
    },

    async listCreatedBetween(from, to) {
      return all()
        .filter((a) => a.createdAt >= from && a.createdAt < to)
        .sort(byCreated)
        .map(copy);
    },

    purgeExpired,
  };
}
