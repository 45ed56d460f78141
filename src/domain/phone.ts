/**
 * Kazakhstan phone numbers as citizens type them, normalised to E.164 (`+7XXXXXXXXXX`), and masking of
 * personal data for logs.
 *
 * Kazakhstan shares the country code +7 with Russia. The national number has 10 digits; Kazakhstan holds
 * the 6xx and 7xx ranges, Russia 3xx, 4xx, 8xx and 9xx. Of Kazakhstan's ranges only these are in use:
 * mobile 70x, 74x, 75x, 76x, 77x and landline (geographic area codes) 71x, 72x.
 */

export type PhoneKind = "mobile" | "landline";

/**
 * Why a phone was refused: `russian_number` (+7 3xx/4xx/8xx/9xx), `foreign_number` (another country code),
 * `unassigned_range` (a +7 number in no Kazakhstan range), `missing_area_code` (a 5-7 digit local number).
 */
export type PhoneProblem =
  | "empty"
  | "invalid_characters"
  | "too_short"
  | "too_long"
  | "missing_area_code"
  | "foreign_number"
  | "russian_number"
  | "unassigned_range";

export type PhoneResult = { ok: true; e164: string; kind: PhoneKind } | { ok: false; problem: PhoneProblem };

const NATIONAL_DIGITS = 10;
const MOBILE_SECOND_DIGITS = new Set(["0", "4", "5", "6", "7"]);
const LANDLINE_SECOND_DIGITS = new Set(["1", "2"]);
const RUSSIAN_FIRST_DIGITS = new Set(["3", "4", "8", "9"]);

/** Classifies a 10-digit national number (after +7) as a Kazakhstan mobile or landline, or says why not. */
function classifyNational(national: string): PhoneResult {
  const first = national[0] ?? "";
  const second = national[1] ?? "";
  if (RUSSIAN_FIRST_DIGITS.has(first)) return { ok: false, problem: "russian_number" };
  if (first === "7" && MOBILE_SECOND_DIGITS.has(second)) return { ok: true, e164: `+7${national}`, kind: "mobile" };
  if (first === "7" && LANDLINE_SECOND_DIGITS.has(second)) return { ok: true, e164: `+7${national}`, kind: "landline" };
  return { ok: false, problem: "unassigned_range" };
}

function checkLength(national: string): PhoneResult | undefined {
  if (national.length < NATIONAL_DIGITS) return { ok: false, problem: "too_short" };
  if (national.length > NATIONAL_DIGITS) return { ok: false, problem: "too_long" };
  return undefined;
}

/**
 * Normalises a Kazakhstan phone typed in any common way ("8 701 123 45 67", "+7(701)1234567", "7011234567",
 * "8 (7172) 12-34-56", "00 7 701 ...") to E.164, or names the problem.
 */
export function normalizePhone(input: string): PhoneResult {
  // NFKC folds full-width digits and exotic spaces (NBSP, thin space) that phone keyboards and copy-paste produce.
  const text = input.normalize("NFKC").trim();
  if (text === "") return { ok: false, problem: "empty" };
  if (!/^\+?[\d\s().-]+$/.test(text)) return { ok: false, problem: "invalid_characters" };
  let digits = text.replace(/\D/g, "");
  let international = text.startsWith("+");
  if (!international && digits.startsWith("00")) {
    digits = digits.slice(2);
    international = true;
  }
  if (digits === "") return { ok: false, problem: "invalid_characters" };

  let national: string;
  if (international) {
    if (!digits.startsWith("7")) return { ok: false, problem: "foreign_number" };
    national = digits.slice(1);
  } else if (digits.length === NATIONAL_DIGITS + 1 && (digits[0] === "8" || digits[0] === "7")) {
    national = digits.slice(1);
  } else if (digits.length === NATIONAL_DIGITS + 1) {
    return { ok: false, problem: "foreign_number" };
  } else if (digits.length >= 5 && digits.length <= 7) {
    return { ok: false, problem: "missing_area_code" };
  } else if (digits.length === NATIONAL_DIGITS && digits[0] === "8") {
    // "8 701 123 45 6": the trunk prefix 8 followed by a number with a digit missing.
    return { ok: false, problem: "too_short" };
  } else {
    national = digits;
  }
  return checkLength(national) ?? classifyNational(national);
}

/** Formats an E.164 Kazakhstan number for people: "+7 701 123 45 67"; other strings come back unchanged. */
export function formatPhone(e164: string): string {
  const match = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(e164);
  return match ? `+7 ${match[1]} ${match[2]} ${match[3]} ${match[4]}` : e164;
}

/**
 * Masks a phone for logs, keeping the operator or area code and the last two digits: "+7 701 *** ** 67".
 * Anything that is not E.164 +7 keeps only its last two digits.
 */
export function maskPhone(phone: string): string {
  const match = /^\+7(\d{3})\d{5}(\d{2})$/.exec(phone);
  if (match) return `+7 ${match[1]} *** ** ${match[2]}`;
  const digitCount = phone.replace(/\D/g, "").length;
  let seen = 0;
  return phone.replace(/\d/g, (d) => (++seen > digitCount - 2 ? d : "*"));
}

/**
 * Masks a person's name for logs: each word keeps its first letter, every other character becomes "*",
 * so "Айгерим Сапарова" becomes "А****** С*******".
 */
export function maskName(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .filter((word) => word !== "")
    .map((word) => {
      const chars = Array.from(word);
      return chars[0] + "*".repeat(chars.length - 1);
    })
    .join(" ");
}
