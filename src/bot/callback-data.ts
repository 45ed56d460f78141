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

/** Where a service card's Back button leads: a category, a guide step, or the user's last search results. */
export type BackTarget = { to: "category"; categoryId: string } | { to: "guide"; nodeId: string } | { to: "results" };

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
  | { kind: "results" }
  | { kind: "guide"; nodeId?: string }
  | { kind: "preapply"; serviceId: number }
  | { kind: "myApplications" }
  | { kind: "myItem"; id: string }
  | { kind: "myCancel"; id: string; confirmed: boolean }
  | { kind: "deleteData"; confirmed: boolean }
  | { kind: "queue"; officerId?: string; offset: number }
  | { kind: "queueItem"; id: string }
  | { kind: "officerAction"; action: "take" | "complete" | "reject" | "call"; id: string }
  | { kind: "officerPicker"; purpose: "invite" | "unlink" }
  | { kind: "invite"; officerId: string }
  | { kind: "unlink"; officerId: string };

const ID = "[a-z0-9_]{1,16}";
/** Pre-application ids: lower-case Crockford base32 (see domain/preapplication.ts). */
const PID = "[0-9a-z]{10,32}";
const OFFICER_ACTIONS = { t: "take", d: "complete", r: "reject", c: "call" } as const;
const OFFICER_ACTION_CODES = { take: "t", complete: "d", reject: "r", call: "c" } as const;
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
      const back = !route.back
        ? ""
        : route.back.to === "category"
          ? `:c:${route.back.categoryId}`
          : route.back.to === "guide"
            ? `:g:${route.back.nodeId}`
            : ":r";
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
    case "results":
      return "sr";
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
    case "officerAction":
      return `q${OFFICER_ACTION_CODES[route.action]}:${route.id}`;
    case "officerPicker":
      return route.purpose === "invite" ? "inv" : "unl";
    case "invite":
      return `inv:${route.officerId}`;
    case "unlink":
      return `unl:${route.officerId}`;
  }
}

const patterns: [RegExp, (m: RegExpExecArray) => Route][] = [
  [/^m$/, () => ({ kind: "main" })],
  [/^cats$/, () => ({ kind: "categories" })],
  [new RegExp(`^c:(${ID})$`), (m) => ({ kind: "category", categoryId: m[1]! })],
  [
    new RegExp(`^s:(${NUM})(?::(c|g):(${ID})|:(r))?$`),
    (m) => {
      const serviceId = Number(m[1]);
      if (m[4]) return { kind: "service", serviceId, back: { to: "results" } };
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
  [/^sr$/, () => ({ kind: "results" })],
  [/^g$/, () => ({ kind: "guide" })],
  [new RegExp(`^g:(${ID})$`), (m) => ({ kind: "guide", nodeId: m[1]! })],
  [new RegExp(`^pa:(${NUM})$`), (m) => ({ kind: "preapply", serviceId: Number(m[1]) })],
  [/^my$/, () => ({ kind: "myApplications" })],
  [new RegExp(`^my:(${PID})$`), (m) => ({ kind: "myItem", id: m[1]! })],
  [new RegExp(`^(myx|myxy):(${PID})$`), (m) => ({ kind: "myCancel", id: m[2]!, confirmed: m[1] === "myxy" })],
  [/^(del|dely)$/, (m) => ({ kind: "deleteData", confirmed: m[1] === "dely" })],
  [new RegExp(`^q:(${ID})?:(\\d{1,5})$`), (m) => ({ kind: "queue", ...(m[1] ? { officerId: m[1] } : {}), offset: Number(m[2]) })],
  [new RegExp(`^qa:(${PID})$`), (m) => ({ kind: "queueItem", id: m[1]! })],
  [
    new RegExp(`^q([tdrc]):(${PID})$`),
    (m) => ({ kind: "officerAction", action: OFFICER_ACTIONS[m[1] as keyof typeof OFFICER_ACTIONS], id: m[2]! }),
  ],
  [/^(inv|unl)$/, (m) => ({ kind: "officerPicker", purpose: m[1] === "inv" ? "invite" : "unlink" })],
  [new RegExp(`^inv:(${ID})$`), (m) => ({ kind: "invite", officerId: m[1]! })],
  [new RegExp(`^unl:(${ID})$`), (m) => ({ kind: "unlink", officerId: m[1]! })],
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
