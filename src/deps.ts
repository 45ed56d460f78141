/** Builds the bot's dependencies the same way for production, the terminal chat, tests and benchmarks. */
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { BotDeps } from "./bot/context.js";
import { loadCalendar, loadCatalog, loadDepartment, loadGuide } from "./catalog-files.js";
import type { Config } from "./config.js";
import type { Stores } from "./store/stores.js";

/** The catalog, guide and calendar from catalog/, the system clock and crypto randomness, unless overridden. */
export function createDeps(config: Config, stores: Stores, logger: Logger, overrides: Partial<BotDeps> = {}): BotDeps {
  const catalog = overrides.catalog ?? loadCatalog();
  const department = overrides.department ?? loadDepartment();
  return {
    // The environment's PHONE_AREA_CODE overrides the catalog's for a deployment; either one makes
    // every phone a +7 number, so the views read the one merged value.
    config: { ...config, phoneAreaCode: config.phoneAreaCode ?? department.areaCode },
    department,
    catalog,
    guide: overrides.guide ?? loadGuide(catalog),
    calendar: overrides.calendar ?? loadCalendar(),
    stores,
    clock: overrides.clock ?? (() => new Date()),
    logger,
    random: overrides.random ?? ((n) => randomBytes(n)),
  };
}
