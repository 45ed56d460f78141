/**
 * Screens that are the same for everyone who speaks a language (the main menu, the categories, a
 * category, a service card) are built once per language and bot, then reused: building one means
 * Fluent look-ups, catalog walks and a keyboard of 10–20 buttons on every press.
 *
 * A cached screen is rendered with the bot's I18n for the given locale, never with an update's ctx.t,
 * so one user's context cannot leak into another's screen; it is frozen, so a caller that tried to
 * change a shared keyboard would fail at once (in tests) instead of changing it for everyone. Callers
 * ask only for screens of what the catalog has (never for ids taken unchecked from a button), so the
 * keys are bounded by the catalog: locales × screens.
 */
import type { I18n } from "@grammyjs/i18n";
import type { Locale } from "../../domain/catalog.js";
import type { Translate } from "./format.js";
import type { View } from "./view.js";

/** Freezes a view and its keyboard's rows and buttons. */
function freeze(view: View): View {
  for (const row of view.keyboard?.inline_keyboard ?? []) {
    for (const button of row) Object.freeze(button);
    Object.freeze(row);
  }
  if (view.keyboard) {
    Object.freeze(view.keyboard.inline_keyboard);
    Object.freeze(view.keyboard);
  }
  return Object.freeze(view);
}

const caches = new WeakMap<object, Map<string, View>>();

/**
 * The screen `key` in `locale`, built by `build` the first time for this bot (its I18n): `build` gets
 * a translator bound to that locale.
 */
export function cachedScreen(i18n: Pick<I18n, "t">, locale: Locale, key: string, build: (t: Translate) => View): View {
  let cache = caches.get(i18n);
  if (!cache) caches.set(i18n, (cache = new Map()));
  const fullKey = `${locale}\u0000${key}`;
  let view = cache.get(fullKey);
  if (!view) cache.set(fullKey, (view = freeze(build((messageKey, variables) => i18n.t(locale, messageKey, variables)))));
  return view;
}
