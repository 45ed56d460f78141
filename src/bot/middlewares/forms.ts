/**
 * The conversations plugin (forms), with the open forms kept in Redis when the stores have it; a form
 * that cannot be read while Redis is away counts as none, except on the form's own buttons.
 */
import { type Context } from "grammy";
import { conversations } from "@grammyjs/conversations";
import { resilientFormStorage } from "../../store/resilient-storage.js";
import { isFormButton } from "../callback-data.js";
import type { BotContext, BotDeps } from "../context.js";

export function forms(deps: BotDeps) {
  const stored = deps.stores.forms;
  return conversations<BotContext, Context>(
    stored
      ? {
          storage: {
            type: "context",
            version: 1,
            adapter: resilientFormStorage(stored, {
              onError: (error) => deps.logger.warn({ err: (error as Error).message }, "form storage unavailable"),
              needsForm: (ctx) => isFormButton(ctx.callbackQuery?.data),
            }),
          },
        }
      : {},
  );
}
