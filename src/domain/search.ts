/**
 * Offline service search for free-text questions in Kazakh, Russian and English, in any script and on
 * either keyboard layout.
 *
 * Design: MiniSearch (BM25 over a radix tree, with prefix and fuzzy look-ups) does the ranking; this
 * module owns the language side, which is where a catalog of 24 services is won or lost. Documents and
 * queries pass through the same pipeline (src/domain/normalize.ts): every word is folded into one
 * canonical Cyrillic alphabet (Kazakh letters, Latin-script Kazakh and Russian transliteration all land
 * on the same spelling), then cut by a light Russian+Kazakh ending stripper. Prefix search covers the
 * endings the stripper misses and fuzzy search (1 edit from 4 letters, 2 from 8) covers typos. Latin
 * words are searched twice: as English against the `en` texts, transliterated against the kk/ru ones.
 * A hand-made engine would need the same index, BM25 and fuzzy walk; MiniSearch's are tested and fast.
 *
 * One index holds the services (names, keywords, categories and the life situations of
 * catalog/situations.yaml) and the referrals to other offices (catalog/referrals.yaml), so both compete
 * on the same scores. Look-alike words of catalog/lexicon.yaml (аттестат / аттестация) are read as
 * whole words and matched exactly. What the engine answers, and why, is the verdict (see `decide`).
 */
import MiniSearch from "minisearch";
import type { Catalog, Lexicon, Officer, Referral, Service, SmallTalkKind } from "./catalog.js";
import { SMALL_TALK_KINDS } from "./catalog.js";
import { detailsSearchText } from "./details.js";
import {
  bitCount,
  canonicalWord,
  editDistance,
  isLatinWord,
  letterMask,
  splitWords,
  stemEnglish,
  stemWord,
  switchKeyboardLayout,
  typedForms,
} from "./normalize.js";

export { normalizeText } from "./normalize.js";

export interface ServiceHit {
  service: Service;
  score: number;
}

/**
 * What the search makes of a message:
 * - answer: one clear winner, shown first with its reason (the query words it matched);
 * - choice: a close call between two or three services, shown side by side;
 * - referral: a question for another office, answered with where to go;
 * - smalltalk: a greeting, thanks or chat, answered as a person would;
 * - nothing: noise, or no service close enough: the topics and the guided questions are offered.
 */
export type SearchVerdict = "answer" | "choice" | "referral" | "smalltalk" | "nothing";

export interface SearchResult {
  verdict: SearchVerdict;
  /** Best first; may be non-empty when not confident (then it is a guess, not an answer). */
  services: ServiceHit[];
  /** Officers whose surname the query names, in catalog order. */
  officers: Officer[];
  /** True when services are offered as the answer (verdict answer or choice). */
  confident: boolean;
  /** For verdict referral: where to send the person. */
  referral?: Referral;
  /** For verdict smalltalk: what kind of chat it was. */
  smallTalk?: SmallTalkKind;
  /** The query's words that matched the first service, as the person typed them (or as re-read). */
  reason: string[];
  /** Set when the text only made sense re-read on the other keyboard layout: that re-reading. */
  readAs?: string;
}

export interface ServiceSearch {
  /** Searches services, referrals and officers; `limit` caps the services returned (default 5). */
  find(query: string, limit?: number): SearchResult;
}

/** Longer input is cut: an official name pasted whole fits, and it bounds the work per query. */
export const MAX_QUERY_CHARS = 400;
const MAX_QUERY_WORDS = 20;
const MAX_WORD_LENGTH = 32;
/** Words of one query read for typos at most (the rest must match as written or by beginning). */
const MAX_TYPO_WORDS = 8;
const DEFAULT_LIMIT = 5;
/** Results scoring below this share of the best one are noise from a single weak word. */
const RELATIVE_SCORE_CUTOFF = 0.2;

/**
 * The confidence model, calibrated on the tuning part of the evaluation set (bench/eval-search.ts,
 * docs/SEARCH.md), not per query:
 * - a service is offered only if at least MIN_COVERAGE of the query's content words met one of its
 *   words closely (same stem, or a near spelling of a long word), so one shared word in a long
 *   question about something else does not pass for an answer; unless it meets WORDS_MET_ENOUGH of
 *   them, as a case told at length does;
 * - in a question of two content words, a document that meets only one of them is offered only if no
 *   other document meets that word, and some document meets the other one: "ПМПК комиссия" is about service 4 alone, while "алименты на
 *   ребенка", "зарплата учителя", "пенсия по возрасту" share their one known word with several
 *   documents and are about something the catalog does not hold. (Calibrated on the tuning part:
 *   "only if no other document" gains 5 negatives there for 1 positive; "at most two documents" 1 for 1;
 *   applying the same test to longer questions costs 10 positives or more.)
 * - a content word that no document meets ("риелтор", "асханасында") weighs UNKNOWN_WORD_WEIGHT words in
 *   the coverage's count: a question that names something the catalog never mentions is less likely
 *   ours than one made of words some service uses, however well one service meets the rest;
 * - the runner-up is shown beside the winner as a close call when it scores at least CLOSE_CALL of it.
 */
const MIN_COVERAGE = 0.5;
const UNKNOWN_WORD_WEIGHT = 3;
const CLOSE_CALL = 0.75;
/**
 * A word that one referral alone meets (no service, not even in its papers) counts this many words in a
 * service's coverage: "пенсия", "аурухана", "военкомат" name another office's business, so a question
 * holding one needs more of its other words answered before a service that shares them is offered.
 */
const OTHER_OFFICE_WORD_WEIGHT = 1;
/**
 * A service that meets this many of a question's content words answers it whatever their share (its
 * subject named, no foreign word unmet, as any answer): people tell their case at length ("сын сломал
 * ногу, месяц не сможет ходить в школу"), and the words that tell the story ("сломал", "ногу", "месяц")
 * are not a sign that the question is about something else. Calibrated with the coverage threshold (2,
 * 3 or off); see docs/SEARCH.md, "Ninth pass".
 */
const WORDS_MET_ENOUGH = 2;

