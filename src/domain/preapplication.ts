/**
 * The pre-application: a citizen asks the department to contact them about a service; an owner (an
 * officer) calls, advises, helps file the official application, and follows it to its result.
 *
 * Lifecycle (every step is a history entry with who and when):
 *
 *   new ──contact(advised | will_file)──▶ contacted ──file──▶ filed ──issue──▶ result_issued
 *    │  ╰─contact(unreachable): stays, one more attempt    │            ╰──refuse──▶ refused (reason)
 *    ├──file (filed at the first call)──────────────────────┘
 *    ├──close (advised, nothing to file; reason)──▶ advised        (also from contacted)
 *    └──cancel (the citizen)──▶ cancelled                          (also from contacted)
 *   new, contacted, filed ──expire (the system, after a long time with nothing done)──▶ expired
 *
 * result_issued, refused, advised, cancelled and expired are closed. An officer's issue, refuse or close can be
 * undone by them (or an admin) for UNDO_WINDOW_MS. Two clocks run: the *response* clock (responseDueAt,
 * the department's promise to contact the citizen) while the request is new, and the *official* clock
 * (official.dueAt, the law's processing time from the filing) while it is filed.
 *
 * Pure: time comes in as `now` (ms), randomness as a `RandomSource`, so every function is deterministic.
 */
import { z } from "zod";
import { CHANNELS, LOCALES, type Channel, type Locale, type Service } from "./catalog.js";
import { normalizePhone, type PhoneProblem } from "./phone.js";

export const STATUSES = [
  "new",
  "contacted",
  "filed",
  "result_issued",
  "refused",
  "advised",
  "cancelled",
  "expired",
] as const;
export type PreApplicationStatus = (typeof STATUSES)[number];

export const OPEN_STATUSES = ["new", "contacted", "filed"] as const satisfies readonly PreApplicationStatus[];
export const CLOSED_STATUSES = [
  "result_issued",
  "refused",
  "advised",
  "cancelled",
  "expired",
] as const satisfies readonly PreApplicationStatus[];

export const HISTORY_ROLES = ["citizen", "officer", "admin", "system"] as const;
export type HistoryRole = (typeof HISTORY_ROLES)[number];

/** What a call came to: advice given, the citizen will file, or nobody answered (an attempt). */
export const CONTACT_OUTCOMES = ["advised", "will_file", "unreachable"] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

/** Preset reasons; "other" needs a free text, the others may add one. Texts are in the locales (reason-*). */
export const CLOSE_REASONS = ["advice_enough", "not_eligible", "duplicate", "citizen_declined", "other"] as const;
export const REFUSAL_REASONS = ["documents_incomplete", "not_eligible", "false_data", "other"] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export const MAX_REASON_CHARS = 300;
export const MAX_COMMENT_CHARS = 500;
export const MAX_NOTE_CHARS = 500;
/** Notes kept per request; a desk note pad, not a chat log. */
export const MAX_NOTES = 30;
export const MAX_PLACE_CHARS = 100;
export const MAX_REG_NUMBER_CHARS = 40;
export const MIN_NAME_CHARS = 2;
export const MAX_NAME_CHARS = 100;
/** How long an officer can take back Done, Refuse or Close. */
export const UNDO_WINDOW_MS = 5 * 60_000;
/** The record format written today; older records are upgraded by upgradeRecord. */
export const RECORD_VERSION = 2;

export const STEPS = [
  "created",
  "contact",
  "file",
  "issue",
  "refuse",
  "close",
  "cancel",
  "assign",
  "appoint",
  "undo",
  "migrated",
  "expire",
] as const;
export type Step = (typeof STEPS)[number];

const reasonSchema = z.strictObject({ preset: z.string().regex(/^[a-z_]+$/), text: z.string().optional() });
export type Reason = z.infer<typeof reasonSchema>;

const bySchema = z.strictObject({ role: z.enum(HISTORY_ROLES), id: z.string().min(1) });

