import { InlineKeyboard } from "grammy";
import type { InlineQueryResultArticle } from "grammy/types";
import type { Catalog, Locale, Service } from "../../domain/catalog.js";
import type { SearchResult } from "../../domain/search.js";
import { encodeRoute } from "../callback-data.js";
import { cardText, describeTime } from "./card.js";
import { describeChannel, escapeHtml, formatPhone, truncate, type Translate } from "./format.js";
import { navigationRow, serviceButtonLabel, shortNamesOf } from "./menu.js";
import type { View } from "./view.js";

/** How much of the user's query is quoted back; the rest is cut with an ellipsis. */
const QUOTED_QUERY_MAX = 60;

/**
 * The answer to a free-text question, by the search's verdict: a clear winner first with its reason, a
 * close call side by side, a referral to another office, a word back to small talk, or "nothing found";
 * officers named in the query come first. Every screen but a confident one offers the topics and the
 * guided questions, so none is a dead end.
 */
export function searchResultsView(
  t: Translate,
  catalog: Catalog,
  locale: Locale,
  query: string,
  result: SearchResult,
  phoneAreaCode?: string,
): View {
  const quoted = escapeHtml(truncate(query.replace(/\s+/g, " ").trim(), QUOTED_QUERY_MAX));
  const keyboard = new InlineKeyboard();
  const lines: string[] = [];
  if (result.readAs !== undefined && result.verdict !== "smalltalk")
    lines.push(
      t("search-read-as", { text: escapeHtml(truncate(result.readAs.replace(/\s+/g, " ").trim(), QUOTED_QUERY_MAX)) }),
      "",
    );
  if (result.officers.length > 0) {
    lines.push(t("search-officers"));
    for (const officer of result.officers) {
      lines.push(
        t("officer-entry", {
          name: escapeHtml(officer.name),
          phone: escapeHtml(formatPhone(officer.phone, phoneAreaCode)),
        }),
      );
      lines.push(t("officer-services", { services: escapeHtml(shortNamesOf(catalog, officer.id, locale)) }));
      keyboard
        .text(
          t("officer-contact-button", { name: officer.name }),
          encodeRoute({ kind: "officerContact", officerId: officer.id }),
        )
        .row();
    }
    lines.push("");
  }
  // The buttons are the list: each opens the card, whose Back returns to these results.
  const listServices = (services: SearchResult["services"]) => {
    for (const { service } of services) {
      keyboard
        .text(
          serviceButtonLabel(service.id, service.short[locale]),
          encodeRoute({ kind: "service", serviceId: service.id, back: { to: "results" } }),
        )
        .row();
    }
  };
  switch (result.verdict) {
    case "answer":
      lines.push(
        t("search-answer", {
          query: quoted,
          reason: escapeHtml(result.reason.join(", ")),
          count: result.services.length,
        }),
      );
      listServices(result.services);
      break;
    case "choice":
      lines.push(t("search-choice", { query: quoted }));
      listServices(result.services.slice(0, 3));
      break;
    case "referral":
      lines.push(
        t("search-referral", {
          topic: escapeHtml(result.referral!.topic[locale]),
          where: escapeHtml(result.referral!.where[locale]),
        }),
      );
      // The service of ours the referral names is one press away, not a number to look up.
      listServices(
        (result.referral!.services ?? []).flatMap((id) => {
          const service = catalog.serviceById.get(id);
          return service ? [{ service, score: 0 }] : [];
        }),
      );
      break;
    case "smalltalk":
      lines.push(t(`search-smalltalk-${result.smallTalk ?? "greeting"}`));
      break;
    case "nothing":
      if (result.officers.length === 0) lines.push(t("search-nothing", { query: quoted }));
      break;
  }
  if (!result.confident) {
    keyboard
      .text(t("menu-categories"), encodeRoute({ kind: "categories" }))
      .text(t("menu-guide"), encodeRoute({ kind: "guide" }));
  }
  return { text: lines.join("\n").trim(), keyboard: navigationRow(t, keyboard) };
}

/** A service as an inline-mode result: the card to post, and a button that opens it in the bot. */
export function inlineServiceResult(
  t: Translate,
  catalog: Catalog,
  locale: Locale,
  service: Service,
  deepLink: string,
  phoneAreaCode?: string,
): InlineQueryResultArticle {
  const times = [...new Set(service.time.map((time) => describeTime(t, time)))].join(" / ");
  const channels = service.channels.map((channel) => describeChannel(t, channel).split(" (")[0]).join(", ");
  return {
    type: "article",
    id: `s${service.id}`,
    title: `${service.id}. ${service.short[locale]}`,
    description: truncate(`${channels} · ${times}`, 200),
    input_message_content: {
      message_text: cardText(t, catalog, locale, service, { phoneAreaCode }),
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    },
    reply_markup: new InlineKeyboard().url(t("inline-open-bot"), deepLink),
  };
}