/** The confidence model's thresholds; only the calibration sweep (bench/eval-search.ts) changes them. */
export interface SearchCalibration {
  minCoverage: number;
  unknownWordWeight: number;
  closeCall: number;
  /** How many words a word that one referral alone meets counts for in a service's coverage (see `otherOfficeWord`). */
  otherOfficeWordWeight: number;
  /** A service that meets this many of the question's words answers it, whatever its coverage (see WORDS_MET_ENOUGH). */
  wordsMetEnough: number;
}
export const DEFAULT_CALIBRATION: SearchCalibration = {
  minCoverage: MIN_COVERAGE,
  unknownWordWeight: UNKNOWN_WORD_WEIGHT,
  closeCall: CLOSE_CALL,
  otherOfficeWordWeight: OTHER_OFFICE_WORD_WEIGHT,
  wordsMetEnough: WORDS_MET_ENOUGH,
};
/** A close call shows at most this many services. */
const CHOICE_SIZE = 3;
/**
 * A keyword or situation found whole, word for word, in the query ("қамқоршы болу", "художественная
 * школа") multiplies its document's score: filler words such as "болу" are dropped from the ranking,
 * so without this a longer exact phrase of one service would score like a single shared word.
 */
const PHRASE_BONUS = 1.5;
/**
 * How much the share of query words a document matched weighs in its score: a document that answers
 * every word of "справка 063" outranks one that shares only the common word "справка", whatever that
 * word's field boost.
 */
const COVERAGE_WEIGHT = 1;

// details/detailsEn: document names and results from details.yaml ("справка 063"). Many services ask for
// the same documents, so a document name is weaker evidence than a keyword or a referral's topic.
const DETAILS_BOOST = 0.8;
const FIELD_BOOSTS = {
  keywords: 3,
  situations: 1.5,
  name: 1,
  category: 0.7,
  keywordsEn: 3,
  nameEn: 1.5,
  details: DETAILS_BOOST,
  detailsEn: DETAILS_BOOST,
} as const;
type Field = keyof typeof FIELD_BOOSTS;
/** The papers a service asks for and gives (details.yaml), as opposed to its own names, keywords and situations. */
const isDetails = (field: string) => field === "details" || field === "detailsEn";
const CYRILLIC_WORD = /^\p{Script=Cyrillic}+$/u;

/**
 * Filler that must not drive results: question words, pronouns, "need/want", greetings, and the words
 * people add when they look for an officer's phone. Written naturally; folded to canonical form below.
 */
const STOP_WORDS_KK_RU = [
  // Russian
  "и",
  "в",
  "во",
  "на",
  "с",
  "со",
  "к",
  "ко",
  "у",
  "о",
  "об",
  "от",
  "до",
  "по",
  "за",
  "из",
  "для",
  "при",
  "про",
  "без",
  "над",
  "под",
  "через",
  "после",
  "а",
  "но",
  "или",
  "не",
  "ни",
  "ли",
  "же",
  "бы",
  "то",
  "как",
  "где",
  "куда",
  "когда",
  "какой",
  "какие",
  "какая",
  "какое",
  "какую",
  "какого",
  "какому",
  "каким",
  "каких",
  "каком",
  "что",
  "чтобы",
  "кто",
  "кому",
  "чем",
  "сколько",
  // ...and as people say them: "патронат скока", "приемная семья чё платят"
  "скока",
  "скоко",
  "чё",
  "че",
  "шо",
  "зачем",
  "почему",
  "откуда",
  "это",
  "этот",
  "эта",
  "мне",
  "меня",
  "мой",
  "моя",
  "мои",
  "моего",
  "моей",
  "моему",
  "моим",
  "я",
  "мы",
  "нам",
  "нас",
  "наш",
  "наша",
  "наши",
  "нашего",
  "вы",
  "вам",
  "вас",
  "ваш",
  "он",
  "она",
  "они",
  "его",
  "ее",
  "их",
  "им",
  "ей",
  "ему",
  "нужно",
  "нужна",
  "нужен",
  "нужны",
  "надо",
  "нада",
  "хочу",
  "хотим",
  "хотел",
  "хотела",
  "можно",
  "могу",
  "пожалуйста",
  "плиз",
  "подскажите",
  "скажите",
  "помогите",
  "здравствуйте",
  "добрый",
  "день",
  "вечер",
  "если",
  "есть",
  "был",
  "была",
  "было",
  "быть",
  "будет",
  "там",
  "тут",
  "здесь",
  "так",
  "уже",
  "еще",
  "все",
  "весь",
  "сделать",
  "делать",
  "получить",
  "узнать",
  "информация",
  "вопрос",
  "да",
  "нет",
  "телефон",
  "номер",
  "тел",
  "позвонить",
  "звонить",
  "контакт",
  "контакты",
  "связаться",
  // Kazakh
  "және",
  "мен",
  "сен",
  "ол",
  "біз",
  "сіз",
  "олар",
  "менің",
  "маған",
  "бізге",
  "сізге",
  "оған",
  "керек",
  "қажет",
  "қалай",
  "қайда",
  "қашан",
  "қандай",
  "не",
  "неге",
  "кім",
  "кімге",
  "қанша",
  "неше",
  "қайдан",
  "бар",
  "жоқ",
  "ма",
  "ме",
  "ба",
  "бе",
  "па",
  "пе",
  "ғой",
  "де",
  "та",
  "те",
  "үшін",
  "туралы",
  "бойынша",
  "немесе",
  "бұл",
  "осы",
  "сол",
  "әлде",
  "ше",
  "болады",
  "бола",
  "болу",
  "алу",
  "сәлем",
  "сәлеметсіз",
  "саламатсыз",
  "рахмет",
  "өтінемін",
  "көмектесіңіз",
  "айтыңызшы",
  "білгім",
  "білемін",
  "соң",
  "кейін",
  "келеді",
  "хабарласу",
  "хабарласамын",
  "нөмір",
  "нөмірі",
  "телефоны",
];

