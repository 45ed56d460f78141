/**
 * The guided questions: a small decision tree ("who is it for?" → "what do you need?") that leads to
 * a service in a few taps, for people who cannot name what they need.
 *
 * Pure: it validates the already-parsed `catalog/guide.yaml` against the catalog. Node ids travel in
 * Telegram callback data (64 bytes in all), hence their short alphabet.
 */
import { z } from "zod";
import { CatalogError, parseFile, type Catalog, type Localized } from "./catalog.js";

const FILE = "guide.yaml";
/** Taps from the first question to a service, at most. */
export const MAX_TAPS = 3;
/** More buttons than this under one question stop being a quick choice. */
const MAX_OPTIONS = 10;

/**
 * guide.yaml's schemas, built for each parse and garbage after it: start-up parses the file once, and zod schemas
 * are heavy (see catalogSchemas in catalog.ts).
 */
function guideSchemas() {
  const localized = z.strictObject({
    kk: z.string().trim().min(1),
    ru: z.string().trim().min(1),
    en: z.string().trim().min(1),
  });

  const nodeId = z.string().regex(/^[a-z0-9_]{1,16}$/, "a node id is 1-16 characters of a-z, 0-9 and _");

  const optionSchema = z
    .strictObject({
      label: localized,
      next: nodeId.optional(),
      service: z.number().int().positive().optional(),
    })
    .refine((o) => (o.next === undefined) !== (o.service === undefined), {
      message: 'an option needs exactly one of "next" (a node id) or "service" (a service id)',
    });

  const nodeSchema = z.strictObject({
    id: nodeId,
    question: localized,
    options: z
      .array(optionSchema)
      .min(1, "a question needs at least one option")
      .max(MAX_OPTIONS, `a question may have at most ${MAX_OPTIONS} options`),
  });

  const guideFileSchema = z.strictObject({
    root: nodeId,
    nodes: z.array(nodeSchema).min(1),
  });
  return { optionSchema, nodeSchema, guideFileSchema };
}
type GuideSchemas = ReturnType<typeof guideSchemas>;

export type GuideOption = { label: Localized } & ({ next: string } | { service: number });

export interface GuideNode {
  id: string;
  question: Localized;
  options: readonly GuideOption[];
}

export interface Guide {
  root: GuideNode;
  nodeById: ReadonlyMap<string, GuideNode>;
  /** The fewest taps from the first question to the service, or undefined if the guide never offers it. */
  depthOf(serviceId: number): number | undefined;
}

type RawNode = z.infer<GuideSchemas["nodeSchema"]>;

const where = (node: string, option?: number) =>
  `${FILE}: node "${node}"${option === undefined ? "" : `, option #${option + 1}`}`;

/** Checks ids and links, then walks the tree from the root for cycles, depth and reach. */
function crossCheck(root: string, nodes: readonly RawNode[], catalog: Catalog): string[] {
  const problems: string[] = [];
  const byId = new Map<string, RawNode>();
  for (const node of nodes) {
    if (byId.has(node.id)) problems.push(`${where(node.id)}: duplicate id`);
    else byId.set(node.id, node);
  }
  for (const node of nodes) {
    node.options.forEach((option, i) => {
      if (option.next !== undefined && !byId.has(option.next))
        problems.push(`${where(node.id, i)}, field "next": unknown node "${option.next}"`);
      if (option.service !== undefined && !catalog.serviceById.has(option.service))
        problems.push(`${where(node.id, i)}, field "service": unknown service ${option.service}`);
      const first = node.options.findIndex((o) => (o.next ?? o.service) === (option.next ?? option.service));
      if (first < i) problems.push(`${where(node.id, i)}: leads where option #${first + 1} already does`);
    });
  }
  if (!byId.has(root)) {
    problems.push(`${FILE}: field "root": unknown node "${root}"`);
    return problems;
  }

  // Reach and cycles: one depth-first pass; a node still on the stack when met again closes a cycle.
  const visited = new Set<string>();
  const reachedServices = new Set<number>();
  const stack: string[] = [];
  const explore = (id: string) => {
    const node = byId.get(id);
    if (!node) return;
    visited.add(id);
    stack.push(id);
    node.options.forEach((option, i) => {
      if (option.service !== undefined) reachedServices.add(option.service);
      else if (option.next !== undefined && stack.includes(option.next))
        problems.push(
          `${where(id, i)}, field "next": goes back to "${option.next}", a cycle (${[...stack, option.next].join(" → ")})`,
        );
      else if (option.next !== undefined && !visited.has(option.next)) explore(option.next);
    });
    stack.pop();
  };
  explore(root);

  // Depth: every path, cut at MAX_TAPS (and at cycles, reported above), so the walk stays small.
  const measure = (path: readonly string[]) => {
    const id = path[path.length - 1]!;
    byId.get(id)?.options.forEach((option, i) => {
      if (option.next === undefined || path.includes(option.next)) return;
      const taps = path.length;
      if (taps >= MAX_TAPS)
        problems.push(
          `${where(id, i)}, field "next": opens a question after ${taps} taps, so its services are more than ${MAX_TAPS} taps away`,
        );
      else measure([...path, option.next]);
    });
  };
  measure([root]);

  for (const node of nodes)
    if (!visited.has(node.id) && byId.get(node.id) === node)
      problems.push(`${where(node.id)}: not reachable from the root "${root}"`);
  for (const service of catalog.services)
    if (!reachedServices.has(service.id))
      problems.push(`${FILE}: field "nodes": no option leads to service ${service.id}`);
  return problems;
}

function toOption(option: z.infer<GuideSchemas["optionSchema"]>): GuideOption {
  return option.next !== undefined
    ? { label: option.label, next: option.next }
    : { label: option.label, service: option.service! };
}

/** Validates the parsed guide.yaml against the catalog and builds the tree, or throws a CatalogError listing every problem. */
export function parseGuide(raw: unknown, catalog: Catalog): Guide {
  const problems: string[] = [];
  const file = parseFile(guideSchemas().guideFileSchema, FILE, raw, problems);
  if (!file) throw new CatalogError(problems);
  problems.push(...crossCheck(file.root, file.nodes, catalog));
  if (problems.length > 0) throw new CatalogError(problems);

  const nodeById = new Map<string, GuideNode>(
    file.nodes.map((n) => [n.id, { id: n.id, question: n.question, options: n.options.map(toOption) }]),
  );
  const depths = new Map<number, number>();
  const queue: [GuideNode, number][] = [[nodeById.get(file.root)!, 0]];
  for (const [node, depth] of queue)
    for (const option of node.options) {
      if ("service" in option) {
        if (!depths.has(option.service)) depths.set(option.service, depth + 1);
      } else queue.push([nodeById.get(option.next)!, depth + 1]);
    }
  return {
    root: nodeById.get(file.root)!,
    nodeById,
    depthOf: (serviceId) => depths.get(serviceId),
  };
}
