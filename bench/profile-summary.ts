/**
 * Summarises a V8 .cpuprofile (from --cpu-prof or bench/profile-in-process.ts): the functions with the
 * most self time, the project's functions by total time, and the shares of the areas an update passes.
 *
 *   tsx bench/profile-summary.ts <file.cpuprofile> [top]
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/**
 * The areas of update handling, most specific first. A sample goes to the area of the nearest frame on
 * its stack that one of these matches (the leaf first), so a JSON.stringify called by grammY's payload
 * code counts as the Bot API path, and a view called by a feature counts as the views.
 */
const AREAS: readonly { name: string; matches: (frame: ProfileNode["callFrame"]) => boolean }[] = [
  { name: "garbage collector", matches: (f) => f.functionName === "(garbage collector)" },
  { name: "pino", matches: (f) => f.url.includes("node_modules/pino") },
  {
    name: "Bot API path (grammY client and payload, transformers, undici, LocalBotApi)",
    matches: (f) =>
      /grammy\/out\/core\/|node_modules\/undici|node:internal\/deps\/undici|src\/telegram\/local-bot-api|src\/bot\/transformers\//.test(
        f.url,
      ),
  },
  { name: "conversations plugin", matches: (f) => f.url.includes("@grammyjs/conversations") },
  { name: "i18n and Fluent", matches: (f) => /@grammyjs\/i18n|@fluent\/|src\/bot\/i18n/.test(f.url) },
  { name: "session plugin", matches: (f) => f.url.includes("grammy/out/convenience/session") },
  { name: "runner (sequentialize)", matches: (f) => f.url.includes("@grammyjs/runner") },
  { name: "search (domain and feature)", matches: (f) => /src\/domain\/search|src\/bot\/features\/search/.test(f.url) },
  { name: "views", matches: (f) => /src\/bot\/views\/|src\/bot\/show\.ts/.test(f.url) },
  { name: "the bot's own middlewares, router and features", matches: (f) => f.url.includes("src/bot/") },
  { name: "grammY's middleware machinery (Composer, Context, filters)", matches: (f) => f.url.includes("grammy/out/") },
  { name: "the benchmark's driver", matches: (f) => f.url.includes("bench/") },
];

export function printProfileSummary(file: string, topCount = 25, print: (line: string) => void = console.log): void {
  const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: ProfileNode[] };
  const percent = (hits: number) => `${((hits / total) * 100).toFixed(1).padStart(5)}%`;
  const selfHits = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    total += hits;
    const url = node.callFrame.url.replace(/^.*?(node_modules\/|src\/|bench\/)/, "$1");
    const key = `${node.callFrame.functionName || "(anonymous)"} ${url}:${node.callFrame.lineNumber + 1}`;
    selfHits.set(key, (selfHits.get(key) ?? 0) + hits);
  }
  const top = [...selfHits].sort((a, b) => b[1] - a[1]).slice(0, topCount);
  for (const [key, hits] of top) print(`${percent(hits)}  ${key}`);

  // Inclusive ("total") time of the project's own functions: where our logic spends, callees included.
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const inclusive = new Map<string, number>();
  const areaHits = new Map<string, number>();
  const label = (node: ProfileNode) =>
    `${node.callFrame.functionName || "(anonymous)"} ${node.callFrame.url.replace(/^.*?(src\/)/, "$1")}`;
  const walk = (id: number, onStack: Set<string>, area: string): number => {
    const node = byId.get(id)!;
    const nodeArea = AREAS.find((candidate) => candidate.matches(node.callFrame))?.name ?? area;
    const ownHits = node.hitCount ?? 0;
    areaHits.set(nodeArea, (areaHits.get(nodeArea) ?? 0) + ownHits);
    let hits = ownHits;
    const key = label(node);
    const own = node.callFrame.url.includes("/src/") && !onStack.has(key);
    if (own) onStack.add(key);
    for (const child of node.children ?? []) hits += walk(child, onStack, nodeArea);
    if (own) {
      onStack.delete(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + hits);
    }
    return hits;
  };
  walk(profile.nodes[0]!.id, new Set(), "other (idle, program, the event loop)");
  print("\nproject functions by total time (callees included):");
  for (const [key, hits] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, topCount))
    print(`${percent(hits)}  ${key}`);
  print("\nby area (each sample given to the nearest area on its stack):");
  for (const [name, hits] of [...areaHits].sort((a, b) => b[1] - a[1])) print(`${percent(hits)}  ${name}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, topArg] = process.argv.slice(2);
  if (!file) throw new Error("usage: profile-summary.ts <file.cpuprofile> [top]");
  printProfileSummary(file, Number(topArg ?? 25));
}
