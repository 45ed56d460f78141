import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Service } from "../../src/domain/catalog.js";
import {
  ACTIONS,
  availableActions,
  can,
  createPreApplication,
  formatRef,
  isOverdue,
  newPreApplicationId,
  normalizeRef,
  preApplicationSchema,
  STATUSES,
  transition,
  validateApplicantName,
  validateComment,
  validateForm,
  type Action,
  type Actor,
  type NewPreApplication,
  type PreApplication,
  type PreApplicationStatus,
  type RandomSource,
  type TransitionRequest,
  type TransitionAction,
  expireIdle,
  firstContactAt,
  IDLE_CLOSE_JOB,
  idleDaysAtExpiry,
  isIdle,
  lastActivityAt,
  MAX_NOTES,
  parseStoredRecord,
  runningClock,
  UNDO_WINDOW_MS,
  unreachableAttempts,
} from "../../src/domain/preapplication.js";

const NOW = Date.UTC(2026, 1, 10, 6, 0); // 10 Feb 2026, 11:00 in Almaty
const HOUR = 3_600_000;

const kindergartenQueue: Service = {
  id: 7,
  name: { kk: "Кезекке қою", ru: "Постановка на очередь", en: "Kindergarten waiting list" },
  short: { kk: "Балабақшаға кезек", ru: "Очередь в детский сад", en: "Kindergarten waiting list" },
  ruNameStatus: "confirmed",
  channels: ["con", "office", "portal"],
  time: [{ value: 30, unit: "minutes" }],
  officer: "ospanova",
  source: { channels: "ХҚКО / мо / портал", time: "30 мин", officer: "Оспанова Б.И.", phone: "50-11-78" },
  flags: [],
  keywords: { kk: [], ru: [], en: [] },
};

/** A random source that returns the given bytes, cycling. */
function fixedBytes(...bytes: number[]): RandomSource {
  return (n) => Uint8Array.from({ length: n }, (_, i) => bytes[i % bytes.length] ?? 0);
}

function newInput(overrides: Partial<NewPreApplication> = {}): NewPreApplication {
  return {
    id: "id-1",
    ref: "KZ-7-0001-ABCDE",
    service: kindergartenQueue,
    channel: "office",
    citizen: { userId: 1001, chatId: 1001, locale: "kk" },
    form: { applicantName: "  Айгерим   Сапарова ", phone: "8 701 123 45 67", comment: " Кезек туралы " },
    responseDue: { at: NOW + 2 * HOUR, certain: true },
    ownerId: "ospanova",
    consentTextVersion: "consent-v1",
    now: NOW,
    ...overrides,
  };
}

function newApp(): PreApplication {
  const result = createPreApplication(newInput());
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.app;
}

describe("createPreApplication", () => {
  it("builds a valid new record with normalised form values, consent, its owner, the response promise and a first history entry", () => {
    const result = createPreApplication(newInput());
    expect(result).toEqual({
      ok: true,
      app: {
        v: 2,
        rev: 1,
        id: "id-1",
        ref: "KZ-7-0001-ABCDE",
        serviceId: 7,
        officerId: "ospanova",
        ownerId: "ospanova",
        citizenId: 1001,
        citizenChatId: 1001,
        citizenLocale: "kk",
        applicantName: "Айгерим Сапарова",
        phone: "+77011234567",
        channel: "office",
        comment: "Кезек туралы",
        status: "new",
        createdAt: NOW,
        responseDueAt: NOW + 2 * HOUR,
        responseCertain: true,
        consent: { textVersion: "consent-v1", givenAt: NOW },
        history: [{ step: "created", status: "new", at: NOW, by: { role: "citizen", id: "1001" } }],
        notes: [],
      },
    });
    expect(preApplicationSchema.safeParse(result.ok && result.app).success).toBe(true);
  });

  it("leaves the owner out when nobody can take it, so it waits in the admins' queue", () => {
    const result = createPreApplication(newInput({ ownerId: undefined }));
    expect(result.ok && "ownerId" in result.app).toBe(false);
  });

  it("leaves a blank comment out", () => {
    const result = createPreApplication(
      newInput({ form: { applicantName: "Ли Ён", phone: "+77011234567", comment: "   " } }),
    );
    expect(result.ok && "comment" in result.app).toBe(false);
  });

  it("reports every problem at once, a channel the service does not offer included", () => {
    const service: Service = { ...kindergartenQueue, channels: ["portal"] };
    const result = createPreApplication(
      newInput({ service, form: { applicantName: "A", phone: "+7 916 123 45 67", comment: "x".repeat(501) } }),
    );
    expect(result).toEqual({
      ok: false,
      problems: { applicantName: "too_short", phone: "russian_number", comment: "too_long", channel: "not_offered" },
    });
  });

  it("refuses only the channel when the form is fine", () => {
    const result = createPreApplication(
      newInput({ channel: "portal", service: { ...kindergartenQueue, channels: ["con"] } }),
    );
    expect(result).toEqual({ ok: false, problems: { channel: "not_offered" } });
  });
});

