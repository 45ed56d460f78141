/**
 * Every button's callback data, declared once: ROUTES below is the one table of routes (name, fields,
 * encoding, decoding), the forms' buttons included. The Route type is derived from it; encodeRoute and
 * decodeRoute read it; the property test (test/bot/callback-data.test.ts) generates every route from
 * its field specs and checks decode(encode(r)) = r, the 64-byte limit and that nothing else decodes.
 * Adding a button is adding one entry here.
 *
 * Callback data is untrusted input: anyone can send any string as callback data. Each route decodes
 * with a strict, anchored pattern; anything that does not decode is a stale or forged button. Ids are
 * checked against the catalog and the stores by the handlers.
 *
 * Plain inline keyboards with routes in the data, rather than @grammyjs/menu, because the route alone
 * rebuilds any screen: buttons of old messages keep working after restarts and deploys and on any
 * instance, and the same views serve the terminal chat and inline mode. The encodings are short and
 * stable for that reason: changing one turns the buttons of every message already sent into stale ones.
 */
import { CHANNELS, LOCALES, type Channel, type Locale } from "../domain/catalog.js";
import { CLOSE_REASONS, REFUSAL_REASONS, type CloseReason, type RefusalReason } from "../domain/preapplication.js";

/** What values a field takes: the property test generates values from these specs. */
export type FieldSpec =
  /** Catalog ids (categories, officers, guide nodes): [a-z0-9_]{1,16}. */
  | { type: "id" }
  /** Pre-application ids: lower-case Crockford base32, 10-32 characters (domain/preapplication.ts). */
  | { type: "pid" }
  | { type: "int"; min: number; max: number }
  | { type: "enum"; values: readonly (string | boolean)[] }
  | { type: "optional"; of: FieldSpec }
  /** An object of one of several shapes (each shape's fields by name). */
  | { type: "oneOf"; shapes: readonly Record<string, FieldSpec>[] };

interface RouteSpec<F> {
  /** Each field of the route and the values it takes. */
  fields: { [K in keyof F]-?: FieldSpec };
  /** The whole callback data, anchored; groups feed `decode`. */
  pattern: RegExp;
  encode(fields: F): string;
  decode(match: RegExpExecArray): F;
  /**
   * A button of a form (a conversation): handled inside the form. The route handlers see one only when
   * no form took it: Confirm after its form ended (features/preapply-form.ts); the others are stale then.
   */
  form?: true;
}

/** Declares one route; the type parameter is the route's fields. */
function route<F extends object = Record<never, never>>(spec: RouteSpec<F>): RouteSpec<F> {
  return spec;
}

const ID = "[a-z0-9_]{1,16}";
const PID = "[0-9a-z]{10,32}";
const NUM = "[1-9][0-9]{0,3}";
const id = { type: "id" } as const;
const pid = { type: "pid" } as const;
const serviceId = { type: "int", min: 1, max: 9999 } as const;
const confirmed = { type: "enum", values: [false, true] } as const;

/** A literal route: fixed data, no fields. */
const fixed = (data: string, extra: { form?: true } = {}) =>
  route({ fields: {}, pattern: new RegExp(`^${data}$`), encode: () => data, decode: () => ({}), ...extra });

/** Where a service card's Back button leads: a category, a guide step, or the user's last search results. */
export type BackTarget = { to: "category"; categoryId: string } | { to: "guide"; nodeId: string } | { to: "results" };
const back = {
  type: "optional",
  of: {
    type: "oneOf",
    shapes: [
      { to: { type: "enum", values: ["category"] }, categoryId: id },
      { to: { type: "enum", values: ["guide"] }, nodeId: id },
      { to: { type: "enum", values: ["results"] } },
    ],
  },
} as const;
/** The optional tail of a card's route that remembers where its Back leads; three groups for decodeBack. */
const BACK = `(?::(c|g):(${ID})|:(r))?`;

