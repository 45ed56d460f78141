/**
 * The "assigned to you" notice rides the durable queue like the other step notices: queued before the
 * assignment is stored, so a Redis outage or an instance dying right after the store cannot lose it, and
 * checked against the stored record at send time, so an assignment that was never stored says nothing.
 * And a citizen's step notice waiting for a retry is not silenced by a later entry they are not told of
 * (an appointment cleared). On memory stores with the recording notifier, as durable-notices.test.ts.
 */
import { describe, expect, it } from "vitest";
import type { FormDraft } from "../../src/app/index.js";
import { appScene, drainNotices } from "../support/app-harness.js";

const MONDAY = new Date("2026-11-23T10:00:00+05:00");
const DAY_MS = 24 * 60 * 60_000;
const OFFICER = "shotpayeva";
const OFFICER_USER = 501;
const OTHER_OFFICER = "girts";
const OTHER_USER = 777;
const ADMIN = 1;
const CITIZEN = 900;
const draft: FormDraft = { serviceId: 9, applicantName: "Айгерим Сапарова", phone: "+77011234567", channel: "portal" };
let submissions = 0;
const newSubmission = () => `assigned${String(++submissions).padStart(6, "0")}`;

async function scene() {
  const s = appScene({ now: MONDAY, adminIds: [ADMIN] });
  await s.deps.stores.officerLinks.link(OFFICER_USER, OFFICER);
  await s.deps.stores.officerLinks.link(OTHER_USER, OTHER_OFFICER);
  const submitted = await s.app.submit({ userId: CITIZEN, chatId: CITIZEN, locale: "kk" }, draft, newSubmission());
  if (!submitted.ok) throw new Error(`fixture: ${submitted.reason}`);
  s.notifier.sent.length = 0;
  return { ...s, request: submitted.app, admin: await s.app.actorOf(ADMIN) };
}

/** Every method of `stores` throws from `start()` to `end()`, as Redis going away would. */
function outage(...stores: object[]) {
  let down = false;
  for (const store of stores) {
    const methods = store as Record<string, unknown>;
    for (const [name, method] of Object.entries(methods)) {
      if (typeof method !== "function") continue;
      methods[name] = async (...args: unknown[]) => {
        if (down) throw new Error("Connection is closed (injected)");
        return (method as (...a: unknown[]) => Promise<unknown>).apply(store, args);
      };
    }
  }
  return { start: () => (down = true), end: () => (down = false) };
}

describe("the 'assigned to you' notice", () => {
  it("reproduces: Redis went away right after the assignment was stored; the admin saw success and the new owner never heard; now the queue tells them once", async () => {
    const { deps, app, notifier, request, admin } = await scene();
    const { preApplications, reminders } = deps.stores;
    const redis = outage(preApplications, reminders);
    const apply = preApplications.applyTransition;
    preApplications.applyTransition = async (before, after) => {
      const stored = await apply(before, after);
      redis.start();
      return stored;
    };
    const assigned = await app.changeStatus(admin, request.id, { action: "assign", ownerId: OTHER_OFFICER });
    redis.end();
    preApplications.applyTransition = apply;
    expect(assigned.ok).toBe(true);
    expect((await preApplications.get(request.id))?.ownerId).toBe(OTHER_OFFICER);
    expect(notifier.sent).toEqual([]);

    await drainNotices(deps, app, 61_000);
    await drainNotices(deps, app, DAY_MS);
    expect(notifier.of("new-preapplication").map((s) => [s.chatId, s.notice.assigned])).toEqual([[OTHER_USER, true]]);
  });

  it("sent at once when it goes through: the queue does not send it again", async () => {
    const { deps, app, notifier, request, admin } = await scene();
    expect((await app.changeStatus(admin, request.id, { action: "assign", ownerId: OTHER_OFFICER })).ok).toBe(true);
    await drainNotices(deps, app, DAY_MS);
    expect(notifier.of("new-preapplication").map((s) => [s.chatId, s.notice.assigned])).toEqual([[OTHER_USER, true]]);
  });

  it("an assignment that lost the compare-and-set says nothing, even to the officer who owns the request anyway", async () => {
    const { deps, app, notifier, request, admin } = await scene();
    const store = deps.stores.preApplications;
    const apply = store.applyTransition;
    store.applyTransition = async () => ({ ok: false, reason: "conflict" });
    // Assigning the owner again announces again (a new assignment), but only once it is stored.
    expect(await app.changeStatus(admin, request.id, { action: "assign", ownerId: OFFICER })).toEqual({
      ok: false,
      reason: "conflict",
    });
    store.applyTransition = apply;
    await drainNotices(deps, app, DAY_MS);
    expect(notifier.sent).toEqual([]);
  });
});

describe("the citizen's step notice and later entries they are not told of", () => {
  it("reproduces: 'contacted' waited for a retry, the officer cleared the appointment, and the citizen heard neither; now 'contacted' once", async () => {
    const { deps, app, notifier, request } = await scene();
    const officer = await app.actorOf(OFFICER_USER);
    const appointment = { at: deps.clock.now() + 3 * DAY_MS, place: "каб. 12" };
    expect((await app.changeStatus(officer, request.id, { action: "appoint", appointment })).ok).toBe(true);
    notifier.outcomes.set(CITIZEN, { outcome: "failed", error: "network" });
    expect((await app.changeStatus(officer, request.id, { action: "contact", outcome: "will_file" })).ok).toBe(true);
    notifier.outcomes.clear();
    expect((await app.changeStatus(officer, request.id, { action: "appoint", appointment: undefined })).ok).toBe(true);
    notifier.sent.length = 0;

    await drainNotices(deps, app, 61_000);
    await drainNotices(deps, app, DAY_MS);
    expect(notifier.of("status-changed").map((s) => [s.chatId, s.notice.app.status])).toEqual([[CITIZEN, "contacted"]]);
  });
});