const OWNER: Actor = { kind: "officer", userId: 3003, officerId: "ospanova", actsFor: ["ospanova"] };
const CITIZEN: Actor = { kind: "citizen", userId: 1001 };
const SYSTEM = { kind: "system", job: IDLE_CLOSE_JOB } as const;
const DAY = 24 * HOUR;
/** The moment every step of `walk` was taken, and a minute later, when the matrix is checked. */
const STEP_AT = NOW + HOUR;
const CHECK_AT = STEP_AT + 60_000;

function step(app: PreApplication, request: TransitionRequest, actor: Actor = OWNER, at = STEP_AT): PreApplication {
  const result = transition(app, request, actor, at);
  if (!result.ok) throw new Error(`${request.action}: ${JSON.stringify(result.error)}`);
  return result.app;
}

const FILING: TransitionRequest = {
  action: "file",
  channel: "portal",
  filedAt: STEP_AT,
  regNumber: "KZ 12/345",
  due: { at: STEP_AT + 19 * 24 * HOUR, certain: true },
};

/** A request brought to `status` the way people do it, every step by the owner (the citizen cancels). */
function walk(status: PreApplicationStatus): PreApplication {
  const fresh = newApp();
  const contacted = () => step(fresh, { action: "contact", outcome: "will_file" });
  const filed = () => step(contacted(), FILING);
  switch (status) {
    case "new":
      return fresh;
    case "contacted":
      return contacted();
    case "filed":
      return filed();
    case "result_issued":
      return step(filed(), { action: "issue" });
    case "refused":
      return step(filed(), { action: "refuse", reason: { preset: "documents_incomplete" } });
    case "advised":
      return step(contacted(), { action: "close", reason: { preset: "advice_enough" } });
    case "cancelled":
      return step(fresh, { action: "cancel" }, CITIZEN);
    case "expired": {
      const expired = expireIdle(fresh, SYSTEM, STEP_AT + 181 * DAY, 180 * DAY);
      if (!expired.ok) throw new Error(JSON.stringify(expired.error));
      return expired.app;
    }
  }
}

/** One valid request per action. */
const REQUESTS: Record<TransitionAction, TransitionRequest> = {
  contact: { action: "contact", outcome: "advised" },
  file: FILING,
  issue: { action: "issue" },
  refuse: { action: "refuse", reason: { preset: "other", text: "Справка не та" } },
  close: { action: "close", reason: { preset: "duplicate" } },
  cancel: { action: "cancel" },
  assign: { action: "assign", ownerId: "girts" },
  appoint: { action: "appoint", appointment: { at: NOW + 72 * HOUR, place: "каб. 12" } },
  note: { action: "note", text: "Перезвонить после обеда" },
  undo: { action: "undo" },
};

