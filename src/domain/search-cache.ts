/**
 * Remembers the answers to recent queries: the engine (search.ts) is pure and its answer depends only on
 * the first MAX_QUERY_CHARS characters and the limit, while people ask the same few things over and over
 * (the benchmark's 3,800 questions hold about 800 distinct ones). Bounded by entries (lru-cache), so a
 * flood of distinct texts costs a fixed amount of memory. The results are shared between callers: they
 * are read, never changed.
 */
import { LRUCache } from "lru-cache";
import { MAX_QUERY_CHARS, type SearchResult, type ServiceSearch } from "./search.js";

/** Answers kept by default: at most about 1,000 × (400 characters + a result), well under a megabyte. */
export const DEFAULT_CACHED_QUERIES = 1_000;

/** The same search, with the answers to the last `size` distinct queries remembered. */
export function cachedSearch(search: ServiceSearch, size = DEFAULT_CACHED_QUERIES): ServiceSearch {
  const answers = new LRUCache<string, SearchResult>({ max: size });
  return {
    find(query, limit) {
      const key = `${limit ?? ""}\u0000${query.slice(0, MAX_QUERY_CHARS)}`;
      let result = answers.get(key);
      if (result === undefined) answers.set(key, (result = search.find(query, limit)));
      return result;
    },
  };
}
