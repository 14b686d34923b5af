// The indicator catalogue (INDICATORS.md): one declarative definition per indicator. The API,
// the CLI and the dashboard list indicators from here only.
import { coordinatorQuestions, type Dimension } from "@refugio/schemas";
import type { Aggregate, Bilingual, CaseMixVariableCode, IndicatorDefinition } from "./types";

const SEED_BOGOTA = "seed 000 (Casas Refugio, Bogotá)";
const SEED_AURORA = "seed 001 (Programa Nacional Aurora, HRT evaluation)";
const SEED_NOM = "seed 003 (PROY-NOM-217-SE-2020)";
const UNMET_DEMAND = "issue 16, contract v1.1 (England: 60 % of refuge referrals fail, 40 % for lack of space)";

const SHELTER_DIMS = ["network", "country", "region", "shelter", "model"] as const satisfies readonly Dimension[];
const TIME_DIMS = ["month", "quarter", "year"] as const satisfies readonly Dimension[];
const STAY_DIMS = [
  ...SHELTER_DIMS,
  "age_band",
  "referral_source",
  "risk_level",
  "disability",
  "minority_language",
  ...TIME_DIMS,
] as const satisfies readonly Dimension[];

const all: Aggregate = { count: true };

/** Case-mix variables of the outcome indicators that offer adjustment, in merge order (./casemix.ts). */
const CASE_MIX = ["risk_level", "age_band", "children", "disability"] as const satisfies readonly CaseMixVariableCode[];
const where = (cond: string): Aggregate => ({ count: true, where: cond });

/** "Exits with X ÷ exits" indicators share everything but the flag. */
function exitShare(code: string, flag: string, label: Bilingual, description: Bilingual, source: string, extra: Partial<IndicatorDefinition> = {}): IndicatorDefinition {
  return {
    code,
    label,
    description,
    unit: "proportion",
    polarity: "higher_is_better",
    attribution: "exit",
    dimensions: STAY_DIMS,
    source,
    target: null,
    fact: "stays",
    computation: "proportion",
    numerator: where(flag),
    denominator: all,
    ...extra,
  };
}

const exitsCoverageNote: Bilingual = {
  es: "Elegibles = egresos del periodo; faltantes = egresos sin el dato",
  en: "Eligible = exits in the period; missing = exits without the data",
};

/** Referrals (admissions and turn-aways) by shelter, woman and time: contract v1.1's unmet demand. */
const REFERRAL_DIMS = [...SHELTER_DIMS, "age_band", "referral_source", ...TIME_DIMS] as const satisfies readonly Dimension[];
const notAdmitted = "NOT f.admitted";
const reportingNote = {
  es: "Solo los días que cubre un lote del refugio con la tabla referrals_not_admitted (v1.1); un refugio que no la envía queda fuera.",
  en: "Only the days covered by a batch of the shelter carrying the referrals_not_admitted table (v1.1); a shelter that does not send it is left out.",
};