describe("authorization matrix: can(actor, action, app) for every actor × action × status", () => {
  const actors: Record<string, Actor> = {
    "citizen (their own)": CITIZEN,
    "citizen (someone else)": { kind: "citizen", userId: 2002 },
    "officer (owner, who took the last step)": OWNER,
    "officer (covering the owner)": {
      kind: "officer",
      userId: 3300,
      officerId: "girts",
      actsFor: ["girts", "ospanova"],
    },
    "officer (not the owner)": { kind: "officer", userId: 4004, officerId: "girts", actsFor: ["girts"] },
    admin: { kind: "admin", userId: 5005 },
  };
  const ALL: PreApplicationStatus[] = [...STATUSES];
  const OPEN: PreApplicationStatus[] = ["new", "contacted", "filed"];
  const BEFORE_FILING: PreApplicationStatus[] = ["new", "contacted"];
  const UNDOABLE: PreApplicationStatus[] = ["result_issued", "refused", "advised"];
  const NONE: PreApplicationStatus[] = [];
  const nothing = Object.fromEntries(ACTIONS.map((a) => [a, NONE])) as Record<Action, PreApplicationStatus[]>;
  const ownerRights: Record<Action, PreApplicationStatus[]> = {
    view: ALL,
    contact: BEFORE_FILING,
    file: BEFORE_FILING,
    issue: ["filed"],
    refuse: ["filed"],
    close: BEFORE_FILING,
    cancel: NONE,
    assign: NONE,
    appoint: OPEN,
    note: ALL,
    undo: UNDOABLE,
  };
  /** The statuses in which each actor may do each action, written out by hand. */
  const expected: Record<string, Record<Action, PreApplicationStatus[]>> = {
    "citizen (their own)": { ...nothing, view: ALL, cancel: BEFORE_FILING },
    "citizen (someone else)": nothing,
    "officer (owner, who took the last step)": ownerRights,
    // A substitute works the request but cannot take back a colleague's Done.
    "officer (covering the owner)": { ...ownerRights, undo: NONE },
    "officer (not the owner)": nothing,
    admin: { ...ownerRights, assign: OPEN },
  };
  /** Statuses an action can start from at all, whoever asks (the domain's FROM table, by hand). */
  const possibleFrom: Record<TransitionAction, PreApplicationStatus[]> = {
    contact: BEFORE_FILING,
    file: BEFORE_FILING,
    issue: ["filed"],
    refuse: ["filed"],
    close: BEFORE_FILING,
    cancel: BEFORE_FILING,
    assign: OPEN,
    appoint: OPEN,
    note: ALL,
    undo: UNDOABLE,
  };
  const cells = Object.keys(actors).flatMap((actor) =>
    ACTIONS.flatMap((action) => STATUSES.map((status) => [actor, action, status] as const)),
  );

  it("covers 6 actors × 11 actions × 8 statuses", () => {
    expect(cells).toHaveLength(528);
  });

  it.each(cells)("%s / %s / %s", (actorName, action, status) => {
    const actor = actors[actorName]!;
    const allowed = expected[actorName]![action].includes(status);
    const app = walk(status);
    expect(can(actor, action, app, CHECK_AT)).toBe(allowed);
    if (action === "view") return;
    const result = transition(app, REQUESTS[action], actor, CHECK_AT);
    if (allowed) {
      expect(result.ok).toBe(true);
      return;
    }
    const mayAtAll =
      actor.kind === "admin"
        ? action !== "cancel"
        : actor.kind === "citizen"
          ? expected[actorName]!.cancel.length > 0 && action === "cancel"
          : actorName !== "officer (not the owner)" && !["cancel", "assign"].includes(action);
    const error = !mayAtAll
      ? { kind: "not_allowed_for_actor" }
      : !possibleFrom[action].includes(status)
        ? { kind: "not_allowed_from_status", status }
        : { kind: "undo_expired" };
    expect(result).toEqual({ ok: false, error });
  });

  it("gives officers nothing on a request nobody owns; admins can assign it", () => {
    const unowned = createPreApplication(newInput({ ownerId: undefined }));
    if (!unowned.ok) throw new Error("not created");
    for (const actor of [OWNER, actors["officer (covering the owner)"]!])
      expect(availableActions(actor, unowned.app, CHECK_AT)).toEqual([]);
    expect(can(OWNER, "view", unowned.app, CHECK_AT)).toBe(false);
    expect(availableActions(actors.admin!, unowned.app, CHECK_AT)).toEqual([
      "contact",
      "file",
      "close",
      "assign",
      "appoint",
      "note",
    ]);
  });

  it("availableActions lists exactly the changes can() allows", () => {
    expect(availableActions(OWNER, walk("new"), CHECK_AT)).toEqual(["contact", "file", "close", "appoint", "note"]);
    expect(availableActions(OWNER, walk("filed"), CHECK_AT)).toEqual(["issue", "refuse", "appoint", "note"]);
    expect(availableActions(OWNER, walk("result_issued"), CHECK_AT)).toEqual(["note", "undo"]);
    expect(availableActions(CITIZEN, walk("contacted"), CHECK_AT)).toEqual(["cancel"]);
    expect(availableActions(actors["citizen (someone else)"]!, walk("new"), CHECK_AT)).toEqual([]);
  });
});

