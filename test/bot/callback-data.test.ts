/**
 * The one route table (src/bot/callback-data.ts), checked from its own field specs, so a new entry is
 * covered without touching this file: every route with every valid field value encodes to at most 64
 * bytes and decodes back to itself; data that is not exactly a route's decodes to nothing.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeRoute,
  encodeRoute,
  isFormButton,
  ROUTES,
  type FieldSpec,
  type Route,
} from "../../src/bot/callback-data.js";

const ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_".split("");
const PID_CHARS = "0123456789abcdefghjkmnpqrstvwxyz".split("");

/** Values of one field, from its spec; undefined for an absent optional field (the key is left out). */
function valuesOf(spec: FieldSpec): fc.Arbitrary<unknown> {
  switch (spec.type) {
    case "id":
      return fc.string({ unit: fc.constantFrom(...ID_CHARS), minLength: 1, maxLength: 16 });
    case "pid":
      return fc.string({ unit: fc.constantFrom(...PID_CHARS), minLength: 10, maxLength: 32 });
    case "int":
      return fc.integer({ min: spec.min, max: spec.max });
    case "enum":
      return fc.constantFrom(...spec.values);
    case "optional":
      return fc.option(valuesOf(spec.of), { nil: undefined });
    case "oneOf":
      return fc.oneof(...spec.shapes.map((shape) => objectOf(shape)));
  }
}

function objectOf(fields: Record<string, FieldSpec>): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(fields).map(([name, spec]) => valuesOf(spec).map((value) => [name, value] as const));
  return fc.tuple(...entries).map((pairs) => Object.fromEntries(pairs.filter(([, value]) => value !== undefined)));
}

const anyRoute: fc.Arbitrary<Route> = fc.oneof(
  ...Object.entries(ROUTES).map(([kind, spec]) =>
    objectOf(spec.fields as Record<string, FieldSpec>).map((fields) => ({ kind, ...fields }) as Route),
  ),
);

describe("the route table", () => {
  it("decodes every encoded route back to itself, within Telegram's 64 bytes", () => {
    fc.assert(
      fc.property(anyRoute, (route) => {
        const data = encodeRoute(route);
        expect(Buffer.byteLength(data, "utf8")).toBeLessThanOrEqual(64);
        expect(decodeRoute(data)).toEqual(route);
      }),
      { numRuns: 3000 },
    );
  });

  it("covers every route kind in the generator", () => {
    const seen = new Set(fc.sample(anyRoute, 5000).map((route) => route.kind));
    expect([...seen].sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it("decodes nothing that is not exactly a route's encoding", () => {
    const encodings = fc.sample(anyRoute, 2000).map(encodeRoute);
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (data) => {
        const route = decodeRoute(data);
        // Whatever decodes must be the canonical encoding of what it decodes to.
        if (route) expect(encodeRoute(route)).toBe(data);
      }),
      { numRuns: 3000 },
    );
    for (const data of encodings) {
      for (const forged of [
        `${data} `,
        ` ${data}`,
        `${data}\n`,
        `${data}x`.replace(/^(.*)x$/, "$1:"),
        data.toUpperCase() === data ? `${data}!` : data.toUpperCase(),
      ]) {
        if (forged !== data) expect(decodeRoute(forged), JSON.stringify(forged)).toBeUndefined();
      }
    }
    for (const junk of [
      "",
      "s:0",
      "s:01",
      "s:12345",
      "pa:0",
      "lang:de",
      "q:",
      "qx:0123456789",
      "f:",
      "f:ch:telegram",
      "f:e:address",
      "my:SHORT",
      "x".repeat(65),
    ]) {
      expect(decodeRoute(junk), junk).toBeUndefined();
    }
  });

  it("tells the forms' buttons from the others", () => {
    expect(isFormButton(encodeRoute({ kind: "formConfirm", submissionId: "0123456789abcdef" }))).toBe(true);
    expect(isFormButton(encodeRoute({ kind: "formChannel", channel: "office" }))).toBe(true);
    expect(isFormButton(encodeRoute({ kind: "main" }))).toBe(false);
    expect(isFormButton("f:forged")).toBe(false);
    expect(isFormButton(undefined)).toBe(false);
  });

  it("keeps the encodings of buttons already sent in chats", () => {
    const samples: [Route, string][] = [
      [{ kind: "service", serviceId: 7, back: { to: "category", categoryId: "early" } }, "s:7:c:early"],
      [{ kind: "queue", offset: 5 }, "q::5"],
      [{ kind: "officerAction", action: "complete", id: "0123456789ab" }, "qd:0123456789ab"],
      [{ kind: "myCancel", id: "0123456789ab", confirmed: true }, "myxy:0123456789ab"],
      [{ kind: "formConsent", given: false }, "f:no"],
      [{ kind: "formEditField", field: "phone" }, "f:e:phone"],
    ];
    for (const [route, data] of samples) expect(encodeRoute(route)).toBe(data);
  });
});
