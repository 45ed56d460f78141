/**
 * The button router (src/bot/router.ts): every route of the table has exactly one handler in the bot
 * (a route without one would be answered as stale), and a second handler for a kind is refused when
 * the bot is built rather than silently shadowed.
 */
import { describe, expect, it } from "vitest";
import { FEATURE_BUTTONS } from "../../src/bot/bot.js";
import { ROUTES, type RouteKind } from "../../src/bot/callback-data.js";
import { onRoute, routeButtons, RouteHandlers } from "../../src/bot/router.js";

describe("the button router", () => {
  it("has one handler for every route but the buttons only a running form answers", () => {
    const handled = FEATURE_BUTTONS.flatMap((table) => [...table.byKind.keys()]).sort();
    // formCancel is answered by forms/exits.ts (even with no form open); formConfirm by a route handler too.
    const formOnly = new Set<RouteKind>([
      "formCancel",
      "formConsent",
      "formChannel",
      "formSkip",
      "formEdit",
      "formFiledDay",
      "formEditField",
    ]);
    const expected = (Object.keys(ROUTES) as RouteKind[]).filter((kind) => !formOnly.has(kind)).sort();
    expect(handled).toEqual(expected);
    expect(() => routeButtons(...FEATURE_BUTTONS)).not.toThrow();
  });

  it("refuses a second handler for a route kind, in one table or across two", async () => {
    const first = new RouteHandlers();
    onRoute(first, "main", async () => undefined);
    expect(() => onRoute(first, "main", async () => undefined)).toThrow(/two handlers.*"main"/);
    const second = new RouteHandlers();
    onRoute(second, "main", async () => undefined);
    expect(() => routeButtons(first, second)).toThrow(/two handlers.*"main"/);
  });
});
