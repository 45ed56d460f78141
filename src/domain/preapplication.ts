/**
 * The pre-application: a citizen tells the department they intend to use a service and how to reach them;
 * the responsible officer takes it from there.
 *
 * Lifecycle: new → in_work → done; new|in_work → rejected (officer, with a reason); new|in_work →
 * cancelled (citizen). done, rejected and cancelled are closed: nothing changes them any more.
 *
 * Pure: time comes in as `now` (ms), randomness as a `RandomSource`, so every function is deterministic.
 */
import { z } from "zod";
import { CHANNELS, LOCALES, type Channel, type Locale, type Service } from "./catalog.js";
import { normalizePhone, type PhoneProblem } from "./phone.js";

export const STATUSES = ["new", "in_work", "done", "rejected", "cancelled"] as const;
export type PreApplicationStatus = (typeof STATUSES)[number];

export const OPEN_STATUSES = ["new", "in_work"] as const satisfies readonly PreApplicationStatus[];
export const CLOSED_STATUSES = ["done", "rejected", "cancelled"] as const satisfies readonly PreApplicationStatus[];

export const HISTORY_ROLES = ["citizen", "officer", "admin", "system"] as const;
export type HistoryRole = (typeof HISTORY_ROLES)[number];

export const MAX_REJECT_REASON_CHARS = 300;
export const MAX_COMMENT_CHARS = 500;
export const MIN_NAME_CHARS = 2;
export const MAX_NAME_CHARS = 100;

