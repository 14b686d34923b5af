import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NOM217_ITEMS_PATH, extractNom217, renderNom217ItemsFromSeed } from "./extract-nom217";
import { NOM217_ITEM_COUNT, NOM217_TABLE_SIZES, nom217Item, nom217Items, nom217ItemsByTable } from "./nom217";
import { auroraRecommendations } from "./aurora";
import { regionName, regionNames } from "./regions";
import { coordinatorQuestions, coordinatorQuestionCodes } from "./coordinator-questions";
import { codeValues } from "../contract/codes";
import { indicatorInfoSchema } from "../api/indicators";

describe("NOM-217 Appendix A", () => {
  it("has 33/16/10/14/18 = 91 items, numbered 1…n in each table", () => {
    const counts = Object.fromEntries(
      codeValues("compliance_table").map((t) => [t, nom217ItemsByTable(t as keyof typeof NOM217_TABLE_SIZES).length]),
    );
    expect(counts).toEqual({ A1: 33, A2: 16, A3: 10, A4: 14, A5: 18 });
    expect(nom217Items).toHaveLength(NOM217_ITEM_COUNT);
    for (const t of Object.keys(NOM217_TABLE_SIZES) as (keyof typeof NOM217_TABLE_SIZES)[]) {
      expect(nom217ItemsByTable(t).map((i) => i.item_no)).toEqual(
        Array.from({ length: NOM217_TABLE_SIZES[t] }, (_, k) => k + 1),
      );
    }
  });

  it("the checked-in nom217.items.ts is what the extractor makes from the seed", () => {
    expect(readFileSync(NOM217_ITEMS_PATH, "utf8")).toBe(renderNom217ItemsFromSeed());
  });

  it("keeps the seed's Spanish text verbatim and gives every item an English gloss", () => {
    expect(nom217Item("A1", 1)?.text_es).toBe("Una habitación por núcleo familiar");
    expect(nom217Item("A3", 1)?.text_es).toBe("Barda perimetral de mínimo 2.30 m de altura");
    expect(nom217Item("A5", 18)?.text_es).toBe("Plan de seguimiento al egreso de la usuaria");
    expect(nom217Item("A2", 17)).toBeUndefined();
    for (const i of nom217Items) {
      expect(i.text_es.length, `${i.table}.${i.item_no}`).toBeGreaterThan(5);
      expect(i.text_es).not.toMatch(/\u00a0|\s{2}/);
      expect(i.text_en, `${i.table}.${i.item_no}`).toBeTruthy();
    }
  });

  it("the extractor refuses a seed with a missing item", () => {
    const seed = readFileSync(seedPath(), "utf8");
    const broken = seed.replace(/^5\) Servicio de Línea Telefónica$/m, "");
    expect(() => extractNom217(broken)).toThrow(/A2/);
    expect(() => extractNom217("nothing here")).toThrow(/Apéndice A/);
  });
});

function seedPath() {
  return new URL("../../../../../shared/seeds/003_78f043c8e6808ea8.txt", import.meta.url);
}

describe("Aurora recommendations", () => {
  it("has the five recommendations and the commitments lesson, with bilingual titles", () => {
    expect(auroraRecommendations.map((r) => r.code)).toEqual([
      "aurora-r1",
      "aurora-r2",
      "aurora-r3",
      "aurora-r4",
      "aurora-r5",
      "aurora-commitments",
    ]);
    const scopes: readonly string[] = codeValues("recommendation_scope");
    for (const r of auroraRecommendations) {
      expect(r.title.es).not.toBe(r.title.en);
      expect(scopes).toContain(r.owner_level);
    }
  });

  it("quotes the Spanish text from the seed and links the stated indicators", () => {
    const seed = readFileSync(new URL("../../../../../shared/seeds/001_495e2f6c9a772c93.txt", import.meta.url), "utf8")
      .replace(/-\s*\n/g, "")
      .replace(/\s+/g, " ");
    const norm = (s: string) => s.replace(/-/g, "").replace(/\s+/g, " ");
    for (const r of auroraRecommendations) {
      // the seed hyphenates at line ends; compare with hyphens dropped on both sides
      expect(norm(seed).includes(norm(r.text.es)), r.code).toBe(true);
    }
    const links = Object.fromEntries(auroraRecommendations.map((r) => [r.code, [...r.linked_indicators]]));
    expect(links).toEqual({
      "aurora-r1": [],
      "aurora-r2": ["workshop_certified_rate"],
      "aurora-r3": [],
      "aurora-r4": ["exclusive_coordinator_share"],
      "aurora-r5": ["compliance_nom217"],
      "aurora-commitments": [],
    });
  });
});

describe("coordinator survey questions", () => {
  it("carries the seed figures, outcomes good-if-yes, difficulties without judgement", () => {
    expect(Object.fromEntries(coordinatorQuestions.map((q) => [q.code, q.seed.percent]))).toEqual({
      emotional_stability: 95.5,
      self_esteem_improved: 90,
      mother_child_bond: 86.4,
      emotional_dependence: 100,
      lack_of_economic_resources: 95,
      resistance_irritability: 91,
      anxiety_depression_signs: 86,
      complaints_demanding: 77,
    });
    for (const q of coordinatorQuestions) {
      expect(q.polarity).toBe(q.kind === "outcome" ? "higher_is_better" : "no_judgement");
      expect(indicatorInfoSchema.shape.polarity.safeParse(q.polarity).success).toBe(true);
      expect(q.label.es && q.label.en).toBeTruthy();
    }
    expect(new Set(coordinatorQuestionCodes).size).toBe(8);
  });

  it("the 95.5 % and 86.4 % outcome figures are consistent with about 22 respondents", () => {
    for (const code of ["emotional_stability", "mother_child_bond"]) {
      const p = coordinatorQuestions.find((q) => q.code === code)?.seed.percent ?? NaN;
      const yes = Math.round((p / 100) * 22);
      expect(Math.abs((yes / 22) * 100 - p)).toBeLessThan(0.06);
    }
  });
});

describe("regions (ISO 3166-2)", () => {
  it("lists Peru's 26, Colombia's 33 and Mexico's 32 first-level subdivisions, each of its country", () => {
    const of = (c: string) => Object.keys(regionNames).filter((k) => k.startsWith(`${c}-`));
    expect([of("PE").length, of("CO").length, of("MX").length]).toEqual([26, 33, 32]);
    expect(Object.keys(regionNames).every((k) => /^(PE|CO|MX)-[A-Z]{2,3}$/.test(k))).toBe(true);
    expect(regionName("pe-cus")).toBe("Cusco");
    expect(regionName("AR-C")).toBe("AR-C");
  });
});
