/**
 * Offline service search for free-text questions in Kazakh, Russian and English, in any script.
 *
 * Design: MiniSearch (BM25 over a radix tree, with prefix and fuzzy look-ups) does the ranking; this
 * module owns the language side, which is where a catalog of 24 services is won or lost. Documents and
 * queries pass through the same pipeline (src/domain/normalize.ts): every word is folded into one
 * canonical Cyrillic alphabet (Kazakh letters, Latin-script Kazakh and Russian transliteration all land
 * on the same spelling), then cut by a light Russian+Kazakh ending stripper. Prefix search covers the
 * endings the stripper misses and fuzzy search (1 edit from 4 letters, 2 from 7) covers typos. Latin
 * words are searched twice: as English against the `en` texts, transliterated against the kk/ru ones.
 * A hand-made engine would need the same index, BM25 and fuzzy walk; MiniSearch's are tested and fast.
 * `confident` needs one query word to meet a word of the top service closely (the same stem, or from
 * 5 letters its start or one typo away), so a chance fuzzy hit on a short word never passes as an answer.
 */
import MiniSearch from "minisearch";
import type { Catalog, Officer, Service } from "./catalog.js";
import { detailsSearchText } from "./details.js";
import { canonicalWord, editDistance, isLatinWord, splitWords, stemEnglish, stemWord } from "./normalize.js";

export { normalizeText } from "./normalize.js";

export interface ServiceHit {
  service: Service;
  score: number;
}

export interface SearchResult {
  /** Best first; may be non-empty even when not confident (then it is a guess, not an answer). */
  services: ServiceHit[];
  /** Officers whose surname the query names, in catalog order. */
  officers: Officer[];
  /** True when the top service matched the query closely enough to be offered as the answer. */
  confident: boolean;
}

export interface ServiceSearch {
  /** Searches services and officers; `limit` caps the services returned (default 5). */
  find(query: string, limit?: number): SearchResult;
}

/** Longer input is cut: an official name pasted whole fits, and it bounds the work per query. */
const MAX_QUERY_CHARS = 400;
const MAX_QUERY_WORDS = 20;
const MAX_WORD_LENGTH = 32;
const DEFAULT_LIMIT = 5;
/** Results scoring below this share of the best one are noise from a single weak word. */
const RELATIVE_SCORE_CUTOFF = 0.2;

// details/detailsEn: document names and results from details.yaml ("справка 063"); 1.5 lets a rare
// document number outweigh a common word like "справка" that other services carry as a keyword.
const FIELD_BOOSTS = { keywords: 3, name: 1, category: 0.7, keywordsEn: 3, nameEn: 1.5, details: 1.5, detailsEn: 1.5 } as const;
type Field = keyof typeof FIELD_BOOSTS;

/**
 * Filler that must not drive results: question words, pronouns, "need/want", greetings, and the words
 * people add when they look for an officer's phone. Written naturally; folded to canonical form below.
 */