const STOP_WORDS_EN = [
  "how",
  "to",
  "the",
  "a",
  "an",
  "i",
  "my",
  "me",
  "we",
  "our",
  "for",
  "of",
  "in",
  "on",
  "at",
  "do",
  "does",
  "can",
  "could",
  "need",
  "want",
  "get",
  "where",
  "what",
  "when",
  "who",
  "is",
  "are",
  "please",
  "and",
  "or",
  "with",
  "about",
  "it",
  "this",
  "that",
  "hi",
  "phone",
  "number",
  "call",
  "contact",
  // Function words (pronouns, auxiliaries, prepositions, conjunctions) name nothing a service is about,
  // and an English question holds many: "my son is 11, court needs his opinion on which parent he lives
  // with". Not "as" (ас, a meal), "son" (соң) or "may" (май): Kazakh in Latin letters uses them.
  "he",
  "she",
  "him",
  "his",
  "her",
  "they",
  "them",
  "their",
  "you",
  "your",
  "us",
  "its",
  "which",
  "whom",
  "whose",
  "be",
  "been",
  "was",
  "were",
  "am",
  "has",
  "have",
  "had",
  "will",
  "would",
  "should",
  "must",
  "just",
  "yet",
  "already",
  "there",
  "here",
  "if",
  "so",
  "by",
  "from",
  "into",
  "than",
  "then",
  "also",
  "any",
  "some",
  "very",
  "too",
  "own",
  "im",
  "doesn",
  "don",
  "didn",
  "isn",
  "got",
];

/** canonicalWord, remembered: queries fold the same few words again and again. */
const foldWord = memoise(canonicalWord);
/**
 * A query's words, split once: small talk, the content words and the phrase look-up each read the same
 * text in turn, and splitting (lower case, accents, the pattern) is a tenth of a query's time.
 */
let lastSplit: { text: string; words: readonly string[] } = { text: "", words: [] };
function queryWords(text: string): readonly string[] {
  if (lastSplit.text !== text) lastSplit = { text, words: splitWords(text) };
  return lastSplit.words;
}

const stopWords = new Set(STOP_WORDS_KK_RU.flatMap((w) => splitWords(w).map(canonicalWord)));
const englishStopWords = new Set(STOP_WORDS_EN);

/**
 * Reads words into search terms: the look-alike words of the lexicon by their longest matching
 * beginning, every other word by its stem. `exact` holds the lexicon's terms, which are never matched
 * by prefix or typo.
 */
interface TermReader {
  term(canonical: string): string;
  exact: ReadonlySet<string>;
  /** Whether the word names another domain's object (lexicon `foreign`, by beginning). */
  foreign(canonical: string): boolean;
}

/**
 * Reading a word (folding, lexicon look-up, stemming) is the costliest step a query repeats, and people
 * use few distinct words: remembered per raw word, forgotten wholesale past a bound so memory stays flat.
 */
const MEMO_LIMIT = 20_000;
function memoise(read: (word: string) => string): (word: string) => string {
  const memo = new Map<string, string>();
  return (word) => {
    let value = memo.get(word);
    if (value === undefined) {
      if (memo.size >= MEMO_LIMIT) memo.clear();
      value = read(word);
      memo.set(word, value);
    }
    return value;
  };
}

function createTermReader(lexicon: Lexicon): TermReader {
  const forms: { form: string; term: string }[] = [];
  for (const group of lexicon.distinct)
    for (const { word, forms: beginnings } of group.words) {
      const term = `${stemWord(canonicalWord(word))}`;
      for (const form of beginnings) forms.push({ form: canonicalWord(form), term });
    }
  forms.sort((a, b) => b.form.length - a.form.length);
  const exact = new Set(forms.map((f) => f.term));
  // Synonyms are compared stem to stem, so one written form stands for its declined ones too.
  const synonymOf = new Map<string, string>();
  for (const { word, forms: written } of lexicon.synonyms) {
    const term = stemWord(canonicalWord(word));
    for (const form of written) synonymOf.set(stemWord(canonicalWord(form)), term);
  }
  const foreignForms = lexicon.foreign.flatMap((group) => group.forms.map(canonicalWord));
  return {
    foreign: (canonical) => foreignForms.some((form) => canonical.startsWith(form)),
    term: memoise((canonical) => {
      const distinct = forms.find((f) => canonical.startsWith(f.form));
      if (distinct) return distinct.term;
      const stem = stemWord(canonical);
      return synonymOf.get(stem) ?? stem;
    }),
    exact,
  };
}

/** Canonical terms of a kk/ru text, filler included (documents keep every word). */
function documentTerms(reader: TermReader, text: string): string[] {
  return splitWords(text)
    .map((w) => reader.term(canonicalWord(w)))
    .filter((t) => t.length > 0);
}

function englishTerms(text: string): string[] {
  return splitWords(text).map(stemEnglish);
}

/**
 * Allowed typos grow with the word: none for short stems, where one edit turns a word into another. Two
 * from 8 letters, as closeMatch counts them: a 7-letter word two edits away never counted as met, so
 * walking the index for it was work without a verdict.
 */
function fuzzyDistance(term: string): number {
  if (/^\d+$/.test(term)) return 0;
  if (term.length >= 8) return 2;
  if (term.length >= 4) return 1;
  return 0;
}

/**
 * Whether a query term met a document term closely enough to stand for it: the same stem, or for
 * words of 5+ letters the start of it or one typo away, or for 8+ letters two typos away. Short
 * stems are one edit away from too many unrelated words ("проб" → "пробл") to count on their own.
 */
function closeMatch(queryTerm: string, documentTerm: string): boolean {
  if (queryTerm === documentTerm || akanye(queryTerm) === akanye(documentTerm)) return queryTerm.length >= 3;
  if (documentTerm.startsWith(queryTerm)) return queryTerm.length >= 5;
  // People rarely miss the first letter: a "typo" there is another word ("магазин" is not "қағаз").
  if (akanye(queryTerm[0] ?? "") !== akanye(documentTerm[0] ?? "")) return false;
  if (queryTerm.length >= 8) return editDistance(queryTerm, documentTerm, 2) <= 2;
  if (queryTerm.length >= 5) return editDistance(queryTerm, documentTerm, 1) <= 1;
  return false;
}

/**
 * Unstressed "о" is said, and often written, as "а" ("апека" for "опека", "дакументы"): a spelling that
 * differs only there is the same word, even in a stem too short for a typo to count.
 */
function akanye(term: string): string {
  return term.replaceAll("о", "а");
}

/**
 * Whether a query word met a document term closely: through one of its search terms, or through its
 * whole spelling when the stemmer cut a typo'd or Kazakh word short ("питане" → "пит", "тәрбие" → "тарб")
 * and only the full word shows it is "питание", "тәрбиелеу".
 */