/** ":c:<category>", ":g:<guide node>" or ":r" (the last search results). */
function encodeBack(target: BackTarget | undefined): string {
  if (!target) return "";
  return target.to === "category" ? `:c:${target.categoryId}` : target.to === "guide" ? `:g:${target.nodeId}` : ":r";
}

/** Reads the three groups of BACK starting at `first`. */
function decodeBack(m: RegExpExecArray, first: number): BackTarget | undefined {
  if (m[first + 2]) return { to: "results" };
  const kind = m[first];
  const id = m[first + 1];
  if (!kind || !id) return undefined;
  return kind === "c" ? { to: "category", categoryId: id } : { to: "guide", nodeId: id };
}

/** The two details screens of a service card: documents, and who can apply / result. */
export type DetailsSection = "docs" | "about";

const OFFICER_ACTIONS = { t: "take", d: "complete", r: "reject", c: "call" } as const;
type OfficerAction = (typeof OFFICER_ACTIONS)[keyof typeof OFFICER_ACTIONS];
const OFFICER_ACTION_CODES = { take: "t", complete: "d", reject: "r", call: "c" } as const;
/**
 * What a desk button does to one request: contact outcomes (advised, will file, unreachable), file,
 * issue (ask, then confirmed), refuse and close (pick a reason), undo, note, appointment, assign (pick),
 * call. Reasons and owners have routes of their own (deskReason, deskAssign).
 */
export const DESK_OPS = ["ca", "cw", "cu", "f", "i", "iy", "r", "c", "u", "n", "a", "s", "call"] as const;
export type DeskOp = (typeof DESK_OPS)[number];
/** A refusal's or a closing's reason: shown for confirmation (r, c), then confirmed (ry, cy). */
export const REASON_OPS = ["r", "ry", "c", "cy"] as const;
export type ReasonOp = (typeof REASON_OPS)[number];
const REASONS = [...new Set<CloseReason | RefusalReason>([...CLOSE_REASONS, ...REFUSAL_REASONS])];
/** The days a filing form offers as buttons. */
export const FILED_DAYS = ["today", "yesterday"] as const;

/** The fields of the pre-application form that its Edit step offers. */
export const FORM_FIELDS = ["name", "phone", "channel", "comment"] as const;
export type FormField = (typeof FORM_FIELDS)[number];

