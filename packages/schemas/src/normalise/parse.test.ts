import { describe, expect, it } from "vitest";
import { makeCodeMatcher, parseBoolean, parseCode, parseDate, parseDecimal, parseInteger, parseSurveyAnswer } from "./parse";
import { foldText } from "./text";

const value = <T>(r: { ok: true; value: T } | { ok: false }) => (r.ok ? r.value : "ERR");

describe("foldText", () => {
  it("folds case, accents and whitespace", () => {
    expect(foldText("  Comisaría\u00a0de   FAMILIA ")).toBe("comisaria de familia");
    expect(foldText("Año")).toBe("ano");
  });
});

describe("parseBoolean", () => {
  it.each([
    ["sí", true], ["SI", true], ["Si", true], ["true", true], ["1", true], ["X", true], ["verdadero", true],
    ["no", false], ["NO", false], ["falso", false], ["0", false], ["F", false],
  ])("%s → %s", (raw, expected) => {
    expect(parseBoolean(raw)).toEqual({ ok: true, value: expected });
  });
  it("passes booleans and 0/1 numbers through, empty is null", () => {
    expect(value(parseBoolean(true))).toBe(true);
    expect(value(parseBoolean(0))).toBe(false);
    expect(value(parseBoolean("  "))).toBeNull();
    expect(value(parseBoolean(null))).toBeNull();
  });
  it("rejects other words with a bilingual reason", () => {
    const r = parseBoolean("quizás");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason.es).toMatch(/sí\/no/);
      expect(r.reason.en).toMatch(/yes\/no/);
      expect(r.reason.es).not.toContain("quizás");
    }
    expect(parseBoolean(2).ok).toBe(false);
  });
});

describe("parseDate", () => {
  it.each([
    ["2024-03-05", "2024-03-05"],
    ["05/03/2024", "2024-03-05"],
    ["5/3/2024", "2024-03-05"],
    ["05-03-2024", "2024-03-05"],
    ["05.03.2024", "2024-03-05"],
    ["29/02/2024", "2024-02-29"],
    ["2024-3-5", "2024-03-05"],
    ["2024-03-05T00:00:00", "2024-03-05"],
    ["2024-03-05 00:00:00.000Z", "2024-03-05"],
    [" 31/12/2023 ", "2023-12-31"],
  ])("%s → %s", (raw, iso) => {
    expect(parseDate(raw)).toEqual({ ok: true, value: iso });
  });
  it.each(["31/02/2024", "29/02/2023", "2024-02-30", "31/04/2024", "00/01/2024", "12/13/2024", "2024-13-01"])(
    "rejects the impossible date %s",
    (raw) => {
      const r = parseDate(raw);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason.en).toMatch(/does not exist/);
    },
  );
  it("rejects two-digit years, times, mixed separators and text with a specific reason", () => {
    const two = parseDate("05/03/24");
    expect(!two.ok && two.reason.en).toMatch(/4 digits/);
    const time = parseDate("2024-03-05T10:30:00");
    expect(!time.ok && time.reason.en).toMatch(/without a time/);
    expect(parseDate("05/03-2024").ok).toBe(false);
    expect(parseDate("marzo 2024").ok).toBe(false);
    expect(parseDate("1850-01-01").ok).toBe(false);
    expect(parseDate(45000).ok).toBe(false);
  });
  it("accepts a Date (Parquet) and treats empty as null", () => {
    expect(value(parseDate(new Date(Date.UTC(2024, 0, 31))))).toBe("2024-01-31");
    expect(value(parseDate(""))).toBeNull();
  });
});

