/** Prints the functions with the most self time in a V8 .cpuprofile (from --cpu-prof), grouped by function and file. */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-summary.ts <file.cpuprofile> [top]");
const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: ProfileNode[] };
const selfHits = new Map<string, number>();
let total = 0;
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0;
  total += hits;
  const url = node.callFrame.url.replace(/^.*?(node_modules\/|src\/|bench\/)/, "$1");
  const key = `${node.callFrame.functionName || "(anonymous)"} ${url}:${node.callFrame.lineNumber + 1}`;
  selfHits.set(key, (selfHits.get(key) ?? 0) + hits);
}
const top = [...selfHits].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 25));
for (const [key, hits] of top) console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}`);

// Inclusive ("total") time of the project's own functions: where our logic spends, callees included.
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const children = new Map<number, number[]>();
for (const node of profile.nodes as (ProfileNode & { children?: number[] })[])
  children.set(node.id, node.children ?? []);
const inclusive = new Map<string, number>();
const label = (node: ProfileNode) =>
  `${node.callFrame.functionName || "(anonymous)"} ${node.callFrame.url.replace(/^.*?(src\/)/, "$1")}`;
const walk = (id: number, onStack: Set<string>): number => {
  const node = byId.get(id)!;
  let hits = node.hitCount ?? 0;
  const key = label(node);
  const own = node.callFrame.url.includes("/src/") && !onStack.has(key);
  if (own) onStack.add(key);
  for (const child of children.get(id) ?? []) hits += walk(child, onStack);
  if (own) {
    onStack.delete(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + hits);
  }
  return hits;
};
walk(profile.nodes[0]!.id, new Set());
console.log("\nproject functions by total time (callees included):");
for (const [key, hits] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 25)))
  console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
