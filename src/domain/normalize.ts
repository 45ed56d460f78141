/**
 * Text normalisation for search: every script and spelling a parent may use is folded into one
 * "canonical Cyrillic" alphabet, then words are cut to a rough stem.
 *
 * Canonical form: lower case; Kazakh letters folded to their plain Cyrillic neighbours (қ→к, ғ→г,
 * ү/ұ→у, ә→а, ө→о, ң→н, і→и, һ→х); letters that people type interchangeably merged (ы/й→и, ё/э→е,
 * ц→тс, щ→шч; ь and ъ dropped); Latin letters transliterated (Kazakh 2021 and informal spellings,
 * Russian transliteration). Each token is converted on its own, so "potерял" and "balabaqshaга" work.
 */

/** Latin letters whose diacritic carries meaning that stripping it would lose. */
const LATIN_BEFORE_STRIP: Readonly<Record<string, string>> = {
  ş: "sh",
  ç: "ch",
  ý: "u",
  ı: "y",
};

/** Multi-letter Latin spellings first; `ng` is ң only where no vowel follows (not in "ongaltu"). */
const LATIN_PATTERN = /shch|sh|ch|zh|kh|gh|ya|yu|yo|ye|ij$|ng(?![aeiouy])|[a-z]/g;

const LATIN_TO_CYRILLIC: Readonly<Record<string, string>> = {
  shch: "щ",
  sh: "ш",
  ch: "ч",
  zh: "ж",
  kh: "х",
  gh: "г",
  ya: "я",
  yu: "ю",
  yo: "е",
  ye: "е",
  ij: "ий",
  ng: "ң",
  a: "а",
  b: "б",
  c: "ц",
  d: "д",
  e: "е",
  f: "ф",
  g: "г",
  h: "х",
  i: "и",
  j: "ж",
  k: "к",
  l: "л",
  m: "м",
  n: "н",
  o: "о",
  p: "п",
  q: "к",
  r: "р",
  s: "с",
  t: "т",
  u: "у",
  v: "в",
  w: "у",
  x: "кс",
  y: "ы",
  z: "з",
};

const CYRILLIC_FOLD: Readonly<Record<string, string>> = {
  қ: "к",
  ғ: "г",
  ү: "у",
  ұ: "у",
  ә: "а",
  ө: "о",
  ң: "н",
  і: "и",
  һ: "х",
  ы: "и",
  й: "и",
  ё: "е",
  э: "е",
  ь: "",
  ъ: "",
  ц: "тс",
  щ: "шч",
};

