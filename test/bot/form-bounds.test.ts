/**
 * A form takes a bounded number of answers. Conversations replay their whole history on every update,
 * so an endless stream of wrong answers would grow the form's record (and its CPU per update) without
 * end: the form closes after MAX_FORM_ANSWERS (30) answers with a clear message and the main menu.
 * Record sizes are measured in bytes on the real Redis the forms live in.
 */
import { describe, expect, it } from "vitest";
import { createI18n } from "../../src/bot/i18n.js";
import { createRedisStores } from "../../src/store/stores.js";
import { makeUser, stickerUpdate } from "../../src/telegram/updates.js";
import { createHarness } from "../support/bot-harness.js";
import { useTestRedis } from "../support/redis.js";

const { redis } = useTestRedis();
const i18n = createI18n("ru");

describe("a form flooded with wrong answers", () => {
  it("closes after the bounded number of answers, with a message and the main menu; its record stops growing", async () => {
    const h = createHarness({ stores: createRedisStores(redis, { prefix: "t:" }) });
    const user = makeUser(9_400_001, "ru");
    await h.say(user, "/start s7");
    await h.press(user, "📝");
    await h.press(user, "✅");
    const formKey = `t:conv:${user.id}`;
    const sizes: number[] = [];
    for (let i = 1; i <= 90; i++) {
      await h.send(stickerUpdate(user));
      if (i === 20 || i === 60 || i === 90) sizes.push(await redis.strlen(formKey));
    }
    expect(sizes[0]).toBeGreaterThan(0);
    expect(sizes[0]).toBeLessThan(64 * 1024);
    // Closed: nothing kept after the limit, however many more answers come.
    expect(sizes.slice(1)).toEqual([0, 0]);
    const closing = h.api.callsOf("sendMessage").find((c) => c.payload.text === i18n.t("ru", "form-too-many-answers"));
    expect(closing).toBeDefined();
    expect(JSON.stringify(closing!.payload.reply_markup)).toContain("inline_keyboard");
    // The way back works: the card's form opens again.
    await h.say(user, "/start s7");
    await h.press(user, "📝");
    expect(
      h
        .lastScreen(user.id)
        .buttons.flat()
        .map((b) => b.text),
    ).toContain(i18n.t("ru", "form-consent-yes"));
  });
});
