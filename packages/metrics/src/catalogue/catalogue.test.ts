// The catalogue as data: complete, consistent, and compiled without user input in the SQL text.
import { coordinatorQuestionCodes, dimensionCodes, indicatorInfoSchema, type Dimension } from "@refugio/schemas";
import { describe, expect, it } from "vitest";
import { compileIndicator, IndicatorQueryError } from "./compile";
import { catalogue, getIndicator } from "./definitions";
import { indicatorInfo } from "./info";

const base = { scope: { networks: null, shelters: null }, from: "2024-01-01", to: "2024-12-31", keySecret: "s" };

describe("catalogue", () => {
  it("holds every indicator of INDICATORS.md, the coordinator questions and the compliance tables", () => {
    const codes = catalogue.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    const required = [
      "women_served", "children_served", "companions_served", "occupancy_rate", "completed_stays", "length_of_stay",
      "stays_over_limit", "self_esteem_improved", "self_esteem_change", "school_continuity", "followup_coverage_6m",
      "safe_at_followup", "recurrence_at_followup", "exit_plan_rate", "safety_plan_rate", "workshop_certified_rate",
      "employment_at_exit", "legal_representation_rate", "protection_order_rate", "service_satisfaction",
      "recommendation_progress", "exclusive_coordinator_share", "compliance_nom217",
      "referrals_not_admitted", "turn_away_rate", "turn_away_no_capacity",
      ...["a1", "a2", "a3", "a4", "a5"].map((t) => `compliance_nom217_${t}`),
      ...coordinatorQuestionCodes.map((q) => `coordinator_${q}`),
    ];
    expect(codes.filter((c) => !required.includes(c))).toEqual([]);
    expect(required.filter((c) => !codes.includes(c))).toEqual([]);
  });

  it("gives each definition bilingual texts, a valid info shape and the parts its computation needs", () => {
    for (const d of catalogue) {
      expect(indicatorInfoSchema.parse(indicatorInfo(d))).toEqual(indicatorInfo(d));
      for (const t of [d.label, d.description]) expect(t.es.length > 0 && t.en.length > 0 && t.es !== t.en, d.code).toBe(true);
      if (d.computation === "proportion" || d.computation === "ratio") expect(d.numerator && d.denominator, d.code).toBeTruthy();
      if (d.computation === "count") expect(d.numerator, d.code).toBeTruthy();
      if (d.computation === "distribution" || d.computation === "paired_change") expect(d.value, d.code).toBeTruthy();
      for (const dim of d.dimensions) expect(dimensionCodes).toContain(dim);
    }
    expect(getIndicator("exclusive_coordinator_share")?.recommendations).toEqual(["aurora-r4"]);
    expect(getIndicator("nope")).toBeUndefined();
  });

  it("compiles every indicator with every allowed dimension; values only ever become parameters", () => {
    const hostile = "x'; DROP TABLE stays; --";
    for (const d of catalogue) {
      for (const by of [[], ...d.dimensions.map((x) => [x])] as Dimension[][]) {
        const c = compileIndicator(d, {
          ...base,
          query: { network: hostile, region: hostile, shelter: hostile, model: hostile, country: "PE", by },
          scope: { networks: [hostile], shelters: [hostile, "b"] },
        });
        expect(c.sql).not.toContain("DROP TABLE");
        expect(c.sql).not.toContain("2024-01-01");
        expect(Object.values(c.params)).toContain(hostile);
        expect(c.params.to).toBe("2024-12-31");
        for (const name of Object.keys(c.params)) expect(c.sql).toContain(`$${name}`);
        expect(c.dimensions).toEqual(by);
        // Only the requested dimensions enter the grouping.
        for (const other of dimensionCodes.filter((x) => !by.includes(x))) expect(c.sql).not.toContain(`g_${other}`);
      }
    }
  });

  it("uses GROUPING SETS for the groups and the total, or a UNION when a record spans several buckets", () => {
    const completed = getIndicator("completed_stays");
    const women = getIndicator("women_served");
    if (!completed || !women) throw new Error("catalogue lost an indicator");
    expect(compileIndicator(completed, { ...base, query: { by: ["shelter", "month"] } }).sql).toMatch(/GROUPING SETS \(\(g_shelter, g_month\), \(\)\)/);
    const overlap = compileIndicator(women, { ...base, query: { by: ["month"] } }).sql;
    expect(overlap).toContain("UNION ALL");
    expect(overlap).toContain("generate_series");
  });

  it("refuses disallowed dimensions and two time grains, in both languages", () => {
    const compliance = getIndicator("compliance_nom217");
    const women = getIndicator("women_served");
    if (!compliance || !women) throw new Error("catalogue lost an indicator");
    expect(() => compileIndicator(compliance, { ...base, query: { by: ["risk_level"] } })).toThrow(IndicatorQueryError);
    expect(() => compileIndicator(compliance, { ...base, query: { by: ["risk_level"] } })).toThrow(/no admite.*cannot be broken down/);
    expect(() => compileIndicator(women, { ...base, query: { by: ["month", "quarter"] } })).toThrow(/one time grain/);
  });

  it("an empty scope list matches nothing rather than everything", () => {
    const women = getIndicator("women_served");
    if (!women) throw new Error("catalogue lost an indicator");
    expect(compileIndicator(women, { ...base, query: {}, scope: { networks: [], shelters: null } }).sql).toContain("FALSE");
  });
});