const APOSTROPHES = /['’ʼ`´]/g;
const NON_WORD = /[^\p{L}\p{N}]+/u;
const LATIN_LETTER = /[a-z]/;
const CYRILLIC_LETTER = /[\u0400-\u04ff]/;

/**
 * Lower-cases and splits text into raw words, with diacritics stripped (á→a, й→и) but scripts kept.
 * Both the English and the canonical Cyrillic forms are derived from these words.
 */
export function splitWords(text: string): string[] {
  const lowered = text.toLowerCase();
  let stripped = "";
  let plainFrom = 0;
  for (let i = 0; i < lowered.length; i++) {
    if (isPlain(lowered.charCodeAt(i))) continue;
    const ch = String.fromCodePoint(lowered.codePointAt(i)!);
    stripped += lowered.slice(plainFrom, i) + strippedChar(ch);
    i += ch.length - 1;
    plainFrom = i + 1;
  }
  stripped += lowered.slice(plainFrom);
  return stripped.split(NON_WORD).filter((w) => w.length > 0);
}

/**
 * Whether splitWords keeps a lower-case character as it is: ASCII but the apostrophes, and the Russian
 * and Kazakh letters but й and ё, none of which decomposes. Most questions hold nothing else.
 */
function isPlain(code: number): boolean {
  if (code < 0x80) return code !== 0x27 && code !== 0x60;
  if (code >= 0x430 && code <= 0x44f) return code !== 0x439;
  return KAZAKH_LETTERS.has(code);
}
const KAZAKH_LETTERS = new Set([..."әғқңөұүһі"].map((ch) => ch.charCodeAt(0)));

/**
 * Any other character as splitWords keeps it: ş, ç, ý, ı spelt out, then decomposed (NFD) with its
 * marks dropped, apostrophes dropped. Decomposing character by character gives what decomposing the
 * whole text does, but for the order of the marks, which are all dropped; remembered, as text holds
 * the same few such characters again and again (NFD and the marks' pattern over the whole text were
 * an eighth of a nonsense question's time).
 */
function strippedChar(ch: string): string {
  let stripped = strippedChars.get(ch);
  if (stripped === undefined) {
    stripped = (LATIN_BEFORE_STRIP[ch] ?? ch).normalize("NFD").replace(/\p{M}/gu, "").replace(APOSTROPHES, "");
    // Bounded: text in every script there is would otherwise grow the map without end.
    if (strippedChars.size < MAX_REMEMBERED_CHARS) strippedChars.set(ch, stripped);
  }
  return stripped;
}
const strippedChars = new Map<string, string>();
const MAX_REMEMBERED_CHARS = 2_000;

/**
 * The words of `text` that hold й or ё as typed, lower-cased, keyed by their splitWords form: "детский"
 * under "детскии". splitWords strips й and ё to и and е with every other mark; a word quoted back to the
 * person who typed it must keep them.
 */
export function typedForms(text: string): Map<string, string> {
  const forms = new Map<string, string>();
  for (const word of text.toLowerCase().replace(APOSTROPHES, "").normalize("NFC").split(NON_WORD)) {
    if (!/[йё]/.test(word)) continue;
    const stripped = splitWords(word)[0];
    if (stripped !== undefined) forms.set(stripped, word);
  }
  return forms;
}

/** Whether a raw word is written in Latin letters only (so it may be English as well as transliterated). */
export function isLatinWord(word: string): boolean {
  return LATIN_LETTER.test(word) && !CYRILLIC_LETTER.test(word);
}

/**
 * Latin letters that look like Cyrillic ones. A lone one inside a Cyrillic word was typed on the wrong
 * keyboard ("cадик"), while a run of Latin letters is transliteration ("potерял").
 */
const HOMOGLYPHS: Readonly<Record<string, string>> = { c: "с", p: "р", x: "х", y: "у", h: "н", b: "в" };
const LONE_LATIN_HOMOGLYPH = /(?<![a-z])[cpxyhb](?![a-z])/g;

/** Folds one raw word (any script, or a mix of scripts) into the canonical Cyrillic alphabet. */
export function canonicalWord(word: string): string {
  const unglyphed = CYRILLIC_LETTER.test(word)
    ? word.replace(LONE_LATIN_HOMOGLYPH, (ch) => HOMOGLYPHS[ch] ?? ch)
    : word;
  const cyrillic = unglyphed.replace(LATIN_PATTERN, (seq) => LATIN_TO_CYRILLIC[seq] ?? seq);
  let out = "";
  for (const ch of cyrillic) out += CYRILLIC_FOLD[ch] ?? ch;
  return out;
}

/** Normalises free text to canonical Cyrillic words separated by single spaces ("Балабақшаға" → "балабакшага"). */
export function normalizeText(text: string): string {
  return splitWords(text)
    .map(canonicalWord)
    .filter((w) => w.length > 0)
    .join(" ");
}

/**
 * Russian and Kazakh inflectional endings in canonical spelling, longest first. Kazakh stacks endings
 * (балабақша-лар-ы-на), so stripping repeats, while leaving a stem long enough to tell words apart.
 */
const KAZAKH_ENDINGS: readonly string[] = [
  // Kazakh: plural, possessive, case endings (dative, genitive, accusative, locative, ablative, instrumental)
  "лар",
  "лер",
  "дар",
  "дер",
  "тар",
  "тер",
  "имиз",
  "иниз",
  "им",
  "ин",
  "си",
  // possessive + accusative after a vowel: нәтиже-сін, баласын
  "син",
  "даги",
  "деги",
  "таги",
  "теги",
  "нин",
  "дин",
  "тин",
  "ни",
  "ди",
  "ти",
  "нда",
  "нде",
  "дан",
  "ден",
  "тан",
  "тен",
  "нан",
  "нен",
  "мен",
  "бен",
  "пен",
  "га",
  "ге",
  "ка",
  "ке",
  "на",
  "не",
  "да",
  "де",
  "та",
  "те",
];

/** Russian noun and adjective endings, reflexive verbs. */
const RUSSIAN_ENDINGS: readonly string[] = [
  "ами",
  "ями",
  "ого",
  "его",
  "ому",
  "ему",
  "ими",
  "тся",
  "ся",
  "ах",
  "ях",
  "ам",
  "ям",
  "ов",
  "ев",
  "ои",
  "еи",
  "ии",
  "ие",
  "ия",
  "ию",
  "ое",
  "ее",
  "ая",
  "яя",
  "ую",
  "юю",
  "ом",
  "ем",
  "их",
  "а",
  "я",
  "о",
  "е",
  "и",
  "у",
  "ю",
];

const ENDINGS: readonly string[] = [...KAZAKH_ENDINGS, ...RUSSIAN_ENDINGS].sort((a, b) => b.length - a.length);

const MAX_STRIPS = 3;

/**
 * Russian endings of two or more letters, which no Kazakh word ends in. A Russian word carries one
 * ending, so one of these is cut only as the last ending and nothing after it ("проблем-ами", and
 * "проблем-ы" is not пробл-ем-ы).
 */
const RUSSIAN_ONLY = new Set(RUSSIAN_ENDINGS.filter((e) => e.length >= 2 && !KAZAKH_ENDINGS.includes(e)));

/** A one-letter ending may leave a three-letter stem (сад-у); longer ones need four (not дол-лар-а). */
function minStem(ending: string): number {
  return ending.length === 1 ? 3 : 4;
}

/**
 * The Kazakh "my" after a back vowel: бала-м, ана-м, апа-м. Only after "а": "-ем" would also cut the
 * Russian "прием", and after a consonant the ending is "-ым/-ім", listed above.
 */
const KAZAKH_MY = /(?<=[^аеиоу]а)м$/;

/** Voiceless consonants of the canonical alphabet (ц is folded to "тс", щ to "шч"). */
const VOICELESS = new Set(["п", "т", "к", "с", "ш", "ф", "х", "ч"]);
const NASAL = new Set(["м", "н"]);
const DEVOICED = new Set(["б", "в", "г", "д"]);
const VOWELS = new Set(["а", "е", "и", "о", "у", "я", "ю"]);

/**
 * Kazakh endings take their first consonant from the sound before them: after a voiceless consonant
 * the т/к/п form (мектеп-те, мектеп-ке, кітап-тар), otherwise the д/г/б form (бала-да, бала-ға,
 * қыз-дар). An ending in the wrong form for the letter before it is not that ending but part of the
 * word: "поликлиника" is not поликлини-ка, "работа" not рабо-та, "документа" not докумен-та. Without this
 * rule such Russian words lost two or three letters in one form and one in another, so the forms of one
 * word did not meet.
 */
function fitsBefore(ending: string, stem: string): boolean {
  const first = ending[0]!;
  const before = stem[stem.length - ending.length - 1];
  if (before === undefined) return false;
  // б, в, г, д sound voiceless at the end of a Kazakh word: педагог-тар, клуб-тар.
  if (first === "т") return VOICELESS.has(before) || DEVOICED.has(before);
  if (first === "к" || first === "п") return VOICELESS.has(before);
  if (first === "д" || first === "г" || first === "б") return !VOICELESS.has(before);
  // The н forms: the dative and locative only after the possessive "-ы/-і" (баласы-на, мектебі-нде),
  // the ablative after it or a nasal, the genitive and accusative after a vowel or a nasal (бала-ның).
  // So "опекуна" is опекун-а, as "опекуном" is опекун-ом.
  if (ending === "на" || ending === "не" || ending === "нда" || ending === "нде") return before === "и";
  if (ending === "нан" || ending === "нен") return before === "и" || NASAL.has(before);
  if (ending === "нин" || ending === "ни") return VOWELS.has(before) || NASAL.has(before);
  return true;
}

/** Cuts Russian and Kazakh endings off a canonical word; digits and short words are left alone. */
export function stemWord(word: string): string {
  let stem = word.length >= 5 ? word.replace(KAZAKH_MY, "") : word;
  for (let round = 0; round < MAX_STRIPS; round++) {
    const ending = ENDINGS.find(
      (e) =>
        stem.endsWith(e) &&
        stem.length - e.length >= minStem(e) &&
        fitsBefore(e, stem) &&
        (round === 0 || !RUSSIAN_ONLY.has(e)),
    );
    if (!ending) break;
    stem = stem.slice(0, -ending.length);
    if (RUSSIAN_ONLY.has(ending)) break;
  }
  return stem;
}

/** A light English stemmer for the `en` texts: plurals and the commonest verb endings. */
export function stemEnglish(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith("ing")) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith("ed")) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

