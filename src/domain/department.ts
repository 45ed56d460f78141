/**
 * The department itself: its town, telephone area code, address and office hours (catalog/department.yaml).
 * The seed table names none of them, so the shipped file leaves them empty and start-up warns; a
 * deployment fills them in (PHONE_AREA_CODE in the environment overrides the area code).
 */
import { z } from "zod";
import { CatalogError, LOCALES, parseFile } from "./catalog.js";

/** A text per language, or nothing at all: half-translated facts would show a blank to some users. */
const optionalLocalized = z
  .strictObject({ kk: z.string().trim(), ru: z.string().trim(), en: z.string().trim() })
  .nullish()
  .transform((value) => (value && LOCALES.every((l) => value[l] !== "") ? value : undefined));

const departmentSchema = z.strictObject({
  town: optionalLocalized,
  /** The town's 4-digit area code without the 8 or +7, e.g. 7187; empty when unknown. */
  areaCode: z
    .string()
    .trim()
    .regex(/^(7\d{3})?$/, "the town's 4-digit telephone area code, starting with 7, e.g. 7187 (or empty)")
    .nullish()
    .transform((value) => value || undefined),
  address: optionalLocalized,
  hours: optionalLocalized,
});

export type Department = z.infer<typeof departmentSchema>;

/** Validates department.yaml; throws a CatalogError naming each bad field. */
export function parseDepartment(raw: unknown): Department {
  const problems: string[] = [];
  const department = parseFile(departmentSchema, "department.yaml", raw ?? {}, problems);
  if (!department) throw new CatalogError(problems);
  return department;
}

/** The fields a deployment still has to fill in, for the start-up warning. */
export function missingDepartmentFields(department: Department, areaCodeFromEnv?: string): string[] {
  const missing: string[] = [];
  if (!department.town) missing.push("town");
  if (!department.areaCode && !areaCodeFromEnv) missing.push("areaCode (or PHONE_AREA_CODE)");
  if (!department.address) missing.push("address");
  if (!department.hours) missing.push("hours");
  return missing;
}
