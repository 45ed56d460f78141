/**
 * What to bring and what you get, per service (catalog/details.yaml): eligibility, documents per
 * channel, cost, result, steps, grounds for refusal and legal basis, each with its public sources.
 *
 * Pure: validates the parsed YAML against the catalog. The department's table says none of this, so
 * the schema makes a source part of every filled field, and a field no source confirmed is recorded
 * as unconfirmed with what was searched, never left silently empty.
 */
import { z } from "zod";
import { CHANNELS, CatalogError, LOCALES, parseFile, type Catalog, type Channel, type Locale } from "./catalog.js";

export const DETAIL_FIELDS = ["eligibility", "documents", "cost", "result", "steps", "refusal", "legalBasis"] as const;
export type DetailField = (typeof DETAIL_FIELDS)[number];
/** Every service must say these, or say that no source confirmed them. */
export const REQUIRED_DETAIL_FIELDS = ["documents", "result", "legalBasis"] as const satisfies readonly DetailField[];

/**
 * details.yaml's schemas, built for each parse and garbage after it: start-up parses the file once, and zod schemas
 * are heavy (see catalogSchemas in catalog.ts).
 */
function detailsSchemas() {
  const ID = /^[a-z][a-z0-9_]*$/;
  const isoDate = z.iso.date();
  const sourceIds = z.array(z.string().regex(ID, "a source id")).min(1, "every filled field names at least one source");
  const nonEmpty = z.string().trim().min(1);

  const sourceSchema = z.strictObject({
    id: z.string().regex(ID, "lowercase latin id"),
    url: z.url({ protocol: /^https?$/ }),
    title: nonEmpty,
    /** The day the source was read; drives the staleness warning. */
    read: isoDate,
    /** The page's own "last update", when it shows one. */
    updated: isoDate.optional(),
    /** The language of the text that was read: other locales show our translation of it. */
    lang: z.enum(LOCALES),
    kind: z.enum(["official", "secondary"]),
    note: z.string().optional(),
  });

  /** Marks shared by every filled field. */
  const provenance = {
    sources: sourceIds,
    /** The source's list was cut short in what could be read, or it is not the current rules. */
    partial: z.boolean().optional(),
    /** For the people who keep the data, not for citizens. */
    note: z.string().optional(),
  };

  const textField = z.strictObject({
    text: z.strictObject({ kk: nonEmpty, ru: nonEmpty, en: nonEmpty }),
    ...provenance,
  });

  const items = z
    .strictObject({ kk: z.array(nonEmpty).min(1), ru: z.array(nonEmpty).min(1), en: z.array(nonEmpty).min(1) })
    .refine(
      (i) => i.kk.length === i.ru.length && i.ru.length === i.en.length,
      "kk, ru and en list the same number of items",
    );

  const listField = z.strictObject({ items, ...provenance });

  const documentsEntry = z.strictObject({ channels: z.array(z.enum(CHANNELS)).min(1), items, ...provenance });

  const unconfirmedEntry = z.strictObject({ field: z.enum(DETAIL_FIELDS), searched: nonEmpty });

  const detailsEntry = z.strictObject({
    id: z.number().int().positive(),
    eligibility: textField.optional(),
    documents: z.array(documentsEntry).min(1).optional(),
    cost: textField.optional(),
    result: textField.optional(),
    steps: listField.optional(),
    refusal: listField.optional(),
    legalBasis: textField.optional(),
    unconfirmed: z.array(unconfirmedEntry).default([]),
  });

  const detailsFileSchema = z.strictObject({
    sources: z.array(sourceSchema).min(1),
    services: z.array(detailsEntry),
  });
  return { sourceSchema, textField, listField, documentsEntry, detailsEntry, detailsFileSchema };
}
type DetailsSchemas = ReturnType<typeof detailsSchemas>;

export type DetailSource = z.infer<DetailsSchemas["sourceSchema"]>;
export type DetailText = z.infer<DetailsSchemas["textField"]>;
export type DetailList = z.infer<DetailsSchemas["listField"]>;
export type DocumentsEntry = z.infer<DetailsSchemas["documentsEntry"]>;
export type ServiceDetails = z.infer<DetailsSchemas["detailsEntry"]>;

export interface CatalogDetails {
  byService: ReadonlyMap<number, ServiceDetails>;
  sourceById: ReadonlyMap<string, DetailSource>;
}

/** The filled fields of one service's details, with their sources (documents flattened to one entry each). */
export function filledFields(details: ServiceDetails): { field: DetailField; sources: readonly string[] }[] {
  const out: { field: DetailField; sources: readonly string[] }[] = [];
  for (const field of DETAIL_FIELDS) {
    if (field === "documents") for (const entry of details.documents ?? []) out.push({ field, sources: entry.sources });
    else if (details[field]) out.push({ field, sources: details[field].sources });
  }
  return out;
}

