import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_CATALOG_DIR, readYaml } from "../../src/catalog-files.js";
import { createWorkCalendar, parseCalendar } from "../../src/domain/calendar.js";
import type { ProcessingTime } from "../../src/domain/catalog.js";
import { digestAt, planReminders, type PlanInput } from "../../src/domain/reminder-plan.js";

const calendar = createWorkCalendar(parseCalendar(readYaml(DEFAULT_CATALOG_DIR, "calendar.yaml")));

const ALMATY_OFFSET_MS = 5 * 3_600_000;
const DAY_MS = 86_400_000;

/** A wall-clock time in Almaty, which is UTC+5 all year since March 2024: written independently of TZDate. */
function almaty(local: string): Date {
  return new Date(`${local.replace(" ", "T")}${local.length === 16 ? ":00" : ""}+05:00`);
}

/** "2026-02-03 14:35", computed without TZDate. */
function almatyLabel(at: Date): string {
  return new Date(at.getTime() + ALMATY_OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
}

const wd = (value: number): ProcessingTime => ({ value, unit: "working_days" });
const cd = (value: number): ProcessingTime => ({ value, unit: "calendar_days" });
const min = (value: number): ProcessingTime => ({ value, unit: "minutes" });

/** The plan of a new request made at `created` with a promise of `response`, as "kind→audience time" lines. */
function responsePlan(created: string, response: ProcessingTime = wd(1)): string[] {
  const createdAt = almaty(created).getTime();
  const input: PlanInput = {
    app: { status: "new", createdAt, responseDueAt: calendar.deadline(new Date(createdAt), response).at.getTime() },
    responseTime: response,
    officialTime: undefined,
    now: createdAt,
  };
  return planReminders(calendar, input).map((r) => `${r.kind}→${r.audience} ${almatyLabel(r.dueAt)}`);
}

/** The plan of a request filed at `filed` under `time` (looked at from `now`, the filing by default). */
function officialPlan(filed: string, time: ProcessingTime, now = filed): string[] {
  const filedAt = almaty(filed).getTime();
  const due = calendar.deadline(new Date(filedAt), time);
  const input: PlanInput = {
    app: {
      status: "filed",
      createdAt: filedAt - DAY_MS,
      responseDueAt: filedAt,
      official: { channel: "portal", filedAt, dueAt: due.at.getTime(), dueCertain: true },
    },
    responseTime: wd(1),
    officialTime: time,
    now: almaty(now).getTime(),
  };
  return planReminders(calendar, input).map((r) => `${r.kind}→${r.audience} ${almatyLabel(r.dueAt)}`);
}

describe("the response clock (the department's promise to call)", () => {
  it("reproduces issue 11: a request for a 30-minute service gets no 'half time' after 15 minutes, only the promise's day", () => {
    // Tuesday 1 December 2026, 16:05: the promise is 1 working day, to Wednesday 18:30.
    expect(responsePlan("2026-12-01 16:05")).toEqual([
      "response_due→owner 2026-12-02 09:00",
      "response_late→owner 2026-12-03 09:00",
      "response_escalation→admins 2026-12-03 09:00",
    ]);
  });

  it("after office hours and before a weekend, the promise counts from the next working day", () => {
    // Friday 27 November 2026 at 19:00: admitted Monday 30, promise Tuesday 1 December 18:30.
    expect(responsePlan("2026-11-27 19:00")).toEqual([
      "response_due→owner 2026-12-01 09:00",
      "response_late→owner 2026-12-02 09:00",
      "response_escalation→admins 2026-12-02 09:00",
    ]);
  });

  it("skips days off: a promise ending before Independence Day escalates on the next working day", () => {
    // Tuesday 15 December 2026, 10:00: one working day later is Thursday 17, as 16 December is a holiday.
    expect(responsePlan("2026-12-15 10:00")).toEqual([
      "response_due→owner 2026-12-17 09:00",
      "response_late→owner 2026-12-18 09:00",
      "response_escalation→admins 2026-12-18 09:00",
    ]);
  });

  it("a promise in minutes (a per-service override) nudges at half time in office minutes, and escalates at the promise itself", () => {
    expect(responsePlan("2026-12-01 12:00", min(120))).toEqual([
      "response_due→owner 2026-12-01 14:30",
      "response_late→owner 2026-12-01 15:31",
      "response_escalation→admins 2026-12-01 15:31",
    ]);
  });
});

describe("the official clock (the law's processing time from the filing)", () => {
  it("19 working days filed on eGov on Tuesday 1 December: the day before, the due day, then overdue and escalation", () => {
    // 19 working days from 1 December skip the weekends and 16 December: the result is due 29 December, 18:30.
    expect(officialPlan("2026-12-01 11:00", wd(19))).toEqual([
      "official_soon→owner 2026-12-28 09:00",
      "official_due→owner 2026-12-29 09:00",
      "official_overdue→owner 2026-12-30 09:00",
      "official_escalation→admins 2026-12-30 09:00",
    ]);
  });

  it("30 minutes filed at 16:10: due at 16:40, overdue and escalated at 16:41", () => {
    expect(officialPlan("2026-12-01 16:10", min(30))).toEqual([
      "official_due→owner 2026-12-01 16:40",
      "official_overdue→owner 2026-12-01 16:41",
      "official_escalation→admins 2026-12-01 16:41",
    ]);
  });

  it("30 minutes filed at 18:00 run out at the close (18:30): reminded a minute before, escalated next morning", () => {
    expect(officialPlan("2026-12-01 18:00", min(30))).toEqual([
      "official_due→owner 2026-12-01 18:29",
      "official_overdue→owner 2026-12-02 09:00",
      "official_escalation→admins 2026-12-02 09:00",
    ]);
  });

  it("calendar days ending on a Sunday: the due-day reminder comes on the Friday before", () => {
    // 5 calendar days from Tuesday 1 December (admitted that day) end on Sunday 6 December.
    expect(officialPlan("2026-12-01 10:00", cd(5))).toEqual([
      "official_soon→owner 2026-12-03 09:00",
      "official_due→owner 2026-12-04 09:00",
      "official_overdue→owner 2026-12-07 09:00",
      "official_escalation→admins 2026-12-07 09:00",
    ]);
  });

  it("a plan made again later keeps only what is still ahead", () => {
    expect(officialPlan("2026-12-01 11:00", wd(19), "2026-12-29 10:00")).toEqual([
      "official_overdue→owner 2026-12-30 09:00",
      "official_escalation→admins 2026-12-30 09:00",
    ]);
  });
});

describe("what runs in each status", () => {
  const base = { createdAt: almaty("2026-12-01 10:00").getTime(), responseDueAt: almaty("2026-12-02 18:30").getTime() };
  const appointment = { at: almaty("2026-12-07 10:00").getTime(), place: "каб. 12", setAt: base.createdAt };
  const kinds = (status: "new" | "contacted" | "result_issued" | "cancelled") =>
    planReminders(calendar, {
      app: { ...base, status, appointment },
      responseTime: wd(1),
      officialTime: undefined,
      now: base.createdAt,
    }).map((r) => `${r.kind} ${almatyLabel(r.dueAt)}`);

  it("nothing but the appointment while contacted (the citizen is preparing), nothing at all once closed", () => {
    expect(kinds("contacted")).toEqual(["appointment 2026-12-04 09:00"]);
    expect(kinds("result_issued")).toEqual([]);
    expect(kinds("cancelled")).toEqual([]);
  });

  it("the citizen's appointment on Monday is reminded on Friday morning, the working day before", () => {
    expect(kinds("new")).toContain("appointment 2026-12-04 09:00");
  });
});

describe("digestAt", () => {
  it("is 09:00 of the next working day that has it ahead", () => {
    expect(almatyLabel(digestAt(calendar, almaty("2026-12-01 08:00").getTime()))).toBe("2026-12-01 09:00");
    expect(almatyLabel(digestAt(calendar, almaty("2026-12-01 09:00").getTime()))).toBe("2026-12-02 09:00");
    expect(almatyLabel(digestAt(calendar, almaty("2026-12-04 12:00").getTime()))).toBe("2026-12-07 09:00");
    expect(almatyLabel(digestAt(calendar, almaty("2026-12-15 12:00").getTime()))).toBe("2026-12-17 09:00");
  });
});

describe("properties of every plan", () => {
  const times = fc.oneof(
    fc.integer({ min: 1, max: 30 }).map(wd),
    fc.integer({ min: 1, max: 30 }).map(cd),
    fc.constantFrom(20, 30).map(min),
  );
  const instants = fc.integer({ min: almaty("2026-01-01 00:00").getTime(), max: almaty("2026-12-20 00:00").getTime() });

  it("every reminder is in office time of a working day, after the plan is made, sorted, and an owner one comes before the escalation", () => {
    fc.assert(
      fc.property(instants, times, (filedAt, time) => {
        const due = calendar.deadline(new Date(filedAt), time);
        const plan = planReminders(calendar, {
          app: {
            status: "filed",
            createdAt: filedAt,
            responseDueAt: filedAt,
            official: { channel: "portal", filedAt, dueAt: due.at.getTime(), dueCertain: true },
          },
          responseTime: wd(1),
          officialTime: time,
          now: filedAt,
        });
        for (const r of plan) {
          expect(calendar.isOfficeTime(r.dueAt), almatyLabel(r.dueAt)).toBe(true);
          expect(r.dueAt.getTime()).toBeGreaterThan(filedAt);
        }
        expect(plan.map((r) => r.dueAt.getTime())).toEqual(
          [...plan.map((r) => r.dueAt.getTime())].sort((a, b) => a - b),
        );
        const escalation = plan.find((r) => r.kind === "official_escalation")!;
        expect(escalation.dueAt.getTime()).toBeGreaterThan(due.at.getTime());
        expect(plan.filter((r) => r.kind === "official_due" && r.dueAt.getTime() > due.at.getTime())).toEqual([]);
      }),
    );
  });
});
