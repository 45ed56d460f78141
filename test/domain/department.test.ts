import { describe, expect, it } from "vitest";
import { loadDepartment } from "../../src/catalog-files.js";
import { CatalogError } from "../../src/domain/catalog.js";
import { missingDepartmentFields, parseDepartment } from "../../src/domain/department.js";

const full = {
  town: { kk: "Қала", ru: "Город", en: "Town" },
  areaCode: "7187",
  address: { kk: "Абай к-сі, 1", ru: "ул. Абая, 1", en: "1 Abai St" },
  hours: { kk: "Дс–Жм 9:00–18:00", ru: "Пн–Пт 9:00–18:00", en: "Mon–Fri 9:00–18:00" },
};

describe("catalog/department.yaml", () => {
  it("ships empty, since the seed names no town, and start-up is told what is missing", () => {
    const department = loadDepartment();
    expect(department).toEqual({ town: undefined, areaCode: undefined, address: undefined, hours: undefined });
    expect(missingDepartmentFields(department)).toEqual(["town", "areaCode (or PHONE_AREA_CODE)", "address", "hours"]);
    expect(missingDepartmentFields(department, "7187")).toEqual(["town", "address", "hours"]);
  });

  it("accepts a filled-in department", () => {
    expect(parseDepartment(full)).toEqual(full);
    expect(missingDepartmentFields(parseDepartment(full))).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["an area code that is not 7 and three digits", { ...full, areaCode: "187" }, 'department.yaml: field "areaCode"'],
    ["a mobile prefix with the 8", { ...full, areaCode: "87187" }, 'department.yaml: field "areaCode"'],
    ["a typo in a field name", { ...full, adress: full.address }, "department.yaml"],
    [
      "an address without Kazakh",
      { ...full, address: { ru: "ул. Абая, 1", en: "1 Abai St" } },
      'department.yaml: field "address", field "kk"',
    ],
  ])("refuses %s", (_name, raw, expected) => {
    try {
      parseDepartment(raw);
    } catch (error) {
      expect(error).toBeInstanceOf(CatalogError);
      expect((error as CatalogError).problems.join("\n")).toContain(expected);
      return;
    }
    throw new Error("accepted");
  });

  it("treats a half-translated text as unknown rather than showing a blank", () => {
    expect(parseDepartment({ ...full, hours: { kk: "", ru: "Пн–Пт", en: "Mon–Fri" } }).hours).toBeUndefined();
  });
});
