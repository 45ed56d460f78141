/**
 * The department's catalog: services, officers and categories, as typed data.
 *
 * Pure: it validates already-parsed YAML and builds lookups. Reading files is the job of
 * `src/catalog-files.ts`, so tests can feed broken catalogs without touching the disk.
 */
import { z } from "zod";
import type { CatalogDetails } from "./details.js";

export const LOCALES = ["kk", "ru", "en"] as const;
export type Locale = (typeof LOCALES)[number];

export const CHANNELS = ["portal", "con", "office"] as const;
/** portal = eGov portal; con = Public Service Centre (ХҚКО / ЦОН); office = in person at the provider. */
export type Channel = (typeof CHANNELS)[number];

export const TIME_UNITS = ["minutes", "working_days", "calendar_days"] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

/** The longest short name: what a phone shows of a button without cutting it. */
export const SHORT_NAME_MAX = 32;
export const SMALL_TALK_KINDS = ["greeting", "thanks", "bye", "howAreYou", "whoAreYou", "ok"] as const;
export type SmallTalkKind = (typeof SMALL_TALK_KINDS)[number];

/**
 * The catalog files' schemas, built for each parse and garbage after it: start-up parses the files once,
 * and zod schemas are heavy (a kilobyte and more each, with their compiled checks), so module-level
 * schemas would hold about half a MiB for the life of the process (docs/PERFORMANCE.md, idle memory).
 */