describe("transition", () => {
  it("contact: an answered call moves to contacted with its outcome; a missed one stays new and counts as an attempt", () => {
    const app = newApp();
    const snapshot = structuredClone(app);
    const missed = step(app, { action: "contact", outcome: "unreachable" });
    const missedAgain = step(missed, { action: "contact", outcome: "unreachable" }, OWNER, STEP_AT + HOUR);
    expect(app).toEqual(snapshot);
    expect(missedAgain.status).toBe("new");
    expect(unreachableAttempts(missedAgain)).toEqual([STEP_AT, STEP_AT + HOUR]);
    expect(firstContactAt(missedAgain)).toBeUndefined();
    const reached = step(missedAgain, { action: "contact", outcome: "advised" }, OWNER, STEP_AT + 2 * HOUR);
    expect(reached).toMatchObject({ status: "contacted", outcome: "advised", rev: app.rev + 3 });
    expect(reached.history.at(-1)).toEqual({
      step: "contact",
      status: "contacted",
      at: STEP_AT + 2 * HOUR,
      by: { role: "officer", id: "3003" },
      outcome: "advised",
    });
    expect(firstContactAt(reached)).toBe(STEP_AT + 2 * HOUR);
  });

  it("file starts the official clock with channel, date and registration number", () => {
    const filed = walk("filed");
    expect(filed.status).toBe("filed");
    expect(filed.official).toEqual({
      channel: "portal",
      filedAt: STEP_AT,
      regNumber: "KZ 12/345",
      dueAt: STEP_AT + 19 * 24 * HOUR,
      dueCertain: true,
    });
    expect(runningClock(filed)).toEqual({ kind: "official", dueAt: STEP_AT + 19 * 24 * HOUR });
    expect(runningClock(newApp())).toEqual({ kind: "response", dueAt: NOW + 2 * HOUR });
    expect(runningClock(walk("contacted"))).toBeUndefined();
  });

  it("file refuses a future filing, a deadline before the filing and a registration number with odd characters", () => {
    const app = walk("contacted");
    expect(transition(app, { ...FILING, filedAt: CHECK_AT + 1 } as TransitionRequest, OWNER, CHECK_AT)).toEqual({
      ok: false,
      error: { kind: "invalid_input", field: "time", problem: "invalid" },
    });
    expect(
      transition(app, { ...FILING, due: { at: STEP_AT - 1, certain: true } } as TransitionRequest, OWNER, CHECK_AT).ok,
    ).toBe(false);
    expect(transition(app, { ...FILING, regNumber: "<b>1</b>" } as TransitionRequest, OWNER, CHECK_AT)).toEqual({
      ok: false,
      error: { kind: "invalid_input", field: "reg_number", problem: "invalid" },
    });
    expect(transition(app, { ...FILING, regNumber: "№ 0042-А/26" } as TransitionRequest, OWNER, CHECK_AT).ok).toBe(
      true,
    );
  });

  it("issue and refuse close a filed request with closedAt; refuse keeps the reason; a closed request then refuses every change but a note and undo", () => {
    const issued = walk("result_issued");
    expect(issued).toMatchObject({ status: "result_issued", closedAt: STEP_AT });
    const refused = step(walk("filed"), { action: "refuse", reason: { preset: "other", text: "  Нет   подписи  " } });
    expect(refused.reason).toEqual({ preset: "other", text: "Нет подписи" });
    expect(transition(issued, { action: "contact", outcome: "advised" }, OWNER, CHECK_AT)).toEqual({
      ok: false,
      error: { kind: "not_allowed_from_status", status: "result_issued" },
    });
    expect(transition(issued, { action: "cancel" }, CITIZEN, CHECK_AT)).toEqual({
      ok: false,
      error: { kind: "not_allowed_from_status", status: "result_issued" },
    });
  });

  it("reasons: a known preset; 'other' needs 1-300 characters, counted as characters", () => {
    const close = (reason: { preset: string; text?: string }) =>
      transition(walk("contacted"), { action: "close", reason }, OWNER, CHECK_AT);
    expect(close({ preset: "made_up" })).toEqual({
      ok: false,
      error: { kind: "invalid_input", field: "reason", problem: "invalid" },
    });
    expect(close({ preset: "documents_incomplete" })).toEqual({
      ok: false,
      error: { kind: "invalid_input", field: "reason", problem: "invalid" },
    });
    expect(close({ preset: "other", text: " \n " })).toEqual({
      ok: false,
      error: { kind: "invalid_input", field: "reason", problem: "empty" },
    });
    expect(close({ preset: "other", text: "ә".repeat(300) }).ok).toBe(true);
    expect(close({ preset: "other", text: "ә".repeat(301) })).toEqual({
      ok: false,
      error: { kind: "invalid_input", field: "reason", problem: "too_long" },
    });
    expect(close({ preset: "advice_enough", text: "Объяснила порядок" }).ok).toBe(true);
  });

  it("undo takes a Done back to filed within the window, by its author, and records the undo", () => {
    const issued = walk("result_issued");
    const undone = step(issued, { action: "undo" }, OWNER, STEP_AT + UNDO_WINDOW_MS);
    expect(undone.status).toBe("filed");
    expect(undone.closedAt).toBeUndefined();
    expect(undone.history.map((h) => h.step)).toEqual(["created", "contact", "file", "issue", "undo"]);
    expect(transition(issued, { action: "undo" }, OWNER, STEP_AT + UNDO_WINDOW_MS + 1)).toEqual({
      ok: false,
      error: { kind: "undo_expired" },
    });
    const advised = step(walk("advised"), { action: "undo" }, { kind: "admin", userId: 5005 }, CHECK_AT);
    expect(advised).toMatchObject({ status: "contacted", outcome: "will_file" });
    expect(advised.reason).toBeUndefined();
  });

  it("assign moves the request to another owner or back to the admins' queue, and says so in the history", () => {
    const admin: Actor = { kind: "admin", userId: 5005 };
    const moved = step(newApp(), { action: "assign", ownerId: "girts" }, admin);
    expect(moved.ownerId).toBe("girts");
    const back = step(moved, { action: "assign", ownerId: undefined }, admin);
    expect("ownerId" in back).toBe(false);
    expect(back.history.slice(1).map((h) => [h.step, h.ownerId])).toEqual([
      ["assign", "girts"],
      ["assign", ""],
    ]);
  });

  it("appoint sets a future appointment with a place, or clears it; note keeps at most MAX_NOTES, the newest", () => {
    const set = step(newApp(), { action: "appoint", appointment: { at: NOW + 72 * HOUR, place: " каб. 12 " } });
    expect(set.appointment).toEqual({ at: NOW + 72 * HOUR, place: "каб. 12", setAt: STEP_AT });
    expect(
      transition(newApp(), { action: "appoint", appointment: { at: STEP_AT, place: "каб. 12" } }, OWNER, STEP_AT).ok,
    ).toBe(false);
    expect(step(set, { action: "appoint", appointment: undefined }).appointment).toBeUndefined();
    let app = newApp();
    for (let i = 1; i <= MAX_NOTES + 2; i++) app = step(app, { action: "note", text: `заметка ${i}` });
    expect(app.notes).toHaveLength(MAX_NOTES);
    expect(app.notes[0]!.text).toBe("заметка 3");
    expect(app.history).toHaveLength(1);
    expect(transition(app, { action: "note", text: "   " }, OWNER, STEP_AT)).toEqual({
      ok: false,
      error: { kind: "invalid_input", field: "note", problem: "empty" },
    });
  });

  it("checks the actor before the status and the input, so a stranger learns nothing", () => {
    const stranger: Actor = { kind: "officer", userId: 4004, officerId: "girts", actsFor: ["girts"] };
    expect(transition(walk("result_issued"), { action: "refuse", reason: { preset: "" } }, stranger, NOW)).toEqual({
      ok: false,
      error: { kind: "not_allowed_for_actor" },
    });
  });
});