/** Unmet demand (contract v1.1): women referred and not admitted (docs/methods.md, "Unmet demand"). */
const unmetDemandIndicators: IndicatorDefinition[] = [
  {
    code: "referrals_not_admitted",
    label: { es: "Derivaciones no admitidas", en: "Referrals not admitted" },
    description: {
      es: `Mujeres derivadas al refugio que no ingresaron, por fecha de derivación. ${reportingNote.es}`,
      en: `Women referred to the shelter who were not admitted, by referral date. ${reportingNote.en}`,
    },
    unit: "count",
    // A count grows with the shelter's size and how well referrers know it: no judgement.
    polarity: "no_judgement",
    attribution: "referral_date",
    dimensions: REFERRAL_DIMS,
    source: UNMET_DEMAND,
    target: null,
    fact: "referrals",
    computation: "count",
    numerator: where(notAdmitted),
  },
  {
    code: "turn_away_rate",
    label: { es: "Tasa de derivaciones no admitidas", en: "Turn-away rate" },
    description: {
      es: `Derivaciones no admitidas ÷ derivaciones (ingresos + no admitidas) del periodo; la fecha de ingreso hace de fecha de derivación de las admitidas. ${reportingNote.es}`,
      en: `Referrals not admitted ÷ referrals (admissions + not admitted) in the period; an admission's date stands for its referral date. ${reportingNote.en}`,
    },
    unit: "proportion",
    polarity: "lower_is_better",
    attribution: "referral_date",
    dimensions: REFERRAL_DIMS,
    source: UNMET_DEMAND,
    target: null,
    fact: "referrals",
    computation: "proportion",
    numerator: where(notAdmitted),
    denominator: all,
  },
  {
    code: "turn_away_no_capacity",
    label: { es: "No admitidas por falta de plazas", en: "Turned away for lack of space" },
    description: {
      es: `Derivaciones no admitidas por falta de plazas (no_capacity) ÷ derivaciones no admitidas. ${reportingNote.es}`,
      en: `Referrals not admitted for lack of space (no_capacity) ÷ referrals not admitted. ${reportingNote.en}`,
    },
    unit: "proportion",
    // It says why women were turned away (places the network lacks), not how well a shelter works.
    polarity: "no_judgement",
    attribution: "referral_date",
    dimensions: REFERRAL_DIMS,
    source: UNMET_DEMAND,
    target: null,
    fact: "referrals",
    computation: "proportion",
    where: notAdmitted,
    numerator: where("f.reason = 'no_capacity'"),
    denominator: all,
  },
];

const coordinatorIndicators: IndicatorDefinition[] = coordinatorQuestions.map((q) => ({
  code: `coordinator_${q.code}`,
  label: { es: `Coordinadoras: ${q.label.es}`, en: `Coordinators: ${q.label.en}` },
  description: {
    es: `Coordinadoras que responden «sí» (o 4–5 en escala Likert) ÷ coordinadoras que responden. Pregunta: ${q.question.es}`,
    en: `Coordinators answering "yes" (or 4–5 on a Likert scale) ÷ coordinators answering. Question: ${q.question.en}`,
  },
  unit: "proportion",
  polarity: q.polarity,
  attribution: "survey_year",
  dimensions: [...SHELTER_DIMS, "year"],
  source: `${SEED_AURORA}, coordinator survey ${q.seed.year}: ${q.seed.percent} %`,
  target: null,
  fact: "coordinator_surveys",
  computation: "proportion",
  // Question codes come from the reference list (letters and underscores only), never from input.
  where: `f.question_code = '${q.code}'`,
  numerator: where("f.answer_yes"),
  denominator: where("f.answered"),
}));

const complianceTables = [
  { table: "A1", es: "instalaciones", en: "facilities" },
  { table: "A2", es: "servicios básicos", en: "basic services" },
  { table: "A3", es: "medidas de seguridad", en: "security measures" },
  { table: "A4", es: "personal", en: "staff" },
  { table: "A5", es: "programas y documentos", en: "programmes and documents" },
] as const;

function compliance(code: string, table: (typeof complianceTables)[number] | null): IndicatorDefinition {
  return {
    code,
    label: table
      ? { es: `Cumplimiento NOM-217, tabla ${table.table} (${table.es})`, en: `NOM-217 compliance, table ${table.table} (${table.en})` }
      : { es: "Cumplimiento NOM-217 (global)", en: "NOM-217 compliance (overall)" },
    description: {
      es: "Ítems cumplidos ÷ ítems aplicables (sí + no) del Apéndice A, en la verificación más reciente de cada refugio dentro del periodo.",
      en: "Items met ÷ applicable items (yes + no) of Appendix A, in each shelter's latest check within the period.",
    },
    unit: "proportion",
    polarity: "higher_is_better",
    attribution: "check_date",
    dimensions: [...SHELTER_DIMS, "year"],
    source: `${SEED_NOM}, Appendix A${table ? ` table ${table.table}` : ""}`,
    target: null,
    fact: "compliance",
    computation: "proportion",
    ...(table ? { where: `f."table" = '${table.table}'` } : {}),
    numerator: where("f.result = 'yes'"),
    denominator: where("f.result IN ('yes', 'no')"),
    recommendations: ["aurora-r5"],
    applicability: {
      rule: "compliance_check",
      state: "not_assessed",
      reason: {
        es: "Sin verificación NOM-217 registrada en el período (la norma se aplica en México)",
        en: "No NOM-217 check on record in the period (the standard applies in Mexico)",
      },
    },
  };
}

