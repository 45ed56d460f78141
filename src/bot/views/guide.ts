import { InlineKeyboard } from "grammy";
import type { Locale } from "../../domain/catalog.js";
import type { Guide, GuideNode } from "../../domain/guide.js";
import { encodeRoute } from "../callback-data.js";
import type { Translate } from "./format.js";
import { navigationRow } from "./menu.js";
import type { View } from "./view.js";

/** The question that leads to each node, for the Back button (the first one where there are several). */
export function guideParents(guide: Guide): ReadonlyMap<string, string> {
  const parents = new Map<string, string>();
  for (const node of guide.nodeById.values()) {
    for (const option of node.options)
      if ("next" in option && !parents.has(option.next)) parents.set(option.next, node.id);
  }
  return parents;
}

/** One question of the guided tree with its answers as buttons; a service answer opens the card. */
export function guideView(
  t: Translate,
  guide: Guide,
  parents: ReadonlyMap<string, string>,
  locale: Locale,
  node: GuideNode,
): View {
  const keyboard = new InlineKeyboard();
  for (const option of node.options) {
    const data =
      "next" in option
        ? encodeRoute({ kind: "guide", nodeId: option.next })
        : encodeRoute({ kind: "service", serviceId: option.service, back: { to: "guide", nodeId: node.id } });
    keyboard.text(option.label[locale], data).row();
  }
  const parent = parents.get(node.id);
  const back =
    node.id === guide.root.id
      ? encodeRoute({ kind: "main" })
      : encodeRoute({ kind: "guide", ...(parent ? { nodeId: parent } : {}) });
  return { text: `🧭 ${node.question[locale]}`, keyboard: navigationRow(t, keyboard, back) };
}
