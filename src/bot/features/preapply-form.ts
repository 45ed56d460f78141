/**
 * The citizen's pre-application form, a @grammyjs/conversations v2 conversation whose state lives in
 * Redis (stores.forms), so a restart mid-form loses nothing. Steps: consent, name, phone, channel,
 * comment, then Confirm / Edit / Cancel. Anything unexpected (a sticker, a photo, a command, an old
 * button) gets a reminder of what is expected and the form goes on; /cancel leaves it from any step.
 *
 * Replay: the function re-runs from the top on every update, so everything that reads or writes
 * state or time goes through conversation.external. Texts come from i18n.t with the locale fixed when
 * the form was entered, since conversation contexts do not pass through the session and i18n plugins.
 */
import { InlineKeyboard, Keyboard, type Context } from "grammy";
import type { Conversation } from "@grammyjs/conversations";
import type { Channel, Locale, Service } from "../../domain/catalog.js";
import { formatPhone as formatE164, normalizePhone } from "../../domain/phone.js";
import { MAX_COMMENT_CHARS, validateApplicantName, validateComment } from "../../domain/preapplication.js";
import type { App, FormDraft, Log } from "../../app/index.js";
import type { BotContext, BotDeps } from "../context.js";
import { describeChannel } from "../views/card.js";
import { escapeHtml, type Translate } from "../views/format.js";
import { mainMenuView } from "../views/menu.js";
import { promiseText, summaryText } from "../views/preapplication.js";
import { isServiceUnavailable } from "../errors.js";

export const PREAPPLY_FORM = "preapply";

type FormConversation = Conversation<BotContext, Context>;

/** Thrown by the step helpers when the citizen presses the form's Cancel button. */
class FormCancelled extends Error {}

const LIMIT_KEYS = { limit_service: "form-limit-service", limit_total: "form-limit-total", invalid: "error-generic", unknown_service: "deeplink-unknown" } as const;

