/**
 * Memoizes what @grammyjs/i18n recomputes on every translation, as a small wrapper around its Fluent
 * instance rather than a fork. On each `t()` it negotiates the locale afresh (`matchBundles`:
 * @fluent/langneg parses every available locale and builds a new list of bundles) and formats the
 * message even when it takes no variables. Here:
 *  - the bundles matched for a locale list are remembered (the bundles are all loaded when the I18n is
 *    built, from the locales directory, and never added afterwards);
 *  - a message without variables is formatted once per locale: Fluent's output then depends only on the
 *    message and the locale.
 * Messages with variables are still formatted each time. A plain memo is enough: the keys are the few
 * locales times the message ids in the .ftl files, a bounded set.
 * Worth offering upstream: `Fluent.matchBundles` could keep the same memo itself.
 */
import type { I18n } from "@grammyjs/i18n";

type Fluent = I18n["fluent"];
type Translate = Fluent["translate"];

/** The private method memoized here; checked at run time, so an upstream rename only loses the memo. */
interface WithMatchBundles {
  matchBundles?: (locales: readonly string[]) => unknown;
}

const isEmpty = (variables: object | undefined) => {
  if (variables === undefined) return true;
  for (const _ in variables) return false;
  return true;
};

/** Installs the memos on `i18n.fluent`; returns the same I18n. */
export function memoizeTranslations<T extends I18n<never>>(i18n: T): T {
  const fluent = i18n.fluent;
  const inner = fluent as unknown as WithMatchBundles;
  if (typeof inner.matchBundles === "function") {
    const match = inner.matchBundles.bind(fluent);
    const matched = new Map<string, unknown>();
    inner.matchBundles = (locales) => {
      const key = locales.join("\u0000");
      let bundles = matched.get(key);
      if (bundles === undefined) matched.set(key, (bundles = match(locales)));
      return bundles;
    };
  }
  const translate = fluent.translate.bind(fluent) as Translate;
  const plain = new Map<string, string>();
  fluent.translate = ((locale, path, variables) => {
    if (!isEmpty(variables) || Array.isArray(locale)) return translate(locale, path, variables);
    const key = `${String(locale)}\u0000${path}`;
    let text = plain.get(key);
    if (text === undefined) plain.set(key, (text = translate(locale, path, variables)));
    return text;
  }) as Translate;
  return i18n;
}