function catalogSchemas() {
  const localized = z.strictObject({
    kk: z.string().trim().min(1),
    ru: z.string().trim().min(1),
    en: z.string().trim().min(1),
  });

  const shortNames = z.strictObject({
    kk: z.string().trim().min(1).max(SHORT_NAME_MAX),
    ru: z.string().trim().min(1).max(SHORT_NAME_MAX),
    en: z.string().trim().min(1).max(SHORT_NAME_MAX),
  });

  /** An eGov page per language: https on egov.kz, with the language's own /cms/<locale>/ path. */
  const egovLink = (locale: string) =>
    z
      .url({ protocol: /^https$/ })
      .regex(new RegExp(`^https://(m\\.)?egov\\.kz/cms/${locale}/[\\w/.-]+$`), `an egov.kz/cms/${locale}/… link`);
  const egovLinks = z.strictObject({ kk: egovLink("kk"), ru: egovLink("ru"), en: egovLink("en") });

  const localizedList = z.strictObject({
    kk: z.array(z.string().trim().min(1)).default([]),
    ru: z.array(z.string().trim().min(1)).default([]),
    en: z.array(z.string().trim().min(1)).default([]),
  });

  const processingTime = z.strictObject({
    value: z.number().int().positive(),
    unit: z.enum(TIME_UNITS),
    upTo: z.boolean().optional(),
    /** Present when the table gives a different time per channel. */
    channels: z.array(z.enum(CHANNELS)).min(1).optional(),
  });

  const sourceFlag = z.strictObject({
    field: z.enum(["name", "channels", "time", "officer", "phone"]),
    kind: z.string().regex(/^[a-z_]+$/, "snake_case kind"),
    note: z.string().min(1),
  });

  const serviceSchema = z.strictObject({
    id: z.number().int().positive(),
    name: localized,
    /** A short plain name for buttons and lists; the card shows the official `name`. */
    short: shortNames,
    ruNameStatus: z.enum(["confirmed", "partial", "unconfirmed"]),
    channels: z.array(z.enum(CHANNELS)).min(1),
    time: z.array(processingTime).min(1),
    officer: z.string().min(1),
    egov: egovLinks.optional(),
    source: z.strictObject({
      channels: z.string().min(1),
      time: z.string().min(1),
      officer: z.string().min(1),
      phone: z.string().min(1),
    }),
    flags: z.array(sourceFlag).default([]),
    keywords: localizedList.default({ kk: [], ru: [], en: [] }),
  });

  const officerSchema = z.strictObject({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, "lowercase latin id"),
    name: z.string().trim().min(1),
    phone: z.string().regex(/^\d{2}-\d{2}-\d{2}$/, "a local phone like 49-02-25"),
    note: z.string().optional(),
    phoneSource: z.string().optional(),
  });

  const categorySchema = z.strictObject({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, "lowercase latin id"),
    emoji: z.string().min(1),
    name: localized,
    services: z.array(z.number().int().positive()).min(1),
  });

  const categoriesFileSchema = z.strictObject({
    categories: z.array(categorySchema).min(1),
    popular: z.array(z.number().int().positive()).min(1),
  });

  const referralSchema = z.strictObject({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, "lowercase latin id"),
    topic: localized,
    where: localized,
    keywords: localizedList,
    /** Our services that `where` names ("Реабилитация ребёнка — наша услуга №4"): offered as buttons. */
    services: z.array(z.number().int().positive()).optional(),
    sources: z
      .array(
        z.strictObject({
          url: z.url({ protocol: /^https?$/ }),
          /** The day the page was read (YAML reads an unquoted date as a Date). */
          read: z.union([
            z.date().transform((d) => d.toISOString().slice(0, 10)),
            z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
          ]),
          note: z.string().min(1).optional(),
        }),
      )
      .min(1, "a referral needs the public page it rests on"),
  });

  const situationSchema = z.strictObject({
    id: z.number().int().positive(),
    kk: z.array(z.string().trim().min(1)).min(1),
    ru: z.array(z.string().trim().min(1)).min(1),
  });

  const lexiconSchema = z.strictObject({
    distinct: z
      .array(
        z.strictObject({
          note: z.string().min(1),
          words: z
            .array(z.strictObject({ word: z.string().trim().min(2), forms: z.array(z.string().trim().min(3)).min(1) }))
            .min(2),
        }),
      )
      .default([]),
    /** Words read as another word (дочке, ұлым → ребёнок, бала): whole written forms, not beginnings. */
    synonyms: z
      .array(
        z.strictObject({
          note: z.string().min(1),
          word: z.string().trim().min(2),
          forms: z.array(z.string().trim().min(2)).min(1),
        }),
      )
      .default([]),
    /**
     * Words that name another domain's object (a job, a university, a pet…): beginnings of written forms,
     * as in `distinct`. A service that does not meet such a word of the question is not its answer.
     */
    foreign: z
      .array(z.strictObject({ note: z.string().min(1), forms: z.array(z.string().trim().min(3)).min(1) }))
      .default([]),
    /**
     * What services are about (a child, a kindergarten, a school, a guardian…): written forms, read as the
     * search reads any word. A service answers only a question that names one of its subjects, or that
     * holds one of its phrases word for word; a service in no group is not held to it.
     */
    subjects: z
      .array(
        z.strictObject({
          note: z.string().min(1),
          services: z.array(z.number().int().positive()).min(1),
          forms: z.array(z.string().trim().min(2)).min(1),
        }),
      )
      .default([]),
    smallTalk: z.strictObject(
      Object.fromEntries(SMALL_TALK_KINDS.map((k) => [k, z.array(z.string().trim().min(1)).min(1)])) as Record<
        SmallTalkKind,
        z.ZodArray<z.ZodString>
      >,
    ),
  });
  return {
    localized,
    processingTime,
    sourceFlag,
    serviceSchema,
    officerSchema,
    categorySchema,
    categoriesFileSchema,
    referralSchema,
    situationSchema,
    lexiconSchema,
  };
}
type CatalogSchemas = ReturnType<typeof catalogSchemas>;

export type Localized = z.infer<CatalogSchemas["localized"]>;
export type ProcessingTime = z.infer<CatalogSchemas["processingTime"]>;
export type SourceFlag = z.infer<CatalogSchemas["sourceFlag"]>;
export type Service = z.infer<CatalogSchemas["serviceSchema"]>;
export type Officer = z.infer<CatalogSchemas["officerSchema"]>;
export type Category = z.infer<CatalogSchemas["categorySchema"]>;
/** A question that belongs to another office, and where to go with it (catalog/referrals.yaml). */
export type Referral = z.infer<CatalogSchemas["referralSchema"]>;
/** How people describe a service's case in their own words (catalog/situations.yaml). */
export type Situations = z.infer<CatalogSchemas["situationSchema"]>;
/** Search language data that belongs to no service (catalog/lexicon.yaml). */
export type Lexicon = z.infer<CatalogSchemas["lexiconSchema"]>;

