/**
 * Callback data is untrusted input: anyone can send any string as callback data. Every button's data
 * is a small route, encoded here and decoded with a strict grammar; anything that does not decode
 * is treated as a stale or forged button. Ids are checked against the catalog by the handlers.
 *
 * Plain inline keyboards with routes in the data, rather than @grammyjs/menu, because the route alone
 * rebuilds any screen: buttons of old messages keep working after restarts and deploys and on any
 * instance, and the same views serve the terminal chat and inline mode.
 */
import { LOCALES, type Locale } from "../domain/catalog.js";

/** Where a service card's Back button leads. */
export type BackTarget = { to: "category"; categoryId: string } | { to: "guide"; nodeId: string };

export type Route =
  | { kind: "main" }
  | { kind: "categories" }
  | { kind: "category"; categoryId: string }
  | { kind: "service"; serviceId: number; back?: BackTarget }
  | { kind: "officers" }
  | { kind: "officerContact"; officerId: string }
  | { kind: "languages" }
  | { kind: "setLanguage"; locale: Locale }
  | { kind: "help" }
  | { kind: "find" }
  | { kind: "guide"; nodeId?: string }
  | { kind: "preapply"; serviceId: number }
  | { kind: "myApplications" }
  | { kind: "myItem"; id: string }
  | { kind: "myCancel"; id: string; confirmed: boolean }
  | { kind: "deleteData"; confirmed: boolean }
  | { kind: "queue"; officerId?: string; offset: number }
  | { kind: "queueItem"; id: string }
  | { kind: "desk" }
  | { kind: "unowned"; offset: number }
  | { kind: "overdue" }
  | { kind: "deskOp"; op: DeskOp; id: string; arg?: string }
  | { kind: "invite"; officerId: string }
  | { kind: "unlink"; officerId: string; confirmed: boolean }
  | { kind: "relink"; officerId: string; userId: number; at: number }
  | { kind: "covers" }
  /** Without an officer: the picker of whom to cover. */
  | { kind: "coverPick"; officerId?: string }
  | { kind: "coverSub"; officerId: string; substituteId: string }
  | { kind: "coverRemove"; officerId: string };

/**
 * What a desk button does to one request: contact outcomes (advised, will file, unreachable), file,
 * issue (ask, confirmed), refuse and close (pick a reason, confirmed with the reason's id), undo, note,
 * appointment, assign (pick, to an officer id or "-" for nobody), call.
 */
export const DESK_OPS = ["ca", "cw", "cu", "f", "i", "iy", "r", "ry", "c", "cy", "u", "n", "a", "s", "sy", "call"] as const;
export type DeskOp = (typeof DESK_OPS)[number];

const ID = "[a-z0-9_]{1,16}";
/** Pre-application ids: lower-case Crockford base32 (see domain/preapplication.ts). */
const PID = "[0-9a-z]{10,32}";
const NUM = "[1-9][0-9]{0,3}";

/** Turns a route into callback data (always ≤ 64 bytes, Telegram's limit, for valid ids). */
export function encodeRoute(route: Route): string {
  switch (route.kind) {
    case "main":
      return "m";
    case "categories":
      return "cats";
    case "category":
      return `c:${route.categoryId}`;
    case "service": {
      const back = route.back ? (route.back.to === "category" ? `:c:${route.back.categoryId}` : `:g:${route.back.nodeId}`) : "";
      return `s:${route.serviceId}${back}`;
    }
    case "officers":
      return "off";
    case "officerContact":
      return `oc:${route.officerId}`;
    case "languages":
      return "lang";
    case "setLanguage":
      return `lang:${route.locale}`;
    case "help":
      return "help";
    case "find":
      return "find";
    case "guide":
      return route.nodeId ? `g:${route.nodeId}` : "g";
    case "preapply":
      return `pa:${route.serviceId}`;
    case "myApplications":
      return "my";
    case "myItem":
      return `my:${route.id}`;
    case "myCancel":
      return `${route.confirmed ? "myxy" : "myx"}:${route.id}`;
    case "deleteData":
      return route.confirmed ? "dely" : "del";
    case "queue":
      return `q:${route.officerId ?? ""}:${route.offset}`;
    case "queueItem":
      return `qa:${route.id}`;
    case "desk":
      return "d";
    case "unowned":
      return `qn:${route.offset}`;
    case "overdue":
      return "qo";
    case "deskOp":
      return `do:${route.op}:${route.id}${route.arg === undefined ? "" : `:${route.arg}`}`;
    case "invite":
      return `inv:${route.officerId}`;
    case "unlink":
      return `${route.confirmed ? "unly" : "unl"}:${route.officerId}`;
    case "relink":
      return `rl:${route.officerId}:${route.userId}:${Math.floor(route.at / 1000).toString(36)}`;
    case "covers":
      return "cv";
    case "coverPick":
      return `cvo:${route.officerId ?? ""}`;
    case "coverSub":
      return `cvs:${route.officerId}:${route.substituteId}`;
    case "coverRemove":
      return `cvx:${route.officerId}`;
  }
}

