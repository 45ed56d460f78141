/**
 * A k-fold estimate of how the search's calibration carries over to queries it was not chosen on, from
 * the tuning part alone (the held-back part stays unseen): the tuning rows are cut into folds by position
 * (row i goes to fold i mod k), the calibration is chosen on k − 1 folds by the same rule the engine's
 * defaults are chosen by (`margin`), and scored on the fold left out. The pooled scores of the left-out
 * folds are the estimate. A change that raises the tuning figures but not this one was fitted to the
 * tuning queries, not to how people ask.
 */
import type { Catalog } from "../src/domain/catalog.js";
import { createServiceSearch, type SearchCalibration } from "../src/domain/search.js";
import type { NegativeQuery, PositiveQuery } from "../test/domain/search-eval-set.js";
import { scoreNegatives, scorePositives, type Rate } from "../test/domain/search-evaluation.js";

/** The targets: right service first, in the top 3, negatives without a card. */
export const TARGETS = { first: 0.9, top3: 0.97, noCard: 0.9 } as const;

export interface Figures {
  first: Rate;
  top3: Rate;
  noCard: Rate;
}

const ratio = (r: Rate) => (r.total === 0 ? 1 : r.hits / r.total);
const add = (a: Rate, b: Rate): Rate => ({ hits: a.hits + b.hits, total: a.total + b.total });
const sum = (figures: readonly Figures[]): Figures =>
  figures.reduce(
    (s, f) => ({ first: add(s.first, f.first), top3: add(s.top3, f.top3), noCard: add(s.noCard, f.noCard) }),
    { first: { hits: 0, total: 0 }, top3: { hits: 0, total: 0 }, noCard: { hits: 0, total: 0 } },
  );

/**
 * How a calibration is chosen: the largest smallest margin over the three targets (the target nearest to
 * being missed decides), then the largest sum of the margins.
 */
export function margin(f: Figures): [number, number] {
  const margins = [ratio(f.first) - TARGETS.first, ratio(f.top3) - TARGETS.top3, ratio(f.noCard) - TARGETS.noCard];
  return [Math.min(...margins), margins.reduce((a, b) => a + b, 0)];
}
const better = (a: Figures, b: Figures) => {
  const [minA, sumA] = margin(a);
  const [minB, sumB] = margin(b);
  return minA > minB + 1e-12 || (Math.abs(minA - minB) <= 1e-12 && sumA > sumB + 1e-12);
};

/** The row's fold: by position, so the split does not depend on results. */
const foldOf = (i: number, folds: number) => i % folds;

export interface CrossValidation {
  /** Each calibration's figures on the whole tuning part. */
  tuning: { calibration: SearchCalibration; figures: Figures }[];
  /** The calibration chosen on the whole tuning part by `margin`. */
  chosen: SearchCalibration;
  /** The left-out folds' pooled figures, each fold scored with the calibration chosen without it. */
  estimate: Figures;
  /** The calibration chosen for each fold left out. */
  chosenPerFold: SearchCalibration[];
}

export function crossValidate(
  catalog: Catalog,
  grid: readonly SearchCalibration[],
  positives: readonly PositiveQuery[],
  negatives: readonly NegativeQuery[],
  folds = 5,
): CrossValidation {
  // figures[c][f]: calibration c on fold f.
  const figures = grid.map((calibration) => {
    const search = createServiceSearch(catalog, calibration);
    const find = (q: string) => search.find(q);
    return Array.from({ length: folds }, (_, fold) => {
      const p = scorePositives(
        find,
        positives.filter((_, i) => foldOf(i, folds) === fold),
      );
      const n = scoreNegatives(
        find,
        negatives.filter((_, i) => foldOf(i, folds) === fold),
      );
      return { first: p.top1, top3: p.top3, noCard: n.noCard };
    });
  });
  const bestOf = (score: (c: number) => Figures) =>
    grid.reduce((best, _, c) => (better(score(c), score(best)) ? c : best), 0);
  const chosenPerFold = Array.from({ length: folds }, (_, fold) =>
    bestOf((c) => sum(figures[c]!.filter((_, f) => f !== fold))),
  );
  const estimate = sum(chosenPerFold.map((c, fold) => figures[c]![fold]!));
  const whole = (c: number) => sum(figures[c]!);
  return {
    tuning: grid.map((calibration, c) => ({ calibration, figures: whole(c) })),
    chosen: grid[bestOf(whole)]!,
    estimate,
    chosenPerFold: chosenPerFold.map((c) => grid[c]!),
  };
}
