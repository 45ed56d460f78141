/**
 * Scores a search engine on the evaluation set (search-eval-set.ts). Shared by the evaluation script
 * (bench/eval-search.ts, which prints the report in docs/SEARCH.md) and the guard test.
 *
 * What counts, as a citizen sees it: a service is "offered" when the engine is confident (it opens or
 * lists service cards); the top 3 offered are what a phone screen shows. A negative passes when no
 * service is offered (a referral, a small-talk answer or "nothing found" are all fine).
 */
import type { SearchResult } from "../../src/domain/search.js";
import { NEGATIVE_KINDS, POSITIVE_KINDS, type NegativeQuery, type PositiveQuery } from "./search-eval-set.js";

export interface Rate {
  hits: number;
  total: number;
}

export interface PositiveFigures {
  top1: Rate;
  top3: Rate;
  byKind: Record<string, { top1: Rate; top3: Rate }>;
  misses: string[];
}

export interface NegativeFigures {
  noCard: Rate;
  /** Questions about another office answered with the expected referral. */
  referral: Rate;
  byKind: Record<string, Rate>;
  misses: string[];
}

type Find = (query: string) => SearchResult;

const offered = (result: SearchResult) =>
  result.confident ? result.services.slice(0, 3).map((h) => h.service.id) : [];
const rate = (hits: number, total: number): Rate => ({ hits, total });
export const percent = (r: Rate) => (r.total === 0 ? "–" : `${((100 * r.hits) / r.total).toFixed(1)}%`);
export const ratio = (r: Rate) => (r.total === 0 ? 1 : r.hits / r.total);

export function scorePositives(find: Find, queries: readonly PositiveQuery[]): PositiveFigures {
  const byKind: PositiveFigures["byKind"] = {};
  for (const kind of POSITIVE_KINDS) byKind[kind] = { top1: rate(0, 0), top3: rate(0, 0) };
  let top1 = 0;
  let top3 = 0;
  const misses: string[] = [];
  for (const { kind, query, accept } of queries) {
    const ids = offered(find(query));
    const first = ids[0] !== undefined && accept.includes(ids[0]);
    const three = ids.some((id) => accept.includes(id));
    const k = byKind[kind]!;
    k.top1.total++;
    k.top3.total++;
    if (first) {
      top1++;
      k.top1.hits++;
    }
    if (three) {
      top3++;
      k.top3.hits++;
    }
    if (!first)
      misses.push(
        `[${kind}] ${JSON.stringify(query)}: wanted ${accept.join("/")}, got [${ids.join(", ")}]${three ? " (in top 3)" : ""}`,
      );
  }
  return { top1: rate(top1, queries.length), top3: rate(top3, queries.length), byKind, misses };
}

export function scoreNegatives(find: Find, queries: readonly NegativeQuery[]): NegativeFigures {
  const byKind: NegativeFigures["byKind"] = {};
  for (const kind of NEGATIVE_KINDS) byKind[kind] = rate(0, 0);
  let noCard = 0;
  let referralHits = 0;
  let referralTotal = 0;
  const misses: string[] = [];
  for (const { kind, query, referral } of queries) {
    const result = find(query);
    const passed = !result.confident;
    byKind[kind]!.total++;
    if (passed) {
      noCard++;
      byKind[kind]!.hits++;
    }
    const referralId = (result as { referral?: { id: string } }).referral?.id;
    if (referral) {
      referralTotal++;
      if (referralId === referral) referralHits++;
    }
    if (!passed || (referral && referralId !== referral))
      misses.push(
        `[${kind}] ${JSON.stringify(query)}: ${passed ? "no card" : `offered [${offered(result).join(", ")}]`}${referral ? `, referral ${referralId ?? "none"} (wanted ${referral})` : ""}`,
      );
  }
  return { noCard: rate(noCard, queries.length), referral: rate(referralHits, referralTotal), byKind, misses };
}
