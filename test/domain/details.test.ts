/** catalog/details.yaml: every filled field has a source; broken files are refused with precise locations. */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_CATALOG_DIR } from "../../src/catalog-files.js";
import { CatalogError } from "../../src/domain/catalog.js";
import {
  detailsSearchText,
  filledFields,
  REQUIRED_DETAIL_FIELDS,
  staleSources,
  withDetails,
} from "../../src/domain/details.js";
import { createServiceSearch } from "../../src/domain/search.js";
import { paginate } from "../../src/bot/views/details.js";
import { testCatalog } from "../support/bot-harness.js";

const rawDetails = () =>
  parse(readFileSync(join(DEFAULT_CATALOG_DIR, "details.yaml"), "utf8")) as {
    sources: Record<string, unknown>[];
    services: Record<string, unknown>[];
  };

function problemsOf(raw: unknown): string[] {
  try {
    withDetails({ ...testCatalog(), details: undefined }, raw);
  } catch (error) {
    if (error instanceof CatalogError) return [...error.problems];
    throw error;
  }
  return [];
}

describe("the shipped details", () => {
  const details = testCatalog().details!;

  it("cover all 24 services with documents, result and legal basis, each filled with sources or recorded as unconfirmed", () => {
    expect(details.byService.size).toBe(24);
    for (const service of testCatalog().services) {
      const entry = details.byService.get(service.id)!;
      for (const field of REQUIRED_DETAIL_FIELDS) {
        const filled = filledFields(entry).some((f) => f.field === field);
        const unconfirmed = entry.unconfirmed.find((u) => u.field === field);
        expect(filled || unconfirmed !== undefined, `service ${service.id}, ${field}`).toBe(true);
        if (unconfirmed)
          expect(unconfirmed.searched.length, `service ${service.id}, ${field}: what was searched`).toBeGreaterThan(10);
      }
    }
  });

  it("give every filled field sources that exist, each with a URL and the date it was read", () => {
    let fields = 0;
    for (const entry of details.byService.values())
      for (const { field, sources } of filledFields(entry)) {
        fields++;
        expect(sources.length, `service ${entry.id}, ${field}`).toBeGreaterThan(0);
        for (const id of sources) {
          const source = details.sourceById.get(id);
          expect(source, `service ${entry.id}, ${field}: source ${id}`).toBeDefined();
          expect(source!.url).toMatch(/^https?:\/\//);
          expect(source!.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        }
      }
    expect(fields).toBeGreaterThan(30);
  });

  it("make document names and results searchable", () => {
    expect(detailsSearchText(testCatalog(), 9, "ru")).toContain("063");
    const search = createServiceSearch(testCatalog());
    expect(
      search
        .find("справка 063")
        .services.slice(0, 3)
        .map((s) => s.service.id),
    ).toContain(9);
    expect(search.find("медицинская справка 027").services[0]?.service.id).toBe(11);
    expect(search.find("открепительный талон").services[0]?.service.id).toBe(15);
    expect(search.find("миграционная карточка").services.map((s) => s.service.id)).toContain(9);
  });
});

describe("a broken details.yaml", () => {
  it("is refused when a filled field has no source, naming the file, entry and field", () => {
    const raw = rawDetails();
    const entry = raw.services.find((s) => s.id === 2)! as { cost: { sources?: string[] } };
    delete entry.cost.sources;
    expect(problemsOf(raw).join("\n")).toMatch(
      /details\.yaml: field "services", entry id=2, field "cost", field "sources"/,
    );
  });

  it("is refused when a field cites an unknown source, or a source has no URL or read date", () => {
    const raw = rawDetails();
    (raw.services.find((s) => s.id === 1)! as { result: { sources: string[] } }).result.sources = ["nowhere"];
    expect(problemsOf(raw)).toContain('details.yaml: entry id=1, field "result": unknown source "nowhere"');
    const noUrl = rawDetails();
    delete noUrl.sources[0]!.url;
    delete noUrl.sources[1]!.read;
    const problems = problemsOf(noUrl).join("\n");
    expect(problems).toMatch(/field "sources", entry id=egov_guardianship_certificate, field "url"/);
    expect(problems).toMatch(/field "sources", entry id=egov_181pass, field "read"/);
  });

  it("is refused when a required field is neither filled nor recorded as unconfirmed", () => {
    const raw = rawDetails();
    const entry = raw.services.find((s) => s.id === 24)! as { unconfirmed: { field: string }[] };
    entry.unconfirmed = entry.unconfirmed.filter((u) => u.field !== "result");
    expect(problemsOf(raw)).toContain(
      'details.yaml: entry id=24, field "result": missing; fill it with a source or list it under "unconfirmed" with what was searched',
    );
  });

  it("is refused for a field both filled and unconfirmed, an unoffered channel, an unknown or a missing service", () => {
    const raw = rawDetails();
    (raw.services.find((s) => s.id === 1)! as { unconfirmed: unknown[] }).unconfirmed.push({
      field: "result",
      searched: "x",
    });
    (raw.services.find((s) => s.id === 9)! as { documents: { channels: string[] }[] }).documents[0]!.channels = ["con"];
    raw.services = raw.services.filter((s) => s.id !== 5);
    raw.services.push({ id: 99, unconfirmed: [] });
    const problems = problemsOf(raw);
    expect(problems).toContain('details.yaml: entry id=1, field "result": both filled and listed as unconfirmed');
    expect(problems).toContain(
      'details.yaml: entry id=9, field "documents": channel "con" is not offered by the service',
    );
    expect(problems).toContain("details.yaml: entry id=99: unknown service");
    expect(problems).toContain('details.yaml: service 5 has no entry (add one, even if only "unconfirmed")');
  });
});

describe("stale sources", () => {
  it("are none on the day they were read, and all of them a year and a day later, with the services citing them", () => {
    const details = testCatalog().details!;
    expect(staleSources(details, new Date("2026-12-01T12:00:00Z"))).toEqual([]);
    expect(staleSources(details, new Date("2027-12-01T12:00:00Z"))).toEqual([]);
    const stale = staleSources(details, new Date("2027-12-02T12:00:00Z"));
    expect(stale).toHaveLength(details.sourceById.size);
    expect(stale.find((s) => s.source.id === "egov_mon_197_205")?.services).toEqual([9]);
  });
});

describe("paging a details screen", () => {
  it("splits long lists between items, every page under the budget unless one item alone exceeds it", () => {
    const blocks = Array.from({ length: 30 }, (_, i) => `• item ${i} ${"x".repeat(80)}`);
    const pages = paginate(blocks, 500);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.flat()).toEqual(blocks);
    for (const page of pages) expect(page.join("\n\n").length).toBeLessThanOrEqual(500);
    expect(paginate(["y".repeat(900)], 500)).toEqual([["y".repeat(900)]]);
  });
});
