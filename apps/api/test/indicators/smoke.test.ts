// Every catalogue indicator runs, with no breakdown and with each dimension it allows, and always
// returns its total row (group = {}) first.
import { catalogue } from "@refugio/metrics";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connection";
import { computeIndicators } from "../../src/indicators/service";
import { unrestricted } from "../../src/auth/scope";
import { addRecommendationUpdates, addRows, addShelters, addStays, memoryDb, refresh } from "./fixtures";

let db: Database;
beforeAll(async () => {
  db = await memoryDb();
  await addShelters(db, [
    { shelter_code: "s1", capacity_places: 10, opened_on: "2020-01-01", has_exclusive_coordinator: true },
    { shelter_code: "s2", capacity_places: 5, model: "casa_refugio", region_code: "PE-CUS" },
  ]);
  await addStays(db, [
    { shelter_code: "s1", stay_id: "a", admission_date: "2024-01-10", exit_date: "2024-03-05", exit_reason: "plan_completed", age_band: "25-34" },
    { shelter_code: "s1", stay_id: "b", admission_date: "2024-02-01" },
    { shelter_code: "s2", stay_id: "c", admission_date: "2023-11-01", exit_date: "2024-04-30", extension_granted: false },
  ]);
  await addRows(db, "children", [{ shelter_code: "s1", stay_id: "a", child_key: "k1", age_band: "6-11", school_enrolled_at_admission: true, school_year_kept: true }]);
  await addRows(db, "assessments", [
    { shelter_code: "s1", stay_id: "a", instrument: "rosenberg_ses", timepoint: "admission", assessed_on: "2024-01-10", total_score: 10 },
    { shelter_code: "s1", stay_id: "a", instrument: "rosenberg_ses", timepoint: "exit", assessed_on: "2024-03-05", total_score: 20 },
  ]);
  await addRows(db, "followups", [{ shelter_code: "s1", stay_id: "a", contact_date: "2024-10-01", contact_achieved: true, safe_environment: true }]);
  await addRows(db, "service_surveys", [{ shelter_code: "s1", response_id: "r1", answered_on: "2024-03-01", item_1: 5, item_2: 3 }]);
  await addRows(db, "coordinator_surveys", [{ shelter_code: "s1", year: 2024, question_code: "emotional_stability", answer: "yes" }]);
  await addRows(db, "compliance_checks", [{ shelter_code: "s1", assessed_on: "2024-05-01", table: "A1", item_no: 1, result: "yes" }]);
  await addRecommendationUpdates(db, [{ recommendation_code: "aurora-r4", scope: "shelter", scope_code: "s1", status: "done", updated_on: "2024-06-01" }]);
  await refresh(db);
});
afterAll(() => db.close());

describe("every indicator compiles and runs", () => {
  for (const def of catalogue) {
    for (const by of [[], ...def.dimensions.map((d) => [d])]) {
      it(`${def.code} by [${by.join(",")}]`, async () => {
        const rows = await computeIndicators(
          db.connection,
          { indicators: [def.code], from: "2024-01-01", to: "2024-12-31", by: by as never },
          { scope: unrestricted, audience: "internal", k: 5 },
        );
        expect(rows[0]?.group).toEqual({});
        expect(rows.every((r) => r.indicator === def.code)).toBe(true);
      });
    }
  }
});