/** Levenshtein distance, giving up (returning limit + 1) once the distance must exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return Math.min(previous[b.length]!, limit + 1);
}

/**
 * The letters of a word as a 32-bit set: each letter hashed to one of 32 bits. Letters that share a bit
 * only make two words look closer, so the count of bits one word has and the other lacks never exceeds
 * the edits between them.
 */
export function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) mask |= 1 << (Math.imul(word.charCodeAt(i), 0x9e3779b1) >>> 27);
  return mask;
}

/** The number of bits set in a 32-bit integer. */
export function bitCount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/**
 * The same keys on the other layout: ЙЦУКЕН (Russian) and QWERTY (English) differ only in the letter each
 * key prints, so text typed with the wrong layout on is read back by swapping every character for the
 * one on the same key. Kazakh letters sit on the digit row of the Kazakh layout and come through a
 * Russian layout as their plain neighbours, which canonical folding already absorbs.
 */
const QWERTY_KEYS = "`qwertyuiop[]asdfghjkl;'zxcvbnm,.~QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>";
const JCUKEN_KEYS = "ёйцукенгшщзхъфывапролджэячсмитьбюЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ";
const toCyrillicKey = new Map([...QWERTY_KEYS].map((ch, i) => [ch, JCUKEN_KEYS[i]!]));
const toLatinKey = new Map([...JCUKEN_KEYS].map((ch, i) => [ch, QWERTY_KEYS[i]!]));

/**
 * Re-reads text typed with the wrong keyboard layout: Latin keys as the Cyrillic letters on the same
 * keys ("cflbr" → "садик") and Russian letters as the Latin ones ("ыгььук" → "summer"). Each word goes
 * the way its own letters suggest; digits, spaces and other marks stay as they are.
 */
export function switchKeyboardLayout(text: string): string {
  return text.replace(/[^\s\d]+/g, (word) => {
    const latin = /[a-z]/i.test(word) && !CYRILLIC_LETTER.test(word.toLowerCase());
    const keys = latin ? toCyrillicKey : toLatinKey;
    let out = "";
    for (const ch of word) out += keys.get(ch) ?? ch;
    return out;
  });
}
