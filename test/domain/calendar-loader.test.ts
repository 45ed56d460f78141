import { describe, expect, it, vi } from "vitest";
import { DEFAULT_CATALOG_DIR, readYaml } from "../../src/catalog-files.js";
import { CatalogError } from "../../src/domain/catalog.js";
import { createWorkCalendar, parseCalendar } from "../../src/domain/calendar.js";

const raw = readYaml(DEFAULT_CATALOG_DIR, "calendar.yaml");

/** The reference's 2026 list (calendar-and-law.md), weekdays only: 21-22 March are a Saturday and a Sunday. */
const REFERENCE_2026 = [
  "2026-01-01",
  "2026-01-02",
  "2026-01-07",
  "2026-03-09",
  "2026-03-23",
  "2026-03-24",
  "2026-03-25",
  "2026-05-01",
  "2026-05-07",
  "2026-05-11",
  "2026-05-27",
  "2026-07-06",
  "2026-08-31",
  "2026-10-26",
  "2026-12-16",
];
/** 2025 by the law's weekend rule plus the reference's transfer (Sun 5 Jan worked, Fri 3 Jan off) and Kurban Ait. */
const EXPECTED_2025 = [
  "2025-01-01",
  "2025-01-02",
  "2025-01-03",
  "2025-01-07",
  "2025-03-10",
  "2025-03-21",
  "2025-03-24",
  "2025-03-25",
  "2025-05-01",
  "2025-05-07",
  "2025-05-09",
  "2025-06-06",
  "2025-07-07",
  "2025-09-01",
  "2025-10-27",
  "2025-12-16",
];
/** 2027 by the weekend rule, with Kurban Ait on Sunday 16 May adding no weekday. */
const EXPECTED_2027 = [
  "2027-01-01",
  "2027-01-04",
  "2027-01-07",
  "2027-03-08",
  "2027-03-22",
  "2027-03-23",
  "2027-03-24",
  "2027-05-03",
  "2027-05-07",
  "2027-05-10",
  "2027-07-06",
  "2027-08-30",
  "2027-10-25",
  "2027-12-16",
];

/** Every local date of a year, built without the code under test. */
function daysOf(year: number): string[] {
  const days: string[] = [];
  for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += 86_400_000)
    days.push(new Date(ms).toISOString().slice(0, 10));
  return days;
}
const isWeekend = (day: string) => [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());

/** The shape of the shipped file, loose enough to break it. */
interface RawYear {
  status: string;
  kurbanAit?: { date: unknown; status: string };
  extraDaysOff?: string[];
  extraWorkingDays?: string[];
  daysOff: string[];
  [key: string]: unknown;
}
interface RawCalendar {
  timeZone: string;
  officeHours: { start: string; end: string; break?: { start: string; end: string } };
  publicHolidays: string[];
  daysOffWithoutTransfer: string[];
  years: Record<string, RawYear>;
  [key: string]: unknown;
}
type Edit = (copy: RawCalendar, year: (y: number) => RawYear) => void;

/** A deep copy of the shipped file's parsed YAML, changed by `edit`. */
function broken(edit: Edit): unknown {
  const copy = structuredClone(raw) as RawCalendar;
  edit(copy, (y) => {
    const entry = copy.years[String(y)];
    if (!entry) throw new Error(`the shipped calendar has no ${y}`);
    return entry;
  });
  return copy;
}

/** The problems parseCalendar reports, or a failure if it accepted the calendar. */
function problemsOf(input: unknown): string[] {
  try {
    parseCalendar(input);
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogError);
    return [...(error as CatalogError).problems];
  }
  throw new Error("the broken calendar was accepted");
}