/** The raw contents of the catalog files, keyed by file name, as the YAML parser returned them. */
export interface RawCatalog {
  "services.yaml": unknown;
  "officers.yaml": unknown;
  "categories.yaml": unknown;
  /** The search's files; absent ones count as empty (tests of the other files leave them out). */
  "referrals.yaml"?: unknown;
  "situations.yaml"?: unknown;
  "lexicon.yaml"?: unknown;
}

export interface Catalog {
  services: readonly Service[];
  officers: readonly Officer[];
  categories: readonly Category[];
  popular: readonly number[];
  referrals: readonly Referral[];
  /** Life situations per service id. */
  situations: ReadonlyMap<number, Situations>;
  lexicon: Lexicon;
  serviceById: ReadonlyMap<number, Service>;
  officerById: ReadonlyMap<string, Officer>;
  categoryById: ReadonlyMap<string, Category>;
  /** Documents, eligibility, result… with sources, when details.yaml was loaded (src/domain/details.ts). */
  details?: CatalogDetails;
}

/** A catalog problem, located precisely enough for a non-programmer to fix the YAML. */
export class CatalogError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The catalog is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "CatalogError";
  }
}

/** Names an array entry by its `id` when it has one, so messages say "service 7" rather than "[6]". */
function describePath(file: string, data: unknown, path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  let node: unknown = data;
  for (const key of path) {
    if (Array.isArray(node) && typeof key === "number") {
      const entry: unknown = node[key];
      const id = entry && typeof entry === "object" && "id" in entry ? (entry as { id: unknown }).id : undefined;
      parts.push(id !== undefined ? `entry id=${String(id)}` : `entry #${key + 1}`);
    } else {
      parts.push(`field "${String(key)}"`);
    }
    node = node && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return `${file}: ${parts.length ? parts.join(", ") : "(whole file)"}`;
}

/** Validates one file against its schema, collecting every problem with its location. */
export function parseFile<T>(schema: z.ZodType<T>, file: string, data: unknown, problems: string[]): T | undefined {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) problems.push(`${describePath(file, data, issue.path)}: ${issue.message}`);
  return undefined;
}

const EMPTY_LEXICON = { distinct: [], smallTalk: Object.fromEntries(SMALL_TALK_KINDS.map((k) => [k, ["-"]])) };

function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

/** Checks the links between files: officers exist, ids are unique, every service is in a category. */
function crossCheck(
  services: Service[],
  officers: Officer[],
  categoriesFile: z.infer<CatalogSchemas["categoriesFileSchema"]>,
): string[] {
  const problems: string[] = [];
  const officerIds = new Set(officers.map((o) => o.id));
  const serviceIds = new Set(services.map((s) => s.id));
  for (const id of duplicates(services.map((s) => s.id))) problems.push(`services.yaml: entry id=${id}: duplicate id`);
  for (const id of duplicates(officers.map((o) => o.id))) problems.push(`officers.yaml: entry id=${id}: duplicate id`);
  for (const id of duplicates(categoriesFile.categories.map((c) => c.id)))
    problems.push(`categories.yaml: entry id=${id}: duplicate id`);
  for (const locale of LOCALES)
    for (const name of duplicates(services.map((s) => s.short[locale])))
      problems.push(`services.yaml: field "short.${locale}": "${name}" is the short name of two services`);
  for (const s of services) {
    const where = `services.yaml: entry id=${s.id}`;
    if (!officerIds.has(s.officer)) problems.push(`${where}, field "officer": unknown officer "${s.officer}"`);
    for (const ch of duplicates(s.channels)) problems.push(`${where}, field "channels": "${ch}" listed twice`);
    const perChannel = s.time.filter((t) => t.channels);
    if (perChannel.length > 0) {
      if (perChannel.length !== s.time.length)
        problems.push(`${where}, field "time": either every entry names its channels or none does`);
      const covered = perChannel.flatMap((t) => t.channels ?? []);
      for (const ch of s.channels)
        if (!covered.includes(ch)) problems.push(`${where}, field "time": no time for channel "${ch}"`);
      for (const ch of covered)
        if (!s.channels.includes(ch)) problems.push(`${where}, field "time": channel "${ch}" is not offered`);
      for (const ch of duplicates(covered)) problems.push(`${where}, field "time": channel "${ch}" has two times`);
    } else if (s.time.length !== 1) {
      problems.push(`${where}, field "time": several times need a "channels" list each`);
    }
  }
  for (const c of categoriesFile.categories)
    for (const id of c.services)
      if (!serviceIds.has(id))
        problems.push(`categories.yaml: entry id=${c.id}, field "services": unknown service ${id}`);
  for (const id of categoriesFile.popular)
    if (!serviceIds.has(id)) problems.push(`categories.yaml: field "popular": unknown service ${id}`);
  const categorized = new Set(categoriesFile.categories.flatMap((c) => c.services));
  for (const s of services)
    if (!categorized.has(s.id)) problems.push(`services.yaml: entry id=${s.id}: the service is in no category`);
  return problems;
}

