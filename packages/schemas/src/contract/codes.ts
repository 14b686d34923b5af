// Code lists of contract v1 and v1.1 (../shared/design/DATA_CONTRACT.md). Codes are the canonical,
// lower-case values stored in DuckDB. `aliases` are the Spanish (and other) labels shelters
// really type; they are accepted on input only where they map to exactly one code.

export interface CodeDef {
  code: string;
  es: string;
  en: string;
  aliases?: readonly string[];
}

const list = <const T extends readonly CodeDef[]>(defs: T) => defs;

export const codeLists = {
  model: list([
    { code: "hrt", es: "Hogar de Refugio Temporal", en: "Temporary shelter home (HRT)", aliases: ["hogar de refugio temporal"] },
    { code: "casa_refugio", es: "Casa Refugio", en: "Refuge house", aliases: ["casa refugio"] },
    { code: "refugio", es: "Refugio", en: "Refuge" },
    { code: "casa_emergencia", es: "Casa de emergencia", en: "Emergency house", aliases: ["casa de emergencia"] },
    { code: "casa_transicion", es: "Casa de transición", en: "Transition house", aliases: ["casa de transicion", "casa de transición"] },
  ]),
  operator_type: list([
    { code: "public_national", es: "Público nacional", en: "Public, national" },
    { code: "subnational_government", es: "Gobierno subnacional", en: "Sub-national government", aliases: ["gobierno subnacional", "gobierno regional", "gobierno local"] },
    { code: "beneficencia", es: "Sociedad de Beneficencia", en: "Beneficencia society", aliases: ["sociedad de beneficencia"] },
    { code: "civil_society", es: "Sociedad civil", en: "Civil society", aliases: ["sociedad civil", "osc"] },
    { code: "mixed", es: "Mixto", en: "Mixed", aliases: ["mixto"] },
  ]),
  referral_source: list([
    { code: "comisaria_familia", es: "Comisaría de Familia", en: "Family commissioner's office", aliases: ["comisaría de familia", "comisaria de familia"] },
    { code: "juzgado", es: "Juzgado", en: "Court", aliases: ["juez", "jueza"] },
    { code: "fiscalia_ministerio_publico", es: "Fiscalía / Ministerio Público", en: "Prosecutor's office", aliases: ["fiscalía", "fiscalia", "ministerio público", "ministerio publico"] },
    { code: "cem_or_external_centre", es: "CEM u otro centro externo", en: "Women's emergency centre (CEM) or other external centre", aliases: ["cem", "centro emergencia mujer", "centro externo"] },
    { code: "health_service", es: "Servicio de salud", en: "Health service", aliases: ["servicio de salud", "salud"] },
    { code: "self", es: "Por sí misma", en: "Self-referral", aliases: ["por sí misma", "por si misma", "propia"] },
    { code: "other", es: "Otra", en: "Other", aliases: ["otra", "otro"] },
  ]),
  risk_level: list([
    { code: "moderate", es: "Moderado", en: "Moderate", aliases: ["moderado", "moderada"] },
    { code: "severe", es: "Severo", en: "Severe", aliases: ["severo", "severa", "alto"] },
    { code: "extreme", es: "Extremo", en: "Extreme", aliases: ["extremo", "extrema"] },
  ]),
  woman_age_band: list([
    { code: "<18", es: "Menor de 18", en: "Under 18" },
    { code: "18-24", es: "18 a 24", en: "18 to 24" },
    { code: "25-34", es: "25 a 34", en: "25 to 34" },
    { code: "35-44", es: "35 a 44", en: "35 to 44" },
    { code: "45-59", es: "45 a 59", en: "45 to 59" },
    { code: "60+", es: "60 y más", en: "60 and over" },
  ]),
  child_age_band: list([
    { code: "0-2", es: "0 a 2", en: "0 to 2" },
    { code: "3-5", es: "3 a 5", en: "3 to 5" },
    { code: "6-11", es: "6 a 11", en: "6 to 11" },
    { code: "12-14", es: "12 a 14", en: "12 to 14" },
    { code: "15-17", es: "15 a 17", en: "15 to 17" },
  ]),
  exit_reason: list([
    { code: "plan_completed", es: "Plan completado", en: "Plan completed", aliases: ["plan completado", "egreso con plan"] },
    { code: "voluntary_early", es: "Salida voluntaria anticipada", en: "Early voluntary exit", aliases: ["salida voluntaria", "voluntaria"] },
    { code: "transferred", es: "Derivada a otro servicio", en: "Transferred", aliases: ["derivada", "transferida", "traslado"] },
    { code: "rule_breach_transfer", es: "Egreso por incumplimiento del reglamento", en: "Exit for breaking the rules", aliases: ["incumplimiento del reglamento", "incumplimiento"] },
    { code: "other", es: "Otro", en: "Other", aliases: ["otro", "otra"] },
  ]),
  schooling_during_stay: list([
    { code: "remote", es: "A distancia", en: "Remote", aliases: ["a distancia", "remota", "virtual"] },
    { code: "flexible_model", es: "Modelo flexible", en: "Flexible model", aliases: ["modelo flexible", "educación flexible", "educacion flexible"] },
    { code: "shelter_classroom", es: "Aula refugio", en: "Shelter classroom", aliases: ["aula refugio", "aula en el refugio"] },
    { code: "none", es: "Ninguna", en: "None", aliases: ["ninguna", "ninguno"] },
  ]),
  instrument: list([
    { code: "rosenberg_ses", es: "Escala de Autoestima de Rosenberg", en: "Rosenberg Self-Esteem Scale", aliases: ["rosenberg"] },
  ]),
  timepoint: list([
    { code: "admission", es: "Ingreso", en: "Admission", aliases: ["ingreso"] },
    { code: "exit", es: "Egreso", en: "Exit", aliases: ["egreso", "salida"] },
    { code: "followup_3m", es: "Seguimiento 3 meses", en: "Follow-up 3 months" },
    { code: "followup_6m", es: "Seguimiento 6 meses", en: "Follow-up 6 months" },
    { code: "followup_12m", es: "Seguimiento 12 meses", en: "Follow-up 12 months" },
  ]),
  contact_mode: list([
    { code: "phone", es: "Teléfono", en: "Phone", aliases: ["teléfono", "telefono", "llamada"] },
    { code: "visit", es: "Visita", en: "Visit", aliases: ["visita", "visita domiciliaria"] },
    { code: "interview", es: "Entrevista", en: "Interview", aliases: ["entrevista"] },
    { code: "external_centre", es: "Centro externo", en: "External centre", aliases: ["centro externo"] },
  ]),
  life_plan_progress: list([
    { code: "none", es: "Ninguno", en: "None", aliases: ["ninguno", "ninguna", "sin avance"] },
    { code: "partial", es: "Parcial", en: "Partial", aliases: ["parcial"] },
    { code: "achieved", es: "Logrado", en: "Achieved", aliases: ["logrado", "lograda", "cumplido"] },
  ]),
  compliance_table: list([
    { code: "A1", es: "A.1 Instalaciones", en: "A.1 Facilities", aliases: ["a.1"] },
    { code: "A2", es: "A.2 Servicios básicos", en: "A.2 Basic services", aliases: ["a.2"] },
    { code: "A3", es: "A.3 Medidas de seguridad", en: "A.3 Security measures", aliases: ["a.3"] },
    { code: "A4", es: "A.4 Personal", en: "A.4 Staff", aliases: ["a.4"] },
    { code: "A5", es: "A.5 Programas y documentos", en: "A.5 Programmes and documents", aliases: ["a.5"] },
  ]),
  compliance_result: list([
    { code: "yes", es: "Sí", en: "Yes", aliases: ["sí", "si", "cumple"] },
    { code: "no", es: "No", en: "No", aliases: ["no cumple"] },
    { code: "na", es: "No aplica", en: "Not applicable", aliases: ["no aplica", "n/a", "n.a."] },
  ]),
  recommendation_scope: list([
    { code: "national", es: "Nacional", en: "National", aliases: ["nacional"] },
    { code: "region", es: "Región", en: "Region", aliases: ["región", "regional"] },
    { code: "shelter", es: "Hogar / refugio", en: "Shelter", aliases: ["hogar", "refugio"] },
  ]),
  recommendation_status: list([
    { code: "not_started", es: "Sin iniciar", en: "Not started", aliases: ["sin iniciar", "no iniciada"] },
    { code: "in_progress", es: "En curso", en: "In progress", aliases: ["en curso", "en proceso"] },
    { code: "done", es: "Cumplida", en: "Done", aliases: ["cumplida", "hecha", "completada"] },
    { code: "blocked", es: "Bloqueada", en: "Blocked", aliases: ["bloqueada"] },
  ]),
  not_admitted_reason: list([
    { code: "no_capacity", es: "Sin plazas disponibles", en: "No space available", aliases: ["sin plazas", "sin cupo", "sin capacidad", "lleno", "refugio lleno"] },
    { code: "not_eligible", es: "No cumple el perfil de ingreso", en: "Not eligible", aliases: ["no cumple el perfil", "no elegible", "fuera de perfil"] },
    { code: "declined_by_woman", es: "La mujer no aceptó el ingreso", en: "Declined by the woman", aliases: ["no aceptó", "no acepto", "rechazó", "rechazo", "desistió", "desistio"] },
    { code: "risk_managed_elsewhere", es: "Riesgo atendido por otro servicio", en: "Risk managed elsewhere", aliases: ["atendida en otro servicio", "derivada a otro servicio", "otro servicio"] },
    { code: "other", es: "Otro motivo", en: "Other reason", aliases: ["otro", "otra", "otro motivo"] },
  ]),
  // Registry v1.1: how often a network's shelters send their export.
  reporting_period: list([
    { code: "monthly", es: "Mensual", en: "Monthly", aliases: ["mensual", "mes"] },
    { code: "quarterly", es: "Trimestral", en: "Quarterly", aliases: ["trimestral", "trimestre"] },
  ]),
} as const satisfies Record<string, readonly CodeDef[]>;

export type CodeListName = keyof typeof codeLists;
export type CodeOf<L extends CodeListName> = (typeof codeLists)[L][number]["code"];

export const codeValues = <L extends CodeListName>(name: L) =>
  codeLists[name].map((c) => c.code) as unknown as readonly [CodeOf<L>, ...CodeOf<L>[]];

/** Boolean spellings accepted on input (case-insensitive, accents optional). */
export const booleanSpellings = {
  true: ["true", "t", "1", "yes", "y", "sí", "si", "s", "verdadero", "v", "x"],
  false: ["false", "f", "0", "no", "n", "falso"],
} as const;

/** Answers of the coordinator survey: yes / no, or a Likert point 1…5. */
export const surveyAnswerSpellings = {
  yes: booleanSpellings.true,
  no: booleanSpellings.false,
} as const;