describe("the shipped calendar.yaml", () => {
  const data = parseCalendar(raw);
  const calendar = createWorkCalendar(data);

  it("loads, in Asia/Almaty with 09:00-18:30 and a 13:00-14:30 break, for 2025-2027", () => {
    expect(data.timeZone).toBe("Asia/Almaty");
    expect(data.officeHours).toEqual({ start: "09:00", end: "18:30", break: { start: "13:00", end: "14:30" } });
    expect(Object.keys(data.years)).toEqual(["2025", "2026", "2027"]);
  });

  it("lists exactly the reference's 2026 days off, and the calendar agrees day by day", () => {
    expect(data.years["2026"]?.daysOff).toEqual(REFERENCE_2026);
    expect(data.years["2026"]?.extraWorkingDays).toEqual([]);
    expect(daysOf(2026).filter((d) => !isWeekend(d) && !calendar.isWorkingDay(d))).toEqual(REFERENCE_2026);
    expect(daysOf(2026).filter((d) => isWeekend(d) && calendar.isWorkingDay(d))).toEqual([]);
  });

  it("honours 2025's transfer: Friday 3 January off, Sunday 5 January worked", () => {
    expect(calendar.isWorkingDay("2025-01-03")).toBe(false);
    expect(calendar.isWorkingDay("2025-01-05")).toBe(true);
    expect(daysOf(2025).filter((d) => !isWeekend(d) && !calendar.isWorkingDay(d))).toEqual(EXPECTED_2025);
    expect(daysOf(2025).filter((d) => isWeekend(d) && calendar.isWorkingDay(d))).toEqual(["2025-01-05"]);
  });

  it("gives 2027 by the rule, provisional, with Kurban Ait's expected date provisional too", () => {
    expect(data.years["2027"]).toMatchObject({
      status: "provisional",
      kurbanAit: { date: "2027-05-16", status: "provisional" },
    });
    expect(daysOf(2027).filter((d) => !isWeekend(d) && !calendar.isWorkingDay(d))).toEqual(EXPECTED_2027);
    expect(daysOf(2027).filter((d) => isWeekend(d) && calendar.isWorkingDay(d))).toEqual([]);
  });

  it("marks 2025 and 2026 official", () => {
    expect(data.years["2025"]?.status).toBe("official");
    expect(data.years["2026"]?.status).toBe("official");
  });
});

