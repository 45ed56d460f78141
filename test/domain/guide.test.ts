import { describe, expect, it } from "vitest";
import { DEFAULT_CATALOG_DIR, loadCatalog, readYaml } from "../../src/catalog-files.js";
import { CatalogError, LOCALES } from "../../src/domain/catalog.js";
import { MAX_TAPS, parseGuide, type Guide } from "../../src/domain/guide.js";

const catalog = loadCatalog();
const shippedRaw = readYaml(DEFAULT_CATALOG_DIR, "guide.yaml");

interface RawGuide {
  root: string;
  nodes: { id: string; question: Record<string, string>; options: Record<string, unknown>[] }[];
}

/** Parses a copy of the shipped guide changed by `mutate`, returning the problems it was rejected for. */
function problemsOf(mutate: (raw: RawGuide) => void): readonly string[] {
  const raw = structuredClone(shippedRaw) as RawGuide;
  mutate(raw);
  try {
    parseGuide(raw, catalog);
  } catch (error) {
    if (error instanceof CatalogError) return error.problems;
    throw error;
  }
  return [];
}

const node = (raw: RawGuide, id: string) => raw.nodes.find((n) => n.id === id)!;

/** Every path from the root: the taps it takes to reach each service, and every question visited. */
function walk(guide: Guide) {
  const taps = new Map<number, number[]>();
  const questions = new Set<string>();
  const visit = (id: string, depth: number, path: readonly string[]) => {
    const current = guide.nodeById.get(id);
    expect(current, `node "${id}" exists`).toBeDefined();
    expect(path, `no cycle through "${id}"`).not.toContain(id);
    questions.add(id);
    expect(current!.options.length, `question "${id}" has options`).toBeGreaterThan(0);
    for (const option of current!.options) {
      if ("service" in option) taps.set(option.service, [...(taps.get(option.service) ?? []), depth + 1]);
      else visit(option.next, depth + 1, [...path, id]);
    }
  };
  visit(guide.root.id, 0, []);
  return { taps, questions };
}

describe("the shipped guide", () => {
  const guide = parseGuide(shippedRaw, catalog);

  it("loads and starts at the question about who the service is for", () => {
    expect(guide.root.id).toBe("who");
    expect(guide.root.options.length).toBeGreaterThanOrEqual(4);
  });

  it(`reaches every one of the ${catalog.services.length} services in at most ${MAX_TAPS} taps, with no dead end`, () => {
    const { taps, questions } = walk(guide);
    expect([...taps.keys()].sort((a, b) => a - b)).toEqual(catalog.services.map((s) => s.id));
    for (const [id, depths] of taps) {
      expect(Math.max(...depths), `service ${id}`).toBeLessThanOrEqual(MAX_TAPS);
      expect(guide.depthOf(id), `service ${id}`).toBe(Math.min(...depths));
    }
    expect([...questions].sort()).toEqual([...guide.nodeById.keys()].sort());
  });

  it("has every question and every label in kk, ru and en", () => {
    for (const n of guide.nodeById.values()) {
      for (const locale of LOCALES) expect(n.question[locale].trim(), `${n.id} ${locale}`).not.toBe("");
      for (const option of n.options) for (const locale of LOCALES) expect(option.label[locale].trim()).not.toBe("");
    }
  });

  it("uses node ids that fit Telegram callback data", () => {
    for (const id of guide.nodeById.keys()) {
      expect(id).toMatch(/^[a-z0-9_]{1,16}$/);
      expect(Buffer.byteLength(id)).toBeLessThanOrEqual(16);
    }
  });

  it("answers depthOf with undefined for a service the guide does not offer", () => {
    expect(guide.depthOf(999)).toBeUndefined();
  });
});