const STOP_WORDS_KK_RU = [
  // Russian
  "и", "в", "во", "на", "с", "со", "к", "ко", "у", "о", "об", "от", "до", "по", "за", "из", "для", "при", "про",
  "без", "над", "под", "через", "после", "а", "но", "или", "не", "ни", "ли", "же", "бы", "то", "как", "где",
  "куда", "когда", "какой", "какие", "какая", "что", "чтобы", "кто", "это", "этот", "эта", "мне", "меня",
  "мой", "моя", "мои", "моего", "моей", "моему", "моим", "я", "мы", "нам", "нас", "наш", "наша", "наши",
  "нашего", "вы", "вам", "вас", "ваш", "он", "она", "они", "его", "ее", "их", "им", "ей", "ему", "нужно",
  "нужна", "нужен", "нужны", "надо", "нада", "хочу", "хотим", "хотел", "хотела", "можно", "могу", "пожалуйста",
  "плиз", "подскажите", "скажите", "помогите", "здравствуйте", "добрый", "день", "вечер", "если", "есть",
  "был", "была", "было", "быть", "будет", "там", "тут", "здесь", "так", "уже", "еще", "все", "весь",
  "сделать", "делать", "получить", "узнать", "информация", "вопрос", "да", "нет",
  "телефон", "номер", "тел", "позвонить", "звонить", "контакт", "контакты", "связаться",
  // Kazakh
  "және", "мен", "сен", "ол", "біз", "сіз", "олар", "менің", "маған", "бізге", "сізге", "оған", "керек",
  "қажет", "қалай", "қайда", "қашан", "қандай", "не", "неге", "кім", "бар", "жоқ", "ма", "ме", "ба", "бе",
  "па", "пе", "ғой", "де", "та", "те", "үшін", "туралы", "бойынша", "немесе", "бұл", "осы", "сол", "әлде",
  "ше", "болады", "бола", "болу", "алу", "сәлем", "сәлеметсіз", "саламатсыз", "рахмет", "өтінемін",
  "көмектесіңіз", "айтыңызшы", "білгім", "келеді", "хабарласу", "хабарласамын", "нөмір", "нөмірі",
  "телефоны",
];

const STOP_WORDS_EN = [
  "how", "to", "the", "a", "an", "i", "my", "me", "we", "our", "for", "of", "in", "on", "at", "do", "does",
  "can", "could", "need", "want", "get", "where", "what", "when", "who", "is", "are", "please", "and", "or",
  "with", "about", "it", "this", "that", "hi", "phone", "number", "call", "contact",
];

const stopWords = new Set(STOP_WORDS_KK_RU.flatMap((w) => splitWords(w).map(canonicalWord)));
const englishStopWords = new Set(STOP_WORDS_EN);

/** Canonical stems of a kk/ru text, filler included (documents keep every word). */
function documentTerms(text: string): string[] {
  return splitWords(text).map((w) => stemWord(canonicalWord(w))).filter((t) => t.length > 0);
}

function englishTerms(text: string): string[] {
  return splitWords(text).map(stemEnglish);
}

/** Allowed typos grow with the word: none for short stems, where one edit turns a word into another. */
function fuzzyDistance(term: string): number {
  if (/^\d+$/.test(term)) return 0;
  if (term.length >= 7) return 2;
  if (term.length >= 4) return 1;
  return 0;
}

/**
 * Whether a query term met a document term closely enough to stand for it: the same stem, or for
 * words of 5+ letters the start of it or one typo away, or for 8+ letters two typos away. Short
 * stems are one edit away from too many unrelated words ("проб" → "пробл") to count on their own.
 */
function closeMatch(queryTerm: string, documentTerm: string): boolean {
  if (queryTerm === documentTerm) return queryTerm.length >= 3;
  if (queryTerm.length >= 8) return documentTerm.startsWith(queryTerm) || editDistance(queryTerm, documentTerm, 2) <= 2;
  if (queryTerm.length >= 5) return documentTerm.startsWith(queryTerm) || editDistance(queryTerm, documentTerm, 1) <= 1;
  return false;
}

interface QueryWord {
  /** Canonical spelling, for officer look-up. */
  canonical: string;
  /** The search terms this word yields: its stem, and for a Latin word its English form too. */
  terms: string[];
}

