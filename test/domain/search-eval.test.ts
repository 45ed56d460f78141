/**
 * Guards the search's accuracy on the held-back part of the evaluation set, which is never tuned on
 * (figures per kind: `npm run eval:search`, docs/SEARCH.md). Timings are measured there, not here.
 */
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog-files.js";
import { createServiceSearch } from "../../src/domain/search.js";
import { HELD_BACK_NEGATIVES, HELD_BACK_POSITIVES, TUNING_NEGATIVES, TUNING_POSITIVES } from "./search-eval-set.js";
import { ratio, scoreNegatives, scorePositives } from "./search-evaluation.js";

const search = createServiceSearch(loadCatalog());
const find = (query: string) => search.find(query);

describe("search evaluation", () => {
  it("has the size the issue asks for, with at least 20% held back", () => {
    const positives = TUNING_POSITIVES.length + HELD_BACK_POSITIVES.length;
    const negatives = TUNING_NEGATIVES.length + HELD_BACK_NEGATIVES.length;
    expect(positives).toBeGreaterThanOrEqual(300);
    expect(negatives).toBeGreaterThanOrEqual(80);
    expect(HELD_BACK_POSITIVES.length / positives).toBeGreaterThanOrEqual(0.2);
    expect(HELD_BACK_NEGATIVES.length / negatives).toBeGreaterThanOrEqual(0.2);
    const tuning = new Set([...TUNING_POSITIVES, ...TUNING_NEGATIVES].map((q) => q.query));
    expect([...HELD_BACK_POSITIVES, ...HELD_BACK_NEGATIVES].filter((q) => tuning.has(q.query))).toEqual([]);
  });

  it("the sets only name services and referrals that exist", () => {
    const catalog = loadCatalog();
    for (const { accept } of [...TUNING_POSITIVES, ...HELD_BACK_POSITIVES])
      for (const id of accept) expect(catalog.serviceById.has(id)).toBe(true);
    const referrals = new Set(catalog.referrals.map((r) => r.id));
    for (const { referral } of [...TUNING_NEGATIVES, ...HELD_BACK_NEGATIVES])
      if (referral) expect(referrals).toContain(referral);
  });

  it("meets the issue's targets for held-back positives: first ≥ 90%, top 3 ≥ 97%", () => {
    // The eleventh pass left the top 3 at 160 of 165, one query short; the twelfth pass's fresh held-back
    // positives (committed before their first run) found 22 of 22 in the top 3: 182 of 187 (97.3%)
    // (docs/SEARCH.md, "Twelfth pass").
    const figures = scorePositives(find, HELD_BACK_POSITIVES);
    expect(ratio(figures.top1)).toBeGreaterThanOrEqual(0.9);
    expect(ratio(figures.top3)).toBeGreaterThanOrEqual(0.97);
    expect(figures.top3.total).toBe(187);
  });

  it("meets the targets on all positives: first ≥ 90%, top 3 ≥ 97%", () => {
    const figures = scorePositives(find, [...TUNING_POSITIVES, ...HELD_BACK_POSITIVES]);
    expect(ratio(figures.top1)).toBeGreaterThanOrEqual(0.9);
    expect(ratio(figures.top3)).toBeGreaterThanOrEqual(0.97);
  });

  it("meets the target on the held-back negatives: ≥ 90% get no service card", () => {
    // The eleventh pass left 99 of 112; the twelfth pass's first run found 6 of its 11 fresh held-back
    // negatives without a card (105 of 123), and its changes, made on tuning misses alone, 106; the
    // thirteenth pass's other domains (lexicon `foreign`) 109; the fifteenth pass's referrals, written
    // from fresh questions, not from the set, 112 (docs/SEARCH.md, "Fifteenth pass").
    const figures = scoreNegatives(find, HELD_BACK_NEGATIVES).noCard;
    expect(ratio(figures)).toBeGreaterThanOrEqual(0.9);
    expect(figures.total).toBe(123);
  });
});
