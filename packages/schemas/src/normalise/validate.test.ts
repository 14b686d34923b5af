import { describe, expect, it } from "vitest";
import { normaliseColumnName, normaliseRow, validateRows } from "./validate";
import { stays, tableByName } from "../contract/tables";
import { rowSchemas } from "../contract/zod";

const stay = (over: Record<string, string> = {}): Record<string, string> => ({
  stay_id: "S1",
  person_key: "P1",
  shelter_code: "HRT-CUS",
  admission_date: "05/03/2024",
  exit_date: "",
  referral_source: "Comisaría de familia",
  protection_order: "sí",
  children_in_stay: "2",
  ...over,
});

describe("validateRows", () => {
  it("accepts good rows written as a Spanish spreadsheet writes them", () => {
    expect(validateRows("stays", [stay(), stay({ stay_id: "S2", exit_date: "2024-06-01", exit_reason: "Plan completado" })])).toEqual([]);
  });

  it("reports every bad cell with its line, column and bilingual reason", () => {
    const problems = validateRows("stays", [
      stay(),
      stay({ stay_id: "S2", admission_date: "31/02/2024", protection_order: "quizás" }),
      stay({ stay_id: "S3", children_in_stay: "25", risk_level_at_admission: "altísimo" }),
    ]);
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [3, "admission_date"],
      [3, "protection_order"],
      [4, "risk_level_at_admission"],
      [4, "children_in_stay"],
    ]);
    for (const p of problems) {
      expect(p.table).toBe("stays");
      expect(p.reason.es.length).toBeGreaterThan(5);
      expect(p.reason.en.length).toBeGreaterThan(5);
    }
    expect(problems[3]?.reason.en).toMatch(/at most 20/);
  });

  it("reports empty required cells and missing required columns once", () => {
    const rows = [{ stay_id: "S1", person_key: "", shelter_code: "X" }, { stay_id: "S2", person_key: "P", shelter_code: "X" }];
    const problems = validateRows("stays", rows);
    expect(problems).toEqual([
      expect.objectContaining({ line: 1, column: "admission_date", reason: expect.objectContaining({ en: expect.stringMatching(/missing/) }) }),
      expect.objectContaining({ line: 2, column: "person_key", reason: expect.objectContaining({ en: "required value is empty" }) }),
    ]);
  });

  it("rejects unknown columns, with the identifier guard's message when it applies, never echoing values", () => {
    const problems = validateRows("stays", [stay({ Nombre: "María Pérez", comentario: "ok" })]);
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [1, "Nombre"],
      [1, "comentario"],
    ]);
    expect(problems[0]?.reason.en).toMatch(/direct identifier/);
    expect(problems[1]?.reason.en).toMatch(/not part of table stays/);
    expect(JSON.stringify(problems)).not.toContain("María");
  });

  it("flags an e-mail typed into a declared column without echoing it", () => {
    const problems = validateRows("stays", [stay({ person_key: "ana@example.org" })]);
    // The identifier guard, then the key format (an e-mail is not a pseudonymous key either), as the server reports them.
    expect(problems.map((p) => p.column)).toEqual(["person_key", "person_key"]);
    expect(problems[0]?.reason.en).toMatch(/direct identifier/);
    expect(problems[1]?.reason.en).toMatch(/not a pseudonymous key/);
    expect(JSON.stringify(problems)).not.toContain("ana@");
  });

  it("matches headers loosely (BOM, case, spaces) and ignores empty trailing columns", () => {
    const row = Object.fromEntries(Object.entries(stay()).map(([k, v]) => [k === "stay_id" ? "\uFEFFStay_ID " : k.toUpperCase(), v]));
    expect(validateRows("stays", [{ ...row, "": "" }])).toEqual([]);
    expect(normaliseColumnName("  Admission Date")).toBe("admission_date");
  });

  it("finds repeated natural keys and misordered dates", () => {
    const problems = validateRows("stays", [stay(), stay(), stay({ stay_id: "S9", exit_date: "01/01/2024" })]);
    expect(problems).toEqual([
      expect.objectContaining({ line: 3, column: null, reason: expect.objectContaining({ en: expect.stringMatching(/line 2/) }) }),
      expect.objectContaining({ line: 4, column: "exit_date", reason: expect.objectContaining({ en: "exit_date is before admission_date" }) }),
    ]);
    const children = validateRows("children", [
      { child_key: "C1", stay_id: "S1", age_band: "6-11" },
      { child_key: "C1", stay_id: "S2", age_band: "6 - 11" },
      { child_key: "C1", stay_id: "S1", age_band: "0-2" },
    ]);
    expect(children.map((p) => p.line)).toEqual([4]);
  });

  it("checks coordinator answers and compliance rows", () => {
    const coord = validateRows("coordinator_surveys", [
      { shelter_code: "H1", year: "2022", question_code: "Emotional_Stability", answer: "Sí" },
      { shelter_code: "H1", year: "2022", question_code: "self esteem", answer: "7" },
      { shelter_code: "H1", year: "1999", question_code: "mother_child_bond", answer: "3" },
    ]);
    expect(coord.map((p) => [p.line, p.column])).toEqual([
      [3, "question_code"],
      [3, "answer"],
      [4, "year"],
    ]);
    const comp = validateRows("compliance_checks", [
      { shelter_code: "H1", assessed_on: "10/10/2023", table: "A.1", item_no: "1", result: "cumple" },
      { shelter_code: "H1", assessed_on: "10/10/2023", table: "A6", item_no: "1", result: "yes" },
    ]);
    expect(comp.map((p) => [p.line, p.column])).toEqual([[3, "table"]]);
    const items = validateRows("compliance_checks", [
      { shelter_code: "H1", assessed_on: "2023-10-10", table: "A1", item_no: "33", result: "no" },
      { shelter_code: "H1", assessed_on: "2023-10-10", table: "A2", item_no: "17", result: "na" },
    ]);
    expect(items).toEqual([
      expect.objectContaining({ line: 3, column: "item_no", reason: expect.objectContaining({ en: "NOM-217 table A2 has 16 items" }) }),
    ]);
    const rec = validateRows("recommendations", [
      { recommendation_code: "aurora-r2", scope: "Nacional", status: "En curso", updated_on: "01/02/2024", linked_indicators: "workshop_certified_rate | compliance_nom217" },
      { recommendation_code: "aurora-r4", scope: "national", status: "done", updated_on: "2024-02-01", linked_indicators: "DROP TABLE;" },
    ]);
    expect(rec.map((p) => [p.line, p.column])).toEqual([[3, "linked_indicators"]]);
  });

  it("reports an unknown table and honours options", () => {
    expect(validateRows("personas", [])).toEqual([
      expect.objectContaining({ table: "personas", line: 0, column: null }),
    ]);
    const bad = Array.from({ length: 10 }, (_, i) => stay({ stay_id: `S${i}`, protection_order: "?" }));
    expect(validateRows("stays", bad, { maxProblems: 3 })).toHaveLength(3);
    expect(validateRows("stays", bad, { firstLine: 10 })[0]?.line).toBe(10);
  });
});

