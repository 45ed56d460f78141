/**
 * The use cases (src/app) on in-memory stores with a recording Notifier: no Bot API, no Redis. The
 * catalog and calendar are the shipped ones, read from catalog/.
 */
import { createApp, type App, type AppDeps, type Delivery, type Notice, type Notifier } from "../../src/app/index.js";
import { loadCalendar, loadCatalog, loadDeskSettings } from "../../src/catalog-files.js";
import type { Locale } from "../../src/domain/catalog.js";
import { isReminderKind } from "../../src/store/reminders.js";
import { createMemoryStores } from "../../src/store/stores.js";

/** One notice as the application handed it to the notifier. */
export interface SentNotice {
  chatId: number;
  locale: Locale;
  notice: Notice;
}

/** A Notifier that records every notice and answers with `outcomes[chatId]` (default "ok"). */
export class RecordingNotifier implements Notifier {
  readonly sent: SentNotice[] = [];
  readonly outcomes = new Map<number, Delivery>();

  async send(chatId: number, locale: Locale, notice: Notice): Promise<Delivery> {
    this.sent.push({ chatId, locale, notice });
    return this.outcomes.get(chatId) ?? { outcome: "ok" };
  }

  /** The notices of one kind, narrowed. */
  of<K extends Notice["kind"]>(kind: K): (SentNotice & { notice: Extract<Notice, { kind: K }> })[] {
    return this.sent.filter((s) => s.notice.kind === kind) as never;
  }
}

/** Log lines kept as [level, message, details]. */
export class RecordingLog {
  readonly lines: [level: string, message: string, details: object][] = [];
  info = (details: object, message: string) => void this.lines.push(["info", message, details]);
  warn = (details: object, message: string) => void this.lines.push(["warn", message, details]);
  error = (details: object, message: string) => void this.lines.push(["error", message, details]);
}

let shared: Pick<AppDeps, "catalog" | "calendar" | "desk"> | undefined;

/** Fresh stores, notifier and log; a clock the test moves with `at`. */
export function appScene(options: { now: Date; adminIds?: number[] }) {
  if (!shared) {
    const catalog = loadCatalog();
    shared = { catalog, calendar: loadCalendar(), desk: loadDeskSettings(catalog) };
  }
  let now = options.now.getTime();
  let counter = 0;
  const notifier = new RecordingNotifier();
  const log = new RecordingLog();
  const deps: AppDeps = {
    ...shared,
    config: { adminIds: options.adminIds ?? [], defaultLocale: "ru", idleCloseDays: 180 },
    stores: createMemoryStores(),
    // Deterministic bytes: ids and references differ from one call to the next.
    random: (n) => Uint8Array.from({ length: n }, (_, i) => (counter++ * 31 + i * 7) % 256),
    clock: { now: () => now },
    notifier,
    log,
  };
  return { deps, app: createApp(deps), notifier, log, at: (date: Date) => void (now = date.getTime()) };
}

/**
 * The worker's part: every notification job due within `aheadMs`, delivered per chat and acknowledged;
 * returns the jobs. Reminders are left in the queue.
 */
export async function drainNotices(deps: AppDeps, deliver: App, aheadMs = 61_000) {
  const jobs = (await deps.stores.reminders.claimDue(deps.clock.now() + aheadMs, 1000, 30_000, "test")).filter(
    (job) => !isReminderKind(job.kind),
  );
  for (const chatId of new Set(jobs.map((job) => job.chatId))) {
    const mine = jobs.filter((job) => job.chatId === chatId);
    const outcome = await deliver.deliverNotifications({ chatId, reminders: mine });
    if (outcome !== "ok") throw new Error(`delivering to ${chatId}: ${String(outcome)}`);
    for (const job of mine) await deps.stores.reminders.ack(job.id, "test");
  }
  return jobs;
}