describe("expireIdle: the system closes a request nothing happened to for too long", () => {
  const LIMIT = 180 * DAY;

  it.each(["new", "contacted", "filed"] as const)(
    "closes a %s request idle past the limit as expired, by the system, with its time and a new revision",
    (status) => {
      const app = walk(status);
      const snapshot = structuredClone(app);
      const at = lastActivityAt(app) + LIMIT + 1;
      const result = expireIdle(app, SYSTEM, at, LIMIT);
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      expect(app).toEqual(snapshot);
      expect(result.app).toMatchObject({ status: "expired", closedAt: at, rev: app.rev + 1 });
      expect(result.app.history.at(-1)).toEqual({
        step: "expire",
        status: "expired",
        at,
        by: { role: "system", id: IDLE_CLOSE_JOB },
      });
      expect(preApplicationSchema.parse(result.app)).toEqual(result.app);
      expect(idleDaysAtExpiry(result.app)).toBe(180);
      expect(idleDaysAtExpiry(app)).toBeUndefined();
    },
  );

  it("keeps a request whose last activity is exactly the limit old; a millisecond more closes it", () => {
    const app = newApp();
    expect(isIdle(app, app.createdAt + LIMIT, LIMIT)).toBe(false);
    expect(expireIdle(app, SYSTEM, app.createdAt + LIMIT, LIMIT)).toEqual({ ok: false, error: { kind: "not_idle" } });
    expect(isIdle(app, app.createdAt + LIMIT + 1, LIMIT)).toBe(true);
    expect(expireIdle(app, SYSTEM, app.createdAt + LIMIT + 1, LIMIT).ok).toBe(true);
  });

  it("is the system's alone: every person is refused, and no person's change ever leads into expired", () => {
    const people: Actor[] = [
      CITIZEN,
      OWNER,
      { kind: "admin", userId: 5005 },
      { kind: "officer", userId: 3300, officerId: "girts", actsFor: ["girts", "ospanova"] },
    ];
    const late = NOW + 400 * DAY;
    for (const actor of people) {
      expect(expireIdle(newApp(), actor, late, LIMIT)).toEqual({ ok: false, error: { kind: "not_allowed_for_actor" } });
      for (const status of STATUSES.filter((s) => s !== "expired"))
        for (const action of Object.keys(REQUESTS) as TransitionAction[]) {
          const result = transition(walk(status), REQUESTS[action], actor, CHECK_AT);
          if (result.ok) expect(result.app.status).not.toBe("expired");
        }
    }
    // And nobody takes it back: undo works on an officer's issue, refuse or close only.
    const admin: Actor = { kind: "admin", userId: 5005 };
    const expired = walk("expired");
    expect(availableActions(admin, expired, expired.closedAt!)).toEqual(["note"]);
  });

  it.each(["result_issued", "refused", "advised", "cancelled", "expired"] as const)(
    "leaves a closed (%s) request alone",
    (status) => {
      expect(expireIdle(walk(status), SYSTEM, NOW + 1000 * DAY, LIMIT)).toEqual({
        ok: false,
        error: { kind: "not_allowed_from_status", status },
      });
    },
  );

  it("counts a person's step, a staff note, an appointment and the official deadline as activity, not a system step", () => {
    const fresh = newApp();
    expect(lastActivityAt(fresh)).toBe(fresh.createdAt);
    const noted = step(fresh, { action: "note", text: "Жду справку" }, OWNER, NOW + 10 * DAY);
    expect(lastActivityAt(noted)).toBe(NOW + 10 * DAY);
    const appointed = step(
      fresh,
      { action: "appoint", appointment: { at: NOW + 40 * DAY, place: "каб. 12" } },
      OWNER,
      NOW + DAY,
    );
    expect(lastActivityAt(appointed)).toBe(NOW + 40 * DAY);
    const filed = walk("filed");
    expect(lastActivityAt(filed)).toBe(FILING.due.at);
    const migrated = structuredClone(fresh);
    migrated.history.push({ step: "migrated", status: "new", at: NOW + 100 * DAY, by: { role: "system", id: "x" } });
    expect(lastActivityAt(migrated)).toBe(fresh.createdAt);
    expect(isIdle(migrated, fresh.createdAt + LIMIT + 1, LIMIT)).toBe(true);
  });
});