const historyEntrySchema = z.strictObject({
  step: z.enum(STEPS),
  /** The status after the step. */
  status: z.enum(STATUSES),
  at: z.number().int(),
  /** `id` is the Telegram user id as a string for people, a job name for "system". */
  by: bySchema,
  outcome: z.enum(CONTACT_OUTCOMES).optional(),
  reason: reasonSchema.optional(),
  /** assign: the new owner ("" when it went back to the admins' queue). */
  ownerId: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

const officialSchema = z.strictObject({
  channel: z.enum(CHANNELS),
  /** When the official application was filed (now, or the start of office hours of an earlier day). */
  filedAt: z.number().int(),
  regNumber: z.string().optional(),
  /** The law's deadline for the result, from the service's processing time for that channel. */
  dueAt: z.number().int(),
  /** False when the calendar of a year on the way is not confirmed yet. */
  dueCertain: z.boolean(),
});
export type OfficialFiling = z.infer<typeof officialSchema>;

const appointmentSchema = z.strictObject({ at: z.number().int(), place: z.string().min(1), setAt: z.number().int() });
export type Appointment = z.infer<typeof appointmentSchema>;

const noteSchema = z.strictObject({ at: z.number().int(), by: bySchema, text: z.string().min(1) });
export type Note = z.infer<typeof noteSchema>;

const consentSchema = z.strictObject({ textVersion: z.string().min(1), givenAt: z.number().int() });

/** The stored shape of a pre-application (version 2). */
export const preApplicationSchema = z.strictObject({
  v: z.literal(RECORD_VERSION),
  /** Bumped on every write; stores compare-and-set on it, so two concurrent edits never lose one. */
  rev: z.number().int().nonnegative(),
  /** Internal, random; never shown to people. */
  id: z.string().min(1),
  /** Public reference, e.g. "KZ-7-0042-X7K2Q" (see formatRef). */
  ref: z.string().min(1),
  serviceId: z.number().int().positive(),
  /** The catalog officer responsible for the service when the request was made (for figures and export). */
  officerId: z.string().min(1),
  /** The catalog officer who owns the request now; absent while it waits in the admins' "needs an owner" queue. */
  ownerId: z.string().min(1).optional(),
  citizenId: z.number().int(),
  citizenChatId: z.number().int(),
  citizenLocale: z.enum(LOCALES),
  applicantName: z.string().min(1),
  /** E.164, "+7" and 10 digits. */
  phone: z.string().regex(/^\+7\d{10}$/),
  /** How the citizen would like to apply (the form's question). */
  channel: z.enum(CHANNELS),
  comment: z.string().optional(),
  status: z.enum(STATUSES),
  createdAt: z.number().int(),
  /** The department's promise: someone contacts the citizen by then. */
  responseDueAt: z.number().int(),
  responseCertain: z.boolean(),
  /** The last call's outcome, while contacted. */
  outcome: z.enum(CONTACT_OUTCOMES).optional(),
  official: officialSchema.optional(),
  appointment: appointmentSchema.optional(),
  /** Why it was closed as advised, or refused. */
  reason: reasonSchema.optional(),
  consent: consentSchema,
  history: z.array(historyEntrySchema).min(1),
  /** Staff-only notes; never shown to the citizen. */
  notes: z.array(noteSchema).max(MAX_NOTES),
  closedAt: z.number().int().optional(),
});
export type PreApplication = z.infer<typeof preApplicationSchema>;

// ---------------------------------------------------------------------------------------------------------
// Records stored before version 2 (the format of November 2026), upgraded when read

const legacyStatuses = ["new", "in_work", "done", "rejected", "cancelled"] as const;

/** Exactly the record the bot wrote up to version 1 (no `v` field). */
export const legacyPreApplicationSchema = z.strictObject({
  id: z.string().min(1),
  ref: z.string().min(1),
  serviceId: z.number().int().positive(),
  officerId: z.string().min(1),
  citizenId: z.number().int(),
  citizenChatId: z.number().int(),
  citizenLocale: z.enum(LOCALES),
  applicantName: z.string().min(1),
  phone: z.string().regex(/^\+7\d{10}$/),
  channel: z.enum(CHANNELS),
  comment: z.string().optional(),
  status: z.enum(legacyStatuses),
  createdAt: z.number().int(),
  deadlineAt: z.number().int(),
  deadlineCertain: z.boolean(),
  consent: consentSchema,
  history: z
    .array(
      z.strictObject({
        status: z.enum(legacyStatuses),
        at: z.number().int(),
        by: bySchema,
        reason: z.string().optional(),
      }),
    )
    .min(1),
  rejectReason: z.string().optional(),
  closedAt: z.number().int().optional(),
});
export type LegacyPreApplication = z.infer<typeof legacyPreApplicationSchema>;

/**
 * A version-1 record in the version-2 shape. The old single deadline was shown to the citizen as "the
 * expected date", so it becomes the response promise (never earlier than what they were told). The old
 * statuses map to what they meant in practice:
 *   new → new; in_work ("taken": the officer had called or was about to) → contacted (will file);
 *   done → result_issued; rejected → advised with its reason as free text (an officer's "no" was
 *   nearly always advice, and no official refusal exists without a filing); cancelled → cancelled.
 * The owner is the officer it was addressed to; the old history is kept step by step, and a "migrated"
 * entry records the upgrade.
 */
export function upgradeRecord(old: LegacyPreApplication, now: number): PreApplication {
  const STATUS: Record<(typeof legacyStatuses)[number], PreApplicationStatus> = {
    new: "new",
    in_work: "contacted",
    done: "result_issued",
    rejected: "advised",
    cancelled: "cancelled",
  };
  const STEP: Record<(typeof legacyStatuses)[number], Step> = {
    new: "created",
    in_work: "contact",
    done: "issue",
    rejected: "close",
    cancelled: "cancel",
  };
  const history: HistoryEntry[] = old.history.map((entry) => {
    const next: HistoryEntry = { step: STEP[entry.status], status: STATUS[entry.status], at: entry.at, by: entry.by };
    if (entry.status === "in_work") next.outcome = "will_file";
    if (entry.reason !== undefined) next.reason = { preset: "other", text: entry.reason };
    return next;
  });
  const status = STATUS[old.status];
  history.push({ step: "migrated", status, at: now, by: { role: "system", id: "migration-v2" } });
  const app: PreApplication = {
    v: RECORD_VERSION,
    rev: 1,
    id: old.id,
    ref: old.ref,
    serviceId: old.serviceId,
    officerId: old.officerId,
    ownerId: old.officerId,
    citizenId: old.citizenId,
    citizenChatId: old.citizenChatId,
    citizenLocale: old.citizenLocale,
    applicantName: old.applicantName,
    phone: old.phone,
    channel: old.channel,
    status,
    createdAt: old.createdAt,
    responseDueAt: old.deadlineAt,
    responseCertain: old.deadlineCertain,
    consent: old.consent,
    history,
    notes: [],
  };
  if (old.comment !== undefined) app.comment = old.comment;
  if (old.status === "in_work") app.outcome = "will_file";
  if (old.status === "rejected" && old.rejectReason !== undefined)
    app.reason = { preset: "other", text: old.rejectReason };
  if (old.closedAt !== undefined) app.closedAt = old.closedAt;
  return app;
}

/** Reads a stored record of any version: version 2 as it is, version 1 upgraded (see upgradeRecord). */
export function parseStoredRecord(raw: unknown, now: number): { app: PreApplication; upgraded: boolean } {
  if (raw && typeof raw === "object" && "v" in raw) return { app: preApplicationSchema.parse(raw), upgraded: false };
  return { app: upgradeRecord(legacyPreApplicationSchema.parse(raw), now), upgraded: true };
}

// ---------------------------------------------------------------------------------------------------------
// Who may do what

/**
 * Who is acting. An officer acts for their own catalog officer id and, during a cover, for the officers
 * they stand in for (`actsFor`, own id first); a citizen only for themselves.
 */
export type Actor =
  | { kind: "citizen"; userId: number }
  | { kind: "officer"; userId: number; officerId: string; actsFor: readonly string[] }
  | { kind: "admin"; userId: number };

export const TRANSITION_ACTIONS = [
  "contact",
  "file",
  "issue",
  "refuse",
  "close",
  "cancel",
  "assign",
  "appoint",
  "note",
  "undo",
] as const;
export type TransitionAction = (typeof TRANSITION_ACTIONS)[number];
export const ACTIONS = ["view", ...TRANSITION_ACTIONS] as const;
export type Action = (typeof ACTIONS)[number];

/** A requested change with its data. The official deadline of a filing is computed by the caller (calendar). */
export type TransitionRequest =
  | { action: "contact"; outcome: ContactOutcome }
  | { action: "file"; channel: Channel; filedAt: number; regNumber?: string; due: { at: number; certain: boolean } }
  | { action: "issue" }
  | { action: "refuse"; reason: Reason }
  | { action: "close"; reason: Reason }
  | { action: "cancel" }
  | { action: "assign"; ownerId: string | undefined }
  | { action: "appoint"; appointment: { at: number; place: string } | undefined }
  | { action: "note"; text: string }
  | { action: "undo" };

const OPEN = OPEN_STATUSES as readonly PreApplicationStatus[];
const UNDOABLE = ["result_issued", "refused", "advised"] as const satisfies readonly PreApplicationStatus[];

/** The statuses each change is allowed from. */
const FROM: Record<TransitionAction, readonly PreApplicationStatus[]> = {
  contact: ["new", "contacted"],
  file: ["new", "contacted"],
  issue: ["filed"],
  refuse: ["filed"],
  close: ["new", "contacted"],
  cancel: ["new", "contacted"],
  assign: OPEN,
  appoint: OPEN,
  note: STATUSES,
  undo: UNDOABLE,
};

/** The steps undo can take back. */
const UNDOABLE_STEPS: readonly Step[] = ["issue", "refuse", "close"];

/** Whether nothing but a note or an undo can change this status any more. */
export function isClosedStatus(status: PreApplicationStatus): boolean {
  return (CLOSED_STATUSES as readonly PreApplicationStatus[]).includes(status);
}

/** The clock that runs now: the response promise while new, the official deadline while filed; none otherwise. */
export function runningClock(
  app: Pick<PreApplication, "status" | "responseDueAt" | "official">,
): { kind: "response" | "official"; dueAt: number } | undefined {
  if (app.status === "new") return { kind: "response", dueAt: app.responseDueAt };
  if (app.status === "filed" && app.official) return { kind: "official", dueAt: app.official.dueAt };
  return undefined;
}

/** The nearest moment that matters for the queue's order: the running clock, else the appointment. */
export function nextDeadline(
  app: Pick<PreApplication, "status" | "responseDueAt" | "official" | "appointment">,
): number | undefined {
  return runningClock(app)?.dueAt ?? (isClosedStatus(app.status) ? undefined : app.appointment?.at);
}

/** Whether the clock that runs now has run out. */
export function isOverdue(app: Pick<PreApplication, "status" | "responseDueAt" | "official">, now: number): boolean {
  const clock = runningClock(app);
  return clock !== undefined && clock.dueAt < now;
}

/** Whether the actor's role and relation to the request allow the action at all, whatever its status. */
function actorMay(actor: Actor, action: Action, app: PreApplication): boolean {
  switch (actor.kind) {
    case "admin":
      // Cancelling is the citizen's own act; an admin closes instead.
      return action !== "cancel";
    case "officer":
      return (
        app.ownerId !== undefined && actor.actsFor.includes(app.ownerId) && action !== "cancel" && action !== "assign"
      );
    case "citizen":
      return actor.userId === app.citizenId && (action === "view" || action === "cancel");
  }
}

/** The last step undo would take back, if it is still in its window and the actor may take it back. */
function undoableStep(actor: Actor, app: PreApplication, now: number): HistoryEntry | undefined {
  const last = app.history.at(-1);
  if (!last || !UNDOABLE_STEPS.includes(last.step) || now - last.at > UNDO_WINDOW_MS || now < last.at) return undefined;
  return actor.kind === "admin" || last.by.id === String(actor.userId) ? last : undefined;
}

/**
 * Whether the actor may do the action to this request now. Admins: everything but cancel. An officer:
 * everything but cancel and assign, on the requests they own or cover now. A citizen: view and cancel
 * their own. Changes also need a status they are allowed from; undo needs its window and its author.
 */
export function can(actor: Actor, action: Action, app: PreApplication, now: number): boolean {
  if (!actorMay(actor, action, app)) return false;
  if (action === "view") return true;
  if (!FROM[action].includes(app.status)) return false;
  return action !== "undo" || undoableStep(actor, app, now) !== undefined;
}

/** The changes this actor could make now, for building buttons. */
export function availableActions(actor: Actor, app: PreApplication, now: number): TransitionAction[] {
  return TRANSITION_ACTIONS.filter((action) => can(actor, action, app, now));
}

export type TransitionError =
  | { kind: "not_allowed_for_actor" }
  | { kind: "not_allowed_from_status"; status: PreApplicationStatus }
  | { kind: "undo_expired" }
  /** expireIdle on a request that something happened to within the limit. */
  | { kind: "not_idle" }
  | {
      kind: "invalid_input";
      field: "reason" | "note" | "place" | "reg_number" | "owner" | "time";
      problem: "empty" | "too_long" | "invalid";
    };

export type TransitionResult = { ok: true; app: PreApplication } | { ok: false; error: TransitionError };

/** Counts user-perceived characters closely enough for limits: code points, so "ә" is one, not two. */
function charCount(text: string): number {
  return Array.from(text).length;
}

/** Trims a free text and checks its length; undefined when blank. */
function cleanText(
  raw: string | undefined,
  max: number,
): { ok: true; value: string | undefined } | { ok: false; problem: "too_long" } {
  const value = (raw ?? "").replace(/\s+/g, " ").trim();
  if (value === "") return { ok: true, value: undefined };
  return charCount(value) > max ? { ok: false, problem: "too_long" } : { ok: true, value };
}

/** A reason: a known preset, and a free text that "other" requires. */
function checkReason(
  reason: Reason,
  presets: readonly string[],
): { ok: true; value: Reason } | { ok: false; problem: "empty" | "too_long" | "invalid" } {
  if (!presets.includes(reason.preset)) return { ok: false, problem: "invalid" };
  const text = cleanText(reason.text, MAX_REASON_CHARS);
  if (!text.ok) return text;
  if (reason.preset === "other" && text.value === undefined) return { ok: false, problem: "empty" };
  return {
    ok: true,
    value: text.value === undefined ? { preset: reason.preset } : { preset: reason.preset, text: text.value },
  };
}

const REG_NUMBER = /^[\p{L}\p{N}№][\p{L}\p{N} ./№-]*$/u;

/** Whether a registration number (already trimmed) has only letters, digits, spaces and . / - №, and fits. */
export function isValidRegNumber(text: string): boolean {
  return charCount(text) <= MAX_REG_NUMBER_CHARS && REG_NUMBER.test(text);
}

const fail = (error: TransitionError): TransitionResult => ({ ok: false, error });
const invalid = (
  field: Extract<TransitionError, { kind: "invalid_input" }>["field"],
  problem: "empty" | "too_long" | "invalid",
) => fail({ kind: "invalid_input", field, problem });

/**
 * Applies a change, returning the new record (rev + 1, a history entry, closedAt when it closes) or why
 * it is refused. The actor is checked before the status and the input, so strangers learn nothing.
 */
export function transition(
  app: PreApplication,
  request: TransitionRequest,
  actor: Actor,
  now: number,
): TransitionResult {
  if (!actorMay(actor, request.action, app)) return fail({ kind: "not_allowed_for_actor" });
  if (!FROM[request.action].includes(app.status)) return fail({ kind: "not_allowed_from_status", status: app.status });
  const by = { role: actor.kind, id: String(actor.userId) } as const;
  const next: PreApplication = structuredClone(app);
  next.rev = app.rev + 1;
  const record = (step: Step, extra: Partial<HistoryEntry> = {}) =>
    next.history.push({ step, status: next.status, at: now, by, ...extra });
  const close = (status: PreApplicationStatus) => {
    next.status = status;
    next.closedAt = now;
  };
  switch (request.action) {
    case "contact":
      if (request.outcome !== "unreachable") {
        next.status = "contacted";
        next.outcome = request.outcome;
      }
      record("contact", { outcome: request.outcome });
      break;
    case "file": {
      const reg = cleanText(request.regNumber, MAX_REG_NUMBER_CHARS);
      if (!reg.ok) return invalid("reg_number", reg.problem);
      if (reg.value !== undefined && !REG_NUMBER.test(reg.value)) return invalid("reg_number", "invalid");
      if (request.filedAt > now || request.due.at < request.filedAt) return invalid("time", "invalid");
      next.status = "filed";
      delete next.outcome;
      next.official = {
        channel: request.channel,
        filedAt: request.filedAt,
        dueAt: request.due.at,
        dueCertain: request.due.certain,
      };
      if (reg.value !== undefined) next.official.regNumber = reg.value;
      record("file");
      break;
    }
    case "issue":
      close("result_issued");
      record("issue");
      break;
    case "refuse":
    case "close": {
      const reason = checkReason(request.reason, request.action === "refuse" ? REFUSAL_REASONS : CLOSE_REASONS);
      if (!reason.ok) return invalid("reason", reason.problem);
      next.reason = reason.value;
      close(request.action === "refuse" ? "refused" : "advised");
      record(request.action, { reason: reason.value });
      break;
    }
    case "cancel":
      close("cancelled");
      record("cancel");
      break;
    case "assign":
      if (request.ownerId !== undefined && request.ownerId.trim() === "") return invalid("owner", "empty");
      if (request.ownerId === undefined) delete next.ownerId;
      else next.ownerId = request.ownerId;
      record("assign", { ownerId: request.ownerId ?? "" });
      break;
    case "appoint":
      if (request.appointment === undefined) delete next.appointment;
      else {
        const place = cleanText(request.appointment.place, MAX_PLACE_CHARS);
        if (!place.ok) return invalid("place", place.problem);
        if (place.value === undefined) return invalid("place", "empty");
        if (request.appointment.at <= now) return invalid("time", "invalid");
        next.appointment = { at: request.appointment.at, place: place.value, setAt: now };
      }
      record("appoint");
      break;
    case "note": {
      const text = cleanText(request.text, MAX_NOTE_CHARS);
      if (!text.ok) return invalid("note", text.problem);
      if (text.value === undefined) return invalid("note", "empty");
      // The oldest note goes when the pad is full: notes are working memory, the history is the record.
      next.notes = [...app.notes, { at: now, by, text: text.value }].slice(-MAX_NOTES);

      break;
    }
    case "undo": {
      if (!undoableStep(actor, app, now)) return fail({ kind: "undo_expired" });
      const previous = app.history.at(-2);
      next.status = previous?.status ?? "new";
      delete next.closedAt;
      delete next.reason;
      record("undo");
      break;
    }
  }
  return { ok: true, app: next };
}

// ---------------------------------------------------------------------------------------------------------
// Closing what nobody moves any more

/** The system job that closes idle requests, as it is named in their history. */
export const IDLE_CLOSE_JOB = "idle-close";
export const DEFAULT_IDLE_CLOSE_DAYS = 180;

/** The actor of a step no person takes: a background job, named in the history. */
export type SystemActor = { kind: "system"; job: string };

/**
 * The last moment anything happened to the request or was due to happen: the last step a person took
 * (system steps such as the format upgrade are bookkeeping, not activity, so an old record does not
 * look fresh because it was migrated), the last staff note (an officer working on it), the appointment
 * (a meeting fixed is activity until it has passed) and, once filed, the official deadline (until then
 * the request waits on the law's clock, not on anybody's neglect).
 */
export function lastActivityAt(app: PreApplication): number {
  const moments = [
    app.createdAt,
    ...app.history.filter((entry) => entry.by.role !== "system").map((entry) => entry.at),
    ...app.notes.map((note) => note.at),
  ];
  if (app.appointment) moments.push(app.appointment.at);
  if (app.official) moments.push(app.official.dueAt);
  return Math.max(...moments);
}

/** Whether an open request has had nothing happen for longer than `limitMs` (strictly) at `now`. */
export function isIdle(app: PreApplication, now: number, limitMs: number): boolean {
  return !isClosedStatus(app.status) && now - lastActivityAt(app) > limitMs;
}

/**
 * The system's step: closes an open request idle for longer than `limitMs` as "expired", which staff and
 * the citizen can tell from the citizen's own cancellation. People cannot take it (they close, refuse or
 * cancel instead), so it is not one of the TRANSITION_ACTIONS and needs a SystemActor; nobody can undo it.
 */
export function expireIdle(
  app: PreApplication,
  actor: Actor | SystemActor,
  now: number,
  limitMs: number,
): TransitionResult {
  if (actor.kind !== "system") return fail({ kind: "not_allowed_for_actor" });
  if (isClosedStatus(app.status)) return fail({ kind: "not_allowed_from_status", status: app.status });
  if (!isIdle(app, now, limitMs)) return fail({ kind: "not_idle" });
  const next: PreApplication = structuredClone(app);
  next.rev = app.rev + 1;
  next.status = "expired";
  next.closedAt = now;
  next.history.push({ step: "expire", status: "expired", at: now, by: { role: "system", id: actor.job } });
  return { ok: true, app: next };
}

/** Whole days of nothing before the request was closed as idle (for the messages); undefined unless expired. */
export function idleDaysAtExpiry(app: PreApplication): number | undefined {
  const expired = app.history.findLast((entry) => entry.step === "expire");
  if (app.status !== "expired" || !expired) return undefined;
  return Math.floor((expired.at - lastActivityAt(app)) / 86_400_000);
}

// ---------------------------------------------------------------------------------------------------------
// Identifiers and public references

/** Returns `byteCount` uniformly random bytes; production passes `(n) => crypto.randomBytes(n)`. */
export type RandomSource = (byteCount: number) => Uint8Array;

/** Crockford's base32: no I, L, O or U, so a reference read aloud or retyped is hard to get wrong. */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const REF_RANDOM_CHARS = 5;
const REF_SEQUENCE_DIGITS = 4;
const ID_CHARS = 20;

function randomCrockford(random: RandomSource, length: number): string {
  const bytes = random(length);
  if (bytes.length < length) throw new RangeError(`the random source returned ${bytes.length} of ${length} bytes`);
  // 32 divides 256, so the low five bits of a uniform byte are uniform too.
  return Array.from(bytes.subarray(0, length), (b) => CROCKFORD[b & 31]).join("");
}

/** A new internal id: 20 Crockford characters (100 random bits), lower case. */
export function newPreApplicationId(random: RandomSource): string {
  return randomCrockford(random, ID_CHARS).toLowerCase();
}

/**
 * Builds a public reference "KZ-<service>-<sequence>-<random>", e.g. "KZ-7-0042-X7K2Q". The service id
 * helps people and officers; the per-service sequence (from the store's atomic counter) makes it unique;
 * five random Crockford characters (25 bits) make a neighbour's reference unguessable from one's own.
 */
export function formatRef(serviceId: number, sequence: number, random: RandomSource): string {
  if (!Number.isInteger(serviceId) || serviceId <= 0) throw new RangeError(`bad service id ${serviceId}`);
  if (!Number.isInteger(sequence) || sequence <= 0) throw new RangeError(`bad sequence ${sequence}`);
  const seq = String(sequence).padStart(REF_SEQUENCE_DIGITS, "0");
  return `KZ-${serviceId}-${seq}-${randomCrockford(random, REF_RANDOM_CHARS)}`;
}

/**
 * Reads a reference as a person might type it ("kz 7 42 x7k2q", "KZ-7-0042-X7K2O") and returns it in its
 * canonical form, or undefined. Crockford's look-alikes are folded: O → 0, I and L → 1.
 */
export function normalizeRef(input: string): string | undefined {
  const parts = input
    .normalize("NFKC")
    .trim()
    .toUpperCase()
    .split(/[\s\-_–—]+/);
  if (parts.length !== 4 || parts[0] !== "KZ") return undefined;
  const [, service = "", sequence = "", randomPart = ""] = parts;
  if (!/^[1-9]\d{0,3}$/.test(service) || !/^\d{1,12}$/.test(sequence) || Number(sequence) === 0) return undefined;
  const folded = randomPart.replace(/O/g, "0").replace(/[IL]/g, "1");
  if (folded.length !== REF_RANDOM_CHARS || ![...folded].every((c) => CROCKFORD.includes(c))) return undefined;
  return `KZ-${service}-${String(Number(sequence)).padStart(REF_SEQUENCE_DIGITS, "0")}-${folded}`;
}

// ---------------------------------------------------------------------------------------------------------
// Form inputs

export type NameProblem = "empty" | "too_short" | "too_long" | "invalid_characters";
export type CommentProblem = "too_long";

/**
 * Letters of Russian and Kazakh Cyrillic, basic Latin and the Kazakh Latin alphabet of 2021
 * (Ä Ğ Ñ Ö Ş Ū Ü İ ı), plus the separators names use.
 */
const NAME_LETTER = /[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІіÄäĞğÑñÖöŞşŪūÜüİı]/u;
const NAME_CHARS = /^[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІіÄäĞğÑñÖöŞşŪūÜüİı .'’ʼ-]+$/u;

/**
 * Validates the applicant's name: trimmed, inner spaces collapsed, 2-100 characters of letters (Cyrillic,
 * Kazakh, Latin), spaces, hyphens, apostrophes and dots, starting with a letter and holding at least two.
 */
export function validateApplicantName(raw: string): { ok: true; value: string } | { ok: false; problem: NameProblem } {
  const value = raw.normalize("NFC").replace(/\s+/gu, " ").trim();
  if (value === "") return { ok: false, problem: "empty" };
  if (!NAME_CHARS.test(value) || !NAME_LETTER.test(Array.from(value)[0] ?? "")) {
    return { ok: false, problem: "invalid_characters" };
  }
  const letters = Array.from(value).filter((c) => NAME_LETTER.test(c)).length;
  if (letters < MIN_NAME_CHARS || charCount(value) < MIN_NAME_CHARS) return { ok: false, problem: "too_short" };
  if (charCount(value) > MAX_NAME_CHARS) return { ok: false, problem: "too_long" };
  return { ok: true, value };
}

/**
 * Characters that change how the text around them is shown without being seen themselves: C0 and C1
 * controls (tab and line feed kept), and the bidirectional marks, embeddings, overrides and isolates
 * (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069), with which a comment could reorder what an
 * officer reads (e.g. U+202E turns the rest of a line around).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE_CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

/** Free text made safe to show: line breaks normalised to \n (U+2028/U+2029 too), invisible controls dropped. */
export function cleanFreeText(raw: string): string {
  return raw.replace(/\r\n?|[\u2028\u2029]/gu, "\n").replace(INVISIBLE_CONTROLS, "");
}

/**
 * Validates the optional comment: cleaned (cleanFreeText), trimmed, at most 500 characters; blank means
 * no comment. Line breaks stay: views show the comment as a quote, so its lines cannot pass for fields.
 */
export function validateComment(
  raw: string | undefined,
): { ok: true; value: string | undefined } | { ok: false; problem: CommentProblem } {
  const value = cleanFreeText(raw ?? "").trim();
  if (value === "") return { ok: true, value: undefined };
  if (charCount(value) > MAX_COMMENT_CHARS) return { ok: false, problem: "too_long" };
  return { ok: true, value };
}

export interface FormInput {
  applicantName: string;
  phone: string;
  comment?: string;
}

export interface ValidForm {
  applicantName: string;
  /** E.164. */
  phone: string;
  comment?: string;
}

export interface FormProblems {
  applicantName?: NameProblem;
  phone?: PhoneProblem;
  comment?: CommentProblem;
}

/** Validates and normalises all form fields at once, reporting every problem. */
export function validateForm(input: FormInput): { ok: true; value: ValidForm } | { ok: false; problems: FormProblems } {
  const name = validateApplicantName(input.applicantName);
  const phone = normalizePhone(input.phone);
  const comment = validateComment(input.comment);
  if (name.ok && phone.ok && comment.ok) {
    const value: ValidForm = { applicantName: name.value, phone: phone.e164 };
    if (comment.value !== undefined) value.comment = comment.value;
    return { ok: true, value };
  }
  const problems: FormProblems = {};
  if (!name.ok) problems.applicantName = name.problem;
  if (!phone.ok) problems.phone = phone.problem;
  if (!comment.ok) problems.comment = comment.problem;
  return { ok: false, problems };
}

// ---------------------------------------------------------------------------------------------------------
// Creation

export interface NewPreApplication {
  id: string;
  ref: string;
  service: Service;
  channel: Channel;
  citizen: { userId: number; chatId: number; locale: Locale };
  /** Raw form values; they are validated here, so the record is valid whatever the caller did before. */
  form: FormInput;
  /** The department's response promise, computed by the caller from the response time and the calendar. */
  responseDue: { at: number; certain: boolean };
  /** Who owns it from the start; undefined sends it to the admins' "needs an owner" queue. */
  ownerId: string | undefined;
  /** The version of the consent text the citizen accepted, so the exact wording can be produced later. */
  consentTextVersion: string;
  now: number;
}

export type CreateProblems = FormProblems & { channel?: "not_offered" };

/** Builds a new pre-application in status "new", consent given now, or lists what is wrong with the input. */
export function createPreApplication(
  input: NewPreApplication,
): { ok: true; app: PreApplication } | { ok: false; problems: CreateProblems } {
  const form = validateForm(input.form);
  const channelOffered = input.service.channels.includes(input.channel);
  if (!form.ok || !channelOffered) {
    const problems: CreateProblems = form.ok ? {} : { ...form.problems };
    if (!channelOffered) problems.channel = "not_offered";
    return { ok: false, problems };
  }
  const by = { role: "citizen", id: String(input.citizen.userId) } as const;
  const app: PreApplication = {
    v: RECORD_VERSION,
    rev: 1,
    id: input.id,
    ref: input.ref,
    serviceId: input.service.id,
    officerId: input.service.officer,
    citizenId: input.citizen.userId,
    citizenChatId: input.citizen.chatId,
    citizenLocale: input.citizen.locale,
    applicantName: form.value.applicantName,
    phone: form.value.phone,
    channel: input.channel,
    status: "new",
    createdAt: input.now,
    responseDueAt: input.responseDue.at,
    responseCertain: input.responseDue.certain,
    consent: { textVersion: input.consentTextVersion, givenAt: input.now },
    history: [{ step: "created", status: "new", at: input.now, by }],
    notes: [],
  };
  if (input.ownerId !== undefined) app.ownerId = input.ownerId;
  if (form.value.comment !== undefined) app.comment = form.value.comment;
  return { ok: true, app };
}

/** When the owner first reached the citizen (advised or will file), for the admins' figures. */
export function firstContactAt(app: PreApplication): number | undefined {
  return app.history.find(
    (entry) => entry.step === "file" || (entry.step === "contact" && entry.outcome !== "unreachable"),
  )?.at;
}

/** The calls that reached nobody, with their times. */
export function unreachableAttempts(app: PreApplication): number[] {
  return app.history
    .filter((entry) => entry.step === "contact" && entry.outcome === "unreachable")
    .map((entry) => entry.at);
}