export const catalogue: readonly IndicatorDefinition[] = [
  {
    code: "women_served",
    label: { es: "Mujeres atendidas", en: "Women served" },
    description: {
      es: "Mujeres distintas (clave seudónima) con una estancia que se superpone al periodo.",
      en: "Distinct women (pseudonymous key) with a stay overlapping the period.",
    },
    unit: "count",
    polarity: "no_judgement",
    attribution: "overlap",
    dimensions: STAY_DIMS,
    source: `${SEED_AURORA}: 4,992 women in 22 HRT`,
    target: null,
    fact: "stays",
    computation: "count",
    numerator: { countDistinct: "f.person_key" },
  },
  {
    code: "children_served",
    label: { es: "Hijas e hijos atendidos", en: "Children served" },
    description: {
      es: "Filas de hijas e hijos (tabla children) de las estancias que se superponen al periodo.",
      en: "Children rows (children table) of the stays overlapping the period.",
    },
    unit: "count",
    polarity: "no_judgement",
    attribution: "overlap",
    dimensions: STAY_DIMS,
    source: `${SEED_AURORA}: 5,481 daughters and sons`,
    target: null,
    fact: "stays",
    computation: "count",
    numerator: { sum: "f.children_rows" },
  },
  {
    code: "companions_served",
    label: { es: "Acompañantes atendidos", en: "Companions served" },
    description: {
      es: "Suma de acompañantes (companions_in_stay) de las estancias que se superponen al periodo.",
      en: "Sum of companions (companions_in_stay) of the stays overlapping the period.",
    },
    unit: "count",
    polarity: "no_judgement",
    attribution: "overlap",
    dimensions: STAY_DIMS,
    source: `${SEED_AURORA}: 631 companions`,
    target: null,
    fact: "stays",
    computation: "count",
    numerator: { sum: "f.companions_in_stay" },
  },
  {
    code: "occupancy_rate",
    label: { es: "Tasa de ocupación", en: "Occupancy rate" },
    description: {
      es: "Plazas-día ocupadas (mujer + hijas/os + acompañantes, recortadas al periodo) ÷ (plazas × días abiertos en el periodo). Solo refugios con plazas registradas.",
      en: "Occupied place-days (woman + children + companions, clipped to the period) ÷ (capacity_places × days open in the period). Shelters with registered places only.",
    },
    unit: "rate",
    polarity: "no_judgement",
    attribution: "overlap",
    dimensions: [...SHELTER_DIMS, ...TIME_DIMS],
    source: `${SEED_BOGOTA}: up to 42 places a day per house`,
    target: null,
    display: "percent",
    fact: "shelter_days",
    computation: "ratio",
    numerator: { sum: "f.place_days", top: "f.place_days_top" },
    denominator: { sum: "f.capacity_days" },
    publicDenominator: true,
    n: { sum: "f.stays" },
  },
  exitShare(
    "completed_stays",
    "f.exit_reason = 'plan_completed'",
    { es: "Estancias completadas", en: "Completed stays" },
    {
      es: "Egresos con motivo «plan completado» ÷ todos los egresos del periodo.",
      en: "Exits with reason plan_completed ÷ all exits in the period.",
    },
    `${SEED_NOM} 5.6.4–5.6.6`,
    { caseMix: CASE_MIX },
  ),
  {
    code: "length_of_stay",
    label: { es: "Duración de la estancia", en: "Length of stay" },
    description: {
      es: "Mediana (y media, p90) de días entre ingreso y egreso, de los egresos del periodo.",
      en: "Median (and mean, p90) days from admission to exit, over exits in the period.",
    },
    unit: "days",
    polarity: "no_judgement",
    attribution: "exit",
    dimensions: STAY_DIMS,
    source: `${SEED_BOGOTA} (4 + 2 months); ${SEED_NOM} (3 months)`,
    target: null,
    fact: "stays",
    computation: "distribution",
    value: "f.length_of_stay_days",
  },
  exitShare(
    "stays_over_limit",
    "f.over_limit",
    { es: "Estancias que superan el límite", en: "Stays over the limit" },
    {
      es: "Egresos cuya duración supera el límite del programa (casa_refugio 120 días, 180 con prórroga; refugio NOM 90 días salvo prórroga) ÷ egresos de modelos con límite.",
      en: "Exits whose length exceeds the programme limit (casa_refugio 120 days, 180 with extension; NOM refugio 90 days unless extended) ÷ exits of models with a limit.",
    },
    `${SEED_BOGOTA}; ${SEED_NOM}`,
    {
      polarity: "lower_is_better",
      where: "f.stay_limit_days IS NOT NULL",
      applicability: {
        rule: "stay_limit",
        state: "not_applicable",
        reason: {
          es: "No aplica: el modelo de estos refugios no fija un plazo máximo de estancia (p. ej. HRT)",
          en: "Not applicable: these shelters' model sets no maximum stay (e.g. HRT)",
        },
      },
    },
  ),
  {
    code: "self_esteem_improved",
    label: { es: "Mejora fiable de la autoestima", en: "Reliable self-esteem improvement" },
    description: {
      es: "Estancias con puntaje Rosenberg al ingreso y al egreso cuyo Índice de Cambio Fiable (Jacobson y Truax) supera 1,96 ÷ estancias con ambos puntajes.",
      en: "Stays with Rosenberg admission and exit scores whose Reliable Change Index (Jacobson & Truax) exceeds 1.96 ÷ stays with both scores.",
    },
    unit: "proportion",
    polarity: "higher_is_better",
    attribution: "exit",
    dimensions: STAY_DIMS,
    source: `${SEED_AURORA}: 90 % of coordinators perceived improved self-esteem`,
    target: null,
    fact: "stays",
    computation: "proportion",
    caseMix: CASE_MIX,
    numerator: where("f.rse_rci_improved"),
    denominator: where("f.rse_change IS NOT NULL"),
    coverage: { eligible: all, missing: where("f.rse_change IS NULL"), measured: "denominator", note: exitsCoverageNote },
  },
  {
    code: "self_esteem_change",
    label: { es: "Cambio en la autoestima", en: "Change in self-esteem" },
    description: {
      es: "Cambio medio pareado del puntaje Rosenberg (egreso − ingreso, 0–30) con intervalo t al 95 % y tamaño del efecto d_z.",
      en: "Mean paired change of the Rosenberg score (exit − admission, 0–30) with a 95 % t-interval and effect size d_z.",
    },
    unit: "score_change",
    polarity: "higher_is_better",
    attribution: "exit",
    dimensions: STAY_DIMS,
    source: SEED_AURORA,
    target: null,
    fact: "stays",
    computation: "paired_change",
    value: "f.rse_change",
    coverage: { eligible: all, missing: where("f.rse_change IS NULL"), measured: "denominator", note: exitsCoverageNote },
  },
  {
    code: "school_continuity",
    label: { es: "Continuidad escolar", en: "School continuity" },
    description: {
      es: "Hijas e hijos en edad escolar (6–17) matriculados al ingreso que no perdieron el año escolar ÷ esos niños con el dato, por fecha de egreso de la estancia.",
      en: "School-age children (6–17) enrolled at admission who kept the school year ÷ those children with the data, by the stay's exit date.",
    },
    unit: "proportion",
    polarity: "higher_is_better",
    attribution: "exit",
    dimensions: STAY_DIMS,
    source: `${SEED_AURORA}: school continuity kept (remote/flexible schooling)`,
    target: null,
    fact: "stays",
    computation: "proportion",
    caseMix: CASE_MIX,
    numerator: { sum: "f.school_kept" },
    denominator: { sum: "f.school_known" },
    coverage: {
      eligible: { sum: "f.school_enrolled" },
      missing: { sum: "f.school_enrolled - f.school_known" },
      measured: "denominator",
      note: {
        es: "Elegibles = niñas y niños en edad escolar matriculados al ingreso; faltantes = sin dato de año escolar",
        en: "Eligible = school-age children enrolled at admission; missing = without school-year data",
      },
    },
  },
  {
    code: "followup_coverage_6m",
    label: { es: "Cobertura del seguimiento a 6 meses", en: "Follow-up coverage at 6 months" },
    description: {
      es: "Egresos con un contacto logrado al menos 6 meses (182 días) después del egreso ÷ egresos con 6 meses o más de antigüedad en la fecha de referencia de los datos.",
      en: "Exits with an achieved contact at least 6 months (182 days) after exit ÷ exits 6+ months old at the data's reference date.",
    },
    unit: "proportion",
    polarity: "higher_is_better",
    attribution: "exit",
    dimensions: STAY_DIMS,
    source: `${SEED_NOM} 5.7.2 (follow-up for at least six months)`,
    target: null,
    fact: "stays",
    computation: "proportion",
    caseMix: CASE_MIX,
    where: "f.followup_eligible",
    numerator: where("f.followup_6m_achieved"),
    denominator: all,
    coverage: {
      eligible: all,
      missing: where("NOT f.followup_6m_achieved"),
      measured: "numerator",
      note: {
        es: "Elegibles = egresos con 6+ meses a la fecha de referencia (la última fecha de exportación del refugio, o su fecha más reciente); faltantes = sin contacto logrado a 6+ meses (incluye quienes no consintieron)",
        en: "Eligible = exits 6+ months old at the reference date (the shelter's latest export date, else its latest date); missing = no achieved contact at 6+ months (includes no consent)",
      },
    },
  },
  {
    code: "safe_at_followup",
    label: { es: "Entorno seguro en el seguimiento", en: "Safe at follow-up" },
    description: {
      es: "Estancias cuyo último contacto logrado tras el egreso indica entorno seguro ÷ estancias con ese dato.",
      en: "Stays whose latest achieved contact after exit reports a safe environment ÷ stays with that data.",
    },
    unit: "proportion",
    polarity: "higher_is_better",
    attribution: "exit",
    dimensions: STAY_DIMS,
    source: `${SEED_NOM} 5.7.1`,
    target: null,
    fact: "stays",
    computation: "proportion",
    caseMix: CASE_MIX,
    numerator: where("f.followup_safe"),
    denominator: where("f.followup_safe IS NOT NULL"),
    coverage: { eligible: all, missing: where("f.followup_safe IS NULL"), measured: "denominator", note: exitsCoverageNote },
  },
  {
    code: "recurrence_at_followup",
    label: { es: "Nueva violencia en el seguimiento", en: "Violence again at follow-up" },
    description: {
      es: "Estancias cuyo último contacto logrado tras el egreso registra nueva violencia ÷ estancias con ese dato.",
      en: "Stays whose latest achieved contact after exit records violence again ÷ stays with that data.",
    },
    unit: "proportion",
    polarity: "lower_is_better",
    attribution: "exit",
    dimensions: STAY_DIMS,
    source: `${SEED_NOM} 5.7.1`,
    target: null,
    fact: "stays",
    computation: "proportion",
    numerator: where("f.followup_recurrence"),
    denominator: where("f.followup_recurrence IS NOT NULL"),
    coverage: { eligible: all, missing: where("f.followup_recurrence IS NULL"), measured: "denominator", note: exitsCoverageNote },
  },
  exitShare(
    "exit_plan_rate",
    "f.exit_plan_done",
    { es: "Egresos con plan de egreso", en: "Exits with an exit plan" },
    { es: "Egresos con plan de egreso realizado ÷ egresos.", en: "Exits with the exit plan done ÷ exits." },
    `${SEED_BOGOTA} (egreso stage); ${SEED_NOM} 5.6`,
  ),
  exitShare(
    "safety_plan_rate",
    "f.safety_plan_done",
    { es: "Egresos con plan de seguridad", en: "Exits with a safety plan" },
    { es: "Egresos con plan de seguridad realizado ÷ egresos.", en: "Exits with the safety plan done ÷ exits." },
    `${SEED_NOM} 5.6.2`,
  ),
  exitShare(
    "workshop_certified_rate",
    "f.workshop_certified",
    { es: "Egresos con taller ocupacional certificado", en: "Exits with a certified occupational workshop" },
    { es: "Egresos con certificado de taller ocupacional ÷ egresos.", en: "Exits with an occupational workshop certificate ÷ exits." },
    `${SEED_AURORA} recommendation 2; ${SEED_NOM} 5.2.11, 5.5.8`,
    { recommendations: ["aurora-r2"] },
  ),
  exitShare(
    "employment_at_exit",
    "f.employment_at_exit",
    { es: "Empleo al egreso", en: "Employment at exit" },
    { es: "Egresos con empleo ÷ egresos.", en: "Exits with a job ÷ exits." },
    `${SEED_NOM} 5.2.11`,
    { caseMix: CASE_MIX },
  ),
  {
    ...exitShare(
      "legal_representation_rate",
      "f.legal_representation",
      { es: "Representación jurídica", en: "Legal representation" },
      { es: "Estancias ingresadas en el periodo con representación jurídica ÷ estancias ingresadas.", en: "Stays admitted in the period with legal representation ÷ stays admitted." },
      SEED_NOM,
    ),
    attribution: "admission",
  },
  {
    ...exitShare(
      "protection_order_rate",
      "f.protection_order",
      { es: "Medidas de protección", en: "Protection orders" },
      { es: "Estancias ingresadas en el periodo con medida de protección ÷ estancias ingresadas.", en: "Stays admitted in the period with a protection order ÷ stays admitted." },
      `${SEED_BOGOTA} (admission through a protection order)`,
    ),
    attribution: "admission",
  },
  {
    code: "service_satisfaction",
    label: { es: "Satisfacción con los servicios", en: "Service satisfaction" },
    description: {
      es: "Respuestas en las dos categorías superiores de la escala Likert ÷ respuestas, por fecha de respuesta. Sin intervalo binomial: las respuestas de una misma persona no son independientes; n = encuestas.",
      en: "Answers in the top two Likert boxes ÷ answers, by answer date. No binomial interval: one person's answers are not independent; n = survey responses.",
    },
    unit: "proportion",
    polarity: "higher_is_better",
    attribution: "answer_date",
    dimensions: [...SHELTER_DIMS, ...TIME_DIMS],
    source: `${SEED_NOM} 5.2.16`,
    target: null,
    fact: "service_surveys",
    computation: "ratio",
    numerator: { sum: "f.top_two" },
    denominator: { sum: "f.answers" },
    n: where("f.answers > 0"),
  },
  ...unmetDemandIndicators,
  ...coordinatorIndicators,
  compliance("compliance_nom217", null),
  ...complianceTables.map((t) => compliance(`compliance_nom217_${t.table.toLowerCase()}`, t)),
  {
    code: "recommendation_progress",
    label: { es: "Avance de las recomendaciones", en: "Recommendation progress" },
    description: {
      es: "Ítems de recomendaciones en seguimiento con estado «cumplida» ÷ ítems, según la última actualización de cada ítem hasta el fin del periodo.",
      en: "Tracked recommendation items with status done ÷ items, by each item's latest update up to the end of the period.",
    },
    unit: "proportion",
    polarity: "higher_is_better",
    attribution: "update_date",
    dimensions: [],
    source: `${SEED_AURORA}, recommendations 1–5 and the lesson on commitments`,
    target: 1,
    fact: "recommendations",
    computation: "proportion",
    numerator: where("f.status = 'done'"),
    denominator: all,
  },
  {
    code: "exclusive_coordinator_share",
    label: { es: "Refugios con coordinadora exclusiva", en: "Shelters with an exclusive coordinator" },
    description: {
      es: "Refugios abiertos en el periodo con coordinadora exclusiva ÷ refugios abiertos en el periodo (registro actual).",
      en: "Shelters open in the period with an exclusive coordinator ÷ shelters open in the period (current registry).",
    },
    unit: "proportion",
    polarity: "higher_is_better",
    attribution: "registry",
    dimensions: SHELTER_DIMS,
    source: `${SEED_AURORA}, recommendation 4`,
    target: 1,
    fact: "shelters",
    computation: "proportion",
    numerator: where("f.has_exclusive_coordinator"),
    denominator: all,
    recommendations: ["aurora-r4"],
  },
];

const byCode = new Map(catalogue.map((d) => [d.code, d]));

export function getIndicator(code: string): IndicatorDefinition | undefined {
  return byCode.get(code);
}
