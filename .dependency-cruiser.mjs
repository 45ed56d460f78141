/**
 * The dependency rule (docs/ARCHITECTURE.md), checked by `npm run lint`:
 *   domain  → nothing of ours
 *   store   → domain
 *   app     → domain, and store types only (interfaces, never a Redis implementation)
 *   reminders (the worker) → domain, store types
 *   bot, server, chat, telegram, main.ts → anything below; nothing below imports them
 * and no cycles anywhere.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "A cycle ties modules together so that neither can be understood, tested or moved alone.",
      from: { path: "^src" },
      // A cycle through an `import type` alone vanishes at run time (e.g. Catalog carrying its details'
      // type while details.ts reads the catalog's constants); runtime cycles are what this rule forbids.
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "domain-imports-nothing-of-ours",
      severity: "error",
      comment: "The domain is pure rules: no store, no app, no Telegram, no config.",
      from: { path: "^src/domain/" },
      to: { path: "^src/", pathNot: "^src/domain/" },
    },
    {
      name: "store-imports-only-domain",
      severity: "error",
      comment: "Stores persist domain objects; they know nothing of the bot, the app or the config.",
      from: { path: "^src/store/" },
      to: { path: "^src/", pathNot: "^src/(domain|store)/" },
    },
    {
      name: "app-imports-domain-and-store-interfaces",
      severity: "error",
      comment:
        "Use cases run on the domain and the store interfaces; Telegram, Redis and config are wired in from above.",
      from: { path: "^src/app/" },
      to: { path: "^src/", pathNot: "^src/(domain|app|store)/" },
    },
    {
      name: "app-uses-store-types-only",
      severity: "error",
      comment: "The app sees stores through their interfaces, so its tests run on the in-memory twins.",
      from: { path: "^src/(app|reminders)/" },
      to: { path: "^src/store/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "reminders-worker-below-the-bot",
      severity: "error",
      from: { path: "^src/reminders/" },
      to: { path: "^src/", pathNot: "^src/(domain|store|reminders)/" },
    },
    {
      name: "prom-client-only-where-metrics-are-served",
      severity: "error",
      comment:
        "prom-client is loaded only when /metrics is served (src/metrics.ts says why): only metrics-registry.ts imports it, and only main.ts imports that, lazily.",
      from: { path: "^src/", pathNot: "^src/metrics-registry\\.ts$" },
      to: { path: "prom-client", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "metrics-registry-loaded-only-by-main",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/main\\.ts$" },
      to: { path: "^src/metrics-registry\\.ts$" },
    },
    {
      name: "nothing-imports-the-top",
      severity: "error",
      comment: "main.ts and chat.ts only wire; the webhook server is not a dependency of the bot.",
      from: { path: "^src/", pathNot: "^src/main\\.ts$" },
      to: { path: "^src/(main|chat)\\.ts$|^src/server/" },
    },
    {
      name: "lower-layers-do-not-import-the-bot",
      severity: "error",
      from: { path: "^src/(domain|store|app|reminders|telegram)/" },
      to: { path: "^src/bot/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
      extensions: [".ts", ".js"],
    },
    moduleSystems: ["es6"],
  },
};
