/**
 * The catalog says what the department's table says. Each row of catalog/services.yaml is checked
 * against the seed table (catalog/source/seed-table.txt): the verbatim source cells must be in the
 * row, and the structured fields must decode from them; every difference must be a recorded flag.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CATALOG_DIR, loadCatalog } from "../../src/catalog-files.js";
import { hasFlag, type Channel, type ProcessingTime, type Service } from "../../src/domain/catalog.js";

const catalog = loadCatalog();
const seed = readFileSync(join(DEFAULT_CATALOG_DIR, "source", "seed-table.txt"), "utf8");
const reference = readFileSync(join(DEFAULT_CATALOG_DIR, "source", "services-reference.md"), "utf8");
const fold = (text: string) => text.replace(/\s+/g, " ").trim();

/** Splits the seed into row blocks: a row starts on a line "N text" where N is the next row number. */
function seedRows(): Map<number, string> {
  const rows = new Map<number, string>();
  let current = 0;
  let lines: string[] = [];
  for (const line of seed.split("\n")) {
    const start = /^\s*(\d{1,2}) (\S.*)$/.exec(line);
    if (start && Number(start[1]) === current + 1) {
      if (current) rows.set(current, fold(lines.join(" ")));
      current += 1;
      lines = [start[2]!];
    } else if (current) {
      lines.push(line);
    }
  }
  rows.set(current, fold(lines.join(" ")));
  return rows;
}

/** The channel cell decoded with the abbreviations of the reference (typos and line breaks folded). */
function decodeChannels(cell: string): Channel[] {
  const names: Record<string, Channel> = { портал: "portal", хқко: "con", хкко: "con", мо: "office" };
  return cell
    .replace(/\s+/g, "")
    .toLowerCase()
    .split("/")
    .map((token) => {
      const channel = names[token];
      if (!channel) throw new Error(`unknown channel "${token}" in "${cell}"`);
      return channel;
    });
}

/** The time cell decoded: one time, or one per channel for the garbled "сағ / з" cells. */
function decodeTime(cell: string): ProcessingTime[] {
  let m = /^(\d+) мин$/.exec(cell);
  if (m) return [{ value: Number(m[1]), unit: "minutes" }];
  m = /^(\d+) (ж\.к\.?|раб день|жумыс күн|жұмыс күні)$/.exec(cell);
  if (m) return [{ value: Number(m[1]), unit: "working_days" }];
  m = /^До (\d+) күнтіз\., (\d+) күнге$/.exec(cell);
  if (m) return [{ value: Number(m[1]), unit: "calendar_days", upTo: true }];
  const con = /^(\d+) жұмыс күні сағ ?\/ ?з ХҚКО/.exec(cell);
  const portal = /(?:ЭҮП|П) (\d+) жұмыс/.exec(cell);
  const office = /МО (\d+) мин$/.exec(cell);
  if (con && portal && office) {
    return [
      { channels: ["con"], value: Number(con[1]), unit: "working_days" },
      { channels: ["portal"], value: Number(portal[1]), unit: "working_days" },
      { channels: ["office"], value: Number(office[1]), unit: "minutes" },
    ];
  }
  throw new Error(`undecodable time cell "${cell}"`);
}

const rows = seedRows();
const digits = (text: string) => text.replace(/\D/g, "");

describe("the catalog against the seed table", () => {
  it("finds exactly the 24 rows of the table", () => {
    expect([...rows.keys()]).toEqual(catalog.services.map((s) => s.id));
  });

  describe.each(catalog.services.map((s): [number, Service] => [s.id, s]))("row %i", (id, service) => {
    const row = rows.get(id)!;

    it("has the Kazakh name of the table", () => {
      expect(
        row.startsWith(service.name.kk) || row.startsWith(`${service.name.kk}.`) || row.includes(service.name.kk),
      ).toBe(true);
      expect(row.indexOf(service.name.kk)).toBe(0);
    });

    it("records the source cells verbatim, in the table's order", () => {
      const { channels, time, officer, phone } = service.source;
      const tail = fold(`${channels} ${time} ${officer} ${phone}`);
      expect(row.endsWith(tail) || row.endsWith(`${tail} `), `row ${id}: "${row}"`).toBe(true);
    });

    it("flags any text that leaked into the name cell", () => {
      const tail = fold(
        `${service.source.channels} ${service.source.time} ${service.source.officer} ${service.source.phone}`,
      );
      const nameCell = row
        .slice(0, row.length - tail.length)
        .trim()
        .replace(/\.$/, "");
      expect(nameCell === service.name.kk || hasFlag(service, "name"), `name cell "${nameCell}"`).toBe(true);
      if (hasFlag(service, "name")) expect(nameCell).not.toBe(service.name.kk);
    });

    it("decodes channels and processing time from the source cells", () => {
      expect(service.channels).toEqual(decodeChannels(service.source.channels));
      expect(service.time).toEqual(decodeTime(service.source.time));
      const typo = /ХККО|порта л/.test(service.source.channels);
      expect(hasFlag(service, "channels", "typo")).toBe(typo);
      expect(hasFlag(service, "time", "time_cell_garbled")).toBe(service.time.length > 1);
    });

    it("names the officer and phone of the table; a damaged phone is flagged, never silently fixed", () => {
      const officer = catalog.officerById.get(service.officer)!;
      const printedName = service.source.officer;
      expect(
        officer.name === printedName || (hasFlag(service, "officer") && officer.name.startsWith(printedName)),
      ).toBe(true);
      if (digits(service.source.phone).length === 6) {
        expect(digits(officer.phone)).toBe(digits(service.source.phone));
        expect(hasFlag(service, "phone", "phone_truncated")).toBe(false);
      } else {
        expect(hasFlag(service, "phone", "phone_truncated")).toBe(true);
        expect(digits(officer.phone).startsWith(digits(service.source.phone).slice(0, 4))).toBe(true);
        expect(officer.phoneSource).toBeTruthy();
      }
    });

    it("has the Russian name and status of the reference", () => {
      const line = reference.split("\n").find((l) => l.startsWith(`| ${id} |`))!;
      const cells = line.split("|").map((c) => c.trim());
      expect(service.name.ru).toBe(cells[3]);
      const status = { C: "confirmed", P: "partial", U: "unconfirmed" }[cells[5]!];
      expect(service.ruNameStatus).toBe(status);
    });
  });

  it("shares a phone between two officers only where the table does (rows 9 and 12)", () => {
    const byPhone = new Map<string, string[]>();
    for (const o of catalog.officers) byPhone.set(o.phone, [...(byPhone.get(o.phone) ?? []), o.id]);
    const shared = [...byPhone.values()].filter((ids) => ids.length > 1);
    expect(shared).toEqual([["shotpayeva", "zagorodnova"]]);
    expect(hasFlag(catalog.serviceById.get(12)!, "phone", "shared_phone")).toBe(true);
  });
});