/** Splits and folds a query into distinct content words, dropping filler, capping the work a query can cause. */
function parseQuery(query: string): QueryWord[] {
  const words: QueryWord[] = [];
  for (const raw of splitWords(query.slice(0, MAX_QUERY_CHARS))) {
    if (words.length >= MAX_QUERY_WORDS) break;
    if (raw.length > MAX_WORD_LENGTH) continue;
    const canonical = canonicalWord(raw);
    const latin = isLatinWord(raw);
    if (stopWords.has(canonical) || (latin && englishStopWords.has(raw))) continue;
    if (canonical.length < 2 && !/^\d+$/.test(canonical)) continue;
    if (words.some((w) => w.canonical === canonical)) continue;
    const terms = [stemWord(canonical)];
    if (latin) terms.push(stemEnglish(raw));
    words.push({ canonical, terms: [...new Set(terms)] });
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

interface IndexedService {
  id: number;
  keywords: string;
  name: string;
  category: string;
  keywordsEn: string;
  nameEn: string;
  details: string;
  detailsEn: string;
}

/** Builds the search index over the catalog's services and officers; pure, and fast enough to build at start. */
export function createServiceSearch(catalog: Catalog): ServiceSearch {
  const categoriesOf = (id: number) => catalog.categories.filter((c) => c.services.includes(id));
  const documents: IndexedService[] = catalog.services.map((s) => ({
    id: s.id,
    keywords: documentTerms([...s.keywords.kk, ...s.keywords.ru].join(" ")).join(" "),
    name: documentTerms(`${s.name.kk} ${s.name.ru}`).join(" "),
    category: documentTerms(categoriesOf(s.id).map((c) => `${c.name.kk} ${c.name.ru}`).join(" ")).join(" "),
    keywordsEn: englishTerms(s.keywords.en.join(" ")).join(" "),
    nameEn: englishTerms(`${s.name.en} ${categoriesOf(s.id).map((c) => c.name.en).join(" ")}`).join(" "),
    details: documentTerms(`${detailsSearchText(catalog, s.id, "kk")} ${detailsSearchText(catalog, s.id, "ru")}`).join(" "),
    detailsEn: englishTerms(detailsSearchText(catalog, s.id, "en")).join(" "),
  }));
  const fields = Object.keys(FIELD_BOOSTS) as Field[];
  const index = new MiniSearch<IndexedService>({
    fields,
    tokenize: (text) => text.split(" "),
    processTerm: (term) => term || null,
    searchOptions: {
      boost: FIELD_BOOSTS,
      combineWith: "OR",
      // Above MiniSearch's 0.45/0.375: here most near matches are endings the stemmer left, not noise.
      weights: { fuzzy: 0.6, prefix: 0.5 },
      prefix: (term) => term.length >= 3 && !/^\d+$/.test(term),
      fuzzy: (term) => fuzzyDistance(term),
    },
  });
  index.addAll(documents);

  const officerKeys: OfficerKey[] = catalog.officers.map((officer) => ({
    officer,
    surname: canonicalWord(splitWords(officer.name)[0] ?? ""),
  }));

  return {
    find(query: string, limit = DEFAULT_LIMIT): SearchResult {
      const words = parseQuery(query);
      const officers = officerKeys.filter(({ surname }) => words.some((w) => namesOfficer(w.canonical, surname)));
      // A surname is not a service word: "Оспанова" must not pull in services that merely resemble it.
      const serviceWords = words.filter((w) => !officers.some((k) => namesOfficer(w.canonical, k.surname)));
      const terms = [...new Set(serviceWords.flatMap((w) => w.terms))];
      const officerList = officers.map((k) => k.officer);
      if (terms.length === 0) return { services: [], officers: officerList, confident: false };

      const hits = index.search(terms.join(" "));
      const best = hits[0];
      if (!best) return { services: [], officers: officerList, confident: false };

      const documentTermsMatched = Object.keys(best.match);
      const confident = best.queryTerms.some((term) =>
        documentTermsMatched.some((docTerm) => closeMatch(term, docTerm)),
      );
      const services = hits
        .filter((hit) => hit.score >= best.score * RELATIVE_SCORE_CUTOFF)
        .slice(0, Math.max(0, limit))
        .flatMap((hit) => {
          const service = catalog.serviceById.get(hit.id as number);
          return service ? [{ service, score: hit.score }] : [];
        });
      return { services, officers: officerList, confident };
    },
  };
}
