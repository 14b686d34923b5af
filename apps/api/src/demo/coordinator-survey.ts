// The yearly coordinator survey of the HRT. 2022 reproduces the Aurora evaluation's figures
// exactly (seed 001); which coordinators answer "no" is drawn from the seed, leaning towards
// the weaker homes for the outcome questions.
import type { CoordinatorQuestionCode } from "@refugio/schemas";
import { coordinatorQuestions } from "@refugio/schemas";
import type { Row } from "./csv";
import type { Rng } from "./random";

export const SURVEY_2022: Record<CoordinatorQuestionCode, { yes: number; answered: number }> = {
  emotional_stability: { yes: 21, answered: 22 }, // 95.5 %
  self_esteem_improved: { yes: 18, answered: 20 }, // 90 %: two coordinators left it blank
  mother_child_bond: { yes: 19, answered: 22 }, // 86.4 %
  emotional_dependence: { yes: 22, answered: 22 }, // 100 %
  lack_of_economic_resources: { yes: 21, answered: 22 }, // 95 %
  resistance_irritability: { yes: 20, answered: 22 }, // 91 %
  anxiety_depression_signs: { yes: 19, answered: 22 }, // 86 %
  complaints_demanding: { yes: 17, answered: 22 }, // 77 %
};

/** Weighted sample of k items without replacement (Efraimidis–Spirakis keys). */
function sampleWeighted<T>(items: readonly T[], weight: (t: T) => number, k: number, rng: Rng): Set<T> {
  const keyed = items.map((t) => ({ t, key: Math.log(Math.max(rng.next(), 1e-12)) / weight(t) }));
  keyed.sort((a, b) => b.key - a.key);
  return new Set(keyed.slice(0, k).map((x) => x.t));
}

export interface SurveyedShelter {
  code: string;
  /** Overall quality, about -1 … 1. */
  q: number;
}

export function coordinatorSurvey2022(shelters: readonly SurveyedShelter[], rng: Rng): Row[] {
  const rows: Row[] = [];
  for (const question of coordinatorQuestions) {
    const target = SURVEY_2022[question.code];
    const silent = sampleWeighted(shelters, () => 1, shelters.length - target.answered, rng);
    const answering = shelters.filter((s) => !silent.has(s));
    const outcome = question.kind === "outcome";
    const noes = sampleWeighted(answering, (s) => (outcome ? Math.exp(-1.5 * s.q) : 1), target.answered - target.yes, rng);
    for (const s of answering) {
      rows.push({ shelter_code: s.code, year: 2022, question_code: question.code, answer: noes.has(s) ? "no" : "yes" });
    }
  }
  return rows;
}
