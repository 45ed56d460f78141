/**
 * The citizen's pre-application form, a @grammyjs/conversations v2 conversation whose state lives in
 * Redis (stores.forms), so a restart mid-form loses nothing. Steps: consent, name, phone, channel,
 * comment, then Confirm / Edit / Cancel. Anything unexpected (a sticker, a photo, an old form button)
 * gets a reminder of what is expected and how to leave, and the form goes on; a command or a menu
 * button leaves it (saying so), and /cancel or a Cancel button cancels it from any step. An answered
 * button's message shows the answer and loses its keyboard. The steps are written with forms/steps.ts.
 *
 * Replay: the function re-runs from the top on every update, so everything that reads or writes
 * state or time goes through conversation.external. Texts come from i18n.t with the locale fixed when
 * the form was entered, since conversation contexts do not pass through the session and i18n plugins.
 */
import { InlineKeyboard, Keyboard, type Context } from "grammy";
import type { Channel, Locale, Service } from "../../domain/catalog.js";
import { formatPhone as formatE164, normalizePhone } from "../../domain/phone.js";
import { handlerOn } from "../../domain/desk.js";
import {
  MAX_COMMENT_CHARS,
  newPreApplicationId,
  validateApplicantName,
  validateComment,
  type PreApplication,
} from "../../domain/preapplication.js";
import { MAX_CREATED_PER_DAY, type App, type FormDraft, type Log } from "../../app/index.js";
import type { BotDeps } from "../context.js";
import { encodeRoute, type FormField } from "../callback-data.js";
import { formSteps, type FormConversation } from "../forms/steps.js";
import { describeChannel } from "../views/format.js";
import { escapeHtml, type Translate } from "../views/format.js";
import { mainMenuView } from "../views/menu.js";
import { promiseText, summaryText } from "../views/preapplication.js";
import { isServiceUnavailable } from "../errors.js";
import { documentChecklistView } from "../views/details.js";
import { answerStaleButton, onRoute, RouteHandlers } from "../router.js";

export const PREAPPLY_FORM = "preapply";

/** A form submission's idempotency key, drawn when the summary is shown: random, in the alphabet of pre-application ids. */
const newSubmissionId = (random: BotDeps["random"]) => newPreApplicationId(random);

/**
 * What the citizen is told once their pre-application is stored: the reference, the deadline, the officer,
 * and the documents for the chosen channel, so they come prepared.
 */
function confirmationText(
  deps: Pick<BotDeps, "catalog" | "calendar">,
  t: Translate,
  locale: Locale,
  app: PreApplication,
  handlerId: string | undefined,
): string {
  // The department, not a person, until someone owns the request.
  const handler = handlerId === undefined ? undefined : deps.catalog.officerById.get(handlerId)?.name;
  const done = t("form-done", { ref: app.ref, promise: promiseText(t, app, handler, locale, deps.calendar.timeZone) });
  const service = deps.catalog.serviceById.get(app.serviceId);
  return service ? `${done}\n\n${documentChecklistView(t, deps.catalog, locale, service, app.channel).text}` : done;
}

/**
 * A Confirm pressed again after its form ended (the confirmation was lost, or the form ended on another
 * instance): the Confirm button carries its submission id, so the citizen gets the confirmation of what
 * that submission stored, again. The button router runs after the forms, so a Confirm of a running form
 * never gets here.
 */
export const preapplyButtons = new RouteHandlers();
onRoute(preapplyButtons, "formConfirm", async (ctx, route) => {
  const app = await ctx.app.findSubmission(ctx.from.id, route.submissionId);
  if (!app) return answerStaleButton(ctx);
  await ctx.answerCallbackQuery();
  const t: Translate = (key, vars) => ctx.t(key, vars);
  const today = ctx.deps.calendar.localDayOf(new Date(ctx.deps.clock.now()));
  const handlerId =
    app.ownerId === undefined ? undefined : handlerOn(await ctx.deps.stores.covers.all(), app.ownerId, today);
  await ctx.reply(confirmationText(ctx.deps, t, ctx.locale, app, handlerId), {
    reply_markup: mainMenuView(t).keyboard,
  });
});

