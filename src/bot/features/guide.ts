/** The guided questions ("which service do I need?"): a tree from catalog/guide.yaml, walked by buttons. */
import { answerStaleButton, onRoute, RouteHandlers } from "../router.js";
import { showView } from "../show.js";
import { guideParents, guideView } from "../views/guide.js";

export const guideButtons = new RouteHandlers();
const parentsByGuide = new WeakMap<object, ReadonlyMap<string, string>>();

onRoute(guideButtons, "guide", async (ctx, route) => {
  const tree = ctx.deps.guide;
  const node = route.nodeId ? tree.nodeById.get(route.nodeId) : tree.root;
  if (!node) return answerStaleButton(ctx);
  let parents = parentsByGuide.get(tree);
  if (!parents) parentsByGuide.set(tree, (parents = guideParents(tree)));
  await ctx.answerCallbackQuery();
  await showView(ctx, guideView(ctx.t.bind(ctx), tree, parents, ctx.locale, node));
});
