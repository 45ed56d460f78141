import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPhone, maskName, maskPhone, normalizePhone, type PhoneProblem } from "../../src/domain/phone.js";

describe("normalizePhone accepts Kazakhstan numbers typed in common ways", () => {
  const accepted: [input: string, e164: string, kind: "mobile" | "landline"][] = [
    ["8 701 123 45 67", "+77011234567", "mobile"],
    ["+7(701)1234567", "+77011234567", "mobile"],
    ["87011234567", "+77011234567", "mobile"],
    ["7011234567", "+77011234567", "mobile"],
    ["77011234567", "+77011234567", "mobile"],
    ["+7 701 123-45-67", "+77011234567", "mobile"],
    ["8-701-123-45-67", "+77011234567", "mobile"],
    ["8.701.123.45.67", "+77011234567", "mobile"],
    ["  +7 701 123 45 67  ", "+77011234567", "mobile"],
    ["007 701 123 45 67", "+77011234567", "mobile"],
    ["+7\u00a0747\u00a0123\u00a045\u00a067", "+77471234567", "mobile"],
    ["＋７７７７１２３４５６７", "+77771234567", "mobile"],
    ["8 700 000 00 00", "+77000000000", "mobile"],
    ["8 750 123 45 67", "+77501234567", "mobile"],
    ["8 760 123 45 67", "+77601234567", "mobile"],
    ["+7 7172 12-34-56", "+77172123456", "landline"],
    ["8 (7172) 12-34-56", "+77172123456", "landline"],
    ["8 727 123 45 67", "+77271234567", "landline"],
    ["7187 49-02-25", "+77187490225", "landline"],
    ["+7 (7212) 41 00 00", "+77212410000", "landline"],
  ];
  it.each(accepted)("%j → %s", (input, e164, kind) => {
    expect(normalizePhone(input)).toEqual({ ok: true, e164, kind });
  });
});

describe("normalizePhone refuses everything else with a reason", () => {
  const refused: [input: string, problem: PhoneProblem][] = [
    ["", "empty"],
    ["   ", "empty"],
    ["+7 916 123 45 67", "russian_number"],
    ["89161234567", "russian_number"],
    ["9161234567", "russian_number"],
    ["+7 495 123 45 67", "russian_number"],
    ["+7 812 123 45 67", "russian_number"],
    ["+7 383 123 45 67", "russian_number"],
    ["+7 730 123 45 67", "unassigned_range"],
    ["+7 780 123 45 67", "unassigned_range"],
    ["+7 790 123 45 67", "unassigned_range"],
    ["+7 600 123 45 67", "unassigned_range"],
    ["+7 100 123 45 67", "unassigned_range"],
    ["+49 30 1234567", "foreign_number"],
    ["+998 90 123 45 67", "foreign_number"],
    ["0049 30 1234567", "foreign_number"],
    ["19161234567", "foreign_number"],
    ["8 701 123 45 6", "too_short"],
    ["+7 701 123 45", "too_short"],
    ["+7", "too_short"],
    ["1234", "too_short"],
    ["49-02-25", "missing_area_code"],
    ["490225", "missing_area_code"],
    ["1234567", "missing_area_code"],
    ["8 701 123 45 678", "too_long"],
    ["+7 701 123 45 678", "too_long"],
    ["870112345678", "too_long"],
    ["8 701 ABC 45 67", "invalid_characters"],
    ["+7 701 123 45 67 ext 5", "invalid_characters"],
    ["7+7011234567", "invalid_characters"],
    ["+", "invalid_characters"],
    ["()", "invalid_characters"],
    ["+7/701/1234567", "invalid_characters"],
  ];
  it.each(refused)("%j → %s", (input, problem) => {
    expect(normalizePhone(input)).toEqual({ ok: false, problem });
  });
});

describe("normalizePhone properties", () => {
  const kzNational = fc
    .tuple(fc.constantFrom("70", "71", "72", "74", "75", "76", "77"), fc.stringMatching(/^\d{8}$/))
    .map(([head, tail]) => head + tail);
  const separator = fc.constantFrom("", " ", "-", ".", "  ");

  it("any Kazakhstan number, in any of the usual prefixes and separators, normalises to +7 and its 10 digits", () => {
    fc.assert(
      fc.property(
        kzNational,
        fc.constantFrom("+7", "8", "7", "", "007"),
        fc.array(separator, { minLength: 10, maxLength: 10 }),
        (national, prefix, seps) => {
          const spaced = [...national].map((d, i) => d + (seps[i] ?? "")).join("");
          const result = normalizePhone(`${prefix} ${spaced}`);
          expect(result).toMatchObject({ ok: true, e164: `+7${national}` });
        },
      ),
    );
  });

  it("a normalised number normalises to itself", () => {
    fc.assert(
      fc.property(kzNational, (national) => {
        const once = normalizePhone(national);
        expect(once.ok && normalizePhone(once.e164)).toEqual(once);
      }),
    );
  });

  it("a number in a Russian range is never accepted, whatever the prefix", () => {
    const russian = fc.tuple(fc.constantFrom("3", "4", "8", "9"), fc.stringMatching(/^\d{9}$/)).map(([h, t]) => h + t);
    fc.assert(
      fc.property(russian, fc.constantFrom("+7", "8", "7"), (national, prefix) => {
        expect(normalizePhone(prefix + national)).toEqual({ ok: false, problem: "russian_number" });
      }),
    );
  });
});

describe("formatting and masking", () => {
  it("formats E.164 for people and leaves anything else alone", () => {
    expect(formatPhone("+77011234567")).toBe("+7 701 123 45 67");
    expect(formatPhone("+77172123456")).toBe("+7 717 212 34 56");
    expect(formatPhone("12345")).toBe("12345");
  });

  it("masks a phone keeping the code and the last two digits", () => {
    expect(maskPhone("+77011234567")).toBe("+7 701 *** ** 67");
    expect(maskPhone("+77172123456")).toBe("+7 717 *** ** 56");
  });

  it("masks a non-E.164 phone down to its last two digits", () => {
    expect(maskPhone("8 701 123")).toBe("* *** *23");
    expect(maskPhone("12")).toBe("12");
  });

  it("masks a name keeping each word's first letter and its length", () => {
    expect(maskName("Айгерим Сапарова")).toBe("А****** С*******");
    expect(maskName("  Ли   Ён ")).toBe("Л* Ё*");
    expect(maskName("Анна-Мария О'Нил")).toBe("А********* О****");
    expect(maskName("Ә")).toBe("Ә");
    expect(maskName("")).toBe("");
  });

  it("a masked name never contains any letter of the name other than the initials", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ minLength: 1, maxLength: 12 }).filter((w) => !/\s/.test(w)),
          { minLength: 1, maxLength: 4 },
        ),
        (words) => {
          const masked = maskName(words.join(" "));
          const maskedWords = masked.split(" ");
          expect(maskedWords).toHaveLength(words.length);
          maskedWords.forEach((m, i) => {
            const chars = Array.from(words[i] ?? "");
            expect(Array.from(m)).toEqual([chars[0], ...chars.slice(1).map(() => "*")]);
          });
        },
      ),
    );
  });
});