describe("a broken guide is rejected with a located message", () => {
  it("accepts the unchanged copy (so each case below fails for its own change)", () => {
    expect(problemsOf(() => {})).toEqual([]);
  });

  it("names a missing translation of a question", () => {
    const problems = problemsOf((raw) => delete node(raw, "pupil").question.ru);
    expect(problems).toEqual([
      expect.stringContaining('guide.yaml: field "nodes", entry id=pupil, field "question", field "ru"'),
    ]);
  });

  it("names an empty option label", () => {
    const problems = problemsOf((raw) => {
      node(raw, "teacher").options[1]!.label = { kk: "Конкурс", ru: " ", en: "Competition" };
    });
    expect(problems).toEqual([
      expect.stringContaining(
        'guide.yaml: field "nodes", entry id=teacher, field "options", entry #2, field "label", field "ru"',
      ),
    ]);
  });

  it("rejects a question with no options (a dead end)", () => {
    const problems = problemsOf((raw) => (node(raw, "graduate").options = []));
    expect(problems).toEqual([
      'guide.yaml: field "nodes", entry id=graduate, field "options": a question needs at least one option',
    ]);
  });

  it("rejects an option that both opens a question and names a service, or does neither", () => {
    const both = problemsOf((raw) => (node(raw, "who").options[0]!.service = 7));
    expect(both).toEqual([
      'guide.yaml: field "nodes", entry id=who, field "options", entry #1: an option needs exactly one of "next" (a node id) or "service" (a service id)',
    ]);
    const neither = problemsOf((raw) => delete node(raw, "preschool").options[2]!.service);
    expect(neither).toEqual([
      expect.stringContaining('entry id=preschool, field "options", entry #3: an option needs exactly one'),
    ]);
  });

  it("rejects a misspelt field", () => {
    const problems = problemsOf((raw) => {
      const option = node(raw, "family").options[0]!;
      option.servce = option.service;
      delete option.service;
    });
    expect(
      problems.some((p) => p.startsWith('guide.yaml: field "nodes", entry id=family, field "options", entry #1')),
    ).toBe(true);
    expect(problems.join("\n")).toContain("servce");
  });

  it("rejects node ids that would not fit callback data", () => {
    expect(problemsOf((raw) => (node(raw, "teacher").id = "Teacher-Node"))).toContain(
      'guide.yaml: field "nodes", entry id=Teacher-Node, field "id": a node id is 1-16 characters of a-z, 0-9 and _',
    );
    const long = problemsOf((raw) => {
      node(raw, "teacher").id = "teachers_and_heads";
      node(raw, "who").options[5]!.next = "teachers_and_heads";
    });
    expect(long).toContain(
      'guide.yaml: field "nodes", entry id=teachers_and_heads, field "id": a node id is 1-16 characters of a-z, 0-9 and _',
    );
  });

  it("rejects a duplicate node id", () => {
    const problems = problemsOf((raw) => raw.nodes.push(structuredClone(node(raw, "teacher"))));
    expect(problems).toEqual(['guide.yaml: node "teacher": duplicate id']);
  });

  it("rejects an unknown service and an unknown next question", () => {
    expect(problemsOf((raw) => (node(raw, "pupil").options[3]!.service = 99))).toContain(
      'guide.yaml: node "pupil", option #4, field "service": unknown service 99',
    );
    expect(problemsOf((raw) => (node(raw, "who").options[2]!.next = "graduates"))).toContain(
      'guide.yaml: node "who", option #3, field "next": unknown node "graduates"',
    );
    expect(problemsOf((raw) => (raw.root = "start"))).toEqual(['guide.yaml: field "root": unknown node "start"']);
  });

  it("rejects a cycle", () => {
    const problems = problemsOf((raw) =>
      node(raw, "teacher").options.push({ label: { kk: "Артқа", ru: "Назад", en: "Back" }, next: "who" }),
    );
    expect(problems).toEqual([
      'guide.yaml: node "teacher", option #3, field "next": goes back to "who", a cycle (who → teacher → who)',
    ]);
  });

  it(`rejects a service more than ${MAX_TAPS} taps away`, () => {
    const problems = problemsOf((raw) => {
      const label = { kk: "Тағы", ru: "Ещё", en: "More" };
      raw.nodes.push({ id: "deeper", question: label, options: [{ label, next: "deepest" }] });
      raw.nodes.push({ id: "deepest", question: label, options: [{ label, service: 22 }] });
      node(raw, "teacher").options[1] = { label, next: "deeper" };
    });
    expect(problems).toEqual([
      'guide.yaml: node "deeper", option #1, field "next": opens a question after 3 taps, so its services are more than 3 taps away',
    ]);
  });

  it("rejects a question nobody can reach and a service no option leads to", () => {
    const problems = problemsOf((raw) => node(raw, "who").options.splice(5, 1));
    expect(problems).toEqual([
      'guide.yaml: node "teacher": not reachable from the root "who"',
      'guide.yaml: field "nodes": no option leads to service 22',
      'guide.yaml: field "nodes": no option leads to service 23',
    ]);
  });

  it("rejects two options of one question leading to the same place", () => {
    const problems = problemsOf((raw) => (node(raw, "graduate").options[1]!.service = 21));
    expect(problems).toEqual([
      'guide.yaml: node "graduate", option #2: leads where option #1 already does',
      'guide.yaml: field "nodes": no option leads to service 24',
    ]);
  });

  it("rejects a file that is not a guide at all", () => {
    expect(() => parseGuide(null, catalog)).toThrow(/guide\.yaml: \(whole file\)/);
    expect(() => parseGuide({ root: "who", nodes: [] }, catalog)).toThrow(/guide\.yaml: field "nodes"/);
  });
});