/** Validates the raw catalog files and builds the catalog, or throws a CatalogError listing every problem. */
export function parseCatalog(raw: RawCatalog): Catalog {
  const problems: string[] = [];
  const { serviceSchema, officerSchema, categoriesFileSchema, referralSchema, situationSchema, lexiconSchema } =
    catalogSchemas();
  const services = parseFile(z.array(serviceSchema).min(1), "services.yaml", raw["services.yaml"], problems);
  const officers = parseFile(z.array(officerSchema).min(1), "officers.yaml", raw["officers.yaml"], problems);
  const categoriesFile = parseFile(categoriesFileSchema, "categories.yaml", raw["categories.yaml"], problems);
  const referrals = parseFile(z.array(referralSchema), "referrals.yaml", raw["referrals.yaml"] ?? [], problems);
  const situations = parseFile(z.array(situationSchema), "situations.yaml", raw["situations.yaml"] ?? [], problems);
  const lexicon = parseFile(lexiconSchema, "lexicon.yaml", raw["lexicon.yaml"] ?? EMPTY_LEXICON, problems);
  if (!services || !officers || !categoriesFile || !referrals || !situations || !lexicon)
    throw new CatalogError(problems);
  problems.push(...crossCheck(services, officers, categoriesFile));
  const serviceIds = new Set(services.map((s) => s.id));
  for (const id of duplicates(referrals.map((r) => r.id)))
    problems.push(`referrals.yaml: entry id=${id}: duplicate id`);
  for (const id of duplicates(situations.map((s) => s.id)))
    problems.push(`situations.yaml: entry id=${id}: duplicate id`);
  for (const r of referrals)
    for (const id of r.services ?? [])
      if (!serviceIds.has(id))
        problems.push(`referrals.yaml: entry id=${r.id}, field "services": unknown service ${id}`);
  for (const s of situations)
    if (!serviceIds.has(s.id)) problems.push(`situations.yaml: entry id=${s.id}, field "id": unknown service ${s.id}`);
  for (const group of lexicon.subjects)
    for (const id of group.services)
      if (!serviceIds.has(id)) problems.push(`lexicon.yaml: subjects "${group.note}": unknown service ${id}`);
  if (problems.length > 0) throw new CatalogError(problems);
  const sorted = [...services].sort((a, b) => a.id - b.id);
  return {
    services: sorted,
    officers,
    categories: categoriesFile.categories,
    popular: categoriesFile.popular,
    referrals,
    situations: new Map(situations.map((s) => [s.id, s])),
    lexicon,
    serviceById: new Map(sorted.map((s) => [s.id, s])),
    officerById: new Map(officers.map((o) => [o.id, o])),
    categoryById: new Map(categoriesFile.categories.map((c) => [c.id, c])),
  };
}

/** The processing time that applies to one channel (or the only one the service has). */
export function timeForChannel(service: Service, channel: Channel): ProcessingTime {
  return service.time.find((t) => !t.channels || t.channels.includes(channel)) ?? service.time[0]!;
}

/** The services an officer is responsible for, by table order. */
export function servicesOfOfficer(catalog: Catalog, officerId: string): Service[] {
  return catalog.services.filter((s) => s.officer === officerId);
}

/** Whether a source cell of this service was damaged or odd (see the flags in services.yaml). */
export function hasFlag(service: Service, field: SourceFlag["field"], kind?: string): boolean {
  return service.flags.some((f) => f.field === field && (kind === undefined || f.kind === kind));
}