const historyEntrySchema = z.strictObject({
  status: z.enum(STATUSES),
  at: z.number().int(),
  /** `id` is the Telegram user id as a string for people, a job name for "system". */
  by: z.strictObject({ role: z.enum(HISTORY_ROLES), id: z.string().min(1) }),
  reason: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** The stored shape of a pre-application; stores parse what they read back with it. */
export const preApplicationSchema = z.strictObject({
  /** Internal, random; never shown to people. */
  id: z.string().min(1),
  /** Public reference, e.g. "KZ-7-0042-X7K2Q" (see formatRef). */
  ref: z.string().min(1),
  serviceId: z.number().int().positive(),
  /** The catalog officer responsible for the service when the pre-application was made. */
  officerId: z.string().min(1),
  citizenId: z.number().int(),
  citizenChatId: z.number().int(),
  citizenLocale: z.enum(LOCALES),
  applicantName: z.string().min(1),
  /** E.164, "+7" and 10 digits. */
  phone: z.string().regex(/^\+7\d{10}$/),
  channel: z.enum(CHANNELS),
  comment: z.string().optional(),
  status: z.enum(STATUSES),
  createdAt: z.number().int(),
  deadlineAt: z.number().int(),
  /** False when the deadline is an estimate (e.g. the calendar of that year is not known yet). */
  deadlineCertain: z.boolean(),
  consent: z.strictObject({ textVersion: z.string().min(1), givenAt: z.number().int() }),
  history: z.array(historyEntrySchema).min(1),
  rejectReason: z.string().optional(),
  closedAt: z.number().int().optional(),
});
export type PreApplication = z.infer<typeof preApplicationSchema>;

/** Who is acting. An officer acts for one catalog officer id; a citizen only for themselves. */
export type Actor =
  | { kind: "citizen"; userId: number }
  | { kind: "officer"; userId: number; officerId: string }
  | { kind: "admin"; userId: number };

export const TRANSITION_ACTIONS = ["take", "complete", "reject", "cancel"] as const;
export type TransitionAction = (typeof TRANSITION_ACTIONS)[number];
export const ACTIONS = ["view", ...TRANSITION_ACTIONS] as const;
export type Action = (typeof ACTIONS)[number];

/** A requested status change; only a rejection carries data (its reason, shown to the citizen). */
export type TransitionRequest =
  | { action: "take" }
  | { action: "complete" }
  | { action: "reject"; reason: string }
  | { action: "cancel" };

const TRANSITIONS: Record<TransitionAction, { from: readonly PreApplicationStatus[]; to: PreApplicationStatus }> = {
  take: { from: ["new"], to: "in_work" },
  complete: { from: ["in_work"], to: "done" },
  reject: { from: OPEN_STATUSES, to: "rejected" },
  cancel: { from: OPEN_STATUSES, to: "cancelled" },
};

/** Whether nothing can change this status any more (done, rejected, cancelled). */
export function isClosedStatus(status: PreApplicationStatus): boolean {
  return (CLOSED_STATUSES as readonly PreApplicationStatus[]).includes(status);
}

/** Whether the pre-application is still open and its deadline has passed. */
export function isOverdue(app: Pick<PreApplication, "status" | "deadlineAt">, now: number): boolean {
  return !isClosedStatus(app.status) && app.deadlineAt < now;
}

/** Whether the actor's role and relation to the pre-application allow the action at all, whatever its status. */
function actorMay(actor: Actor, action: Action, app: PreApplication): boolean {
  switch (actor.kind) {
    case "admin":
      return true;
    case "officer":
      return actor.officerId === app.officerId && action !== "cancel";
    case "citizen":
      return actor.userId === app.citizenId && (action === "view" || action === "cancel");
  }
}

/**
 * Whether the actor may do the action to this pre-application now: admins everything; an officer views and
 * takes, completes or rejects those of their own officer id; a citizen views and cancels their own.
 * Status changes also need a status they are allowed from.
 */
export function can(actor: Actor, action: Action, app: PreApplication): boolean {
  if (!actorMay(actor, action, app)) return false;
  return action === "view" || TRANSITIONS[action].from.includes(app.status);
}

/** The status changes this actor could make now, for building buttons. */
export function availableActions(actor: Actor, app: PreApplication): TransitionAction[] {
  return TRANSITION_ACTIONS.filter((action) => can(actor, action, app));
}

export type TransitionError =
  | { kind: "not_allowed_for_actor" }
  | { kind: "not_allowed_from_status"; status: PreApplicationStatus }
  | { kind: "invalid_reason"; problem: "empty" | "too_long" };

export type TransitionResult = { ok: true; app: PreApplication } | { ok: false; error: TransitionError };

/** Counts user-perceived characters closely enough for limits: code points, so "ә" is one, not two. */
function charCount(text: string): number {
  return Array.from(text).length;
}

/**
 * Applies a status change, returning the new record (with a history entry and, when it closes, closedAt)
 * or why it is refused. The actor is checked before the status, so strangers learn nothing about it.
 */
export function transition(app: PreApplication, request: TransitionRequest, actor: Actor, now: number): TransitionResult {
  if (!actorMay(actor, request.action, app)) return { ok: false, error: { kind: "not_allowed_for_actor" } };
  const rule = TRANSITIONS[request.action];
  if (!rule.from.includes(app.status)) return { ok: false, error: { kind: "not_allowed_from_status", status: app.status } };
  let reason: string | undefined;
  if (request.action === "reject") {
    reason = request.reason.trim();
    if (reason === "") return { ok: false, error: { kind: "invalid_reason", problem: "empty" } };
    if (charCount(reason) > MAX_REJECT_REASON_CHARS) return { ok: false, error: { kind: "invalid_reason", problem: "too_long" } };
  }
  const entry: HistoryEntry = { status: rule.to, at: now, by: { role: actor.kind, id: String(actor.userId) } };
  if (reason !== undefined) entry.reason = reason;
  const next: PreApplication = { ...app, status: rule.to, history: [...app.history, entry] };
  if (reason !== undefined) next.rejectReason = reason;
  if (isClosedStatus(rule.to)) next.closedAt = now;
  return { ok: true, app: next };
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
  const parts = input.normalize("NFKC").trim().toUpperCase().split(/[\s\-_–—]+/);
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
  /** Computed by the caller from the service's processing time and the working-day calendar. */
  deadline: { at: number; certain: boolean };
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
  const app: PreApplication = {
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
    deadlineAt: input.deadline.at,
    deadlineCertain: input.deadline.certain,
    consent: { textVersion: input.consentTextVersion, givenAt: input.now },
    history: [{ status: "new", at: input.now, by: { role: "citizen", id: String(input.citizen.userId) } }],
  };
  if (form.value.comment !== undefined) app.comment = form.value.comment;
  return { ok: true, app };
}