export const ROUTES = {
  main: fixed("m"),
  categories: fixed("cats"),
  category: route<{ categoryId: string }>({
    fields: { categoryId: id },
    pattern: new RegExp(`^c:(${ID})$`),
    encode: (r) => `c:${r.categoryId}`,
    decode: (m) => ({ categoryId: m[1]! }),
  }),
  service: route<{ serviceId: number; back?: BackTarget }>({
    fields: { serviceId, back },
    pattern: new RegExp(`^s:(${NUM})${BACK}$`),
    encode: (r) => `s:${r.serviceId}${encodeBack(r.back)}`,
    decode: (m) => {
      const target = decodeBack(m, 2);
      return { serviceId: Number(m[1]), ...(target ? { back: target } : {}) };
    },
  }),
  // Details of a service (catalog/details.yaml): a section, a page of it, and the card's way back.
  details: route<{ serviceId: number; section: DetailsSection; page: number; back?: BackTarget }>({
    fields: {
      serviceId,
      section: { type: "enum", values: ["docs", "about"] },
      page: { type: "int", min: 0, max: 99 },
      back,
    },
    pattern: new RegExp(`^d:(${NUM}):(d|a):(\\d{1,2})${BACK}$`),
    encode: (r) => `d:${r.serviceId}:${r.section === "docs" ? "d" : "a"}:${r.page}${encodeBack(r.back)}`,
    decode: (m) => {
      const target = decodeBack(m, 4);
      return {
        serviceId: Number(m[1]),
        section: m[2] === "d" ? "docs" : "about",
        page: Number(m[3]),
        ...(target ? { back: target } : {}),
      };
    },
  }),
  officers: fixed("off"),
  officerContact: route<{ officerId: string }>({
    fields: { officerId: id },
    pattern: new RegExp(`^oc:(${ID})$`),
    encode: (r) => `oc:${r.officerId}`,
    decode: (m) => ({ officerId: m[1]! }),
  }),
  languages: fixed("lang"),
  setLanguage: route<{ locale: Locale }>({
    fields: { locale: { type: "enum", values: LOCALES } },
    pattern: new RegExp(`^lang:(${LOCALES.join("|")})$`),
    encode: (r) => `lang:${r.locale}`,
    decode: (m) => ({ locale: m[1] as Locale }),
  }),
  help: fixed("help"),
  find: fixed("find"),
  /** The user's last search results (kept in the session), for a card's Back. */
  results: fixed("sr"),
  guide: route<{ nodeId?: string }>({
    fields: { nodeId: { type: "optional", of: id } },
    pattern: new RegExp(`^g(?::(${ID}))?$`),
    encode: (r) => (r.nodeId ? `g:${r.nodeId}` : "g"),
    decode: (m) => (m[1] ? { nodeId: m[1] } : {}),
  }),
  preapply: route<{ serviceId: number }>({
    fields: { serviceId },
    pattern: new RegExp(`^pa:(${NUM})$`),
    encode: (r) => `pa:${r.serviceId}`,
    decode: (m) => ({ serviceId: Number(m[1]) }),
  }),
  myApplications: fixed("my"),
  myItem: route<{ id: string }>({
    fields: { id: pid },
    pattern: new RegExp(`^my:(${PID})$`),
    encode: (r) => `my:${r.id}`,
    decode: (m) => ({ id: m[1]! }),
  }),
  myCancel: route<{ id: string; confirmed: boolean }>({
    fields: { id: pid, confirmed },
    pattern: new RegExp(`^(myx|myxy):(${PID})$`),
    encode: (r) => `${r.confirmed ? "myxy" : "myx"}:${r.id}`,
    decode: (m) => ({ id: m[2]!, confirmed: m[1] === "myxy" }),
  }),
  deleteData: route<{ confirmed: boolean }>({
    fields: { confirmed },
    pattern: /^(del|dely)$/,
    encode: (r) => (r.confirmed ? "dely" : "del"),
    decode: (m) => ({ confirmed: m[1] === "dely" }),
  }),
  queue: route<{ officerId?: string; offset: number }>({
    fields: { officerId: { type: "optional", of: id }, offset: { type: "int", min: 0, max: 99_999 } },
    pattern: new RegExp(`^q:(${ID})?:(\\d{1,5})$`),
    encode: (r) => `q:${r.officerId ?? ""}:${r.offset}`,
    decode: (m) => ({ ...(m[1] ? { officerId: m[1] } : {}), offset: Number(m[2]) }),
  }),
  queueItem: route<{ id: string }>({
    fields: { id: pid },
    pattern: new RegExp(`^qa:(${PID})$`),
    encode: (r) => `qa:${r.id}`,
    decode: (m) => ({ id: m[1]! }),
  }),
  // Take / Done / Reject / Call of messages sent before the desk's lifecycle: they open the request.
  officerAction: route<{ action: OfficerAction; id: string }>({
    fields: { action: { type: "enum", values: Object.values(OFFICER_ACTIONS) }, id: pid },
    pattern: new RegExp(`^q([tdrc]):(${PID})$`),
    encode: (r) => `q${OFFICER_ACTION_CODES[r.action]}:${r.id}`,
    decode: (m) => ({ action: OFFICER_ACTIONS[m[1] as keyof typeof OFFICER_ACTIONS], id: m[2]! }),
  }),
  /** The admin's list of officers to invite or unlink. */
  officerPicker: route<{ purpose: "invite" | "unlink" }>({
    fields: { purpose: { type: "enum", values: ["invite", "unlink"] } },
    pattern: /^(inv|unl)$/,
    encode: (r) => (r.purpose === "invite" ? "inv" : "unl"),
    decode: (m) => ({ purpose: m[1] === "inv" ? "invite" : "unlink" }),
  }),
  invite: route<{ officerId: string }>({
    fields: { officerId: id },
    pattern: new RegExp(`^inv:(${ID})$`),
    encode: (r) => `inv:${r.officerId}`,
    decode: (m) => ({ officerId: m[1]! }),
  }),
  unlink: route<{ officerId: string; confirmed: boolean }>({
    fields: { officerId: id, confirmed },
    pattern: new RegExp(`^(unl|unly):(${ID})$`),
    encode: (r) => `${r.confirmed ? "unly" : "unl"}:${r.officerId}`,
    decode: (m) => ({ officerId: m[2]!, confirmed: m[1] === "unly" }),
  }),
  /** An unlink taken back: the user to link again and when they were unlinked (seconds, for the undo window). */
  relink: route<{ officerId: string; userId: number; atSeconds: number }>({
    fields: {
      officerId: id,
      userId: { type: "int", min: 1, max: 999_999_999_999_999 },
      atSeconds: { type: "int", min: 0, max: 2 ** 31 },
    },
    pattern: new RegExp(`^rl:(${ID}):([1-9]\\d{0,14}):(0|[1-9a-z][0-9a-z]{0,6})$`),
    encode: (r) => `rl:${r.officerId}:${r.userId}:${r.atSeconds.toString(36)}`,
    decode: (m) => ({ officerId: m[1]!, userId: Number(m[2]), atSeconds: parseInt(m[3]!, 36) }),
  }),
  desk: fixed("d"),
  unowned: route<{ offset: number }>({
    fields: { offset: { type: "int", min: 0, max: 99_999 } },
    pattern: /^qn:(0|[1-9]\d{0,4})$/,
    encode: (r) => `qn:${r.offset}`,
    decode: (m) => ({ offset: Number(m[1]) }),
  }),
  overdue: fixed("qo"),
  deskOp: route<{ op: DeskOp; id: string }>({
    fields: { op: { type: "enum", values: DESK_OPS }, id: pid },
    pattern: new RegExp(`^do:(${DESK_OPS.join("|")}):(${PID})$`),
    encode: (r) => `do:${r.op}:${r.id}`,
    decode: (m) => ({ op: m[1] as DeskOp, id: m[2]! }),
  }),
  deskReason: route<{ op: ReasonOp; id: string; reason: CloseReason | RefusalReason }>({
    fields: { op: { type: "enum", values: REASON_OPS }, id: pid, reason: { type: "enum", values: REASONS } },
    pattern: new RegExp(`^dr:(${REASON_OPS.join("|")}):(${PID}):(${REASONS.join("|")})$`),
    encode: (r) => `dr:${r.op}:${r.id}:${r.reason}`,
    decode: (m) => ({ op: m[1] as ReasonOp, id: m[2]!, reason: m[3] as CloseReason | RefusalReason }),
  }),
  /** Assigns a request to an officer, or (no officer) back to the admins' "needs an owner" queue. */
  deskAssign: route<{ id: string; officerId?: string }>({
    fields: { id: pid, officerId: { type: "optional", of: id } },
    pattern: new RegExp(`^da:(${PID}):(${ID})?$`),
    encode: (r) => `da:${r.id}:${r.officerId ?? ""}`,
    decode: (m) => ({ id: m[1]!, ...(m[2] ? { officerId: m[2] } : {}) }),
  }),
  covers: fixed("cv"),
  /** Without an officer: the picker of whom to cover. */
  coverPick: route<{ officerId?: string }>({
    fields: { officerId: { type: "optional", of: id } },
    pattern: new RegExp(`^cvo:(${ID})?$`),
    encode: (r) => `cvo:${r.officerId ?? ""}`,
    decode: (m) => (m[1] ? { officerId: m[1] } : {}),
  }),
  coverSub: route<{ officerId: string; substituteId: string }>({
    fields: { officerId: id, substituteId: id },
    pattern: new RegExp(`^cvs:(${ID}):(${ID})$`),
    encode: (r) => `cvs:${r.officerId}:${r.substituteId}`,
    decode: (m) => ({ officerId: m[1]!, substituteId: m[2]! }),
  }),
  coverRemove: route<{ officerId: string }>({
    fields: { officerId: id },
    pattern: new RegExp(`^cvx:(${ID})$`),
    encode: (r) => `cvx:${r.officerId}`,
    decode: (m) => ({ officerId: m[1]! }),
  }),

  // The forms' buttons (features/preapply-form.ts, the desk's forms in features/officer-desk.ts).
  formCancel: fixed("f:cancel", { form: true }),
  formConsent: route<{ given: boolean }>({
    fields: { given: confirmed },
    pattern: /^f:(yes|no)$/,
    encode: (r) => (r.given ? "f:yes" : "f:no"),
    decode: (m) => ({ given: m[1] === "yes" }),
    form: true,
  }),
  formChannel: route<{ channel: Channel }>({
    fields: { channel: { type: "enum", values: CHANNELS } },
    pattern: new RegExp(`^f:ch:(${CHANNELS.join("|")})$`),
    encode: (r) => `f:ch:${r.channel}`,
    decode: (m) => ({ channel: m[1] as Channel }),
    form: true,
  }),
  formSkip: fixed("f:skip", { form: true }),
  /** Carries the form submission's id (its idempotency key), so a press after the form ended still finds what it stored. */
  formConfirm: route<{ submissionId: string }>({
    fields: { submissionId: pid },
    pattern: new RegExp(`^f:ok:(${PID})$`),
    encode: (r) => `f:ok:${r.submissionId}`,
    decode: (m) => ({ submissionId: m[1]! }),
    form: true,
  }),
  formEdit: fixed("f:edit", { form: true }),
  /** The desk's filing form: filed today or yesterday (another day is typed). */
  formFiledDay: route<{ day: (typeof FILED_DAYS)[number] }>({
    fields: { day: { type: "enum", values: FILED_DAYS } },
    pattern: new RegExp(`^f:d:(${FILED_DAYS.join("|")})$`),
    encode: (r) => `f:d:${r.day}`,
    decode: (m) => ({ day: m[1] as (typeof FILED_DAYS)[number] }),
    form: true,
  }),
  formEditField: route<{ field: FormField }>({
    fields: { field: { type: "enum", values: FORM_FIELDS } },
    pattern: new RegExp(`^f:e:(${FORM_FIELDS.join("|")})$`),
    encode: (r) => `f:e:${r.field}`,
    decode: (m) => ({ field: m[1] as FormField }),
    form: true,
  }),
};

