import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bitCount, editDistance, letterMask, splitWords } from "../../src/domain/normalize.js";

/** splitWords as it was defined before it read character by character: the whole text decomposed at once. */
function splitWordsOfWholeText(text: string): string[] {
  const spelt: Record<string, string> = { ş: "sh", ç: "ch", ý: "u", ı: "y" };
  return text
    .toLowerCase()
    .replace(/[şçýı]/g, (ch) => spelt[ch] ?? ch)
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/['’ʼ`´]/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** Letters, marks and signs where decomposing one character and a whole text could part ways. */
const TRICKY = [..."aáäşçýıİIйЙёЁқҚәӘіІөүұңғһ'’ʼ`´ -\u0301\u0306\u0308\u0327\u0307sеиŞÇ😀ﬁǅẞßΣσςÅ\u212b"];

describe("splitWords", () => {
  it("reads any text as decomposing the whole text and dropping its marks does", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (text) => {
        expect(splitWords(text)).toEqual(splitWordsOfWholeText(text));
      }),
      { numRuns: 1_000 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TRICKY), { maxLength: 24 }), (chars) => {
        const text = chars.join("");
        expect(splitWords(text)).toEqual(splitWordsOfWholeText(text));
      }),
      { numRuns: 3_000 },
    );
  });

  it("strips й, ё and accents, spells out ş and ç, and drops apostrophes", () => {
    expect(splitWords("Йогурт, ЁЛКА! şeker çay qoʼl Ә́")).toEqual(["иогурт", "елка", "sheker", "chay", "qol", "ә"]);
  });
});

describe("letterMask", () => {
  it("never tells two words apart by more letters than the edits between them", () => {
    // The search skips its typo walk for a word when no indexed term passes this bound (search.ts,
    // hasTypoOf): were the bound ever above the edits, a typo would go unread.
    const word = fc.array(fc.constantFrom(...[..."абвгдеикнорстуқәіөaeiou"]), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(word, word, (a, b) => {
        const [x, y] = [a.join(""), b.join("")];
        const edits = editDistance(x, y, 24);
        const [mx, my] = [letterMask(x), letterMask(y)];
        expect(Math.max(bitCount(mx & ~my), bitCount(my & ~mx))).toBeLessThanOrEqual(edits);
      }),
      { numRuns: 20_000 },
    );
  });

  it("counts bits", () => {
    expect([0, 1, 0b1011, -1, 0x80000000].map(bitCount)).toEqual([0, 1, 3, 32, 1]);
  });
});
