/** The CSV export of pre-applications: one row each, personal data only when the reader may see it. */
import type { Catalog } from "../../domain/catalog.js";
import type { PreApplication } from "../../domain/preapplication.js";

/** Quotes a CSV cell, and defuses cells a spreadsheet would run as a formula (=, +, -, @). */
export function csvCell(value: string | number | undefined): string {
  let text = value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const iso = (at: number | undefined, timeZone: string) =>
  at === undefined
    ? ""
    : new Intl.DateTimeFormat("sv-SE", { timeZone, dateStyle: "short", timeStyle: "short" }).format(new Date(at));

/** CSV text (UTF-8 with BOM, so spreadsheet programs read Cyrillic right). */
export function preApplicationsCsv(apps: readonly PreApplication[], catalog: Catalog, timeZone: string, withPersonalData: boolean): string {
  const header = ["ref", "service_id", "service", "officer", "status", "channel", "created", "deadline", "closed", "reject_reason"];
  if (withPersonalData) header.push("applicant_name", "phone", "comment");
  const rows = apps.map((app) => {
    const row: (string | number | undefined)[] = [
      app.ref,
      app.serviceId,
      catalog.serviceById.get(app.serviceId)?.name.ru,
      catalog.officerById.get(app.officerId)?.name,
      app.status,
      app.channel,
      iso(app.createdAt, timeZone),
      iso(app.deadlineAt, timeZone),
      iso(app.closedAt, timeZone),
      app.rejectReason,
    ];
    if (withPersonalData) row.push(app.applicantName, app.phone, app.comment);
    return row.map(csvCell).join(",");
  });
  return `\uFEFF${[header.join(","), ...rows].join("\r\n")}\r\n`;
}