/**
 * Validates details.yaml against the catalog; problems go to `problems` with the file, entry and field,
 * in the same words as the other catalog files.
 */
export function parseDetails(
  raw: unknown,
  catalog: Pick<Catalog, "serviceById">,
  problems: string[],
): CatalogDetails | undefined {
  const file = parseFile(detailsSchemas().detailsFileSchema, "details.yaml", raw, problems);
  if (!file) return undefined;
  const before = problems.length;
  const sourceById = new Map<string, DetailSource>();
  for (const source of file.sources) {
    if (sourceById.has(source.id)) problems.push(`details.yaml: source id=${source.id}: duplicate id`);
    sourceById.set(source.id, source);
  }
  const byService = new Map<number, ServiceDetails>();
  for (const details of file.services) {
    const where = `details.yaml: entry id=${details.id}`;
    const service = catalog.serviceById.get(details.id);
    if (!service) problems.push(`${where}: unknown service`);
    if (byService.has(details.id)) problems.push(`${where}: duplicate id`);
    byService.set(details.id, details);
    for (const { field, sources } of filledFields(details))
      for (const id of sources)
        if (!sourceById.has(id)) problems.push(`${where}, field "${field}": unknown source "${id}"`);
    const unconfirmed = new Set(details.unconfirmed.map((u) => u.field));
    for (const field of unconfirmed)
      if (filledFields(details).some((f) => f.field === field))
        problems.push(`${where}, field "${field}": both filled and listed as unconfirmed`);
    for (const field of REQUIRED_DETAIL_FIELDS)
      if (!unconfirmed.has(field) && !filledFields(details).some((f) => f.field === field))
        problems.push(
          `${where}, field "${field}": missing; fill it with a source or list it under "unconfirmed" with what was searched`,
        );
    if (service)
      for (const entry of details.documents ?? [])
        for (const channel of entry.channels)
          if (!service.channels.includes(channel))
            problems.push(`${where}, field "documents": channel "${channel}" is not offered by the service`);
  }
  for (const service of catalog.serviceById.values())
    if (!byService.has(service.id))
      problems.push(`details.yaml: service ${service.id} has no entry (add one, even if only "unconfirmed")`);
  return problems.length === before ? { byService, sourceById } : undefined;
}

/** The catalog with its details attached, or a CatalogError listing every problem of details.yaml. */
export function withDetails(catalog: Catalog, raw: unknown): Catalog {
  const problems: string[] = [];
  const details = parseDetails(raw, catalog, problems);
  if (!details) throw new CatalogError(problems);
  return { ...catalog, details };
}

/** The document lists that apply to one channel, in file order. */
export function documentsForChannel(details: ServiceDetails | undefined, channel: Channel): DocumentsEntry[] {
  return (details?.documents ?? []).filter((entry) => entry.channels.includes(channel));
}

/**
 * The words citizens search for that only the details carry: document names and results
 * ("справка 063", "свидетельство о рождении"). Empty for a service without details.
 */
export function detailsSearchText(catalog: Pick<Catalog, "details">, serviceId: number, locale: Locale): string {
  const details = catalog.details?.byService.get(serviceId);
  if (!details) return "";
  const text = [
    ...(details.documents ?? []).flatMap((entry) => entry.items[locale]),
    details.result?.text[locale] ?? "",
  ].join(" ");
  return text
    .split(/\s+/)
    .filter((word) => !GENERIC_DOCUMENT_WORDS.test(word))
    .join(" ");
}

/**
 * Words every document list has ("documents", "copy", "electronic"…): indexed, they would pull a query
 * like "мектепке құжат тапсыру" towards whichever service lists the most paperwork.
 */
const GENERIC_DOCUMENT_WORDS =
  /^[«(]?(документ|құжат|копи|көшірме|электрон|сведени|мәлімет|document|cop(y|ies)|electronic|e-cop)/i;

/** A source read longer ago than this is due to be read again: warned at start-up and shown in /sources. */
export const SOURCE_MAX_AGE_MONTHS = 12;

export interface StaleSource {
  source: DetailSource;
  services: number[];
}

/** Sources read more than `maxAgeMonths` ago, with the services that cite them: time to read them again. */
export function staleSources(details: CatalogDetails, now: Date, maxAgeMonths = SOURCE_MAX_AGE_MONTHS): StaleSource[] {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - maxAgeMonths);
  const cutoffDay = cutoff.toISOString().slice(0, 10);
  const stale: StaleSource[] = [];
  for (const source of details.sourceById.values()) {
    if (source.read >= cutoffDay) continue;
    const services = [...details.byService.values()]
      .filter((d) => filledFields(d).some((f) => f.sources.includes(source.id)))
      .map((d) => d.id);
    stale.push({ source, services });
  }
  return stale;
}
