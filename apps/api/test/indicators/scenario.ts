// The hand-checked scenario of the indicator tests. Period of interest: Q1 2024 (a leap year:
// 91 days). Each stay's comment says why it is there; expected figures are worked out in the tests.
import type { Database } from "../../src/db/connection";
import { addRecommendationUpdates, addRows, addShelters, addStays, refresh } from "./fixtures";

export const Q1 = { from: "2024-01-01", to: "2024-03-31" } as const;

/** Rosenberg answers (items 1–10, 0–3, items 2, 5, 6, 8, 9 reversed). */
export const H1_S1_ADMISSION = [1, 2, 1, 1, 2, 2, 1, 2, 2, 1];
// Exit: 14 points over 9 answers, prorated to 16: a change of 6, just under the RCI threshold (≈ 6.23).
export const H1_S1_EXIT = [2, 2, 1, 2, 2, 1, 2, 1, null, 1];

const items = (answers: (number | null)[]) => Object.fromEntries(answers.map((v, i) => [`item_${i + 1}`, v]));

export async function loadScenario(db: Database): Promise<void> {
  await addShelters(db, [
    { shelter_code: "h1", network_code: "net-a", country: "PE", region_code: "PE-LIM", model: "hrt", capacity_places: 10, opened_on: "2020-01-01", has_exclusive_coordinator: true },
    // Opens mid-period: 60 days open in Q1.
    { shelter_code: "h2", network_code: "net-a", country: "PE", region_code: "PE-CUS", model: "hrt", capacity_places: 4, opened_on: "2024-02-01", has_exclusive_coordinator: false },
    { shelter_code: "c1", network_code: "net-b", country: "CO", region_code: "CO-DC", model: "casa_refugio", capacity_places: 42 },
    // No places registered: left out of occupancy.
    { shelter_code: "r1", network_code: "net-c", country: "MX", region_code: "MX-OAX", model: "refugio" },
  ]);
  await addStays(db, [
    // Crosses into the period; exits 2024-01-10 (26 days); 1 child.
    { shelter_code: "h1", stay_id: "s1", person_key: "p1", admission_date: "2023-12-15", exit_date: "2024-01-10", exit_reason: "plan_completed", children_in_stay: 1, companions_in_stay: 0, exit_plan_done: true, safety_plan_done: true, age_band: "25-34", referral_source: "self" },
    // The same woman again, admitted on the leap day, exits on the last day of the period (31 days).
    { shelter_code: "h1", stay_id: "s2", person_key: "p1", admission_date: "2024-02-29", exit_date: "2024-03-31", exit_reason: "voluntary_early", age_band: "25-34" },
    // Still open: served, occupying, not an exit.
    { shelter_code: "h1", stay_id: "s3", person_key: "p2", admission_date: "2024-03-01", legal_representation: true, age_band: "18-24" },
    // Exits the day before the period: not served in Q1.
    { shelter_code: "h1", stay_id: "s4", person_key: "p3", admission_date: "2023-06-01", exit_date: "2023-12-31", exit_reason: "plan_completed" },
    // Admitted the day after the period.
    { shelter_code: "h1", stay_id: "s5", person_key: "p4", admission_date: "2024-04-01" },
    // 11 days, 2 children and 2 companions (5 people); protection order.
    { shelter_code: "h2", stay_id: "s1", person_key: "p5", admission_date: "2024-02-10", exit_date: "2024-02-20", exit_reason: "transferred", children_in_stay: 2, companions_in_stay: 2, protection_order: true },
    // 137 days without extension: over the 120-day limit.
    { shelter_code: "c1", stay_id: "s1", person_key: "p6", admission_date: "2023-10-01", exit_date: "2024-02-15", exit_reason: "other", children_in_stay: 1, exit_plan_done: true, extension_granted: false },
    // 166 days with extension: within 180.
    { shelter_code: "c1", stay_id: "s2", person_key: "p7", admission_date: "2023-10-01", exit_date: "2024-03-15", exit_reason: "plan_completed", exit_plan_done: true, extension_granted: true },
    // Exits after the period.
    { shelter_code: "r1", stay_id: "s1", person_key: "p8", admission_date: "2024-01-01", exit_date: "2024-04-15", legal_representation: true },
    // Exactly 90 days: not over the 90-day limit.
    { shelter_code: "r1", stay_id: "s2", person_key: "p9", admission_date: "2024-01-01", exit_date: "2024-03-31", exit_reason: "voluntary_early", occupational_workshop_certified: true },
  ]);
  await addRows(db, "children", [
    { shelter_code: "h1", stay_id: "s1", child_key: "k1", age_band: "6-11", school_enrolled_at_admission: true, school_year_kept: true },
    { shelter_code: "h1", stay_id: "s4", child_key: "k1", age_band: "6-11", school_enrolled_at_admission: true, school_year_kept: false },
    { shelter_code: "h2", stay_id: "s1", child_key: "k1", age_band: "12-14", school_enrolled_at_admission: true, school_year_kept: false },
    { shelter_code: "h2", stay_id: "s1", child_key: "k2", age_band: "0-2" },
    { shelter_code: "c1", stay_id: "s1", child_key: "k1", age_band: "15-17", school_enrolled_at_admission: true },
  ]);
  await addRows(db, "assessments", [
    { shelter_code: "h1", stay_id: "s1", instrument: "rosenberg_ses", timepoint: "admission", assessed_on: "2023-12-15", ...items(H1_S1_ADMISSION) },
    { shelter_code: "h1", stay_id: "s1", instrument: "rosenberg_ses", timepoint: "exit", assessed_on: "2024-01-10", ...items(H1_S1_EXIT) },
    { shelter_code: "c1", stay_id: "s1", instrument: "rosenberg_ses", timepoint: "admission", assessed_on: "2023-10-01", total_score: 10 },
    { shelter_code: "c1", stay_id: "s1", instrument: "rosenberg_ses", timepoint: "exit", assessed_on: "2024-02-15", total_score: 25 },
    // Admission only: counts as missing.
    { shelter_code: "h2", stay_id: "s1", instrument: "rosenberg_ses", timepoint: "admission", assessed_on: "2024-02-10", total_score: 12 },
  ]);
  await addRows(db, "followups", [
    // Achieved 181 days after exit (not 6 months); the 182-day contact was not achieved.
    { shelter_code: "h1", stay_id: "s1", contact_date: "2024-07-09", contact_achieved: true, safe_environment: false },
    { shelter_code: "h1", stay_id: "s1", contact_date: "2024-07-10", contact_achieved: false },
    // Achieved at exactly 182 days; the latest achieved contact says safe, no recurrence.
    { shelter_code: "c1", stay_id: "s1", contact_date: "2024-03-01", contact_achieved: true, safe_environment: false, violence_recurrence: true },
    { shelter_code: "c1", stay_id: "s1", contact_date: "2024-08-15", contact_achieved: true, safe_environment: true, violence_recurrence: false },
  ]);
  await addRows(db, "service_surveys", [
    { shelter_code: "h1", response_id: "r1", answered_on: "2024-02-10", item_1: 5, item_2: 4, item_3: 3 },
    { shelter_code: "h1", response_id: "r2", answered_on: "2024-03-10", scale_max: 4, item_1: 4, item_2: 2 },
    { shelter_code: "h1", response_id: "r3", answered_on: "2024-04-02", item_1: 5 },
  ]);
  await addRows(db, "coordinator_surveys", [
    { shelter_code: "h1", year: 2024, question_code: "emotional_stability", answer: "yes" },
    { shelter_code: "h2", year: 2024, question_code: "emotional_stability", answer: "no" },
    { shelter_code: "c1", year: 2024, question_code: "emotional_stability", answer: "5" },
    { shelter_code: "h1", year: 2023, question_code: "emotional_stability", answer: "yes" },
  ]);
  await addRows(db, "compliance_checks", [
    { shelter_code: "h1", assessed_on: "2024-01-15", table: "A1", item_no: 1, result: "no" },
    { shelter_code: "h1", assessed_on: "2024-01-15", table: "A1", item_no: 2, result: "no" },
    { shelter_code: "h1", assessed_on: "2024-03-20", table: "A1", item_no: 1, result: "yes" },
    { shelter_code: "h1", assessed_on: "2024-03-20", table: "A1", item_no: 2, result: "yes" },
    { shelter_code: "h1", assessed_on: "2024-03-20", table: "A1", item_no: 3, result: "no" },
    { shelter_code: "h1", assessed_on: "2024-03-20", table: "A1", item_no: 4, result: "na" },
    { shelter_code: "h1", assessed_on: "2024-03-20", table: "A2", item_no: 1, result: "yes" },
    { shelter_code: "h2", assessed_on: "2024-05-01", table: "A1", item_no: 1, result: "yes" },
    { shelter_code: "c1", assessed_on: "2024-02-01", table: "A1", item_no: 1, result: "no" },
  ]);
  await addRecommendationUpdates(db, [
    { recommendation_code: "aurora-r4", scope: "national", scope_code: "", status: "in_progress", updated_on: "2024-01-01" },
    { recommendation_code: "aurora-r4", scope: "national", scope_code: "", status: "done", updated_on: "2024-03-01" },
    { recommendation_code: "aurora-r2", scope: "region", scope_code: "PE-LIM", status: "in_progress", updated_on: "2024-02-01" },
    { recommendation_code: "aurora-r5", scope: "shelter", scope_code: "h1", status: "done", updated_on: "2024-02-01" },
    { recommendation_code: "aurora-r5", scope: "shelter", scope_code: "h1", status: "blocked", updated_on: "2024-04-10" },
  ]);
  await refresh(db);
}