const LIMIT_KEYS = {
  limit_service: "form-limit-service",
  limit_total: "form-limit-total",
  limit_daily: "form-limit-daily",
  invalid: "error-generic",
  unknown_service: "deeplink-unknown",
} as const;

/** Builds the form on the bot's dependencies; registered with createConversation under PREAPPLY_FORM. */
export function createPreapplyForm(deps: BotDeps, appFor: (log: Log) => App) {
  const { catalog, config, i18n } = deps;

  return async function preapply(
    conversation: FormConversation,
    ctx: Context,
    serviceId: number,
    locale: Locale,
  ): Promise<void> {
    const t: Translate = (key, vars) => i18n.t(locale, key, vars);
    const service = catalog.serviceById.get(serviceId);
    const user = ctx.from;
    if (!service || !user) return;
    const steps = formSteps(conversation, ctx, t);
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
      // Cancel on the reply keyboard too (it hides the inline one); forms/exits.ts takes its text.
      const keyboard = new Keyboard()
        .requestContact(t("form-share-phone"))
        .row()
        .text(t("form-cancel-button"))
        .resized()
        .oneTime();
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
          await next.reply(t("form-phone-saved", { phone: formatE164(phone.e164) }), {
            reply_markup: { remove_keyboard: true },
          });
          return phone.e164;
        }
        await next.reply(t(`phone-problem-${phone.problem}`));
      }
    }

    async function askChannel(s: Service): Promise<Channel> {
      if (s.channels.length === 1) return s.channels[0]!;
      const keyboard = new InlineKeyboard();
      for (const channel of s.channels)
        keyboard.text(describeChannel(t, channel), encodeRoute({ kind: "formChannel", channel })).row();
      const asked = await ctx.reply(t("form-ask-channel"), {
        reply_markup: keyboard.text(t("form-cancel-button"), encodeRoute({ kind: "formCancel" })),
      });
      const { channel } = await steps.button(["formChannel"], {
        on: asked,
        allowed: (route) => s.channels.includes(route.channel),
      });
      await steps.answered(t("form-ask-channel"), describeChannel(t, channel));
      return channel;
    }

    async function askComment(): Promise<string | undefined> {
      const keyboard = new InlineKeyboard()
        .text(t("form-skip-button"), encodeRoute({ kind: "formSkip" }))
        .text(t("form-cancel-button"), encodeRoute({ kind: "formCancel" }));
      const prompt = t("form-ask-comment", { max: MAX_COMMENT_CHARS });
      await ctx.reply(prompt, { reply_markup: keyboard });
      const comment = await steps.text({
        hintKey: "form-hint-comment",
        validate: (text) => {
          const v = validateComment(text);
          return v.ok
            ? { ok: true, value: v.value ?? "" }
            : { ok: false, errorKey: "comment-too-long", vars: { max: MAX_COMMENT_CHARS } };
        },
        skip: true,
      });
      if (comment === undefined) await steps.answered(prompt, t("form-skip-button"));
      return comment;
    }

    const limited = await conversation.external(() => app().checkLimits(user.id, service.id));
    if (limited && !limited.ok) {
      await ctx.reply(t(LIMIT_KEYS[limited.reason], { max: MAX_CREATED_PER_DAY }));
      return;
    }
    const consentKeyboard = new InlineKeyboard()
      .text(t("form-consent-yes"), encodeRoute({ kind: "formConsent", given: true }))
      .text(t("form-consent-no"), encodeRoute({ kind: "formConsent", given: false }));
    const consentText = t("form-consent", { days: config.retentionDays, service: escapeHtml(service.name[locale]) });
    const consentAsked = await ctx.reply(consentText, { reply_markup: consentKeyboard });
    const { given } = await steps.button(["formConsent"], { on: consentAsked });
    await steps.answered(consentText, t(given ? "form-consent-yes" : "form-consent-no"));
    if (!given) {
      const menu = mainMenuView(t);
      await ctx.reply(t("form-no-consent"), { reply_markup: menu.keyboard });
      return;
    }
    const draft: FormDraft = {
      serviceId: service.id,
      applicantName: await askName(),
      phone: await askPhone(),
      channel: "portal",
    };
    draft.channel = await askChannel(service);
    const comment = await askComment();
    if (comment) draft.comment = comment;

    /** The submission's idempotency key, kept in the form's state; a new one once the draft is edited. */
    let submissionId = await conversation.external(() => newSubmissionId(deps.random));
    for (;;) {
      const keyboard = new InlineKeyboard()
        .text(t("form-confirm-button"), encodeRoute({ kind: "formConfirm", submissionId }))
        .row()
        .text(t("form-edit-button"), encodeRoute({ kind: "formEdit" }))
        .text(t("form-cancel-button"), encodeRoute({ kind: "formCancel" }));
      const summary = summaryText(t, catalog, locale, draft);
      const shown = await ctx.reply(summary, { reply_markup: keyboard });
      const choice = await steps.button(["formConfirm", "formEdit"]);
      const outdated =
        choice.kind === "formConfirm"
          ? choice.submissionId !== submissionId
          : steps.current().callbackQuery?.message?.message_id !== shown.message_id;
      if (outdated) {
        // An older summary (of a draft since edited, or of an abandoned form): it says so, loses its
        // buttons, and the current one is shown again. Its Confirm never stores the current draft.
        const old = escapeHtml(steps.current().callbackQuery?.message?.text ?? "");
        await steps
          .current()
          .editMessageText(old ? `${old}\n\n${t("form-summary-outdated")}` : t("form-summary-outdated"))
          .catch(() => undefined);
        continue;
      }
      await steps.answered(summary, t(choice.kind === "formEdit" ? "form-edit-button" : "form-confirm-button"));
      if (choice.kind === "formEdit") {
        const field = (name: FormField) => encodeRoute({ kind: "formEditField", field: name });
        const fields = new InlineKeyboard()
          .text(t("field-name"), field("name"))
          .text(t("field-phone"), field("phone"))
          .row()
          .text(t("field-channel"), field("channel"))
          .text(t("field-comment"), field("comment"));
        const asked = await ctx.reply(t("form-edit-which"), { reply_markup: fields });
        const edited = (await steps.button(["formEditField"], { on: asked })).field;
        await steps.answered(t("form-edit-which"), t(`field-${edited}`));
        if (edited === "name") draft.applicantName = await askName();
        if (edited === "phone") draft.phone = await askPhone();
        if (edited === "channel") draft.channel = await askChannel(service);
        if (edited === "comment") {
          const text = await askComment();
          if (text) draft.comment = text;
          else delete draft.comment;
        }
        submissionId = await conversation.external(() => newSubmissionId(deps.random));
        continue;
      }
      const submitted = await conversation.external(async () => {
        try {
          return await app().submit({ userId: user.id, chatId: user.id, locale }, draft, submissionId);
        } catch (error) {
          log().error({ err: error }, "pre-application could not be stored");
          return {
            ok: false as const,
            reason: isServiceUnavailable(error) ? ("unavailable" as const) : ("failed" as const),
          };
        }
      });
      if (submitted.ok) {
        await ctx.reply(confirmationText(deps, t, locale, submitted.app, submitted.handlerId), {
          reply_markup: mainMenuView(t).keyboard,
        });
        return;
      }
      if (submitted.reason === "unavailable" || submitted.reason === "failed") {
        await ctx.reply(t(submitted.reason === "unavailable" ? "form-store-unavailable" : "error-generic"));
        continue;
      }
      await ctx.reply(t(LIMIT_KEYS[submitted.reason], { max: MAX_CREATED_PER_DAY }));
      return;
    }
  };
}
