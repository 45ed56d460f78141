/**
 * The forms' state is read from Redis only when a form may be open (middlewares/forms.ts): the session
 * says whether one is, so browsing and search cost no read of it, while an open form still goes on and a
 * failed read changes nothing the session knows.
 */
import { describe, expect, it } from "vitest";
import { createRedisStores, type Stores } from "../../src/store/stores.js";
import { makeUser } from "../../src/telegram/updates.js";
import { createHarness } from "../support/bot-harness.js";
import { fillForm, fillFormToSummary } from "../support/flows.js";
import { useTestRedis } from "../support/redis.js";

const { redis } = useTestRedis();

/** Redis stores whose forms' reads are counted, and can be made to fail. */
function countingStores(prefix: string) {
  const stores = createRedisStores(redis, { prefix });
  const forms = stores.forms!;
  const probe = { reads: 0, failing: false };
  const counted: Stores = {
    ...stores,
    forms: {
      ...forms,
      read: (key) => {
        probe.reads += 1;
        return probe.failing ? Promise.reject(new Error("connect ECONNREFUSED")) : forms.read(key);
      },
      write: (key, state) => forms.write(key, state),
      delete: (key) => forms.delete(key),
    },
  };
  return { stores: counted, probe };
}

describe("reads of the forms' state", () => {
  it("are skipped once the session knows no form is open", async () => {
    const { stores, probe } = countingStores("fr1:");
    const h = createHarness({ stores });
    const user = makeUser(5_301, "ru");
    await h.say(user, "/start");
    expect(probe.reads).toBe(1);
    await h.press(user, /📚/);
    await h.say(user, "справка");
    await h.say(user, "/start");
    expect(probe.reads).toBe(1);
  });

  it("go on while a form is open, and the form is completed", async () => {
    const { stores, probe } = countingStores("fr2:");
    const h = createHarness({ stores });
    const user = makeUser(5_302, "ru");
    const ref = await fillForm(h, user, 7);
    expect(ref).toMatch(/^KZ-/);
    const readsAfterForm = probe.reads;
    await h.say(user, "/start");
    await h.say(user, "/start");
    expect(probe.reads).toBe(readsAfterForm);
  });

  it("a failed read does not make the session believe no form is open", async () => {
    const { stores, probe } = countingStores("fr3:");
    const h = createHarness({ stores });
    const user = makeUser(5_303, "ru");
    await fillFormToSummary(h, user, 7);
    probe.failing = true;
    await h.say(user, "/start");
    probe.failing = false;
    // The form was open when the read failed: the next update reads again.
    const before = probe.reads;
    await h.say(user, "/start");
    expect(probe.reads).toBe(before + 1);
  });
});
