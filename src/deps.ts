/** Builds the bot's dependencies the same way for production, the terminal chat, tests and benchmarks. */
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { BotDeps } from "./bot/context.js";
import { createI18n } from "./bot/i18n.js";
import { loadCalendar, loadCatalog, loadDepartment, loadDeskSettings, loadGuide } from "./catalog-files.js";
import type { Config } from "./config.js";
import { systemClock } from "./domain/clock.js";
import type { Stores } from "./store/stores.js";

/** How long closed pre-applications are kept, from RETENTION_DAYS: the one place it is computed. */
export function retentionMs(config: Pick<Config, "retentionDays">): number {
  return config.retentionDays * 86_400_000;
}

/**
 * The catalog, guide and calendar from catalog/, the system clock, crypto randomness and the
 * translations, unless overridden.
 */
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
    desk: overrides.desk ?? loadDeskSettings(catalog),
    stores,
    clock: overrides.clock ?? systemClock,
    logger,
    random: overrides.random ?? ((n) => randomBytes(n)),
    i18n: overrides.i18n ?? createI18n(config.defaultLocale),
  };
}
