// Question codes of the yearly coordinator survey (`coordinator_surveys.question_code`), as in
// the Aurora 2022 survey of shelter-home coordinators (../shared/seeds/001_495e2f6c9a772c93.txt).
// Outcomes: "yes" is good. Difficulties: how common a problem is among residents, no judgement
// on the shelter (a higher share is not worse service).
import type { Polarity } from "../api/indicators";

export interface CoordinatorQuestion {
  code: string;
  kind: "outcome" | "difficulty";
  polarity: Extract<Polarity, "higher_is_better" | "no_judgement">;
  label: { es: string; en: string };
  /** The question as worded in the seed's report of the survey. */
  question: { es: string; en: string };
  /** Figure reported for 2022 (percent of coordinators answering yes; about 22 respondents). */
  seed: { year: number; percent: number };
}

const SEED_YEAR = 2022;
/** Respondents of the 2022 survey, inferred: 95.5 % and 86.4 % are multiples of 1/22. */
export const COORDINATOR_SURVEY_SEED_RESPONDENTS = 22;

export const coordinatorQuestions = [
  {
    code: "emotional_stability",
    kind: "outcome",
    polarity: "higher_is_better",
    label: { es: "Estabilidad emocional de las usuarias", en: "Residents' emotional stability" },
    question: {
      es: "¿La intervención multidisciplinaria contribuyó a la estabilidad emocional de las usuarias y al fortalecimiento de sus recursos personales?",
      en: "Did the multidisciplinary intervention contribute to residents' emotional stability and personal resources?",
    },
    seed: { year: SEED_YEAR, percent: 95.5 },
  },
  {
    code: "self_esteem_improved",
    kind: "outcome",
    polarity: "higher_is_better",
    label: { es: "Mejora de la autoestima", en: "Improved self-esteem" },
    question: {
      es: "¿Percibió mejoras en la autoestima de las usuarias?",
      en: "Did you perceive improved self-esteem among residents?",
    },
    seed: { year: SEED_YEAR, percent: 90 },
  },
  {
    code: "mother_child_bond",
    kind: "outcome",
    polarity: "higher_is_better",
    label: { es: "Fortalecimiento del vínculo madre-hijo", en: "Stronger mother–child bond" },
    question: {
      es: "¿Evidenció el fortalecimiento del vínculo madre-hijo?",
      en: "Did you see the mother–child bond strengthened?",
    },
    seed: { year: SEED_YEAR, percent: 86.4 },
  },
  {
    code: "emotional_dependence",
    kind: "difficulty",
    polarity: "no_judgement",
    label: { es: "Dependencia emocional", en: "Emotional dependence" },
    question: { es: "Dificultad: dependencia emocional", en: "Difficulty: emotional dependence" },
    seed: { year: SEED_YEAR, percent: 100 },
  },
  {
    code: "lack_of_economic_resources",
    kind: "difficulty",
    polarity: "no_judgement",
    label: { es: "Falta de recursos económicos", en: "Lack of economic resources" },
    question: { es: "Dificultad: falta de recursos económicos", en: "Difficulty: lack of economic resources" },
    seed: { year: SEED_YEAR, percent: 95 },
  },
  {
    code: "resistance_irritability",
    kind: "difficulty",
    polarity: "no_judgement",
    label: { es: "Resistencia e irritabilidad", en: "Resistance and irritability" },
    question: { es: "Dificultad: resistencia e irritabilidad", en: "Difficulty: resistance and irritability" },
    seed: { year: SEED_YEAR, percent: 91 },
  },
  {
    code: "anxiety_depression_signs",
    kind: "difficulty",
    polarity: "no_judgement",
    label: { es: "Signos de ansiedad y depresión", en: "Signs of anxiety and depression" },
    question: { es: "Dificultad: signos de ansiedad y depresión", en: "Difficulty: signs of anxiety and depression" },
    seed: { year: SEED_YEAR, percent: 86 },
  },
  {
    code: "complaints_demanding",
    kind: "difficulty",
    polarity: "no_judgement",
    label: { es: "Quejas y actitud demandante", en: "Complaints and a demanding attitude" },
    question: { es: "Dificultad: quejas y actitud demandante", en: "Difficulty: complaints and a demanding attitude" },
    seed: { year: SEED_YEAR, percent: 77 },
  },
] as const satisfies readonly CoordinatorQuestion[];

export type CoordinatorQuestionCode = (typeof coordinatorQuestions)[number]["code"];
export const coordinatorQuestionCodes = coordinatorQuestions.map((q) => q.code) as unknown as readonly [
  CoordinatorQuestionCode,
  ...CoordinatorQuestionCode[],
];
export const coordinatorQuestionByCode = (code: string): CoordinatorQuestion | undefined =>
  coordinatorQuestions.find((q) => q.code === code);
