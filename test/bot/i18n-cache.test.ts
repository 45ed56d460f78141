/**
 * The memoized translations (src/bot/i18n-cache.ts) say exactly what @grammyjs/i18n says unmemoized,
 * for every message of every locale, asked once and again (from the memo), with and without variables,
 * and for a locale the bot has no file for (the default's bundle answers).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { I18n } from "@grammyjs/i18n";
import { describe, expect, it } from "vitest";
import { createI18n, LOCALES_DIR } from "../../src/bot/i18n.js";

const LOCALES = ["kk", "ru", "en"] as const;
const messageIds = (locale: string) =>
  [...readFileSync(join(LOCALES_DIR, `${locale}.ftl`), "utf8").matchAll(/^([a-z][a-z0-9-]*)\s*=/gm)].map((m) => m[1]!);

describe("memoized translations", () => {
  const memoized = createI18n("ru");
  const plain = new I18n({ defaultLocale: "ru", directory: LOCALES_DIR, fluentBundleOptions: { useIsolating: false } });

  it("give the same text as the plain plugin for every message, twice", () => {
    expect(messageIds("ru").length).toBeGreaterThan(100);
    for (const locale of [...LOCALES, "de"]) {
      for (const id of messageIds(locale === "de" ? "ru" : locale)) {
        // A message that needs variables throws without them, memoized or not.
        const outcome = (t: () => string) => {
          try {
            return t();
          } catch (error) {
            return `throws ${(error as Error).message}`;
          }
        };
        const expected = outcome(() => plain.t(locale, id));
        expect(outcome(() => memoized.t(locale, id))).toBe(expected);
        expect(outcome(() => memoized.t(locale, id))).toBe(expected);
      }
    }
  });

  it("format messages with variables each time", () => {
    const first = memoized.t("ru", "text-too-long", { length: 5000, max: 4000 });
    expect(first).toBe(plain.t("ru", "text-too-long", { length: 5000, max: 4000 }));
    expect(memoized.t("ru", "text-too-long", { length: 6000, max: 4000 })).toBe(
      plain.t("ru", "text-too-long", { length: 6000, max: 4000 }),
    );
    expect(memoized.t("ru", "text-too-long", { length: 6000, max: 4000 })).not.toBe(first);
  });
});