/** Builds the form on the bot's dependencies; registered with createConversation under PREAPPLY_FORM. */
export function createPreapplyForm(deps: BotDeps, appFor: (log: Log) => App) {
  const { catalog, calendar, config, i18n } = deps;

  return async function preapply(conversation: FormConversation, ctx: Context, serviceId: number, locale: Locale): Promise<void> {
    const t: Translate = (key, vars) => i18n.t(locale, key, vars);
    const service = catalog.serviceById.get(serviceId);
    const user = ctx.from;
    if (!service || !user) return;
    const cancelRow = () => new InlineKeyboard().text(t("form-cancel-button"), "f:cancel");
    /** The update being handled, so the form's log lines carry its id like every other line. */
    let current: Context = ctx;
    const log = () => deps.logger.child({ updateId: current.update.update_id });
    const app = () => appFor(log());

    /** Waits for the next update of the form; the form's Cancel button ends it from any step. */
    async function waitAnswer(): Promise<Context> {
      const next = await conversation.wait();
      current = next;
      if (next.callbackQuery?.data === "f:cancel") {
        await next.answerCallbackQuery();
        throw new FormCancelled();
      }
      return next;
    }

    /** Says what the step expects: as a button's notice for a press, as a message otherwise. */
    async function hint(next: Context, key: string): Promise<void> {
      if (next.callbackQuery) await next.answerCallbackQuery({ text: t(key) });
      else await next.reply(t(key));
    }

    /** Waits for one of the form's buttons; anything else gets a reminder. */
    async function waitButton(allowed: readonly string[]): Promise<string> {
      for (;;) {
        const next = await waitAnswer();
        const data = next.callbackQuery?.data;
        if (data && allowed.includes(data)) {
          await next.answerCallbackQuery();
          return data;
        }
        await hint(next, "form-use-buttons");
      }
    }

    /** Waits for a text answer that passes `validate`, repeating the step's hint on anything else. */
    async function waitText(hintKey: string, validate: (text: string) => { ok: true; value: string } | { ok: false; errorKey: string }, skippable = false): Promise<string | undefined> {
      for (;;) {
        const next = await waitAnswer();
        if (skippable && next.callbackQuery?.data === "f:skip") {
          await next.answerCallbackQuery();
          return undefined;
        }
        const text = next.message?.text;
        if (text !== undefined && !text.startsWith("/")) {
          const checked = validate(text);
          if (checked.ok) return checked.value;
          await next.reply(t(checked.errorKey, { max: MAX_COMMENT_CHARS }));
          continue;
        }
        await hint(next, hintKey);
      }
    }

    async function askName(): Promise<string> {
      await ctx.reply(t("form-ask-name"), { reply_markup: cancelRow() });
      return (await waitText("form-hint-name", (text) => {
        const v = validateApplicantName(text);
        return v.ok ? v : { ok: false, errorKey: `name-problem-${v.problem}` };
      }))!;
    }

    async function askPhone(): Promise<string> {
      const keyboard = new Keyboard().requestContact(t("form-share-phone")).resized().oneTime();
      await ctx.reply(t("form-ask-phone"), { reply_markup: keyboard });
      for (;;) {
        const next = await waitAnswer();
        const contact = next.message?.contact;
        const typed = next.message?.text;
        if (contact && contact.user_id !== undefined && contact.user_id !== user!.id) {
          await next.reply(t("form-phone-not-own"));
          continue;
        }
        const raw = contact?.phone_number ?? (typed && !typed.startsWith("/") ? typed : undefined);
        if (raw === undefined) {
          await hint(next, "form-hint-phone");
          continue;
        }
        const phone = normalizePhone(contact && !raw.startsWith("+") ? `+${raw}` : raw);
        if (phone.ok) {
          await next.reply(t("form-phone-saved", { phone: formatE164(phone.e164) }), { reply_markup: { remove_keyboard: true } });
          return phone.e164;
        }
        await next.reply(t(`phone-problem-${phone.problem}`));
      }
    }

    async function askChannel(s: Service): Promise<Channel> {
      if (s.channels.length === 1) return s.channels[0]!;
      const keyboard = new InlineKeyboard();
      for (const channel of s.channels) keyboard.text(describeChannel(t, channel), `f:ch:${channel}`).row();
      await ctx.reply(t("form-ask-channel"), { reply_markup: keyboard.text(t("form-cancel-button"), "f:cancel") });
      const chosen = await waitButton(s.channels.map((c) => `f:ch:${c}`));
      return chosen.slice("f:ch:".length) as Channel;
    }

    async function askComment(): Promise<string | undefined> {
      const keyboard = new InlineKeyboard().text(t("form-skip-button"), "f:skip").text(t("form-cancel-button"), "f:cancel");
      await ctx.reply(t("form-ask-comment", { max: MAX_COMMENT_CHARS }), { reply_markup: keyboard });
      return waitText(
        "form-hint-comment",
        (text) => {
          const v = validateComment(text);
          return v.ok ? { ok: true, value: v.value ?? "" } : { ok: false, errorKey: "comment-too-long" };
        },
        true,
      );
    }

    try {
      const limited = await conversation.external(() => app().checkLimits(user.id, service.id));
      if (limited && !limited.ok) {
        await ctx.reply(t(LIMIT_KEYS[limited.reason]));
        return;
      }
      await ctx.reply(t("form-consent", { days: config.retentionDays, service: escapeHtml(service.name[locale]) }), {
        reply_markup: new InlineKeyboard().text(t("form-consent-yes"), "f:yes").text(t("form-consent-no"), "f:no"),
      });
      if ((await waitButton(["f:yes", "f:no"])) === "f:no") {
        const menu = mainMenuView(t);
        await ctx.reply(t("form-no-consent"), { reply_markup: menu.keyboard });
        return;
      }
      const draft: FormDraft = { serviceId: service.id, applicantName: await askName(), phone: await askPhone(), channel: "portal" };
      draft.channel = await askChannel(service);
      const comment = await askComment();
      if (comment) draft.comment = comment;

      for (;;) {
        const keyboard = new InlineKeyboard()
          .text(t("form-confirm-button"), "f:ok")
          .row()
          .text(t("form-edit-button"), "f:edit")
          .text(t("form-cancel-button"), "f:cancel");
        await ctx.reply(summaryText(t, catalog, locale, draft), { reply_markup: keyboard });
        const choice = await waitButton(["f:ok", "f:edit"]);
        if (choice === "f:edit") {
          const fields = new InlineKeyboard()
            .text(t("field-name"), "f:e:name")
            .text(t("field-phone"), "f:e:phone")
            .row()
            .text(t("field-channel"), "f:e:channel")
            .text(t("field-comment"), "f:e:comment");
          await ctx.reply(t("form-edit-which"), { reply_markup: fields });
          const field = await waitButton(["f:e:name", "f:e:phone", "f:e:channel", "f:e:comment"]);
          if (field === "f:e:name") draft.applicantName = await askName();
          if (field === "f:e:phone") draft.phone = await askPhone();
          if (field === "f:e:channel") draft.channel = await askChannel(service);
          if (field === "f:e:comment") {
            const edited = await askComment();
            if (edited) draft.comment = edited;
            else delete draft.comment;
          }
          continue;
        }
        const submitted = await conversation.external(async () => {
          try {
            return await app().submit({ userId: user.id, chatId: user.id, locale }, draft);
          } catch (error) {
            log().error({ err: error }, "pre-application could not be stored");
            return { ok: false as const, reason: isServiceUnavailable(error) ? ("unavailable" as const) : ("failed" as const) };
          }
        });
        if (submitted.ok) {
          // The department, not a person, until someone owns the request.
          const handler = submitted.handlerId === undefined ? undefined : catalog.officerById.get(submitted.handlerId)?.name;
          const text = t("form-done", { ref: submitted.app.ref, promise: promiseText(t, submitted.app, handler, locale, calendar.timeZone) });
          await ctx.reply(text, { reply_markup: mainMenuView(t).keyboard });
          return;
        }
        if (submitted.reason === "unavailable" || submitted.reason === "failed") {
          await ctx.reply(t(submitted.reason === "unavailable" ? "form-store-unavailable" : "error-generic"));
          continue;
        }
        await ctx.reply(t(LIMIT_KEYS[submitted.reason]));
        return;
      }
    } catch (error) {
      if (!(error instanceof FormCancelled)) throw error;
      await ctx.reply(t("form-cancelled"), { reply_markup: { remove_keyboard: true } });
    }
  };
}