const patterns: [RegExp, (m: RegExpExecArray) => Route][] = [
  [/^m$/, () => ({ kind: "main" })],
  [/^cats$/, () => ({ kind: "categories" })],
  [new RegExp(`^c:(${ID})$`), (m) => ({ kind: "category", categoryId: m[1]! })],
  [
    new RegExp(`^s:(${NUM})(?::(c|g):(${ID}))?$`),
    (m) => {
      const serviceId = Number(m[1]);
      if (!m[2]) return { kind: "service", serviceId };
      const back: BackTarget = m[2] === "c" ? { to: "category", categoryId: m[3]! } : { to: "guide", nodeId: m[3]! };
      return { kind: "service", serviceId, back };
    },
  ],
  [/^off$/, () => ({ kind: "officers" })],
  [new RegExp(`^oc:(${ID})$`), (m) => ({ kind: "officerContact", officerId: m[1]! })],
  [/^lang$/, () => ({ kind: "languages" })],
  [new RegExp(`^lang:(${LOCALES.join("|")})$`), (m) => ({ kind: "setLanguage", locale: m[1] as Locale })],
  [/^help$/, () => ({ kind: "help" })],
  [/^find$/, () => ({ kind: "find" })],
  [/^g$/, () => ({ kind: "guide" })],
  [new RegExp(`^g:(${ID})$`), (m) => ({ kind: "guide", nodeId: m[1]! })],
  [new RegExp(`^pa:(${NUM})$`), (m) => ({ kind: "preapply", serviceId: Number(m[1]) })],
  [/^my$/, () => ({ kind: "myApplications" })],
  [new RegExp(`^my:(${PID})$`), (m) => ({ kind: "myItem", id: m[1]! })],
  [new RegExp(`^(myx|myxy):(${PID})$`), (m) => ({ kind: "myCancel", id: m[2]!, confirmed: m[1] === "myxy" })],
  [/^(del|dely)$/, (m) => ({ kind: "deleteData", confirmed: m[1] === "dely" })],
  [new RegExp(`^q:(${ID})?:(\\d{1,5})$`), (m) => ({ kind: "queue", ...(m[1] ? { officerId: m[1] } : {}), offset: Number(m[2]) })],
  [new RegExp(`^qa:(${PID})$`), (m) => ({ kind: "queueItem", id: m[1]! })],
  // Take / Done / Reject / Call buttons of messages sent before the desk's lifecycle open the request.
  [new RegExp(`^q[tdrc]:(${PID})$`), (m) => ({ kind: "queueItem", id: m[1]! })],
  [/^d$/, () => ({ kind: "desk" })],
  [/^qn:(\d{1,5})$/, (m) => ({ kind: "unowned", offset: Number(m[1]) })],
  [/^qo$/, () => ({ kind: "overdue" })],
  [
    new RegExp(`^do:(${DESK_OPS.join("|")}):(${PID})(?::([a-z0-9_]{1,24}|-))?$`),
    (m) => ({ kind: "deskOp", op: m[1] as DeskOp, id: m[2]!, ...(m[3] === undefined ? {} : { arg: m[3] }) }),
  ],
  [new RegExp(`^inv:(${ID})$`), (m) => ({ kind: "invite", officerId: m[1]! })],
  [new RegExp(`^(unl|unly):(${ID})$`), (m) => ({ kind: "unlink", officerId: m[2]!, confirmed: m[1] === "unly" })],
  [new RegExp(`^rl:(${ID}):(\\d{1,15}):([0-9a-z]{1,8})$`), (m) => ({ kind: "relink", officerId: m[1]!, userId: Number(m[2]), at: parseInt(m[3]!, 36) * 1000 })],
  [/^cv$/, () => ({ kind: "covers" })],
  [new RegExp(`^cvo:(${ID})?$`), (m) => ({ kind: "coverPick", ...(m[1] ? { officerId: m[1] } : {}) })],
  [new RegExp(`^cvs:(${ID}):(${ID})$`), (m) => ({ kind: "coverSub", officerId: m[1]!, substituteId: m[2]! })],
  [new RegExp(`^cvx:(${ID})$`), (m) => ({ kind: "coverRemove", officerId: m[1]! })],
];

/** Parses callback data into a route, or undefined for anything that is not exactly a known route. */
export function decodeRoute(data: string): Route | undefined {
  if (data.length > 64) return undefined;
  for (const [pattern, build] of patterns) {
    const match = pattern.exec(data);
    if (match) return build(match);
  }
  return undefined;
}

/** Buttons of the forms (conversations) start with this; the route table above never does. */
export const FORM_BUTTON_PREFIX = "f:";

/** Whether callback data belongs to a form's button. */
export function isFormButton(data: string | undefined): boolean {
  return data?.startsWith(FORM_BUTTON_PREFIX) ?? false;
}
