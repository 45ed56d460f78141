/**
 * Screens that depend only on the language and on what their button names: the main menu, the list of
 * categories, a category, a service card. The catalog and the translations do not change while the bot
 * runs, so each such screen is built once per bot and language and then shared: building one took a
 * dozen Fluent lookups and a keyboard per update, and browsing is most of what people do.
 */
import type { Locale } from "../../domain/catalog.js";
import type { Translate } from "./format.js";
import type { View } from "./view.js";

/**
 * Enough for every screen the catalog can give in every language (24 services × their ways back × 3
 * languages is under a thousand), so it never fills in practice; the bound keeps a bug in a key from
 * growing it without end: past it, screens are built and not kept.
 */
const MAX_SCREENS = 5_000;

/** Freezes a screen down to its buttons: a handler that changed a shared keyboard would change it for everyone. */
function deepFreeze(view: View): Readonly<View> {
  for (const row of view.keyboard?.inline_keyboard ?? []) {
    for (const button of row) Object.freeze(button);
    Object.freeze(row);
  }
  if (view.keyboard) Object.freeze(Object.freeze(view.keyboard).inline_keyboard);
  return Object.freeze(view);
}

/** The built screens of one bot, by language and a key that names everything else a screen depends on. */
export class ScreenCache {
  readonly #views = new Map<string, Readonly<View>>();
  readonly #translators = new Map<Locale, Translate>();

  /** `translatorOf` gives the translations of a language; screens are built with it, not with a context's. */
  constructor(private readonly translatorOf: (locale: Locale) => Translate) {}

  /**
   * The screen of `key` in `locale`, built by `build` the first time. `build` gets that language's
   * translations, so a kept screen is in the language of its key whatever the update's context says.
   * A screen `build` cannot make (undefined) is not kept.
   */
  view(locale: Locale, key: string, build: (t: Translate) => View | undefined): Readonly<View> | undefined {
    const fullKey = `${locale} ${key}`;
    const cached = this.#views.get(fullKey);
    if (cached) return cached;
    const built = build(this.#translator(locale));
    if (built && this.#views.size < MAX_SCREENS) this.#views.set(fullKey, deepFreeze(built));
    return built;
  }

  /** How many screens are kept. */
  get size(): number {
    return this.#views.size;
  }

  #translator(locale: Locale): Translate {
    let t = this.#translators.get(locale);
    if (!t) this.#translators.set(locale, (t = this.translatorOf(locale)));
    return t;
  }
}