describe("normaliseRow", () => {
  it("gives typed values that the zod row schema accepts", () => {
    const { row, problems } = normaliseRow(stays, stay({ exit_date: "30/06/2024", exit_reason: "Voluntaria", disability: "no" }));
    expect(problems).toEqual([]);
    expect(row).toMatchObject({
      admission_date: "2024-03-05",
      exit_date: "2024-06-30",
      referral_source: "comisaria_familia",
      protection_order: true,
      children_in_stay: 2,
      exit_reason: "voluntary_early",
      disability: false,
      consent_research: null,
    });
    expect(rowSchemas.stays.safeParse(row).success).toBe(true);
  });

  it("parses assessments' item scores with their declared range", () => {
    const t = tableByName.assessments;
    const ok = normaliseRow(t, { stay_id: "S1", instrument: "Rosenberg", timepoint: "Ingreso", assessed_on: "2024-03-06", item_1: "3", total_score: "22,5" });
    expect(ok.problems).toEqual([]);
    expect(ok.row).toMatchObject({ instrument: "rosenberg_ses", timepoint: "admission", item_1: 3, total_score: 22.5 });
    const bad = normaliseRow(t, { stay_id: "S1", instrument: "rosenberg_ses", timepoint: "exit", assessed_on: "2024-03-06", item_2: "11" });
    expect(bad.problems.map((p) => p.column)).toEqual(["item_2"]);
  });
});
