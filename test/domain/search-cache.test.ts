/** The search's answer cache (src/domain/search-cache.ts): the same answers as the engine, bounded. */
import { describe, expect, it } from "vitest";
import { createServiceSearch, MAX_QUERY_CHARS, type ServiceSearch } from "../../src/domain/search.js";
import { cachedSearch } from "../../src/domain/search-cache.js";
import { testCatalog } from "../support/bot-harness.js";

/** The engine, counting the queries that reach it. */
function countingEngine(): { engine: ServiceSearch; asked: string[] } {
  const real = createServiceSearch(testCatalog());
  const asked: string[] = [];
  return { asked, engine: { find: (query, limit) => (asked.push(query), real.find(query, limit)) } };
}

describe("cached search", () => {
  it("answers as the engine does, from the cache the second time", () => {
    const { engine, asked } = countingEngine();
    const cached = cachedSearch(engine);
    const queries = ["справка с места учёбы", "балабақша кезегі", "dublikat attestata", "привет", "ыыыыы", "опека"];
    for (const query of [...queries, ...queries])
      expect(cached.find(query)).toEqual(createServiceSearch(testCatalog()).find(query));
    expect(asked).toEqual(queries);
  });

  it("keeps the limit apart, and texts equal up to the engine's cut as one", () => {
    const { engine, asked } = countingEngine();
    const cached = cachedSearch(engine);
    expect(cached.find("школа", 1).services.length).toBeLessThanOrEqual(1);
    expect(cached.find("школа", 3).services.length).toBeGreaterThan(1);
    const long = "опека ".repeat(100);
    cached.find(`${long}а`);
    cached.find(`${long}б`);
    expect(long.length).toBeGreaterThan(MAX_QUERY_CHARS);
    expect(asked).toHaveLength(3);
  });

  it("forgets the least recently asked beyond its size", () => {
    const { engine, asked } = countingEngine();
    const cached = cachedSearch(engine, 2);
    for (const query of ["опека", "школа", "опека", "питание", "школа"]) cached.find(query);
    // "школа" was the least recently asked when "питание" came, so it was asked again.
    expect(asked).toEqual(["опека", "школа", "питание", "школа"]);
  });
});
