/**
 * Who handles what right now: owners, covers and the admins' fallback. Every request has someone
 * responsible at every moment: its owner, or the officer covering the owner that day; when neither has a
 * linked Telegram user (or nobody owns it), the admins.
 */
import type { Service } from "../domain/catalog.js";
import { actsForOn, handlerOn } from "../domain/desk.js";
import type { Actor, PreApplication } from "../domain/preapplication.js";
import type { Audience } from "../domain/reminder-plan.js";
import type { AppDeps } from "./ports.js";

type RoutingDeps = Pick<AppDeps, "config" | "stores" | "calendar">;

const dayOf = (deps: Pick<AppDeps, "calendar">, at: number) => deps.calendar.localDayOf(new Date(at));

/** The officer who handles `officerId`'s requests at `at`: their substitute during a cover, else themselves. */
export async function handlerAt(deps: RoutingDeps, officerId: string, at: number): Promise<string> {
  return handlerOn(await deps.stores.covers.all(), officerId, dayOf(deps, at));
}

/** The Telegram users to tell about a request at `at`, for an audience; the admins when nobody else can hear. */
export async function recipientsAt(
  deps: RoutingDeps,
  app: PreApplication,
  audience: Audience,
  at: number,
): Promise<number[]> {
  if (audience === "citizen") return [app.citizenChatId];
  if (audience === "owner" && app.ownerId !== undefined) {
    const users = await deps.stores.officerLinks.usersOf(await handlerAt(deps, app.ownerId, at));
    if (users.length > 0) return users;
  }
  return [...deps.config.adminIds];
}

/** Who owns a new request for the service: its officer if they, or whoever covers them now, can hear it. */
export async function ownerForNew(deps: RoutingDeps, service: Service, now: number): Promise<string | undefined> {
  const users = await deps.stores.officerLinks.usersOf(await handlerAt(deps, service.officer, now));
  return users.length > 0 ? service.officer : undefined;
}

/** Who a Telegram user is to the bot now: an admin, a linked officer (with whoever they cover today), or a citizen. */
export async function actorOf(deps: RoutingDeps & Pick<AppDeps, "clock">, userId: number): Promise<Actor> {
  if (deps.config.adminIds.includes(userId)) return { kind: "admin", userId };
  const officerId = await deps.stores.officerLinks.officerOf(userId);
  if (!officerId) return { kind: "citizen", userId };
  const actsFor = actsForOn(await deps.stores.covers.all(), officerId, dayOf(deps, deps.clock.now()));
  return { kind: "officer", userId, officerId, actsFor };
}