describe("isOverdue", () => {
  it("follows the clock that runs: the response promise while new, the official deadline while filed, nothing otherwise", () => {
    const app = newApp();
    expect(isOverdue(app, app.responseDueAt)).toBe(false);
    expect(isOverdue(app, app.responseDueAt + 1)).toBe(true);
    const contacted = walk("contacted");
    expect(isOverdue(contacted, contacted.responseDueAt + 1)).toBe(false);
    const filed = walk("filed");
    expect(isOverdue(filed, filed.official!.dueAt)).toBe(false);
    expect(isOverdue(filed, filed.official!.dueAt + 1)).toBe(true);
    expect(isOverdue(walk("result_issued"), filed.official!.dueAt + 1)).toBe(false);
  });
});

describe("records stored before version 2", () => {
  /** A record exactly as the bot stored it until now (JSON of pa:rec:<id>), taken and rejected. */
  const storedInWork = JSON.parse(
    '{"id":"0a1b2c3d4e5f6g7h8j9k","ref":"KZ-2-0007-X7K2Q","serviceId":2,"officerId":"serikbayeva","citizenId":1001,"citizenChatId":1001,"citizenLocale":"ru","applicantName":"Ерлан Касымов","phone":"+77011234567","channel":"con","comment":"Опека над племянником","status":"in_work","createdAt":1764561600000,"deadlineAt":1767011400000,"deadlineCertain":true,"consent":{"textVersion":"2026-11-25","givenAt":1764561600000},"history":[{"status":"new","at":1764561600000,"by":{"role":"citizen","id":"1001"}},{"status":"in_work","at":1764565200000,"by":{"role":"officer","id":"7001"}}]}',
  );
  const storedRejected = JSON.parse(
    '{"id":"1a1b2c3d4e5f6g7h8j9k","ref":"KZ-1-0003-ABCDE","serviceId":1,"officerId":"serikbayeva","citizenId":1002,"citizenChatId":1002,"citizenLocale":"kk","applicantName":"Айгерим Сапарова","phone":"+77011234568","channel":"portal","status":"rejected","createdAt":1764561600000,"deadlineAt":1764563400000,"deadlineCertain":true,"consent":{"textVersion":"2026-11-25","givenAt":1764561600000},"history":[{"status":"new","at":1764561600000,"by":{"role":"citizen","id":"1002"}},{"status":"rejected","at":1764562000000,"by":{"role":"officer","id":"7001"},"reason":"Справку выдают на портале сразу"}],"rejectReason":"Справку выдают на портале сразу","closedAt":1764562000000}',
  );
  const MIGRATED_AT = 1764600000000;

  it("parses a taken record into contacted (will file), owned by its officer, the old deadline kept as the response promise", () => {
    const { app, upgraded } = parseStoredRecord(storedInWork, MIGRATED_AT);
    expect(upgraded).toBe(true);
    expect(preApplicationSchema.parse(app)).toEqual(app);
    expect(app).toMatchObject({
      v: 2,
      rev: 1,
      status: "contacted",
      outcome: "will_file",
      ownerId: "serikbayeva",
      officerId: "serikbayeva",
      responseDueAt: 1767011400000,
      responseCertain: true,
      comment: "Опека над племянником",
      notes: [],
    });
    expect(app.history).toEqual([
      { step: "created", status: "new", at: 1764561600000, by: { role: "citizen", id: "1001" } },
      {
        step: "contact",
        status: "contacted",
        at: 1764565200000,
        by: { role: "officer", id: "7001" },
        outcome: "will_file",
      },
      { step: "migrated", status: "contacted", at: MIGRATED_AT, by: { role: "system", id: "migration-v2" } },
    ]);
  });

  it("parses a rejected record into advised (nothing to file) with its reason as free text, closed when it was", () => {
    const { app } = parseStoredRecord(storedRejected, MIGRATED_AT);
    expect(app).toMatchObject({
      status: "advised",
      reason: { preset: "other", text: "Справку выдают на портале сразу" },
      closedAt: 1764562000000,
    });
    expect(app.history[1]).toMatchObject({
      step: "close",
      status: "advised",
      reason: { preset: "other", text: "Справку выдают на портале сразу" },
    });
  });

  it.each([
    ["new", "new"],
    ["done", "result_issued"],
    ["cancelled", "cancelled"],
  ] as const)("maps status %s to %s", (old, now) => {
    const record = { ...storedInWork, status: old, history: [storedInWork.history[0]] };
    expect(parseStoredRecord(record, MIGRATED_AT).app.status).toBe(now);
  });

  it("reads a version-2 record as it is, and refuses anything that is neither", () => {
    const current = newApp();
    expect(parseStoredRecord(JSON.parse(JSON.stringify(current)), MIGRATED_AT)).toEqual({
      app: current,
      upgraded: false,
    });
    expect(() => parseStoredRecord({ ...storedInWork, status: "lost" }, MIGRATED_AT)).toThrow();
    expect(() => parseStoredRecord({ ...current, v: 3 }, MIGRATED_AT)).toThrow();
  });
});