type Routes = typeof ROUTES;
type FieldsOf<K extends keyof Routes> = Routes[K] extends RouteSpec<infer F> ? F : never;

/** A button's meaning: one entry of ROUTES with its fields. */
export type Route = { [K in keyof Routes]: { kind: K } & FieldsOf<K> }[keyof Routes];
export type RouteKind = Route["kind"];

const KINDS = Object.keys(ROUTES) as RouteKind[];

/** Turns a route into callback data (always ≤ 64 bytes, Telegram's limit, for valid fields). */
export function encodeRoute(route: Route): string {
  const { kind, ...fields } = route;
  return (ROUTES[kind] as RouteSpec<object>).encode(fields);
}

/** Parses callback data into a route, or undefined for anything that is not exactly a known route. */
export function decodeRoute(data: string): Route | undefined {
  if (data.length > 64) return undefined;
  for (const kind of KINDS) {
    const spec = ROUTES[kind] as RouteSpec<object>;
    const match = spec.pattern.exec(data);
    if (match) return { kind, ...spec.decode(match) } as Route;
  }
  return undefined;
}

/** Whether callback data is a button of a form (so the form storage must be readable to answer it). */
export function isFormButton(data: string | undefined): boolean {
  if (data === undefined) return false;
  const route = decodeRoute(data);
  return route !== undefined && ROUTES[route.kind].form === true;
}
