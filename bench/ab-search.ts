/**
 * Two versions of the search engine in one process, measured against each other, as
 * bench/ab-in-process.ts does for the bot: each directory is a checkout of the project (e.g.
 * `git archive <commit> src | tar -x -C /tmp/a`, with a `node_modules` link to this one's); both read
 * this checkout's catalog. First it checks that both give every query of the benchmark's mix and of
 * the evaluation set's tuning part the same answer (verdict, services in order, referral, reason), so a
 * change meant only to be faster is shown to be that; then it times the same queries through each in
 * turn, round after round, alternating which goes first, and prints every round's p50 and p99 (one
 * process sees one drift of the machine's speed, so the per-round ratios are what to read).
 *
 *   node --expose-gc --import tsx bench/ab-search.ts <dirA> <dirB> [rounds] [queries]
 */
import { performance } from "node:perf_hooks";
import { loadCatalog } from "../src/catalog-files.js";
import type * as Search from "../src/domain/search.js";
import { TUNING_NEGATIVES, TUNING_POSITIVES } from "../test/domain/search-eval-set.js";
import { mixedQueries } from "./queries.js";
import { median, quantile } from "./stats.js";

const [dirA, dirB] = process.argv.slice(2, 4);
if (!dirA || !dirB) throw new Error("usage: ab-search.ts <dirA> <dirB> [rounds] [queries]");
const rounds = Number(process.argv[4] ?? 8);
const count = Number(process.argv[5] ?? 10_000);
/** V8's collector, when node runs with --expose-gc: each side starts its round on a collected heap. */
const collectGarbage = (globalThis as { gc?: () => void }).gc;

const catalog = loadCatalog();
async function load(dir: string): Promise<Search.ServiceSearch> {
  const { createServiceSearch } = (await import(`${dir}/src/domain/search.ts`)) as typeof Search;
  return createServiceSearch(catalog);
}
const a = await load(dirA);
const b = await load(dirB);

const answer = (result: Search.SearchResult) =>
  JSON.stringify([
    result.verdict,
    result.services.map((hit) => hit.service.id),
    result.referral?.id,
    result.reason,
    result.confident,
  ]);
const checked = [
  ...new Set([
    ...TUNING_POSITIVES.map((q) => q.query),
    ...TUNING_NEGATIVES.map((q) => q.query),
    ...mixedQueries(2 * count).map((q) => q.text),
  ]),
];
const differing = checked.filter((query) => answer(a.find(query)) !== answer(b.find(query)));
console.log(`answers compared: ${checked.length} distinct queries, ${differing.length} differ`);
for (const query of differing.slice(0, 10))
  console.log(`  ${JSON.stringify(query)}\n    A ${answer(a.find(query))}\n    B ${answer(b.find(query))}`);

const queries = mixedQueries(count).map((q) => q.text);
/** Per-query times (ms) of one pass over the queries. */
function time(search: Search.ServiceSearch): number[] {
  collectGarbage?.();
  return queries.map((query) => {
    const started = performance.now();
    search.find(query);
    return performance.now() - started;
  });
}
time(a);
time(b);
const ratios = { p50: [] as number[], p99: [] as number[] };
for (let round = 0; round < rounds; round++) {
  let x: number[], y: number[];
  if (round % 2 === 0) {
    x = time(a);
    y = time(b);
  } else {
    y = time(b);
    x = time(a);
  }
  const line = [x, y].map((t) => ({ p50: quantile(t, 0.5), p99: quantile(t, 0.99) }));
  ratios.p50.push(line[1]!.p50 / line[0]!.p50);
  ratios.p99.push(line[1]!.p99 / line[0]!.p99);
  console.log(
    `round ${round + 1}: A p50 ${line[0]!.p50.toFixed(3)} p99 ${line[0]!.p99.toFixed(3)} ms, B p50 ${line[1]!.p50.toFixed(3)} p99 ${line[1]!.p99.toFixed(3)} ms`,
  );
}
console.log(
  `B/A, median of ${rounds} rounds: p50 ${median(ratios.p50).toFixed(3)}, p99 ${median(ratios.p99).toFixed(3)}`,
);
