import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Service } from "../../src/domain/catalog.js";
import {
  ACTIONS,
  availableActions,
  can,
  createPreApplication,
  formatRef,
  isClosedStatus,
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
    deadline: { at: NOW + 2 * HOUR, certain: true },
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

function withStatus(status: PreApplicationStatus): PreApplication {
  const app = newApp();
  return { ...app, status, ...(isClosedStatus(status) ? { closedAt: NOW + HOUR } : {}) };
}

describe("createPreApplication", () => {
  it("builds a valid new record with normalised form values, consent and a first history entry", () => {
    const result = createPreApplication(newInput());
    expect(result).toEqual({
      ok: true,
      app: {
        id: "id-1",
        ref: "KZ-7-0001-ABCDE",
        serviceId: 7,
        officerId: "ospanova",
        citizenId: 1001,
        citizenChatId: 1001,
        citizenLocale: "kk",
        applicantName: "Айгерим Сапарова",
        phone: "+77011234567",
        channel: "office",
        comment: "Кезек туралы",
        status: "new",
        createdAt: NOW,
        deadlineAt: NOW + 2 * HOUR,
        deadlineCertain: true,
        consent: { textVersion: "consent-v1", givenAt: NOW },
        history: [{ status: "new", at: NOW, by: { role: "citizen", id: "1001" } }],
      },
    });
    expect(preApplicationSchema.safeParse(result.ok && result.app).success).toBe(true);
  });

  it("leaves a blank comment out", () => {
    const result = createPreApplication(newInput({ form: { applicantName: "Ли Ён", phone: "+77011234567", comment: "   " } }));
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
    const result = createPreApplication(newInput({ channel: "portal", service: { ...kindergartenQueue, channels: ["con"] } }));
    expect(result).toEqual({ ok: false, problems: { channel: "not_offered" } });
  });
});

describe("authorization matrix: can(actor, action, app) for every actor × action × status", () => {
  const actors: Record<string, Actor> = {
    "citizen (owner)": { kind: "citizen", userId: 1001 },
    "citizen (someone else)": { kind: "citizen", userId: 2002 },
    "officer (own officer id)": { kind: "officer", userId: 3003, officerId: "ospanova" },
    "officer (another officer id)": { kind: "officer", userId: 4004, officerId: "girts" },
    admin: { kind: "admin", userId: 5005 },
  };
  const ALL: PreApplicationStatus[] = ["new", "in_work", "done", "rejected", "cancelled"];
  const OPEN: PreApplicationStatus[] = ["new", "in_work"];
  const NONE: PreApplicationStatus[] = [];
  /** The statuses in which each actor may do each action, written out by hand. */
  const expected: Record<string, Record<Action, PreApplicationStatus[]>> = {
    "citizen (owner)": { view: ALL, take: NONE, complete: NONE, reject: NONE, cancel: OPEN },
    "citizen (someone else)": { view: NONE, take: NONE, complete: NONE, reject: NONE, cancel: NONE },
    "officer (own officer id)": { view: ALL, take: ["new"], complete: ["in_work"], reject: OPEN, cancel: NONE },
    "officer (another officer id)": { view: NONE, take: NONE, complete: NONE, reject: NONE, cancel: NONE },
    admin: { view: ALL, take: ["new"], complete: ["in_work"], reject: OPEN, cancel: OPEN },
  };
  const cells = Object.keys(actors).flatMap((actor) =>
    ACTIONS.flatMap((action) => STATUSES.map((status) => [actor, action, status] as const)),
  );

  it("covers 5 actors × 5 actions × 5 statuses", () => {
    expect(cells).toHaveLength(125);
  });

  it.each(cells)("%s / %s / %s", (actorName, action, status) => {
    const actor = actors[actorName]!;
    const allowed = expected[actorName]![action].includes(status);
    const app = withStatus(status);
    expect(can(actor, action, app)).toBe(allowed);
    if (action === "view") return;
    const request: TransitionRequest = action === "reject" ? { action, reason: "Документы неполные" } : { action };
    const result = transition(app, request, actor, NOW + 2 * HOUR);
    if (allowed) {
      expect(result.ok).toBe(true);
    } else {
      const actorNeverMay = expected[actorName]![action].length === 0;
      expect(result).toEqual({
        ok: false,
        error: actorNeverMay ? { kind: "not_allowed_for_actor" } : { kind: "not_allowed_from_status", status },
      });
    }
  });

  it("availableActions lists exactly the transitions can() allows", () => {
    expect(availableActions(actors["officer (own officer id)"]!, withStatus("new"))).toEqual(["take", "reject"]);
    expect(availableActions(actors["officer (own officer id)"]!, withStatus("in_work"))).toEqual(["complete", "reject"]);
    expect(availableActions(actors["citizen (owner)"]!, withStatus("in_work"))).toEqual(["cancel"]);
    expect(availableActions(actors.admin!, withStatus("new"))).toEqual(["take", "reject", "cancel"]);
    expect(availableActions(actors.admin!, withStatus("done"))).toEqual([]);
    expect(availableActions(actors["citizen (someone else)"]!, withStatus("new"))).toEqual([]);
  });
});

describe("transition", () => {
  const officer: Actor = { kind: "officer", userId: 3003, officerId: "ospanova" };
  const citizen: Actor = { kind: "citizen", userId: 1001 };

  it("take moves new to in_work, appends history and leaves the input untouched", () => {
    const app = newApp();
    const snapshot = structuredClone(app);
    const result = transition(app, { action: "take" }, officer, NOW + HOUR);
    expect(app).toEqual(snapshot);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.app.status).toBe("in_work");
    expect(result.app.closedAt).toBeUndefined();
    expect(result.app.history).toEqual([...app.history, { status: "in_work", at: NOW + HOUR, by: { role: "officer", id: "3003" } }]);
  });

  it("complete closes with closedAt; a closed record then refuses every change", () => {
    const taken = transition(newApp(), { action: "take" }, officer, NOW + HOUR);
    const done = taken.ok && transition(taken.app, { action: "complete" }, officer, NOW + 2 * HOUR);
    expect(done && done.ok && done.app.status).toBe("done");
    expect(done && done.ok && done.app.closedAt).toBe(NOW + 2 * HOUR);
    if (!done || !done.ok) return;
    expect(transition(done.app, { action: "reject", reason: "late" }, officer, NOW + 3 * HOUR)).toEqual({
      ok: false,
      error: { kind: "not_allowed_from_status", status: "done" },
    });
    expect(transition(done.app, { action: "cancel" }, citizen, NOW + 3 * HOUR)).toEqual({
      ok: false,
      error: { kind: "not_allowed_from_status", status: "done" },
    });
  });

  it("reject stores the trimmed reason in the record and the history", () => {
    const result = transition(newApp(), { action: "reject", reason: "  Нет свободных мест  " }, officer, NOW + HOUR);
    expect(result.ok && result.app.rejectReason).toBe("Нет свободных мест");
    expect(result.ok && result.app.history.at(-1)).toEqual({
      status: "rejected",
      at: NOW + HOUR,
      by: { role: "officer", id: "3003" },
      reason: "Нет свободных мест",
    });
    expect(result.ok && result.app.closedAt).toBe(NOW + HOUR);
  });

  it("reject needs a reason of 1-300 characters, counted as characters, not UTF-16 units", () => {
    const reject = (reason: string) => transition(newApp(), { action: "reject", reason }, officer, NOW);
    expect(reject("")).toEqual({ ok: false, error: { kind: "invalid_reason", problem: "empty" } });
    expect(reject(" \n ")).toEqual({ ok: false, error: { kind: "invalid_reason", problem: "empty" } });
    expect(reject("ә".repeat(300)).ok).toBe(true);
    expect(reject("😀".repeat(300)).ok).toBe(true);
    expect(reject("ә".repeat(301))).toEqual({ ok: false, error: { kind: "invalid_reason", problem: "too_long" } });
  });

  it("checks the actor before the status and the reason, so a stranger learns nothing", () => {
    const stranger: Actor = { kind: "officer", userId: 4004, officerId: "girts" };
    expect(transition(withStatus("done"), { action: "reject", reason: "" }, stranger, NOW)).toEqual({
      ok: false,
      error: { kind: "not_allowed_for_actor" },
    });
  });

  it("cancel by the citizen is recorded as the citizen's", () => {
    const result = transition(newApp(), { action: "cancel" }, citizen, NOW + HOUR);
    expect(result.ok && result.app.status).toBe("cancelled");
    expect(result.ok && result.app.history.at(-1)?.by).toEqual({ role: "citizen", id: "1001" });
  });
});

describe("isOverdue", () => {
  it("is true only for open pre-applications strictly past their deadline", () => {
    const app = newApp();
    expect(isOverdue(app, app.deadlineAt)).toBe(false);
    expect(isOverdue(app, app.deadlineAt + 1)).toBe(true);
    expect(isOverdue({ ...app, status: "in_work" }, app.deadlineAt + 1)).toBe(true);
    expect(isOverdue({ ...app, status: "done" }, app.deadlineAt + 1)).toBe(false);
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
    for (const bad of ["", "KZ-7-0042", "KZ-7-0042-X7K2", "KZ-7-0042-X7K2QQ", "KZ-7-0042-X7K2U", "RU-7-0042-X7K2Q", "KZ-0-0042-X7K2Q", "KZ-7-0000-X7K2Q", "KZ-x-0042-X7K2Q", "KZ-7-0042-X7K2Q-1"]) {
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
