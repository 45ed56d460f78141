/**
 * The desk's settings (catalog/desk.yaml): the department's response promise, by default and per service.
 * Pure: validates already-parsed YAML against the catalog.
 */
import { z } from "zod";
import { CatalogError, parseFile, TIME_UNITS, type Catalog, type ProcessingTime } from "./catalog.js";

const FILE = "desk.yaml";

const responseTime = z.strictObject({
  value: z.number().int().positive(),
  unit: z.enum(TIME_UNITS).exclude(["calendar_days"]),
});

const deskSchema = z.strictObject({
  response: z.strictObject({
    default: responseTime,
    services: z.record(z.string().regex(/^[1-9]\d*$/, "a service id"), responseTime).default({}),
  }),
});

export interface DeskSettings {
  /** How soon the department contacts the citizen about this service. */
  responseTime(serviceId: number): ProcessingTime;
}

/** Validates desk.yaml; every per-service entry must name a service of the catalog. Throws CatalogError. */
export function parseDeskSettings(raw: unknown, catalog: Catalog): DeskSettings {
  const problems: string[] = [];
  const data = parseFile(deskSchema, FILE, raw, problems);
  if (!data) throw new CatalogError(problems);
  for (const id of Object.keys(data.response.services))
    if (!catalog.serviceById.has(Number(id)))
      problems.push(`${FILE}: field "response", field "services": unknown service ${id}`);
  if (problems.length > 0) throw new CatalogError(problems);
  const byService = new Map(Object.entries(data.response.services).map(([id, time]) => [Number(id), time]));
  return { responseTime: (serviceId) => byService.get(serviceId) ?? data.response.default };
}

// ---------------------------------------------------------------------------------------------------------
// Cover: a substitute stands in for an officer over a range of local days

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const coverSchema = z.strictObject({
  officerId: z.string().min(1),
  substituteId: z.string().min(1),
  /** First and last local day ("YYYY-MM-DD"), both included. */
  from: z.string().regex(DAY),
  to: z.string().regex(DAY),
  setBy: z.number().int(),
  setAt: z.number().int(),
});
export type Cover = z.infer<typeof coverSchema>;

/** Whether the cover is in force on a local day. */
export function coversDay(cover: Pick<Cover, "from" | "to">, day: string): boolean {
  return cover.from <= day && day <= cover.to;
}

/** Who handles an officer's requests on a local day: their substitute during a cover, else themselves. */
export function handlerOn(covers: readonly Cover[], officerId: string, day: string): string {
  return covers.find((c) => c.officerId === officerId && coversDay(c, day))?.substituteId ?? officerId;
}

/** The officers a user of `officerId` acts for on a local day: themselves, then whoever they cover. */
export function actsForOn(covers: readonly Cover[], officerId: string, day: string): string[] {
  return [
    officerId,
    ...covers.filter((c) => c.substituteId === officerId && coversDay(c, day)).map((c) => c.officerId),
  ];
}

export type CoverProblem = "same_officer" | "unknown_officer" | "bad_range" | "in_the_past" | "chained";

/** Checks a new cover against the catalog and the covers already set (no chains: a substitute is not covered). */
export function checkCover(
  catalog: Pick<Catalog, "officerById">,
  existing: readonly Cover[],
  cover: Pick<Cover, "officerId" | "substituteId" | "from" | "to">,
  today: string,
): CoverProblem | undefined {
  if (!catalog.officerById.has(cover.officerId) || !catalog.officerById.has(cover.substituteId))
    return "unknown_officer";
  if (cover.officerId === cover.substituteId) return "same_officer";
  if (!DAY.test(cover.from) || !DAY.test(cover.to) || cover.from > cover.to) return "bad_range";
  if (cover.to < today) return "in_the_past";
  const others = existing.filter((c) => c.officerId !== cover.officerId);
  if (others.some((c) => c.officerId === cover.substituteId || c.substituteId === cover.officerId)) return "chained";
  return undefined;
}
