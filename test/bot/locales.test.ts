import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES } from "../../src/domain/catalog.js";
import { createI18n, LOCALES_DIR } from "../../src/bot/i18n.js";
import { COMMANDS, commandList } from "../../src/bot/commands.js";
import {
  CLOSE_REASONS,
  CONTACT_OUTCOMES,
  REFUSAL_REASONS,
  STATUSES,
  type NameProblem,
} from "../../src/domain/preapplication.js";
import type { CoverProblem } from "../../src/domain/desk.js";
import type { PhoneProblem } from "../../src/domain/phone.js";
import { AUDIENCE, REMINDER_KINDS, type ReminderKind } from "../../src/domain/reminder-plan.js";
import { FAILURE_REASONS } from "../../src/reminders/worker.js";
import type { RedeemResult } from "../../src/store/invites.js";

// Records keyed by every value of a union: TypeScript fails this file if a value is added and not listed.
const PHONE_PROBLEMS: Record<PhoneProblem, true> = {
  empty: true,
  invalid_characters: true,
  too_short: true,
  too_long: true,
  missing_area_code: true,
  foreign_number: true,
  russian_number: true,
  unassigned_range: true,
};
const NAME_PROBLEMS: Record<NameProblem, true> = {
  empty: true,
  too_short: true,
  too_long: true,
  invalid_characters: true,
};
const COVER_PROBLEMS: Record<CoverProblem, true> = {
  same_officer: true,
  unknown_officer: true,
  bad_range: true,
  in_the_past: true,
  chained: true,
};
/** Kinds planned before version 2: never rendered again. */
const LEGACY_KINDS: readonly ReminderKind[] = ["before_deadline", "half_time", "at_deadline", "overdue"];
const INVITE_FAILURES: Record<Extract<RedeemResult, { ok: false }>["reason"], true> = {
  unknown: true,
  used: true,
  expired: true,
};

/** Keys the code builds from a value (`status-${status}`), for every value the value can take. */
function dynamicKeys(): string[] {
  return [
    ...STATUSES.map((s) => `status-${s}`),
    ...CONTACT_OUTCOMES.map((o) => `notify-citizen-contact-${o}`),
    ...["file", "issue", "refuse", "close", "undo", "appoint"].map((step) => `notify-citizen-${step}`),
    ...[...CLOSE_REASONS, ...REFUSAL_REASONS].map((r) => `reason-${r}`),
    ...CONTACT_OUTCOMES.map((o) => `desk-contact-${o}`),
    ...Object.keys(COVER_PROBLEMS).map((p) => `cover-problem-${p}`),
    ...Object.keys(PHONE_PROBLEMS).map((p) => `phone-problem-${p}`),
    ...Object.keys(NAME_PROBLEMS).map((p) => `name-problem-${p}`),
    ...Object.keys(INVITE_FAILURES).map((r) => `invite-${r}`),
    ...["portal", "con", "office"].map((c) => `channel-${c}`),
    ...REMINDER_KINDS.filter((k) => AUDIENCE[k] !== "staff" && !LEGACY_KINDS.includes(k)).map((k) => `reminder-${k}`),
    ...Object.values(FAILURE_REASONS).map((r) => `stats-failure-${r}`),
  ];
}

/** The message ids of a Fluent file (top-level `key = …` lines). */
function keysOf(locale: string): string[] {
  const text = readFileSync(join(LOCALES_DIR, `${locale}.ftl`), "utf8");
  return [...text.matchAll(/^([a-z][a-z0-9_-]*)\s*=/gm)].map((m) => m[1]!);
}

/** Every key used in the source code: t("key"), i18n.t(locale, "key"), and `channel-${…}`-style families. */
function keysUsedInCode(): string[] {
  const files = readdirSync(join(LOCALES_DIR, "..", "src"), { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile() && f.name.endsWith(".ts"))
    .map((f) => join(f.parentPath, f.name));
  const keys = new Set<string>();
  for (const file of files) {
    const code = readFileSync(file, "utf8");
    for (const m of code.matchAll(/\bt\(\s*(?:[\w.]+,\s*)?"([a-z][a-z0-9-]+)"/g)) keys.add(m[1]!);
    for (const m of code.matchAll(/"((?:time|menu|card|channel)-[a-z0-9-]+)"/g)) keys.add(m[1]!);
  }
  return [...keys];
}

describe("translations", () => {
  it("have the same keys in kk, ru and en", () => {
    const en = keysOf("en").sort();
    expect(en.length).toBeGreaterThan(50);
    for (const locale of ["kk", "ru"]) expect(keysOf(locale).sort(), locale).toEqual(en);
  });

  it("define every key the code uses", () => {
    const used = keysUsedInCode();
    expect(used.length).toBeGreaterThan(40);
    for (const locale of LOCALES) {
      const defined = new Set(keysOf(locale));
      expect(
        used.filter((k) => !defined.has(k)),
        locale,
      ).toEqual([]);
    }
  });

  it("define every key the code builds from a value, for every value", () => {
    for (const locale of LOCALES) {
      const defined = new Set(keysOf(locale));
      expect(
        dynamicKeys().filter((k) => !defined.has(k)),
        locale,
      ).toEqual([]);
    }
  });

  it("render every key without a missing-key marker or isolation characters", () => {
    const i18n = createI18n("ru");
    for (const locale of LOCALES) {
      const source = readFileSync(join(LOCALES_DIR, `${locale}.ftl`), "utf8");
      const vars: Record<string, string | number> = {};
      for (const m of source.matchAll(/\$([a-zA-Z_]+)/g)) vars[m[1]!] = 2;
      for (const key of keysOf(locale)) {
        const text = i18n.t(locale, key, vars);
        expect(text, `${locale}:${key}`).not.toMatch(/\{\s*\$?[\w-]+\s*\}|\u2068|\u2069/);
        expect(text.length, `${locale}:${key}`).toBeGreaterThan(0);
      }
    }
  });

  it("agree a Russian count of days with its noun, whatever the number", () => {
    const i18n = createI18n("ru");
    const source = readFileSync(join(LOCALES_DIR, "ru.ftl"), "utf8");
    const names = [...new Set([...source.matchAll(/\$([a-zA-Z_]+)/g)].map((m) => m[1]!))];
    // \b knows only ASCII letters, so the end of a Russian word is "no Cyrillic letter follows".
    const wrong = {
      1: /(?<!\d)1 (дня|дней)(?![а-яё])/,
      2: /(?<!\d)2 (день|дней)(?![а-яё])/,
      5: /(?<!\d)5 (день|дня)(?![а-яё])/,
      21: /(?<!\d)21 (дня|дней)(?![а-яё])/,
    };
    for (const [n, pattern] of Object.entries(wrong)) {
      const vars = Object.fromEntries(names.map((name) => [name, Number(n)]));
      for (const key of keysOf("ru")) expect(i18n.t("ru", key, vars), `ru:${key} with ${n}`).not.toMatch(pattern);
    }
  });

  it("give every command a description in each language, within Telegram's 256 characters", () => {
    const i18n = createI18n("ru");
    for (const locale of LOCALES) {
      const list = commandList(i18n, locale);
      expect(list.map((c) => c.command)).toEqual([...COMMANDS]);
      for (const c of list) {
        expect(c.description.length).toBeGreaterThan(2);
        expect(c.description.length).toBeLessThanOrEqual(256);
      }
    }
  });
});