describe("parseDecimal / parseInteger", () => {
  it.each([
    ["3,5", 3.5], ["3.5", 3.5], ["-2,25", -2.25], ["+4", 4], ["10", 10], [",5", 0.5], ["7,", 7],
    ["1.234,5", 1234.5], ["1,234.5", 1234.5], ["1.234.567", 1234567], ["1 234,5", 1234.5], ["0", 0], ["-0", 0],
  ])("%s → %s", (raw, n) => {
    expect(parseDecimal(raw)).toEqual({ ok: true, value: n });
  });
  it.each(["abc", "3,5,1", "1,2.3,4", "1e5", "--1", ".", "", "12a", "1.23.4"])("rejects %s", (raw) => {
    const r = parseDecimal(raw);
    if (raw === "") expect(r).toEqual({ ok: true, value: null });
    else expect(r.ok).toBe(false);
  });
  it("integers: decimal comma zero is fine, fractions are not", () => {
    expect(value(parseInteger("3,0"))).toBe(3);
    expect(value(parseInteger(" 12 "))).toBe(12);
    const r = parseInteger("2,5");
    expect(!r.ok && r.reason.en).toMatch(/whole number/);
    expect(parseDecimal(Number.NaN).ok).toBe(false);
  });
});

describe("parseCode", () => {
  it("matches codes case-insensitively and returns the canonical code", () => {
    expect(value(parseCode("risk_level", "SEVERE"))).toBe("severe");
    expect(value(parseCode("compliance_table", "a1"))).toBe("A1");
    expect(value(parseCode("exit_reason", "Plan Completed"))).toBe("plan_completed");
    expect(value(parseCode("woman_age_band", "18 - 24"))).toBe("18-24");
    expect(value(parseCode("woman_age_band", "60+"))).toBe("60+");
  });
  it("matches Spanish labels and aliases without caring for accents", () => {
    expect(value(parseCode("referral_source", "Comisaria de Familia"))).toBe("comisaria_familia");
    expect(value(parseCode("referral_source", "FISCALÍA"))).toBe("fiscalia_ministerio_publico");
    expect(value(parseCode("timepoint", "Egreso"))).toBe("exit");
    expect(value(parseCode("compliance_result", "Sí"))).toBe("yes");
    expect(value(parseCode("compliance_result", "no aplica"))).toBe("na");
    expect(value(parseCode("recommendation_status", "En proceso"))).toBe("in_progress");
    expect(value(parseCode("model", "Casa de Transicion"))).toBe("casa_transicion");
  });
  it("refuses an unknown value, listing the codes", () => {
    const r = parseCode("risk_level", "altísimo");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason.en).toContain("moderate, severe, extreme");
      expect(r.reason.es).toContain("moderate, severe, extreme");
      expect(r.reason.es).not.toContain("altísimo");
    }
  });
  it("refuses a label that names more than one code", () => {
    const match = makeCodeMatcher([
      { code: "partial", es: "Parcial", en: "Partial", aliases: ["en curso"] },
      { code: "in_progress", es: "En curso", en: "In progress" },
      { code: "done", es: "Hecho", en: "Done" },
    ]);
    const r = match("EN CURSO");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.en).toMatch(/ambiguous.*in_progress or partial/);
    expect(value(match("hecho"))).toBe("done");
    // the code itself wins over a label of another code
    expect(value(makeCodeMatcher([{ code: "a", es: "b", en: "B" }, { code: "b", es: "Be", en: "Be" }])("b"))).toBe("b");
  });
  it("no label of a contract code list names two codes", async () => {
    const { codeLists } = await import("../contract/codes");
    for (const [name, defs] of Object.entries(codeLists)) {
      for (const d of defs as readonly { code: string; es: string; en: string; aliases?: readonly string[] }[]) {
        for (const label of [d.es, d.en, ...(d.aliases ?? [])]) {
          const r = parseCode(name as "model", label);
          expect(r, `${name}: ${label}`).toEqual({ ok: true, value: d.code });
        }
      }
    }
  });
  it("empty is null; unknown list is an error", () => {
    expect(value(parseCode("model", ""))).toBeNull();
    // @ts-expect-error a list name that does not exist
    expect(parseCode("nope", "x").ok).toBe(false);
  });
});

describe("parseSurveyAnswer", () => {
  it("reads yes/no spellings and Likert points", () => {
    expect(value(parseSurveyAnswer("Sí"))).toBe("yes");
    expect(value(parseSurveyAnswer("no"))).toBe("no");
    expect(value(parseSurveyAnswer("4"))).toBe("4");
    expect(parseSurveyAnswer("6").ok).toBe(false);
    expect(parseSurveyAnswer("0").ok).toBe(false);
    expect(parseSurveyAnswer("tal vez").ok).toBe(false);
  });
});
