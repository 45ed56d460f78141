/** Reads the catalog's YAML files from disk and hands them to the pure parser in src/domain. */
import { readFileSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { CatalogError, parseCatalog, type Catalog, type RawCatalog } from "./domain/catalog.js";
import { withDetails } from "./domain/details.js";
import { createWorkCalendar, parseCalendar, type WorkCalendar } from "./domain/calendar.js";
import { parseGuide, type Guide } from "./domain/guide.js";
import { parseDeskSettings, type DeskSettings } from "./domain/desk.js";
import { parseDepartment, type Department } from "./domain/department.js";

export const DEFAULT_CATALOG_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "catalog");

/** Parses one YAML file, turning a syntax error into a CatalogError that names the file and line. */
export function readYaml(dir: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(join(dir, file), "utf8");
  } catch (error) {
    throw new CatalogError([`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`]);
  }
  try {
    return parse(text);
  } catch (error) {
    throw new CatalogError([`${file}: not valid YAML: ${(error as Error).message.split("\n")[0]}`]);
  }
}

/** Loads and validates the catalog directory, details.yaml included; throws CatalogError with every problem found. */
export function loadCatalog(dir: string = DEFAULT_CATALOG_DIR): Catalog {
  const raw: RawCatalog = {
    "services.yaml": readYaml(dir, "services.yaml"),
    "officers.yaml": readYaml(dir, "officers.yaml"),
    "categories.yaml": readYaml(dir, "categories.yaml"),
    "referrals.yaml": readYaml(dir, "referrals.yaml"),
    "situations.yaml": readYaml(dir, "situations.yaml"),
    "lexicon.yaml": readYaml(dir, "lexicon.yaml"),
  };
  return withDetails(parseCatalog(raw), readYaml(dir, "details.yaml"));
}

/** Loads and validates the working-day calendar (calendar.yaml); throws CatalogError. */
export function loadCalendar(dir: string = DEFAULT_CATALOG_DIR): WorkCalendar {
  return createWorkCalendar(parseCalendar(readYaml(dir, "calendar.yaml")));
}

/** Loads and validates the guided-questions tree (guide.yaml) against the catalog; throws CatalogError. */
export function loadGuide(catalog: Catalog, dir: string = DEFAULT_CATALOG_DIR): Guide {
  return parseGuide(readYaml(dir, "guide.yaml"), catalog);
}

/** Loads and validates the desk's settings (desk.yaml) against the catalog; throws CatalogError. */
export function loadDeskSettings(catalog: Catalog, dir: string = DEFAULT_CATALOG_DIR): DeskSettings {
  return parseDeskSettings(readYaml(dir, "desk.yaml"), catalog);
}

/** Loads and validates the department's own facts (department.yaml); throws CatalogError. */
export function loadDepartment(dir: string = DEFAULT_CATALOG_DIR): Department {
  return parseDepartment(readYaml(dir, "department.yaml"));
}
