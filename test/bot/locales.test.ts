import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES } from "../../src/domain/catalog.js";
import { createI18n, LOCALES_DIR } from "../../src/bot/i18n.js";
import { COMMANDS, commandList } from "../../src/bot/commands.js";

/** The message ids of a Fluent file (top-level `key = …` lines). */
function keysOf(locale: string): string[] {
  const text = readFileSync(join(LOCALES_DIR, `${locale}.ftl`), "utf8");
  return [...text.matchAll(/^([a-z][a-z0-9-]*)\s*=/gm)].map((m) => m[1]!);
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
      expect(used.filter((k) => !defined.has(k)), locale).toEqual([]);
    }
  });

  it("define each channel family key in every locale", () => {
    for (const locale of LOCALES) {
      for (const channel of ["portal", "con", "office"]) expect(keysOf(locale)).toContain(`channel-${channel}`);
    }
  });

  it("render every key without a missing-key marker or isolation characters", () => {
    const i18n = createI18n("ru");
    for (const locale of LOCALES) {
      const source = readFileSync(join(LOCALES_DIR, `${locale}.ftl`), "utf8");
      const vars: Record<string, string | number> = {};
      for (const m of source.matchAll(/\$([a-zA-Z]+)/g)) vars[m[1]!] = 2;
      for (const key of keysOf(locale)) {
        const text = i18n.t(locale, key, vars);
        expect(text, `${locale}:${key}`).not.toMatch(/\{\s*\$?[\w-]+\s*\}|\u2068|\u2069/);
        expect(text.length, `${locale}:${key}`).toBeGreaterThan(0);
      }
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
