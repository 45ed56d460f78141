/** Service search: index build time and the time of each query over a mixed workload. */
import { performance } from "node:perf_hooks";
import { loadCatalog } from "../src/catalog-files.js";
import { createServiceSearch } from "../src/domain/search.js";
import { mixedQueries, QUERY_KINDS, type QueryKind } from "./queries.js";
import { median, quantile, spread, type Spread } from "./stats.js";

export interface SearchReport {
  queries: number;
  repetitions: number;
  /** The first build in the process, JIT cold: what start-up pays. */
  firstBuildMs: number;
  /** Later builds. */
  buildMs: Spread;
  /** Per repetition: p50, p99 and max of the per-query times (ms). */
  p50Ms: Spread;
  p99Ms: Spread;
  maxMs: Spread;
  /** p99 per kind of query (ms), medians over repetitions. */
  p99ByKind: Record<QueryKind, number>;
  countByKind: Record<QueryKind, number>;
}

/** Builds the index repeatedly, then times every query of the workload, after a warm-up pass. */
export function benchSearch(options: {
  queries: number;
  repetitions: number;
  builds: number;
  log: (line: string) => void;
}): SearchReport {
  const catalog = loadCatalog();
  let started = performance.now();
  let search = createServiceSearch(catalog);
  const firstBuildMs = performance.now() - started;
  const builds: number[] = [];
  for (let i = 0; i < options.builds; i++) {
    started = performance.now();
    search = createServiceSearch(catalog);
    builds.push(performance.now() - started);
  }
  options.log(`index build: first ${firstBuildMs.toFixed(1)} ms, then median ${median(builds).toFixed(2)} ms`);

  const workload = mixedQueries(options.queries);
  for (const { text } of workload) search.find(text);

  const p50: number[] = [];
  const p99: number[] = [];
  const max: number[] = [];
  const byKind = new Map<QueryKind, number[]>(QUERY_KINDS.map((k) => [k, []]));
  let found = 0;
  for (let rep = 0; rep < options.repetitions; rep++) {
    const times: number[] = [];
    const kindTimes = new Map<QueryKind, number[]>(QUERY_KINDS.map((k) => [k, []]));
    for (const { kind, text } of workload) {
      const t0 = performance.now();
      const result = search.find(text);
      const elapsed = performance.now() - t0;
      times.push(elapsed);
      kindTimes.get(kind)!.push(elapsed);
      // Keeps the result observable, so no engine can skip the work.
      found += result.services.length;
    }
    p50.push(quantile(times, 0.5));
    p99.push(quantile(times, 0.99));
    max.push(Math.max(...times));
    for (const kind of QUERY_KINDS) byKind.get(kind)!.push(quantile(kindTimes.get(kind)!, 0.99));
    options.log(
      `repetition ${rep + 1}/${options.repetitions}: p50 ${p50[rep]!.toFixed(3)} ms, p99 ${p99[rep]!.toFixed(3)} ms, max ${max[rep]!.toFixed(2)} ms`,
    );
  }
  if (found === 0) throw new Error("the search workload found nothing at all");
  return {
    queries: workload.length,
    repetitions: options.repetitions,
    firstBuildMs,
    buildMs: spread(builds),
    p50Ms: spread(p50),
    p99Ms: spread(p99),
    maxMs: spread(max),
    p99ByKind: Object.fromEntries(QUERY_KINDS.map((k) => [k, median(byKind.get(k)!)])) as Record<QueryKind, number>,
    countByKind: Object.fromEntries(QUERY_KINDS.map((k) => [k, workload.filter((q) => q.kind === k).length])) as Record<
      QueryKind,
      number
    >,
  };
}
