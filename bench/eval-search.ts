/**
 * `npm run eval:search`: the search's accuracy on the evaluation set (test/domain/search-eval-set.ts),
 * per kind of query, tuning and held-back parts apart, and its speed (p50/p99 per query over the whole
 * set, after a warm-up). Prints a Markdown report and, with --write, puts it into docs/SEARCH.md
 * between the "eval:start" and "eval:end" markers. Add --misses to list the tuning queries that failed.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { loadCatalog } from "../src/catalog-files.js";
import { createServiceSearch, DEFAULT_CALIBRATION, type SearchCalibration } from "../src/domain/search.js";
import { crossValidate, type Figures } from "./cross-validate.js";
import {
  HELD_BACK_NEGATIVES,
  HELD_BACK_POSITIVES,
  NEGATIVE_KINDS,
  POSITIVE_KINDS,
  TUNING_NEGATIVES,
  TUNING_POSITIVES,
} from "../test/domain/search-eval-set.js";
import {
  percent,
  scoreNegatives,
  scorePositives,
  type NegativeFigures,
  type PositiveFigures,
} from "../test/domain/search-evaluation.js";
import { median, quantile } from "./stats.js";

const args = new Set(process.argv.slice(2));
const search = createServiceSearch(loadCatalog());
const find = (q: string) => search.find(q);

const parts = {
  tuning: { positives: scorePositives(find, TUNING_POSITIVES), negatives: scoreNegatives(find, TUNING_NEGATIVES) },
  "held-back": {
    positives: scorePositives(find, HELD_BACK_POSITIVES),
    negatives: scoreNegatives(find, HELD_BACK_NEGATIVES),
  },
  all: {
    positives: scorePositives(find, [...TUNING_POSITIVES, ...HELD_BACK_POSITIVES]),
    negatives: scoreNegatives(find, [...TUNING_NEGATIVES, ...HELD_BACK_NEGATIVES]),
  },
};

const queries = [...TUNING_POSITIVES, ...HELD_BACK_POSITIVES, ...TUNING_NEGATIVES, ...HELD_BACK_NEGATIVES].map(
  (q) => q.query,
);
for (const q of queries) search.find(q);
const REPEATS = 20;
const times: number[] = [];
const perQuery: number[][] = queries.map(() => []);
const loadBefore = loadavg()[0]!;
for (let rep = 0; rep < REPEATS; rep++)
  queries.forEach((q, i) => {
    const t0 = performance.now();
    search.find(q);
    const ms = performance.now() - t0;
    times.push(ms);
    perQuery[i]!.push(ms);
  });
// On a shared machine a single run of a query can wait for the CPU; each query's median over its runs
// is its own cost, and the spread of those medians is what the engine does across queries.
const medians = perQuery.map(median);
const load = `load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;

const cell = (p: PositiveFigures, kind: string) => {
  const k = p.byKind[kind]!;
  return k.top1.total === 0 ? "–" : `${percent(k.top1)} / ${percent(k.top3)} (${k.top1.total})`;
};
const negCell = (n: NegativeFigures, kind: string) => `${percent(n.byKind[kind]!)} (${n.byKind[kind]!.total})`;
const names = Object.keys(parts) as (keyof typeof parts)[];

const lines = [
  `Positives: right service first / in the top 3 offered (number of queries). Negatives: share that got no service card.`,
  "",
  `| | ${names.join(" | ")} |`,
  `|---|${names.map(() => "---").join("|")}|`,
  `| **positives, first** | ${names.map((n) => `${percent(parts[n].positives.top1)} (${parts[n].positives.top1.total})`).join(" | ")} |`,
  `| **positives, top 3** | ${names.map((n) => percent(parts[n].positives.top3)).join(" | ")} |`,
  ...POSITIVE_KINDS.map((kind) => `| ${kind} | ${names.map((n) => cell(parts[n].positives, kind)).join(" | ")} |`),
  `| **negatives, no card** | ${names.map((n) => `${percent(parts[n].negatives.noCard)} (${parts[n].negatives.noCard.total})`).join(" | ")} |`,
  ...NEGATIVE_KINDS.map((kind) => `| ${kind} | ${names.map((n) => negCell(parts[n].negatives, kind)).join(" | ")} |`),
  `| other body → the right referral | ${names.map((n) => `${percent(parts[n].negatives.referral)} (${parts[n].negatives.referral.total})`).join(" | ")} |`,
  "",
  `Speed over ${queries.length} queries × ${REPEATS} (Node ${process.versions.node}, ${load}): every run p50 ${quantile(times, 0.5).toFixed(3)} ms, p99 ${quantile(times, 0.99).toFixed(3)} ms, max ${Math.max(...times).toFixed(2)} ms; each query's median run: p50 ${quantile(medians, 0.5).toFixed(3)} ms, p99 ${quantile(medians, 0.99).toFixed(3)} ms, max ${Math.max(...medians).toFixed(2)} ms.`,
];
// The calibration, on the tuning part only: every calibration of the grid is scored there, the one with
// the largest smallest margin over the targets is chosen (bench/cross-validate.ts), and a 5-fold
// cross-validation over the tuning rows estimates how that choice carries over to new queries.
const catalog = loadCatalog();
const grid: SearchCalibration[] = [2, 3, Infinity].flatMap((wordsMetEnough) =>
  [1, 3, 5, Infinity].flatMap((otherOfficeWordWeight) =>
    [1, 1.5, 2, 3].flatMap((unknownWordWeight) =>
      [0.34, 0.4, 0.5, 0.6].map((minCoverage) => ({
        ...DEFAULT_CALIBRATION,
        minCoverage,
        unknownWordWeight,
        otherOfficeWordWeight,
        wordsMetEnough,
      })),
    ),
  ),
);
const cv = crossValidate(catalog, grid, TUNING_POSITIVES, TUNING_NEGATIVES);
const same = (a: SearchCalibration, b: SearchCalibration) =>
  (Object.keys(a) as (keyof SearchCalibration)[]).every((k) => a[k] === b[k]);
const infinite = (n: number) => (n === Infinity ? "∞" : String(n));
const describe = (c: SearchCalibration) =>
  `${c.minCoverage} × ${c.unknownWordWeight} × ${infinite(c.otherOfficeWordWeight)} × ${infinite(c.wordsMetEnough)}`;
const figureCells = (f: Figures) => `${percent(f.first)} | ${percent(f.top3)} | ${percent(f.noCard)}`;
lines.push(
  "",
  "Calibration on the tuning part (coverage threshold × weight of a word no document meets × weight of a word " +
    "one referral alone meets, in a service's coverage × words met that answer whatever the coverage; close call at " +
    `${DEFAULT_CALIBRATION.closeCall}); the rule picks the largest smallest margin over the three targets:`,
  "",
  "| coverage ≥ | unknown word counts | other office's word counts | words met enough | positives first | top 3 | negatives no card | |",
  "|---|---|---|---|---|---|---|---|",
  ...cv.tuning.map(
    ({ calibration: c, figures }) =>
      `| ${c.minCoverage} | ${c.unknownWordWeight} | ${infinite(c.otherOfficeWordWeight)} | ${infinite(c.wordsMetEnough)} | ${figureCells(figures)} |${same(c, DEFAULT_CALIBRATION) ? " **in use**" : ""}${same(c, cv.chosen) ? " rule's choice" : ""} |`,
  ),
  "",
  `Cross-validated on the tuning part (5 folds by position; the rule chooses on four, the fifth is scored): positives first ${percent(cv.estimate.first)}, top 3 ${percent(cv.estimate.top3)}, negatives no card ${percent(cv.estimate.noCard)}; chosen per fold: ${cv.chosenPerFold.map(describe).join(", ")}.`,
);
const report = lines.join("\n");
console.log(report);
if (args.has("--misses"))
  // Only the tuning part's: the held-back queries are never looked at one by one.
  for (const miss of [...parts.tuning.positives.misses, ...parts.tuning.negatives.misses]) console.log(`- ${miss}`);
if (args.has("--write")) {
  const file = new URL("../docs/SEARCH.md", import.meta.url);
  const doc = readFileSync(file, "utf8");
  const markers = /<!-- eval:start -->[\s\S]*?<!-- eval:end -->/;
  if (!markers.test(doc)) throw new Error("docs/SEARCH.md has no eval:start/eval:end markers");
  const updated = doc.replace(markers, () => `<!-- eval:start -->\n${report}\n<!-- eval:end -->`);
  writeFileSync(file, updated);
}
