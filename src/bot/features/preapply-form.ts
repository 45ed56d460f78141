/**
 * The citizen's pre-application form, a @grammyjs/conversations v2 conversation whose state lives in
 * Redis (stores.forms), so a restart mid-form loses nothing. Steps: consent, name, phone, channel,
 * comment, then Confirm / Edit / Cancel. Anything unexpected (a sticker, a photo, a command, an old
 * button) gets a reminder of what is expected and the form goes on; /cancel leaves it from any step.
 * The steps are written with forms/steps.ts, like every form.
 *
 * Replay: the function re-runs from the top on every update, so everything that reads or writes
 * state or time goes through conversation.external. Texts come from i18n.t with the locale fixed when
 * the form was entered, since conversation contexts do not pass through the session and i18n plugins.
 */
import { InlineKeyboard, Keyboard, type Context } from "grammy";
import type { Channel, Locale, Service } from "../../domain/catalog.js";
import { formatPhone as formatE164, normalizePhone } from "../../domain/phone.js";
import { MAX_COMMENT_CHARS, validateApplicantName, validateComment } from "../../domain/preapplication.js";
import type { App, FormDraft, Log } from "../../app/index.js";
import type { BotDeps } from "../context.js";
import { encodeRoute, type FormField } from "../callback-data.js";
import { formSteps, type FormConversation } from "../forms/steps.js";
import { describeChannel } from "../views/card.js";
import { escapeHtml, type Translate } from "../views/format.js";
import { mainMenuView } from "../views/menu.js";
import { promiseText, summaryText } from "../views/preapplication.js";
import { isServiceUnavailable } from "../errors.js";

export const PREAPPLY_FORM = "preapply";

const LIMIT_KEYS = { limit_service: "form-limit-service", limit_total: "form-limit-total", invalid: "error-generic", unknown_service: "deeplink-unknown" } as const;

/** Builds the form on the bot's dependencies; registered with createConversation under PREAPPLY_FORM. */
export function createPreapplyForm(deps: BotDeps, appFor: (log: Log) => App) {
  const { catalog, calendar, config, i18n } = deps;

  return async function preapply(conversation: FormConversation, ctx: Context, serviceId: number, locale: Locale): Promise<void> {
    const t: Translate = (key, vars) => i18n.t(locale, key, vars);
    const service = catalog.serviceById.get(serviceId);
    const user = ctx.from;
    if (!service || !user) return;
    const steps = formSteps(conversation, ctx, t, (update) => update.reply(t("form-cancelled"), { reply_markup: { remove_keyboard: true } }));
    const cancelRow = () => new InlineKeyboard().text(t("form-cancel-button"), encodeRoute({ kind: "formCancel" }));
    /** The form's log lines carry the id of the update being handled, like every other line. */
    const log = () => deps.logger.child({ updateId: steps.current().update.update_id });
    const app = () => appFor(log());

    async function askName(): Promise<string> {
      await ctx.reply(t("form-ask-name"), { reply_markup: cancelRow() });
      return (await steps.text({
        hintKey: "form-hint-name",
        validate: (text) => {
          const v = validateApplicantName(text);
          return v.ok ? v : { ok: false, errorKey: `name-problem-${v.problem}` };
        },
      }))!;
    }

    async function askPhone(): Promise<string> {
      const keyboard = new Keyboard().requestContact(t("form-share-phone")).resized().oneTime();
      await ctx.reply(t("form-ask-phone"), { reply_markup: keyboard });
      for (;;) {
        const next = await steps.next();
        const contact = next.message?.contact;
        const typed = next.message?.text;
        if (contact && contact.user_id !== undefined && contact.user_id !== user!.id) {
          await next.reply(t("form-phone-not-own"));
          continue;
        }
        const raw = contact?.phone_number ?? (typed && !typed.startsWith("/") ? typed : undefined);
        if (raw === undefined) {
          await steps.hint(next, "form-hint-phone");
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
      for (const channel of s.channels) keyboard.text(describeChannel(t, channel), encodeRoute({ kind: "formChannel", channel })).row();
      await ctx.reply(t("form-ask-channel"), { reply_markup: keyboard.text(t("form-cancel-button"), encodeRoute({ kind: "formCancel" })) });
      return (await steps.button(["formChannel"], (route) => s.channels.includes(route.channel))).channel;
    }

    async function askComment(): Promise<string | undefined> {
      const keyboard = new InlineKeyboard()
        .text(t("form-skip-button"), encodeRoute({ kind: "formSkip" }))
        .text(t("form-cancel-button"), encodeRoute({ kind: "formCancel" }));
      await ctx.reply(t("form-ask-comment", { max: MAX_COMMENT_CHARS }), { reply_markup: keyboard });
      return steps.text({
        hintKey: "form-hint-comment",
        validate: (text) => {
          const v = validateComment(text);
          return v.ok ? { ok: true, value: v.value ?? "" } : { ok: false, errorKey: "comment-too-long", vars: { max: MAX_COMMENT_CHARS } };
        },
        skip: true,
      });
    }

    const limited = await conversation.external(() => app().checkLimits(user.id, service.id));
    if (limited && !limited.ok) {
      await ctx.reply(t(LIMIT_KEYS[limited.reason]));
      return;
    }
    const consentKeyboard = new InlineKeyboard()
      .text(t("form-consent-yes"), encodeRoute({ kind: "formConsent", given: true }))
      .text(t("form-consent-no"), encodeRoute({ kind: "formConsent", given: false }));
    await ctx.reply(t("form-consent", { days: config.retentionDays, service: escapeHtml(service.name[locale]) }), { reply_markup: consentKeyboard });
    if (!(await steps.button(["formConsent"])).given) {
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
        .text(t("form-confirm-button"), encodeRoute({ kind: "formConfirm" }))
        .row()
        .text(t("form-edit-button"), encodeRoute({ kind: "formEdit" }))
        .text(t("form-cancel-button"), encodeRoute({ kind: "formCancel" }));
      await ctx.reply(summaryText(t, catalog, locale, draft), { reply_markup: keyboard });
      const choice = await steps.button(["formConfirm", "formEdit"]);
      if (choice.kind === "formEdit") {
        const field = (name: FormField) => encodeRoute({ kind: "formEditField", field: name });
        const fields = new InlineKeyboard()
          .text(t("field-name"), field("name"))
          .text(t("field-phone"), field("phone"))
          .row()
          .text(t("field-channel"), field("channel"))
          .text(t("field-comment"), field("comment"));
        await ctx.reply(t("form-edit-which"), { reply_markup: fields });
        const edited = (await steps.button(["formEditField"])).field;
        if (edited === "name") draft.applicantName = await askName();
        if (edited === "phone") draft.phone = await askPhone();
        if (edited === "channel") draft.channel = await askChannel(service);
        if (edited === "comment") {
          const text = await askComment();
          if (text) draft.comment = text;
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
  };
}