describe("references and ids", () => {
  it("formats service, zero-padded sequence and five Crockford characters from the low bits of the random bytes", () => {
    // 0 → "0", 31 → "Z", 32 + 10 → "A" (high bits ignored), 18 → "J", 255 → "Z"
    expect(formatRef(7, 42, fixedBytes(0, 31, 42, 18, 255))).toBe("KZ-7-0042-0ZAJZ");
    expect(formatRef(24, 12345, fixedBytes(1))).toBe("KZ-24-12345-11111");
  });

  it("refuses bad service ids, sequences and short random sources", () => {
    expect(() => formatRef(0, 1, fixedBytes(1))).toThrow(RangeError);
    expect(() => formatRef(7, 0, fixedBytes(1))).toThrow(RangeError);
    expect(() => formatRef(7, 1.5, fixedBytes(1))).toThrow(RangeError);
    expect(() => formatRef(7, 1, () => new Uint8Array(3))).toThrow(RangeError);
  });

  it("never uses the letters I, L, O or U", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 5, maxLength: 5 }), fc.integer({ min: 1, max: 99_999 }), (bytes, seq) => {
        const ref = formatRef(7, seq, () => bytes);
        expect(ref).toMatch(/^KZ-7-\d{4,5}-[0-9A-HJKMNP-TV-Z]{5}$/);
        expect(normalizeRef(ref)).toBe(ref);
      }),
    );
  });

  it("two references of the same service with consecutive numbers differ in their random part", () => {
    let counter = 0;
    const random: RandomSource = (n) => Uint8Array.from({ length: n }, () => (counter += 7));
    const [a, b] = [formatRef(7, 42, random), formatRef(7, 43, random)];
    expect(a.slice(-5)).not.toBe(b.slice(-5));
  });

  it("normalizeRef reads references the way people type them", () => {
    expect(normalizeRef("kz-7-0042-x7k2q")).toBe("KZ-7-0042-X7K2Q");
    expect(normalizeRef(" KZ 7 42 X7K2Q ")).toBe("KZ-7-0042-X7K2Q");
    expect(normalizeRef("KZ–7–0042–X7K2Q")).toBe("KZ-7-0042-X7K2Q");
    expect(normalizeRef("KZ-7-0042-XOKIL")).toBe("KZ-7-0042-X0K11");
    expect(normalizeRef("KZ-24-12345-ABCDE")).toBe("KZ-24-12345-ABCDE");
  });

  it("normalizeRef refuses what cannot be a reference", () => {
    for (const bad of [
      "",
      "KZ-7-0042",
      "KZ-7-0042-X7K2",
      "KZ-7-0042-X7K2QQ",
      "KZ-7-0042-X7K2U",
      "RU-7-0042-X7K2Q",
      "KZ-0-0042-X7K2Q",
      "KZ-7-0000-X7K2Q",
      "KZ-x-0042-X7K2Q",
      "KZ-7-0042-X7K2Q-1",
    ]) {
      expect(normalizeRef(bad), bad).toBeUndefined();
    }
  });

  it("ids are 20 lower-case Crockford characters", () => {
    expect(newPreApplicationId(fixedBytes(0, 10, 31))).toBe("0az0az0az0az0az0az0a");
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), (bytes) => {
        expect(newPreApplicationId(() => bytes)).toMatch(/^[0-9a-hjkmnp-tv-z]{20}$/);
      }),
    );
  });
});

