/**
 * One way to write a form step, for every form (the pre-application form, the reject form): ask, wait,
 * validate, hint, leave. Built on conversations v2: `conversation.wait()` for the next update and
 * `conversation.halt({ next: true })` to leave the form on a command or a menu button, which then goes
 * on to the features. A plain `waitFor(..., { otherwise })` is not enough here: each step answers a wrong
 * update with a hint of its own (a button notice for a press, a message otherwise), validation errors
 * name the problem, and a command or a menu button must win at every step. Cancel never gets here: the
 * ways out (forms/exits.ts) run before the forms.
 */
import type { Context } from "grammy";
import type { Conversation } from "@grammyjs/conversations";
import { decodeRoute, encodeRoute, ROUTES, type Route, type RouteKind } from "../callback-data.js";
import type { BotContext } from "../context.js";
import type { Translate } from "../views/format.js";
import { mainMenuView } from "../views/menu.js";

export type FormConversation = Conversation<BotContext, Context>;

/**
 * Answers one form takes before it closes. A form replays its whole history on every update, so its
 * record and its CPU per update grow with each answer (about 0.7 KB per answer); a complete form with
 * every field edited once takes 18. Counted in `next`, which sees every update the form takes.
 */
export const MAX_FORM_ANSWERS = 30;

/** A step's check of a typed answer: the value to keep, or the locale key (and vars) of the problem. */
export type Validate<T> = (
  text: string,
) => { ok: true; value: T } | { ok: false; errorKey: string; vars?: Record<string, string | number> };

export interface ButtonOptions<R> {
  /** The message the step sent its buttons on. */
  on?: { message_id: number };
  /** Which of the step's routes are acceptable (e.g. the service's own channels). */
  allowed?: (route: R) => boolean;
  hintKey?: string;
}

export interface FormSteps {
  /** The form's translations, in the language fixed when the form was entered. */
  t: Translate;
  /** The update being handled (the form's log lines carry its id). */
  current(): Context;
  /** The next update; a command or a menu button leaves the form (saying so) and goes on to the features. */
  next(): Promise<Context>;
  /**
   * Says what the step expects, and how to leave the form: as a button's notice for a press (whose
   * message is outdated, so its keyboard goes), as a message otherwise.
   */
  hint(ctx: Context, key: string, vars?: Record<string, string | number>): Promise<void>;
  /** Shows the answer of the button just pressed on its message (`prompt`, as sent), dropping its keyboard. */
  answered(prompt: string, choice: string): Promise<void>;
  /**
   * Waits for a press of one of `kinds` (form buttons) on the step's own message `on` (when given: the
   * same buttons on an older message, e.g. an abandoned form's consent, are outdated); anything else
   * gets `hintKey`.
   */
  button<K extends RouteKind>(
    kinds: readonly K[],
    options?: ButtonOptions<Extract<Route, { kind: K }>>,
  ): Promise<Extract<Route, { kind: K }>>;
  /**
   * Waits for a text answer that passes `validate`; a command, another kind of message or another
   * button gets the step's hint. With `skip`, the form's Skip button answers undefined.
   */
  text<T>(options: {
    hintKey: string;
    hintVars?: Record<string, string | number>;
    validate: Validate<T>;
    skip?: boolean;
  }): Promise<T | undefined>;
}

/**
 * Whether an update leaves the form rather than answering it: any command (/start, a deep link, /help,
 * /my…) and any button that is not a form's (the main menu, a card, an old screen's Back).
 */
function leavesForm(update: Context): boolean {
  const entity = update.message?.entities?.[0];
  if (entity?.type === "bot_command" && entity.offset === 0) return true;
  const data = update.callbackQuery?.data;
  const route = data === undefined ? undefined : decodeRoute(data);
  return route !== undefined && ROUTES[route.kind].form !== true;
}

/** The form's step helpers. */
export function formSteps(conversation: FormConversation, first: Context, t: Translate): FormSteps {
  let current = first;
  let answers = 0;

  async function next(): Promise<Context> {
    const update = await conversation.wait();
    current = update;
    if (leavesForm(update)) {
      // The features answer the update itself; the form only says it is gone (and takes its reply keyboard).
      await update.reply(t("form-left"), { reply_markup: { remove_keyboard: true } });
      return conversation.halt({ next: true });
    }
    if (++answers > MAX_FORM_ANSWERS) {
      if (update.callbackQuery) await update.answerCallbackQuery();
      await update.reply(t("form-too-many-answers"), { reply_markup: mainMenuView(t).keyboard });
      return conversation.halt();
    }
    return update;
  }

  async function hint(ctx: Context, key: string, vars?: Record<string, string | number>): Promise<void> {
    const text = `${t(key, vars)}\n${t("form-how-to-leave")}`;
    if (!ctx.callbackQuery) {
      await ctx.reply(text);
      return;
    }
    await ctx.answerCallbackQuery({ text });
    // The steps take every button of the message they are waiting on, so this press came from an older
    // message: its keyboard goes. Best effort: a message too old to edit changes nothing for the form.
    await ctx.editMessageReplyMarkup().catch(() => undefined);
  }

  async function answered(prompt: string, choice: string): Promise<void> {
    // Without reply_markup, the edited message loses its keyboard. Best effort, like the hint's edit.
    await current.editMessageText(`${prompt}\n\n${t("form-chosen", { choice })}`).catch(() => undefined);
  }

  return {
    t,
    current: () => current,
    next,
    hint,
    answered,
    async button(kinds, { on, allowed, hintKey = "form-use-buttons" } = {}) {
      for (;;) {
        const update = await next();
        const data = update.callbackQuery?.data;
        const route = data === undefined ? undefined : decodeRoute(data);
        const fromStep = on === undefined || update.callbackQuery?.message?.message_id === on.message_id;
        if (
          route &&
          fromStep &&
          (kinds as readonly RouteKind[]).includes(route.kind) &&
          (!allowed || allowed(route as never))
        ) {
          await update.answerCallbackQuery();
          return route as never;
        }
        await hint(update, hintKey);
      }
    },
    async text({ hintKey, hintVars, validate, skip = false }) {
      const skipData = encodeRoute({ kind: "formSkip" });
      for (;;) {
        const update = await next();
        if (skip && update.callbackQuery?.data === skipData) {
          await update.answerCallbackQuery();
          return undefined;
        }
        const text = update.message?.text;
        if (text !== undefined && !text.startsWith("/")) {
          const checked = validate(text);
          if (checked.ok) return checked.value;
          await update.reply(t(checked.errorKey, checked.vars));
          continue;
        }
        await hint(update, hintKey, hintVars);
      }
    },
  };
}