function wordMeets(word: QueryWord, term: string, documentTerm: string): boolean {
  return (
    closeMatch(term, documentTerm) || (word.canonical.length > term.length && closeMatch(word.canonical, documentTerm))
  );
}

interface QueryWord {
  /** As typed (lower-cased), to quote back as the reason. */
  raw: string;
  /** Canonical spelling, for officer look-up. */
  canonical: string;
  /** The search terms this word yields: its stem, and for a Latin word its English form too. */
  terms: string[];
  /** Names another domain's object (catalog/lexicon.yaml `foreign`): a service must meet it to answer. */
  foreign: boolean;
}

/** Splits and folds a query into distinct content words, dropping filler, capping the work a query can cause. */
function parseQuery(reader: TermReader, query: string): QueryWord[] {
  const words: QueryWord[] = [];
  // Only a text with й or ё needs its words as typed for the reason (splitWords folds them).
  const typed = /[йё]/i.test(query) ? typedForms(query.slice(0, MAX_QUERY_CHARS)) : undefined;
  for (const raw of queryWords(query.slice(0, MAX_QUERY_CHARS))) {
    if (words.length >= MAX_QUERY_WORDS) break;
    if (raw.length > MAX_WORD_LENGTH) continue;
    const canonical = foldWord(raw);
    const latin = isLatinWord(raw);
    if (stopWords.has(canonical) || (latin && englishStopWords.has(raw))) continue;
    if (canonical.length < 2 && !/^\d+$/.test(canonical)) continue;
    if (words.some((w) => w.canonical === canonical)) continue;
    const terms = [reader.term(canonical)];
    if (latin) terms.push(stemEnglish(raw));
    words.push({
      raw: typed?.get(raw) ?? raw,
      canonical,
      terms: [...new Set(terms)],
      foreign: reader.foreign(canonical),
    });
  }
  return words;
}

interface OfficerKey {
  officer: Officer;
  /** Canonical spelling of the surname, unstemmed. */
  surname: string;
}

/**
 * A query word names an officer when it is the surname within 1 typo (2 for 10+ letters), or the
 * surname declined: its stem followed by a short ending ("Оспановой", "Магзумоваға"). Stemming both
 * would not do: "загородный" and "Загороднова" share the stem "загородн".
 */
function namesOfficer(word: string, surname: string): boolean {
  if (word.length < 4) return false;
  const allowed = surname.length >= 10 ? 2 : surname.length >= 5 ? 1 : 0;
  if (editDistance(word, surname, allowed) <= allowed) return true;
  const stem = surname.replace(/[аеиоу]$/, "");
  return word.startsWith(stem) && word.length - stem.length <= 4;
}

/**
 * Small talk: a message made only of the lexicon's chat phrases (and filler) is chat, not a question.
 * Phrases are matched as whole word sequences, longest first.
 */
function createSmallTalkReader(lexicon: Lexicon): (query: string) => SmallTalkKind | undefined {
  const phrases = SMALL_TALK_KINDS.flatMap((kind) =>
    lexicon.smallTalk[kind].map((phrase) => ({ kind, words: splitWords(phrase).map(canonicalWord) })),
  ).sort((a, b) => b.words.length - a.words.length);
  return (query) => {
    const words = queryWords(query.slice(0, MAX_QUERY_CHARS)).map(foldWord);
    let first: SmallTalkKind | undefined;
    for (let i = 0; i < words.length;) {
      const phrase = phrases.find((p) => p.words.every((w, j) => words[i + j] === w));
      if (phrase) {
        first ??= phrase.kind;
        i += phrase.words.length;
      } else if (stopWords.has(words[i]!)) i++;
      else return undefined;
    }
    return first;
  };
}

/**
 * The index's words, sorted, to tell at once whether a query term is one of them or, where prefix search
 * applies to it, the beginning of one.
 */
function createVocabulary(
  words: readonly string[],
  searchesByPrefix: (term: string) => boolean,
): {
  knows(term: string): boolean;
  has(term: string): boolean;
  hasTypoOf(term: string, distance: number): boolean;
} {
  const sorted = [...new Set(words.filter((w) => w.length > 0))].sort();
  const exact = new Set(sorted);
  // The terms by length, each with the set of its letters as a bit mask, for hasTypoOf.
  const byLength: { terms: string[]; letters: number[] }[] = [];
  for (const term of sorted) {
    const bucket = (byLength[term.length] ??= { terms: [], letters: [] });
    bucket.terms.push(term);
    bucket.letters.push(letterMask(term));
  }
  return {
    has: (term) => exact.has(term),
    knows(term) {
      if (exact.has(term)) return true;
      if (!searchesByPrefix(term)) return false;
      let low = 0;
      let high = sorted.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (sorted[middle]! < term) low = middle + 1;
        else high = middle;
      }
      return sorted[low]?.startsWith(term) ?? false;
    },
    /**
     * Whether some term is within `distance` edits of `term`: whether MiniSearch's typo walk, which
     * visits every branch of its tree to find out, would find anything. A term is within reach only if
     * its length is, and if each of the two holds at most `distance` letters the other lacks (one edit
     * adds, drops or changes one letter); the few terms that pass are measured.
     */
    hasTypoOf(term, distance) {
      const letters = letterMask(term);
      for (let length = term.length - distance; length <= term.length + distance; length++) {
        const bucket = byLength[length];
        if (!bucket) continue;
        for (let i = 0; i < bucket.terms.length; i++) {
          const other = bucket.letters[i]!;
          if (bitCount(letters & ~other) > distance || bitCount(other & ~letters) > distance) continue;
          if (editDistance(term, bucket.terms[i]!, distance) <= distance) return true;
        }
      }
      return false;
    },
  };
}

/** What services are about (lexicon `subjects`): which groups a query word or a document term names. */
interface Subjects {
  namedByWord(word: QueryWord): ReadonlySet<number>;
  namedByTerm(term: string): ReadonlySet<number>;
}

/**
 * The subject groups' words as search terms (English forms too), looked up by first letter: a word meets
 * one as the same stem, a near spelling (same first letter) or by beginning. What a word or a term names
 * is remembered, as the term reader remembers words, so a query pays for its new words only.
 */