describe("a broken calendar.yaml", () => {
  const cases: { what: string; edit: Edit; names: string[] }[] = [
    {
      what: "a malformed date",
      edit: (_, y) => (y(2026).daysOff[0] = "2026-1-01"),
      names: ['field "years", field "2026", field "daysOff", entry #1', "a date like 2026-05-27"],
    },
    {
      what: "a date that does not exist",
      edit: (_, y) => (y(2026).extraDaysOff = ["2026-02-30"]),
      names: ['field "years", field "2026", field "extraDaysOff", entry #1', "no such date"],
    },
    {
      what: "a date read as something else than text",
      edit: (_, y) => (y(2025).kurbanAit = { date: new Date("2025-06-06"), status: "official" }),
      names: ['field "years", field "2025", field "kurbanAit", field "date"'],
    },
    {
      what: "an unknown key in a year",
      edit: (_, y) => (y(2026).holidays = ["2026-01-01"]),
      names: ['field "years", field "2026"', "holidays"],
    },
    {
      what: "an unknown key at the top",
      edit: (c) => (c.workingSaturdays = []),
      names: ["(whole file)", "workingSaturdays"],
    },
    {
      what: "a break outside the office day",
      edit: (c) => (c.officeHours.break = { start: "13:00", end: "19:00" }),
      names: ['field "officeHours", field "break"', "inside the office day"],
    },
    {
      what: "a break that ends before it starts",
      edit: (c) => (c.officeHours.break = { start: "14:30", end: "13:00" }),
      names: ['field "officeHours", field "break"'],
    },
    {
      what: "an office day that ends before it starts",
      edit: (c) => (c.officeHours = { start: "18:30", end: "09:00" }),
      names: ['field "officeHours", field "end"', "end after it starts"],
    },
    {
      what: "a malformed time",
      edit: (c) => (c.officeHours.start = "9:00"),
      names: ['field "officeHours", field "start"', '"09:00"'],
    },
    {
      what: "an unknown time zone",
      edit: (c) => (c.timeZone = "Asia/Almatyy"),
      names: ['field "timeZone"', "time zone"],
    },
    {
      what: "a public holiday that does not exist",
      edit: (c) => c.publicHolidays.push("02-30"),
      names: ['field "publicHolidays", entry #14', "no such day"],
    },
    {
      what: "a public holiday listed twice",
      edit: (c) => c.publicHolidays.push("03-08"),
      names: ['field "publicHolidays"', '"03-08" is listed twice'],
    },
    {
      what: "a day that is both a public holiday and a day off without transfer",
      edit: (c) => c.daysOffWithoutTransfer.push("12-16"),
      names: ['field "daysOffWithoutTransfer"', '"12-16" is also a public holiday'],
    },
    {
      what: "a year key that is not a year",
      edit: (c, y) => (c.years["26"] = y(2026)),
      names: ['field "years", field "26"', "not a four-digit year"],
    },
    {
      what: "an unknown year status",
      edit: (_, y) => (y(2027).status = "draft"),
      names: ['field "years", field "2027", field "status"'],
    },
    {
      what: "a missing Kurban Ait",
      edit: (_, y) => delete y(2026).kurbanAit,
      names: ['field "years", field "2026", field "kurbanAit"'],
    },
    {
      what: "an official year with a provisional Kurban Ait",
      edit: (_, y) => (y(2026).kurbanAit = { date: "2026-05-27", status: "provisional" }),
      names: ['field "years", field "2026", field "kurbanAit", field "status"', "official year"],
    },
    {
      what: "a day of another year in a year's list",
      edit: (_, y) => (y(2025).extraDaysOff = ["2025-01-03", "2026-01-05"]),
      names: ['field "years", field "2025", field "extraDaysOff", entry #2', "2026-01-05 is not in 2025"],
    },
    {
      what: "a day listed twice",
      edit: (_, y) => y(2026).daysOff.push("2026-01-07"),
      names: ['field "years", field "2026", field "daysOff"', "2026-01-07 is listed twice"],
    },
    {
      what: "a rule day off missing from daysOff (Nauryz's second added day)",
      edit: (_, y) => (y(2026).daysOff = y(2026).daysOff.filter((d) => d !== "2026-03-25")),
      names: [
        'field "years", field "2026", field "daysOff"',
        "2026-03-25 is missing",
        "22 March 2026 falls on a Sunday",
      ],
    },
    {
      what: "a day in daysOff that nothing explains",
      edit: (_, y) => y(2026).daysOff.push("2026-03-26"),
      names: ['field "years", field "2026", field "daysOff", entry #16', "2026-03-26 is neither a holiday"],
    },
    {
      what: "a weekend day in daysOff",
      edit: (_, y) => y(2026).daysOff.push("2026-03-21"),
      names: ['field "years", field "2026", field "daysOff", entry #16', "2026-03-21 is a Saturday"],
    },
    {
      what: "an extra day off that is already off",
      edit: (_, y) => (y(2026).extraDaysOff = ["2026-03-09"]),
      names: [
        'field "years", field "2026", field "extraDaysOff", entry #1',
        "already a day off",
        "8 March 2026 falls on a Sunday",
      ],
    },
    {
      what: "an extra working day that already is one",
      edit: (_, y) => (y(2026).extraWorkingDays = ["2026-03-10"]),
      names: ['field "years", field "2026", field "extraWorkingDays", entry #1', "already a working day"],
    },
    {
      what: "a ministry transfer entered on one side only (2025's working Sunday without its day off)",
      edit: (_, y) => (y(2025).extraDaysOff = []),
      names: ['field "years", field "2025", field "daysOff", entry #3', "2025-01-03 is neither a holiday"],
    },
    {
      what: "Kurban Ait changed without updating daysOff",
      edit: (_, y) => (y(2027).kurbanAit = { date: "2027-05-17", status: "provisional" }),
      names: ['field "years", field "2027", field "daysOff"', "2027-05-17 is missing: Kurban Ait"],
    },
  ];

  it.each(cases)("fails on $what, naming the file, the entry and the field", ({ edit, names }) => {
    const problems = problemsOf(broken(edit));
    const matching = problems.filter((p) => p.startsWith("calendar.yaml: ") && names.every((n) => p.includes(n)));
    expect(matching, problems.join("\n")).not.toEqual([]);
  });

  it("names every missing section of an empty mapping", () => {
    const problems = problemsOf({});
    for (const field of ["timeZone", "officeHours", "publicHolidays", "years"])
      expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^calendar\\.yaml: field "${field}": `)));
  });

  it("is refused when it is not a mapping at all", () => {
    expect(problemsOf(null)).toEqual([expect.stringMatching(/^calendar\.yaml: \(whole file\): /)]);
    expect(problemsOf([])).toEqual([expect.stringMatching(/^calendar\.yaml: \(whole file\): /)]);
  });

  it("checks the time zone and the days without ICU's date formatting or collation data (they stay out of memory until a date is shown)", () => {
    const formatter = vi.spyOn(Intl, "DateTimeFormat");
    const collate = vi.spyOn(String.prototype, "localeCompare");
    try {
      parseCalendar(raw);
      expect(formatter).not.toHaveBeenCalled();
      expect(collate).not.toHaveBeenCalled();
    } finally {
      formatter.mockRestore();
      collate.mockRestore();
    }
  });

  it("still knows the aliases the list of canonical zones leaves out", () => {
    for (const timeZone of ["UTC", "Etc/UTC"])
      expect(parseCalendar(broken((c) => (c.timeZone = timeZone))).timeZone).toBe(timeZone);
  });

  it("throws a CatalogError whose message lists the problems", () => {
    expect(() => parseCalendar(broken((c) => (c.timeZone = "Mars/Olympus")))).toThrow(
      /calendar\.yaml: field "timeZone"/,
    );
  });
});
