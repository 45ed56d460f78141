import { mkdtempSync, readFileSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { DEFAULT_CATALOG_DIR, loadCatalog } from "../../src/catalog-files.js";
import { CatalogError, parseCatalog, timeForChannel, type RawCatalog } from "../../src/domain/catalog.js";

function rawCatalog(): RawCatalog {
  const read = (file: string) => parse(readFileSync(join(DEFAULT_CATALOG_DIR, file), "utf8")) as unknown;
  return {
    "services.yaml": read("services.yaml"),
    "officers.yaml": read("officers.yaml"),
    "categories.yaml": read("categories.yaml"),
  };
}

function problemsOf(
  mutate: (raw: {
    services: Record<string, unknown>[];
    officers: Record<string, unknown>[];
    categories: { categories: Record<string, unknown>[]; popular: unknown[] };
  }) => void,
): string[] {
  const raw = rawCatalog();
  mutate({
    services: raw["services.yaml"] as Record<string, unknown>[],
    officers: raw["officers.yaml"] as Record<string, unknown>[],
    categories: raw["categories.yaml"] as { categories: Record<string, unknown>[]; popular: unknown[] },
  });
  try {
    parseCatalog(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogError);
    return [...(error as CatalogError).problems];
  }
  throw new Error("the broken catalog was accepted");
}

describe("the shipped catalog", () => {
  it("loads with 24 services, 7 officers and 8 categories", () => {
    const catalog = loadCatalog();
    expect(catalog.services.map((s) => s.id)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(catalog.officers).toHaveLength(7);
    expect(catalog.categories).toHaveLength(8);
  });

  it("gives rows 22 and 23 one time per channel", () => {
    const catalog = loadCatalog();
    for (const id of [22, 23]) {
      const service = catalog.serviceById.get(id)!;
      expect(timeForChannel(service, "con")).toMatchObject({ value: 3, unit: "working_days" });
      expect(timeForChannel(service, "portal")).toMatchObject({ value: 1, unit: "working_days" });
      expect(timeForChannel(service, "office")).toMatchObject({ value: 20, unit: "minutes" });
    }
  });
});

describe("short names and eGov links", () => {
  it("gives every service a short name per language that fits a button and names no other service", () => {
    const catalog = loadCatalog();
    for (const locale of ["kk", "ru", "en"] as const) {
      const names = catalog.services.map((s) => s.short[locale]);
      expect(new Set(names).size, locale).toBe(catalog.services.length);
      for (const name of names) expect(name.length, name).toBeLessThanOrEqual(32);
    }
  });

  it("links each eGov page once per language, on the same page path", () => {
    const catalog = loadCatalog();
    const linked = catalog.services.filter((s) => s.egov);
    expect(linked.length).toBeGreaterThan(0);
    for (const { egov } of linked) {
      for (const locale of ["kk", "ru", "en"] as const)
        expect(egov![locale]).toMatch(new RegExp(`^https://(m\\.)?egov\\.kz/cms/${locale}/`));
      expect(
        new Set([egov!.kk, egov!.ru, egov!.en].map((url) => url.replace(/\/cms\/(kk|ru|en)\//, "/cms/*/"))).size,
      ).toBe(1);
    }
  });
});

describe("a broken catalog fails fast, naming file, entry and field", () => {
  it.each<[string, Parameters<typeof problemsOf>[0], string]>([
    [
      "a missing Kazakh name",
      (c) => delete (c.services[6]!.name as Record<string, unknown>).kk,
      'services.yaml: entry id=7, field "name", field "kk"',
    ],
    [
      "an unknown channel",
      (c) => (c.services[0]!.channels = ["fax"]),
      'services.yaml: entry id=1, field "channels", entry #1',
    ],
    [
      "an unknown time unit",
      (c) => ((c.services[1]!.time as Record<string, unknown>[])[0]!.unit = "weeks"),
      'services.yaml: entry id=2, field "time", entry #1, field "unit"',
    ],
    [
      "a negative time",
      (c) => ((c.services[1]!.time as Record<string, unknown>[])[0]!.value = -3),
      'services.yaml: entry id=2, field "time", entry #1, field "value"',
    ],
    [
      "an unknown officer",
      (c) => (c.services[3]!.officer = "nobody"),
      'services.yaml: entry id=4, field "officer": unknown officer "nobody"',
    ],
    ["a duplicate service id", (c) => (c.services[1]!.id = 1), "services.yaml: entry id=1: duplicate id"],
    ["an unknown field (typo)", (c) => (c.services[4]!.chanels = ["portal"]), "services.yaml: entry id=5"],
    ["a bad phone", (c) => (c.officers[0]!.phone = "49-02"), 'officers.yaml: entry id=serikbayeva, field "phone"'],
    [
      "a category naming an unknown service",
      (c) => (c.categories.categories[0]!.services = [1, 99]),
      'categories.yaml: entry id=guardianship, field "services": unknown service 99',
    ],
    [
      "a service in no category",
      (c) => (c.categories.categories[2]!.services = [8]),
      "services.yaml: entry id=7: the service is in no category",
    ],
    [
      "a per-channel time missing a channel",
      (c) => (c.services[21]!.time = [{ channels: ["con"], value: 3, unit: "working_days" }]),
      'services.yaml: entry id=22, field "time": no time for channel "office"',
    ],
    [
      "a non-https eGov link",
      (c) => ((c.services[0]!.egov as Record<string, string>).ru = "javascript:alert(1)"),
      'services.yaml: entry id=1, field "egov", field "ru"',
    ],
    [
      "an eGov link in another language's path",
      (c) => ((c.services[0]!.egov as Record<string, string>).kk = "https://egov.kz/cms/en/articles/x"),
      'services.yaml: entry id=1, field "egov", field "kk": an egov.kz/cms/kk/… link',
    ],
    [
      "a missing short name",
      (c) => delete (c.services[6]!.short as Record<string, unknown>).ru,
      'services.yaml: entry id=7, field "short", field "ru"',
    ],
    [
      "a short name too long for a button",
      (c) => ((c.services[6]!.short as Record<string, string>).kk = "Мектепке дейінгі балалар ұйымдарына кезек"),
      'services.yaml: entry id=7, field "short", field "kk"',
    ],
    [
      "two services with one short name",
      (c) => ((c.services[7]!.short as Record<string, string>).ru = "Очередь в детский сад"),
      'services.yaml: field "short.ru": "Очередь в детский сад" is the short name of two services',
    ],
    ["an empty services file", (c) => c.services.splice(0), "services.yaml: (whole file)"],
  ])("%s", (_name, mutate, expected) => {
    const problems = problemsOf(mutate);
    expect(problems.join("\n")).toContain(expected);
  });

  it("reports a YAML syntax error with the file name", () => {
    const dir = mkdtempSync(join(tmpdir(), "catalog-"));
    cpSync(DEFAULT_CATALOG_DIR, dir, { recursive: true });
    writeFileSync(join(dir, "officers.yaml"), "- id: x\n  name: [unclosed\n");
    expect(() => loadCatalog(dir)).toThrow(/officers\.yaml: not valid YAML/);
  });

  it("reports a missing file", () => {
    const dir = mkdtempSync(join(tmpdir(), "catalog-"));
    writeFileSync(join(dir, "services.yaml"), stringify([]));
    expect(() => loadCatalog(dir)).toThrow(/officers\.yaml: cannot be read \(ENOENT\)/);
  });
});

describe("the search's catalog files", () => {
  const read = (file: string) =>
    parse(readFileSync(join(DEFAULT_CATALOG_DIR, file), "utf8")) as Record<string, unknown>[];
  const base = (): RawCatalog => ({
    "services.yaml": read("services.yaml"),
    "officers.yaml": read("officers.yaml"),
    "categories.yaml": read("categories.yaml"),
    "referrals.yaml": read("referrals.yaml"),
    "situations.yaml": read("situations.yaml"),
    "lexicon.yaml": read("lexicon.yaml"),
  });
  const problems = (raw: RawCatalog) => {
    try {
      parseCatalog(raw);
    } catch (error) {
      return [...(error as CatalogError).problems];
    }
    throw new Error("the broken catalog was accepted");
  };

  it("loads the referrals, situations and lexicon", () => {
    const catalog = loadCatalog();
    expect(catalog.referrals.length).toBeGreaterThan(5);
    expect(catalog.situations.size).toBe(24);
    // Every source names the day its page was read: a real day, not one still to come.
    for (const r of catalog.referrals)
      for (const s of r.sources) {
        const read = new Date(`${s.read}T00:00:00Z`);
        expect(read.toISOString().slice(0, 10), `${r.id}: ${s.url}`).toBe(s.read);
        expect(read.getTime(), `${r.id}: ${s.url}`).toBeLessThanOrEqual(Date.now());
      }
  });

  it("names the file, entry and field of a broken referral or situation", () => {
    const broken = base();
    const referrals = broken["referrals.yaml"] as Record<string, unknown>[];
    referrals[0]!.sources = [];
    expect(problems(broken)).toContain(
      `referrals.yaml: entry id=${String(referrals[0]!.id)}, field "sources": a referral needs the public page it rests on`,
    );
    const unknown = base();
    (unknown["situations.yaml"] as Record<string, unknown>[])[0]!.id = 99;
    expect(problems(unknown)).toContain('situations.yaml: entry id=99, field "id": unknown service 99');
  });

  it("refuses a referral offering a service that does not exist", () => {
    const broken = base();
    const referral = (broken["referrals.yaml"] as Record<string, unknown>[])[0]!;
    referral.services = [4, 99];
    expect(problems(broken)).toEqual([
      `referrals.yaml: entry id=${String(referral.id)}, field "services": unknown service 99`,
    ]);
  });

  it("refuses a subject group naming a service that does not exist", () => {
    const broken = base();
    const lexicon = broken["lexicon.yaml"] as unknown as { subjects: { note: string; services: number[] }[] };
    lexicon.subjects[0]!.services.push(99);
    expect(problems(broken)).toContain(`lexicon.yaml: subjects "${lexicon.subjects[0]!.note}": unknown service 99`);
  });
});