describe("validateApplicantName", () => {
  it.each([
    ["Айгерим Сапарова", "Айгерим Сапарова"],
    ["  Айгерим \t  Сапарова  ", "Айгерим Сапарова"],
    ["Әлия Құрманғалиқызы", "Әлия Құрманғалиқызы"],
    ["Іңкәр Өтепова-Үмбетова", "Іңкәр Өтепова-Үмбетова"],
    ["Һ. Ғабит", "Һ. Ғабит"],
    ["John O'Neil", "John O'Neil"],
    ["Älia Ūmbetqyzy", "Älia Ūmbetqyzy"],
    ["Ли", "Ли"],
    ["Д’Артаньян", "Д’Артаньян"],
    ["Ёлкина Алёна", "Ёлкина Алёна"],
  ])("%j", (raw, value) => {
    expect(validateApplicantName(raw)).toEqual({ ok: true, value });
  });

  it("normalises decomposed letters (и + combining breve) to their composed form", () => {
    expect(validateApplicantName("Аи\u0306герим")).toEqual({ ok: true, value: "Айгерим" });
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["А", "too_short"],
    ["А.", "too_short"],
    ["Айгерим2", "invalid_characters"],
    ["Айгерим 😀", "invalid_characters"],
    ["<b>Ан</b>", "invalid_characters"],
    ["-Анна", "invalid_characters"],
    [". Анна", "invalid_characters"],
    ["Анна_Мария", "invalid_characters"],
  ] as const)("%j → %s", (raw, problem) => {
    expect(validateApplicantName(raw)).toEqual({ ok: false, problem });
  });

  it("accepts 100 characters and refuses 101", () => {
    expect(validateApplicantName("Ә".repeat(100))).toEqual({ ok: true, value: "Ә".repeat(100) });
    expect(validateApplicantName("Ә".repeat(101))).toEqual({ ok: false, problem: "too_long" });
  });
});

describe("validateComment", () => {
  it("trims, normalises line breaks, drops control characters and treats blank as none", () => {
    expect(validateComment(undefined)).toEqual({ ok: true, value: undefined });
    expect(validateComment(" \n ")).toEqual({ ok: true, value: undefined });
    expect(validateComment(" a\r\nb\rc\u0007\td ")).toEqual({ ok: true, value: "a\nb\nc\td" });
  });

  it("drops bidi marks, overrides and isolates and C1 controls; U+2028/U+2029 become line breaks", () => {
    const bidi = "\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069";
    expect(validateComment(`a${bidi}b\u0085\u009Fc\u2028d\u2029e`)).toEqual({ ok: true, value: "abc\nd\ne" });
    // Letters of right-to-left scripts and joiners that words need are kept.
    expect(validateComment("שלום \u200D ok")).toEqual({ ok: true, value: "שלום \u200D ok" });
  });

  it("accepts 500 characters and refuses 501", () => {
    expect(validateComment("ж".repeat(500))).toEqual({ ok: true, value: "ж".repeat(500) });
    expect(validateComment("ж".repeat(501))).toEqual({ ok: false, problem: "too_long" });
  });
});

describe("validateForm", () => {
  it("returns normalised values when everything is valid", () => {
    expect(validateForm({ applicantName: " Ли  Ён ", phone: "+7(701)1234567" })).toEqual({
      ok: true,
      value: { applicantName: "Ли Ён", phone: "+77011234567" },
    });
  });

  it("reports only the fields that are wrong", () => {
    expect(validateForm({ applicantName: "Ли Ён", phone: "49-02-25", comment: "ок" })).toEqual({
      ok: false,
      problems: { phone: "missing_area_code" },
    });
  });
});