function createSubjects(lexicon: Lexicon, reader: TermReader): Subjects {
  const byFirstLetter = new Map<string, { term: string; group: number }[]>();
  lexicon.subjects.forEach((group, index) => {
    const terms = new Set(
      group.forms.flatMap((form) =>
        splitWords(form).flatMap((w) => [reader.term(canonicalWord(w)), ...(isLatinWord(w) ? [stemEnglish(w)] : [])]),
      ),
    );
    for (const term of terms) {
      const key = akanye(term[0] ?? "");
      byFirstLetter.set(key, [...(byFirstLetter.get(key) ?? []), { term, group: index }]);
    }
  });
  const candidates = (term: string) => byFirstLetter.get(akanye(term[0] ?? "")) ?? [];
  const none: ReadonlySet<number> = new Set();
  const byWord = new Map<string, ReadonlySet<number>>();
  const byTerm = new Map<string, ReadonlySet<number>>();
  const remember = (memo: Map<string, ReadonlySet<number>>, key: string, read: () => ReadonlySet<number>) => {
    let value = memo.get(key);
    if (value === undefined) {
      if (memo.size >= MEMO_LIMIT) memo.clear();
      value = read();
      memo.set(key, value.size === 0 ? none : value);
    }
    return value;
  };
  return {
    namedByWord: (word) =>
      remember(byWord, `${word.canonical} ${word.terms.join(" ")}`, () => {
        const groups = new Set<number>();
        for (const t of word.terms)
          for (const { term, group } of [...candidates(t), ...candidates(word.canonical)])
            if (wordMeets(word, t, term) || (term.length >= 4 && t.startsWith(term))) groups.add(group);
        return groups;
      }),
    namedByTerm: (documentTerm) =>
      remember(byTerm, documentTerm, () => {
        const groups = new Set<number>();
        for (const { term, group } of candidates(documentTerm))
          if (documentTerm === term || (term.length >= 4 && documentTerm.startsWith(term))) groups.add(group);
        return groups;
      }),
  };
}

interface IndexedDocument {
  /** A service id, or "r:" and a referral id. */
  id: number | string;
  keywords: string;
  situations: string;
  name: string;
  category: string;
  keywordsEn: string;
  nameEn: string;
  details: string;
  detailsEn: string;
}

const REFERRAL_PREFIX = "r:";

