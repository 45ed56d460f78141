/**
 * The search workload: questions as people type them, by kind (Kazakh, Russian, Latin script, typos,
 * officers' surnames, nonsense), expanded to any count by a seeded generator so every run is the same.
 */
import { pick, seededRandom } from "./stats.js";

export const QUERY_KINDS = ["kk", "ru", "latin", "typo", "officer", "nonsense"] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

export interface BenchQuery {
  kind: QueryKind;
  text: string;
}

const KK = [
  "балабақшаға кезек",
  "балабақшаға орын алу керек",
  "маған балабақша кезегі керек қалай",
  "бірінші сыныпқа жазылу",
  "1 сыныпқа құжат қабылдау",
  "басқа мектепке ауыстыру",
  "үйде оқыту ауру бала",
  "тегін тамақ мектепте",
  "үйірмеге жазылу",
  "жазғы демалыс лагерь",
  "лагерьге жолдама",
  "қорғаншылық анықтама",
  "қамқоршы болу үшін не керек",
  "жетім балаға жәрдемақы",
  "баланың мүлкіне рұқсат",
  "аттестаттың телнұсқасы",
  "мектеп бітіргені туралы құжат жоғалды",
  "баланы асырап алу",
  "патронат тәрбиеші",
  "ата-анасымен кездесу рұқсат",
  "бала пікірін анықтау",
  "сәлеметсіз бе балабақша кезегін қалай тексеремін",
];

const RU = [
  "детсад",
  "как встать в очередь в детский сад",
  "очередь в садик",
  "путевка в садик пришла что делать дальше",
  "зачисление в детский сад документы",
  "запись в первый класс",
  "как записать ребенка в школу",
  "перевод в другую школу",
  "обучение на дому",
  "ребенок болеет не может ходить в школу",
  "сдать экзамены экстерном",
  "бесплатное питание в школе",
  "записать в кружок",
  "спортивная секция для ребенка",
  "путевка в летний лагерь",
  "опекунство оформить",
  "справка об опеке",
  "как стать опекуном сироты",
  "продажа квартиры ребенка разрешение",
  "дубликат аттестата",
  "потерял аттестат что делать",
  "усыновление",
  "приемная семья выплаты",
  "Здравствуйте, подскажите пожалуйста как мне встать в очередь в детский сад?",
  "нужна справка для банка на кредит под залог жилья несовершеннолетнего",
];

const LATIN = [
  "balabaqshaga kezek",
  "detsad ochered",
  "mektepke qabyldau",
  "mektep auystyru",
  "perevod v druguyu shkolu",
  "uyde oqytu",
  "eksternat",
  "tegin tamaq",
  "free school meals",
  "kindergarten waiting list",
  "summer camp",
  "lager putevka",
  "qorganshylyq anyqtama",
  "qamqorshy bolu",
  "guardianship certificate",
  "duplicate of school certificate",
  "adoption",
  "bala baqsha",
  "zapis v pervyi klass",
  "opeka spravka",
];

const OFFICER = [
  "Оспанова",
  "телефон Оспановой",
  "Гирц",
  "номер Гирц В.С.",
  "Магзумоваға хабарласу",
  "Загороднова",
  "Шотпаева телефон",
  "Серикбаева",
  "Абильмажинова М.М.",
  "ospanova",
  "Zagorodnova nomer",
  "Оспанва",
  "Абильмажинову как найти",
];

const NONSENSE_WORDS = [
  "asdfgh",
  "ываыва",
  "qwerty",
  "ъъъ",
  "лалала",
  "123456",
  "xyz",
  "абырвалг",
  "😀",
  "?!",
  "zzzz",
  "ооооо",
];

/** Replaces, drops, doubles or swaps letters, as fast typing on a phone does. */
function misspell(text: string, random: () => number): string {
  const chars = Array.from(text);
  const edits = 1 + Math.floor(random() * 2);
  for (let e = 0; e < edits; e++) {
    const letters = chars.map((c, i) => (/\p{L}/u.test(c) ? i : -1)).filter((i) => i >= 0);
    if (letters.length < 3) break;
    const at = pick(letters, random);
    const op = Math.floor(random() * 4);
    if (op === 0) chars.splice(at, 1);
    else if (op === 1) chars.splice(at, 0, chars[at]!);
    else if (op === 2 && at + 1 < chars.length) [chars[at], chars[at + 1]] = [chars[at + 1]!, chars[at]!];
    else chars[at] = pick(Array.from("аоеиыуэяюкнгшзхфвпрлджчсмтбқғңұүөәі"), random);
  }
  return chars.join("");
}

function nonsense(random: () => number): string {
  const style = Math.floor(random() * 3);
  if (style === 0) {
    // Random letters, up to a long paragraph: the engine cuts at 300 characters, so this bounds the worst case.
    const length = 1 + Math.floor(random() * 400);
    const alphabet = "abcdefghijklmnopqrstuvwxyzабвгдеёжзийклмнопрстуфхцчшщыэюяәғқңөұүһі ";
    return Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
  }
  const words = 1 + Math.floor(random() * 6);
  return Array.from({ length: words }, () => pick(NONSENSE_WORDS, random)).join(" ");
}

/** A query of the given kind. */
export function queryOfKind(kind: QueryKind, random: () => number): string {
  switch (kind) {
    case "kk":
      return pick(KK, random);
    case "ru":
      return pick(RU, random);
    case "latin":
      return pick(LATIN, random);
    case "typo":
      return misspell(pick(random() < 0.5 ? KK : RU, random), random);
    case "officer":
      return pick(OFFICER, random);
    case "nonsense":
      return nonsense(random);
  }
}

const MIX: readonly [QueryKind, number][] = [
  ["ru", 0.25],
  ["kk", 0.2],
  ["latin", 0.15],
  ["typo", 0.2],
  ["officer", 0.1],
  ["nonsense", 0.1],
];

/** `count` queries in the benchmark's mix of kinds, the same for the same seed. */
export function mixedQueries(count: number, seed = 7): BenchQuery[] {
  const random = seededRandom(seed);
  const queries: BenchQuery[] = [];
  for (let i = 0; i < count; i++) {
    let roll = random();
    let kind: QueryKind = "nonsense";
    for (const [k, share] of MIX) {
      if (roll < share) {
        kind = k;
        break;
      }
      roll -= share;
    }
    queries.push({ kind, text: queryOfKind(kind, random) });
  }
  return queries;
}