/** Builds the search index over the catalog's services, referrals and officers; pure, and fast enough to build at start. */
export function createServiceSearch(
  catalog: Catalog,
  {
    minCoverage,
    unknownWordWeight,
    closeCall,
    otherOfficeWordWeight,
    wordsMetEnough,
  }: SearchCalibration = DEFAULT_CALIBRATION,
): ServiceSearch {
  const reader = createTermReader(catalog.lexicon);
  const readSmallTalk = createSmallTalkReader(catalog.lexicon);
  const terms = (text: string) => documentTerms(reader, text).join(" ");
  const categoriesOf = (id: number) => catalog.categories.filter((c) => c.services.includes(id));
  const services: IndexedDocument[] = catalog.services.map((s) => {
    const situations = catalog.situations.get(s.id);
    return {
      id: s.id,
      keywords: terms([...s.keywords.kk, ...s.keywords.ru].join(" ")),
      situations: terms([...(situations?.kk ?? []), ...(situations?.ru ?? [])].join(" ")),
      name: terms(`${s.name.kk} ${s.name.ru}`),
      category: terms(
        categoriesOf(s.id)
          .map((c) => `${c.name.kk} ${c.name.ru}`)
          .join(" "),
      ),
      keywordsEn: englishTerms(s.keywords.en.join(" ")).join(" "),
      nameEn: englishTerms(
        `${s.name.en} ${categoriesOf(s.id)
          .map((c) => c.name.en)
          .join(" ")}`,
      ).join(" "),
      details: terms(`${detailsSearchText(catalog, s.id, "kk")} ${detailsSearchText(catalog, s.id, "ru")}`),
      detailsEn: englishTerms(detailsSearchText(catalog, s.id, "en")).join(" "),
    };
  });
  const referrals: IndexedDocument[] = catalog.referrals.map((r) => ({
    id: `${REFERRAL_PREFIX}${r.id}`,
    keywords: terms([...r.keywords.kk, ...r.keywords.ru].join(" ")),
    situations: "",
    name: terms(`${r.topic.kk} ${r.topic.ru}`),
    category: "",
    keywordsEn: englishTerms(r.keywords.en.join(" ")).join(" "),
    nameEn: englishTerms(r.topic.en).join(" "),
    details: "",
    detailsEn: "",
  }));
  /**
   * Multi-word names, keywords and situations as term sequences, filed under their first term, so a
   * query finds the phrases it contains by looking up its own words once, not by trying every phrase
   * of every document it hit.
   */
  const phrasesByFirstTerm = new Map<string, { id: number | string; terms: string[] }[]>();
  const addPhrases = (id: number | string, texts: readonly string[]) => {
    for (const text of texts) {
      const terms = splitWords(text).map((w) => reader.term(canonicalWord(w)));
      if (terms.length < 2) continue;
      const filed = phrasesByFirstTerm.get(terms[0]!) ?? [];
      filed.push({ id, terms });
      phrasesByFirstTerm.set(terms[0]!, filed);
    }
  };
  for (const s of catalog.services) {
    const situations = catalog.situations.get(s.id);
    addPhrases(s.id, [
      s.name.kk,
      s.name.ru,
      ...s.keywords.kk,
      ...s.keywords.ru,
      ...(situations?.kk ?? []),
      ...(situations?.ru ?? []),
    ]);
  }
  for (const r of catalog.referrals) addPhrases(`${REFERRAL_PREFIX}${r.id}`, [...r.keywords.kk, ...r.keywords.ru]);
  /**
   * The documents one of whose phrases the query holds word for word, and the terms of the referrals'
   * phrases among them: a compound names another office's thing as a whole ("жеке куәлік" is an ID card,
   * "свидетельство о рождении" a birth certificate), so its words do not name a service's subject
   * ("куәлік", a school certificate, 21).
   */
  const phrasesIn = (sequence: readonly string[]) => {
    const documents = new Set<number | string>();
    const referralTerms = new Set<string>();
    sequence.forEach((first, start) => {
      for (const { id, terms } of phrasesByFirstTerm.get(first) ?? []) {
        if (!terms.every((term, j) => sequence[start + j] === term)) continue;
        documents.add(id);
        if (typeof id === "string") for (const term of terms) referralTerms.add(term);
      }
    });
    return { documents, referralTerms };
  };

  /** Each service's abbreviations: the words of its keywords written in capitals ("ПМПК", "ЗПР"). */
  const abbreviationsOf = new Map(
    catalog.services.map((s) => [
      s.id,
      new Set(
        [...s.keywords.kk, ...s.keywords.ru]
          .flatMap((keyword) => keyword.split(/\s+/))
          .filter((word) => word.length >= 2 && /^\p{Lu}+$/u.test(word))
          .flatMap((word) => splitWords(word).map((w) => reader.term(canonicalWord(w)))),
      ),
    ]),
  );
  const subjects = createSubjects(catalog.lexicon, reader);
  const subjectGroupsOf = new Map<number, number[]>();
  catalog.lexicon.subjects.forEach((group, index) => {
    for (const id of group.services) subjectGroupsOf.set(id, [...(subjectGroupsOf.get(id) ?? []), index]);
  });
  const searchesByPrefix = (term: string) => term.length >= 3 && !/^\d+$/.test(term) && !reader.exact.has(term);
  const referralById = new Map(catalog.referrals.map((r) => [`${REFERRAL_PREFIX}${r.id}`, r]));
  const fields = Object.keys(FIELD_BOOSTS) as Field[];
  const index = new MiniSearch<IndexedDocument>({
    fields,
    tokenize: (text) => text.split(" "),
    processTerm: (term) => term || null,
    searchOptions: {
      boost: FIELD_BOOSTS,
      combineWith: "OR",
      // Above MiniSearch's 0.45/0.375: here most near matches are endings the stemmer left, not noise.
      weights: { fuzzy: 0.6, prefix: 0.5 },
      prefix: searchesByPrefix,
      // A word the catalog knows as typed, whole or as the start of a longer word, is not a typo: the
      // typo walk (most of a query's time) is kept for the words that found nothing, and for the first
      // MAX_TYPO_WORDS of them: a question people type has fewer, a pasted paragraph of noise more.
      // A term with no indexed term within reach skips the walk, which would visit every branch of
      // MiniSearch's tree to find nothing (vocabulary.hasTypoOf): the same result, for less work.
      fuzzy: (term, index, terms) => {
        const known = (t: string) => reader.exact.has(t) || vocabulary.knows(t);
        // Nor is a word naming another domain's object (lexicon `foreign`): "собака" is one edit from
        // "сабак" (сабақ, a lesson), and a question about a dog by a school got the externat's card.
        if (known(term) || reader.foreign(term)) return 0;
        const unknownBefore = terms.slice(0, index).filter((t) => !known(t)).length;
        const distance = unknownBefore < MAX_TYPO_WORDS ? fuzzyDistance(term) : 0;
        return distance > 0 && vocabulary.hasTypoOf(term, distance) ? distance : 0;
      },
    },
  });
  const documents = [...services, ...referrals];
  index.addAll(documents);
  const vocabulary = createVocabulary(
    documents.flatMap((d) => fields.flatMap((f) => d[f].split(" "))),
    searchesByPrefix,
  );

  const officerKeys: OfficerKey[] = catalog.officers.map((officer) => ({
    officer,
    surname: canonicalWord(splitWords(officer.name)[0] ?? ""),
  }));

  /** Ranks the text and decides what to answer; `undefined` officers skip the officer look-up. */
  function rank(query: string, limit: number): SearchResult {
    const words = parseQuery(reader, query);
    const officers = officerKeys.filter(({ surname }) => words.some((w) => namesOfficer(w.canonical, surname)));
    // A surname is not a service word: "Оспанова" must not pull in services that merely resemble it.
    const serviceWords = words.filter((w) => !officers.some((k) => namesOfficer(w.canonical, k.surname)));
    const queryTerms = [...new Set(serviceWords.flatMap((w) => w.terms))];
    const officerList = officers.map((k) => k.officer);
    const nothing: SearchResult = {
      verdict: "nothing",
      services: [],
      officers: officerList,
      confident: false,
      reason: [],
    };
    if (queryTerms.length === 0) return nothing;

    const sequence = queryWords(query.slice(0, MAX_QUERY_CHARS))
      .slice(0, MAX_QUERY_WORDS * 2)
      .map((w) => reader.term(foldWord(w)));
    const { documents: withPhrase, referralTerms: claimed } = phrasesIn(sequence);
    // Many hits share document terms: whether a query word meets one is worked out once per query.
    const meets = new Map<string, boolean>();
    const wordMeetsOnce = (w: QueryWord, wordIndex: number, term: string, documentTerm: string) => {
      const key = `${wordIndex} ${term} ${documentTerm}`;
      let value = meets.get(key);
      if (value === undefined) {
        value = wordMeets(w, term, documentTerm);
        meets.set(key, value);
      }
      return value;
    };
    /** The query words that met a word of this hit closely; `withDetails`: in its required documents too. */
    const matchedWords = (hit: { match: Record<string, string[]>; queryTerms: string[] }, withDetails: boolean) => {
      const documentTermsMatched = Object.keys(hit.match).filter(
        (docTerm) => withDetails || !hit.match[docTerm]!.every(isDetails),
      );
      return serviceWords.filter((w, wordIndex) =>
        w.terms.some(
          (term) =>
            hit.queryTerms.includes(term) &&
            documentTermsMatched.some((docTerm) => wordMeetsOnce(w, wordIndex, term, docTerm)),
        ),
      );
    };
    const found = index.search(queryTerms.join(" "));
    // A number no document knows ("3 жаста", "2025") says nothing about the topic: it does not count
    // against a document's coverage, while a known one ("063", "10 лет") counts as any word.
    const termsFound = new Set(found.flatMap((hit) => hit.queryTerms));
    const counted = serviceWords.filter((w) => !/^\d+$/.test(w.canonical) || w.terms.some((t) => termsFound.has(t)));
    if (counted.length === 0) return nothing;
    // A document ranks by every word it met, its required documents included ("справка 063" → 9), but
    // answers only by the words of its own texts: "справка с места работы" is a paper the kindergarten
    // queue asks for (details), not what it gives.
    const metPerHit = found.map((hit) => {
      const met = matchedWords(hit, true);
      const detailsOnly = Object.values(hit.match).some((fields) => fields.every(isDetails));
      return { met, matched: detailsOnly ? matchedWords(hit, false) : met };
    });
    const metByAny = new Set(metPerHit.flatMap(({ met }) => met));
    const countedWords = counted.reduce((sum, w) => sum + (metByAny.has(w) ? 1 : unknownWordWeight), 0);
    /**
     * Whether the text reads as a question, not noise: a third of its words or more are words some
     * document knows. In a long string of random letters, a fragment can be an abbreviation ("dcp" reads
     * as "дцп") or begin a referral's word ("ұrd", "ұрды"); neither answers alone there.
     */
    const readsAsQuestion = metByAny.size * 3 >= counted.length;
    const hits = found
      .map((hit, i) => {
        const phrase = withPhrase.has(hit.id as number | string);
        const { met, matched } = metPerHit[i]!;
        const covered = matched.length / countedWords;
        const weight =
          (phrase ? PHRASE_BONUS : 1) * (1 - COVERAGE_WEIGHT + (COVERAGE_WEIGHT * met.length) / countedWords);
        // Only what the verdict reads: a spread would copy MiniSearch's whole result per hit.
        return { id: hit.id, match: hit.match, phrase, matched, met, covered, score: hit.score * weight };
      })
      .sort((a, b) => b.score - a.score);
    const best = hits[0];
    if (!best) return nothing;
    const documentsMet = new Map<QueryWord, number>();
    for (const hit of hits) for (const w of hit.met) documentsMet.set(w, (documentsMet.get(w) ?? 0) + 1);
    /**
     * The referral whose texts alone, of all documents (services' papers included), meet a word of the
     * question: "пенсия", "аурухана", "военкомат" name another office's business. A question holding such
     * a word is about that business, whatever generic words ("справка", "кезек", "бесплатное") it shares
     * with a service. Learnt from the catalog, not listed: a word two referrals share ("центр", "тіркеу")
     * is administrative and does not count.
     */
    const otherOfficeWord = new Map<QueryWord, (typeof hits)[number]>();
    for (const hit of hits)
      if (referralById.has(String(hit.id)))
        for (const w of hit.met) if (documentsMet.get(w) === 1) otherOfficeWord.set(w, hit);
    /**
     * Whether the question names what this service is about: one of its words is a subject's word (or
     * begins with one: "опекунство", "учительница"), or the search met a subject's word in the service's
     * own texts through one of its words (a typo: "детскии сат" → сад).
     */
    let namedByWords: ReadonlySet<number> | undefined;
    const answered = new Map<number | string, boolean>();
    const namesSubjectOf = (hit: { id: number | string; match: Record<string, string[]> }) => {
      const groups = typeof hit.id === "number" ? subjectGroupsOf.get(hit.id) : undefined;
      if (!groups) return true;
      let value = answered.get(hit.id);
      if (value === undefined) {
        namedByWords ??= new Set(
          serviceWords
            .filter((w) => !w.terms.some((term) => claimed.has(term)))
            .flatMap((w) => [...subjects.namedByWord(w)]),
        );
        const named = (subjects: ReadonlySet<number>) => groups.some((group) => subjects.has(group));
        value =
          named(namedByWords) ||
          Object.entries(hit.match).some(
            ([docTerm, fields]) =>
              !claimed.has(docTerm) && !fields.every(isDetails) && named(subjects.namedByTerm(docTerm)),
          );
        answered.set(hit.id, value);
      }
      return value;
    };
    // ...and weighs more in a service's coverage: no service meets it, so it only adds to the count.
    const serviceCount = countedWords + (otherOfficeWordWeight - 1) * otherOfficeWord.size;
    /**
     * A service's phrase word for word stands for its subject ("тегін тамақ" is school meals), unless the
     * question also names another office's business: "бесплатное питание в больнице".
     */
    const answersItsSubject = (hit: (typeof hits)[number]) =>
      (hit.phrase && otherOfficeWord.size === 0) || namesSubjectOf(hit);
    /**
     * Whether the question holds one of this service's abbreviations that no other document meets
     * ("ПМПК", "ЗПР": service 4's alone). An abbreviation names one thing: it names the service however
     * many other words the question holds ("врач направил на ПМПК"), unless one of them is another
     * office's business alone ("ДЦП пенсия") or stands in noise ("qwzx dcp ffjr": Latin "dcp" reads as
     * "дцп"). Ordinary words do not get this: "аттестация" is also a workplace's, "лагерь" a tourist's,
     * and letting any word met by one service answer alone turned three tuning near misses into cards.
     */
    const holdsOwnAbbreviation = (hit: (typeof hits)[number]) =>
      typeof hit.id === "number" &&
      otherOfficeWord.size === 0 &&
      readsAsQuestion &&
      hit.matched.some(
        (w) =>
          documentsMet.get(w) === 1 &&
          // Written in the catalog's letters: three Latin letters are as often a slip of the keys.
          CYRILLIC_WORD.test(w.raw) &&
          w.terms.some((term) => abbreviationsOf.get(hit.id as number)?.has(term)),
      );
    /** Whether a document answers enough of the query to be offered (see MIN_COVERAGE). */
    const answersEnough = (hit: (typeof hits)[number]) => {
      if (hit.matched.length === 0) return false;
      const metEnough =
        typeof hit.id === "number" && (hit.matched.length >= wordsMetEnough || holdsOwnAbbreviation(hit));
      if (hit.covered < minCoverage && !metEnough) return false;
      // "экстерном закончить университет": a question about another domain's object (lexicon `foreign`) is
      // not answered by a service whose texts never name it, however many other words they share.
      if (typeof hit.id === "number" && serviceWords.some((w) => w.foreign && !hit.matched.includes(w))) return false;
      if (typeof hit.id === "number" && hit.matched.length / serviceCount < minCoverage && !metEnough) return false;
      // "очередь на операцию в больнице" shares "очередь" with the kindergarten queue but names no
      // kindergarten: a service answers only a question naming what it is about (lexicon `subjects`),
      // unless one of its phrases stands in the question word for word.
      if (typeof hit.id === "number" && !answersItsSubject(hit)) return false;
      // ...and the other word is one some document knows: "кружка с принтом" is about a thing we never name.
      if (counted.length === 2 && hit.matched.length === 1)
        return documentsMet.get(hit.matched[0]!) === 1 && serviceWords.every((w) => documentsMet.has(w));
      return true;
    };

    const ranked = hits.filter((hit) => typeof hit.id === "number" && hit.score >= best.score * RELATIVE_SCORE_CUTOFF);
    // The services that can answer come first: one whose subject the question does not name is kept
    // as a guess, after them.
    const serviceHits = [
      ...ranked.filter((hit) => answersItsSubject(hit)),
      ...ranked.filter((hit) => !answersItsSubject(hit)),
    ]
      .slice(0, Math.max(0, limit))
      .flatMap((hit) => {
        const service = catalog.serviceById.get(hit.id as number);
        return service ? [{ service, score: hit.score, hit }] : [];
      });
    const services = serviceHits.map(({ service, score }) => ({ service, score }));

    // A referral wins when it outranks every service, or meets more of the question's words than any
    // service does ("ребенок инвалид пособие" is the disability allowance, all three words, not the
    // rehabilitation that meets two). A service named by a whole phrase still wins over a referral that
    // was not, unless the referral meets more of the question's words than that service.
    const mostMetByService = Math.max(0, ...hits.map((hit) => (typeof hit.id === "number" ? hit.matched.length : 0)));
    // A tie goes to the referral one of whose phrases the question holds word for word, with a word no
    // other document meets as written ("бьют ребенка дома" is violence at home, not schooling at home):
    // as written, since a typo of a club's "жазылу" that only the clinic's "жазылу" is near is no
    // evidence of either; a phrase, since "в полиции" alone does not make "на учете в полиции, можно ли
    // в лагерь" a question for the police.
    const holdsOtherOfficeWordAsWritten = (hit: (typeof hits)[number]) =>
      [...otherOfficeWord].some(([w, owner]) => owner === hit && w.terms.some((term) => term in hit.match));
    const referralHit = referralById.has(String(best.id))
      ? best
      : hits.find(
          (hit) =>
            referralById.has(String(hit.id)) &&
            (hit.matched.length > mostMetByService ||
              (hit.matched.length === mostMetByService && hit.phrase && holdsOtherOfficeWordAsWritten(hit))),
        );
    const referral = referralHit && referralById.get(String(referralHit.id));
    const phraseService = serviceHits.find((h) => h.hit.phrase);
    if (
      referralHit &&
      referral &&
      !(phraseService && !referralHit.phrase && phraseService.hit.matched.length >= referralHit.matched.length)
    ) {
      if (answersEnough(referralHit))
        return {
          verdict: "referral",
          services,
          officers: officerList,
          confident: false,
          referral,
          reason: referralHit.met.map((w) => w.raw),
        };
    }
    const top = serviceHits[0];
    // No service answers. A question naming another domain's object (lexicon `foreign`) goes to the
    // office whose referral names that word, as written or as the beginning of a longer word, not as a
    // typo of another ("университетке құжат тапсыру" → universities; "питание для собаки" to nobody);
    // failing that, to the referral one of whose phrases the question holds word for word ("жеке куәлік
    // жоғалды" → ID documents), or to the referral that alone meets one of its words ("ауруханаға кезек"
    // → health).
    const fallback = () => {
      const foreign = serviceWords.filter((w) => w.foreign).flatMap((w) => w.terms);
      const isReferral = (hit: (typeof hits)[number]) => referralById.has(String(hit.id));
      const next =
        hits.find(
          (hit) => isReferral(hit) && Object.keys(hit.match).some((term) => foreign.some((t) => term.startsWith(t))),
        ) ??
        hits.find((hit) => isReferral(hit) && hit.phrase) ??
        (readsAsQuestion ? otherOfficeWord.values().next().value : undefined);
      if (!next) return { ...nothing, services };
      return {
        verdict: "referral" as const,
        services,
        officers: officerList,
        confident: false,
        referral: referralById.get(String(next.id))!,
        reason: next.met.map((w) => w.raw),
      };
    };
    if (!top) return fallback();
    const { met } = top.hit;
    if (!answersEnough(top.hit)) return fallback();
    const second = serviceHits[1];
    const verdict = second && second.score >= top.score * closeCall ? "choice" : "answer";
    return {
      verdict,
      services: verdict === "choice" ? services.slice(0, Math.max(CHOICE_SIZE, limit)) : services,
      officers: officerList,
      confident: true,
      reason: met.map((w) => w.raw),
    };
  }

  return {
    find(query: string, limit = DEFAULT_LIMIT): SearchResult {
      const smallTalk = readSmallTalk(query);
      if (smallTalk)
        return { verdict: "smalltalk", services: [], officers: [], confident: false, smallTalk, reason: [] };
      const asTyped = rank(query, limit);
      if (asTyped.verdict !== "nothing" || asTyped.officers.length > 0) return asTyped;
      // Tried only when the text as typed finds nothing good: a real word read on the wrong layout is noise.
      const switched = switchKeyboardLayout(query.slice(0, MAX_QUERY_CHARS));
      const smallTalkSwitched = readSmallTalk(switched);
      if (smallTalkSwitched)
        return {
          verdict: "smalltalk",
          services: [],
          officers: [],
          confident: false,
          smallTalk: smallTalkSwitched,
          reason: [],
          readAs: switched,
        };
      // Most texts that find nothing are real words the catalog does not cover, and read on the other
      // layout they are noise: the costly second search (a typo walk for every word) is spent only when
      // the re-read text holds a whole word the index knows ("cflbr" → "садик"); random letters often
      // begin some word, so a beginning is not enough.
      if (!parseQuery(reader, switched).some((w) => w.terms.some((t) => vocabulary.has(t)))) return asTyped;
      const reread = rank(switched, limit);
      return reread.verdict === "nothing" ? asTyped : { ...reread, readAs: switched };
    },
  };
}
