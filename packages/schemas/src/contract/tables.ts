// Contract tables as declarative descriptors. Everything else is derived from these: the zod row
// schemas, DuckDB DDL and typed reads, JSON Schema, the data dictionary and the fill-in templates.
// Table and column names are contract v1: never rename, only add optional columns, codes and
// (in a minor version such as v1.1) optional tables, each marked with the version it came in.
import type { Bilingual } from "../normalise/messages";
import type { CodeListName } from "./codes";

export type ColumnKind = "text" | "integer" | "number" | "boolean" | "date" | "code";

export interface ColumnDef {
  name: string;
  kind: ColumnKind;
  required: boolean;
  codes?: CodeListName;
  min?: number;
  max?: number;
  /** A text column whose values must have this format (see `pseudonymousKey`). */
  format?: "pseudonymous_key";
  es: string;
  en: string;
}

/**
 * Contract versions a manifest may state, oldest first. A minor version only adds optional
 * tables, columns and codes, so every batch of an older version is still a valid batch.
 */
export const CONTRACT_VERSIONS = ["1", "1.1"] as const;
export type ContractVersion = (typeof CONTRACT_VERSIONS)[number];

export interface TableDef {
  name: string;
  /** The contract version that added the table (absent: v1). Older manifests may not carry it. */
  since?: ContractVersion;
  /** "batch": sent by shelters; "registry": kept by the network or ministry. */
  origin: "batch" | "registry";
  /** A short name for the table in reports and headings. */
  label: Bilingual;
  /** Natural key within a shelter (shelter_code is implied for batch tables). */
  key: readonly string[];
  es: string;
  en: string;
  columns: readonly ColumnDef[];
}

const c = (
  name: string,
  kind: ColumnKind,
  required: boolean,
  es: string,
  en: string,
  extra: Partial<Pick<ColumnDef, "codes" | "min" | "max">> = {},
): ColumnDef => ({ name, kind, required, es, en, ...extra });
/**
 * The contract's pseudonymous key (stay_id, person_key, child_key, response_id): what a shelter's
 * own system makes, a record number with a prefix (`S00002012`), a hex token, a UUID. ASCII
 * letters, digits and `- _ . :`, starting with a letter or digit, at most 64 characters, with at
 * least one letter; or a bare record number of at most 6 digits. So a key can never be a name
 * ("Ana Pérez": space, accent), an address, a phone ("+51 987 654 321", "987654321") or a bare
 * document number ("40123456", a DNI; cédulas and phones have 7 digits or more): those are
 * refused, their value never echoed. The one definition: zod, JSON Schema, the data dictionary
 * and the SQL of the loader all read it from here (RE2 has no look-ahead, hence the parts).
 */
export const pseudonymousKey = {
  /** The characters, as a full-match pattern (valid in ECMAScript and RE2). */
  chars: "[A-Za-z0-9][A-Za-z0-9._:-]{0,63}",
  /** Somewhere in the key (ECMAScript and RE2)… */
  letter: "[A-Za-z]",
  /** …unless it is a short record number (full match, ECMAScript and RE2). */
  shortNumber: "[0-9]{1,6}",
  maxLength: 64,
  /** One ECMAScript pattern (JSON Schema `pattern`). */
  pattern: "^(?:(?=[^A-Za-z]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9._:-]{0,63}|[0-9]{1,6})$",
  es: "clave seudónima: letras ASCII, dígitos y - _ . : (máximo 64, al menos una letra, o un número de registro de hasta 6 dígitos; nunca un nombre, documento, teléfono o dirección)",
  en: "pseudonymous key: ASCII letters, digits and - _ . : (at most 64, at least one letter, or a record number of up to 6 digits; never a name, ID number, phone or address)",
} as const;

const keyRe = new RegExp(`^${pseudonymousKey.chars}$`);
const letterRe = new RegExp(pseudonymousKey.letter);
const shortNumberRe = new RegExp(`^${pseudonymousKey.shortNumber}$`);
/** Whether a (trimmed) value has the pseudonymous key format. */
export const isPseudonymousKey = (value: string): boolean => (keyRe.test(value) && letterRe.test(value)) || shortNumberRe.test(value);

const key = (name: string, required: boolean, es: string, en: string): ColumnDef => ({ name, kind: "text", required, format: "pseudonymous_key", es, en });
const code = (name: string, codes: CodeListName, required: boolean, es: string, en: string) =>
  c(name, "code", required, es, en, { codes });

/** Maximum number of item columns (item_1 … item_N) an instrument or survey may use. */
export const MAX_ITEMS = 20;
const items = (es: string, en: string, min: number, max: number) =>
  Array.from({ length: MAX_ITEMS }, (_, i) =>
    c(`item_${i + 1}`, "integer", false, `${es} ${i + 1}`, `${en} ${i + 1}`, { min, max }),
  );

export const shelters = {
  name: "shelters",
  label: { es: "Refugios", en: "Shelters" },
  origin: "registry",
  key: ["shelter_code"],
  es: "Registro de refugios de la red (sin dirección ni coordenadas).",
  en: "Registry of the network's shelters (no address, no coordinates).",
  columns: [
    c("shelter_code", "text", true, "Código estable y no identificador del refugio", "Stable, non-identifying shelter code"),
    c("network_code", "text", true, "Código de la red", "Network code"),
    c("network_name", "text", false, "Nombre de la red", "Network name"),
    c("country", "text", true, "País (ISO 3166-1 alfa-2)", "Country (ISO 3166-1 alpha-2)"),
    c("region_code", "text", true, "Región (ISO 3166-2, p. ej. PE-CUS)", "Region (ISO 3166-2, e.g. PE-CUS)"),
    code("model", "model", true, "Modelo de refugio", "Shelter model"),
    c("capacity_places", "integer", false, "Plazas diarias", "Daily places", { min: 0 }),
    c("capacity_rooms", "integer", false, "Habitaciones (una por núcleo familiar)", "Rooms (one per family unit)", { min: 0 }),
    c("opened_on", "date", false, "Fecha de apertura", "Opening date"),
    c("closed_on", "date", false, "Fecha de cierre", "Closing date"),
    code("operator_type", "operator_type", false, "Tipo de operador", "Operator type"),
    c("has_exclusive_coordinator", "boolean", false, "Tiene coordinadora exclusiva", "Has an exclusive coordinator"),
    // v1.1: the network's submission calendar (one value per network; blank: quarterly, 30 days).
    code("reporting_period", "reporting_period", false, "Periodo de envío de la red (mensual o trimestral; vacío: trimestral)", "The network's reporting period (monthly or quarterly; blank: quarterly)"),
    c("reporting_due_days", "integer", false, "Días tras el fin del periodo para enviar (vacío: 30)", "Days after the period ends to send the export (blank: 30)", { min: 0, max: 366 }),
  ],
} as const satisfies TableDef;

export const stays = {
  name: "stays",
  label: { es: "Estancias", en: "Stays" },
  origin: "batch",
  key: ["stay_id"],
  es: "Una fila por estancia de una mujer.",
  en: "One row per stay of a woman.",
  columns: [
    key("stay_id", true, "Identificador seudónimo de la estancia (único en el refugio)", "Pseudonymous stay id (unique within the shelter)"),
    key("person_key", true, "Clave seudónima de la mujer", "Pseudonymous key of the woman"),
    c("shelter_code", "text", true, "Código del refugio", "Shelter code"),
    c("admission_date", "date", true, "Fecha de ingreso", "Admission date"),
    c("exit_date", "date", false, "Fecha de egreso (vacía si sigue albergada)", "Exit date (empty while in residence)"),
    code("referral_source", "referral_source", false, "Fuente de derivación", "Referral source"),
    c("protection_order", "boolean", false, "Medida de protección", "Protection order"),
    code("risk_level_at_admission", "risk_level", false, "Nivel de riesgo al ingreso", "Risk level at admission"),
    code("age_band", "woman_age_band", false, "Grupo de edad", "Age band"),
    c("disability", "boolean", false, "Discapacidad", "Disability"),
    c("indigenous_or_language_minority", "boolean", false, "Indígena o lengua minoritaria", "Indigenous or minority language"),
    c("children_in_stay", "integer", false, "Hijas e hijos albergados", "Children in the stay", { min: 0, max: 20 }),
    c("companions_in_stay", "integer", false, "Acompañantes albergados", "Companions in the stay", { min: 0, max: 20 }),
    c("extension_granted", "boolean", false, "Prórroga concedida", "Extension granted"),
    code("exit_reason", "exit_reason", false, "Motivo de egreso", "Exit reason"),
    c("exit_plan_done", "boolean", false, "Plan de egreso realizado", "Exit plan done"),
    c("safety_plan_done", "boolean", false, "Plan de seguridad realizado", "Safety plan done"),
    c("legal_representation", "boolean", false, "Representación jurídica", "Legal representation"),
    c("occupational_workshop_certified", "boolean", false, "Taller ocupacional con certificado", "Certified occupational workshop"),
    c("employment_at_exit", "boolean", false, "Empleo al egreso", "Employment at exit"),
    c("consent_followup", "boolean", false, "Consentimiento para seguimiento (NOM 5.7.4)", "Consent to follow-up (NOM 5.7.4)"),
    c("consent_research", "boolean", false, "Consentimiento para investigación (ausente = no)", "Consent to research use (absent = no)"),
  ],
} as const satisfies TableDef;

export const children = {
  name: "children",
  label: { es: "Hijas e hijos", en: "Children" },
  origin: "batch",
  key: ["stay_id", "child_key"],
  es: "Una fila por hija o hijo en una estancia.",
  en: "One row per daughter or son in a stay.",
  columns: [
    key("child_key", true, "Clave seudónima de la niña o niño", "Pseudonymous child key"),
    key("stay_id", true, "Estancia de la madre", "Mother's stay"),
    code("age_band", "child_age_band", false, "Grupo de edad", "Age band"),
    c("school_enrolled_at_admission", "boolean", false, "Matriculada/o al ingreso", "Enrolled in school at admission"),
    code("schooling_during_stay", "schooling_during_stay", false, "Escolaridad durante la estancia", "Schooling during the stay"),
    c("school_year_kept", "boolean", false, "No perdió el año escolar (vacío si no está en edad escolar)", "Kept the school year (empty if not school age)"),
    c("psychological_care", "boolean", false, "Atención psicológica", "Psychological care"),
  ],
} as const satisfies TableDef;

export const assessments = {
  name: "assessments",
  label: { es: "Evaluaciones", en: "Assessments" },
  origin: "batch",
  key: ["stay_id", "instrument", "timepoint"],
  es: "Medidas repetidas de un instrumento validado.",
  en: "Repeated measures of a validated instrument.",
  columns: [
    key("stay_id", true, "Estancia", "Stay"),
    code("instrument", "instrument", true, "Instrumento", "Instrument"),
    code("timepoint", "timepoint", true, "Momento", "Timepoint"),
    c("assessed_on", "date", true, "Fecha de aplicación", "Date assessed"),
    c("total_score", "number", false, "Puntaje total (si no se envían ítems)", "Total score (when items are not sent)"),
    ...items("Respuesta al ítem", "Response to item", 0, 10),
  ],
} as const satisfies TableDef;

export const followups = {
  name: "followups",
  label: { es: "Seguimientos", en: "Follow-ups" },
  origin: "batch",
  key: ["stay_id", "contact_date"],
  es: "Contactos después del egreso.",
  en: "Contacts after exit.",
  columns: [
    key("stay_id", true, "Estancia", "Stay"),
    c("contact_date", "date", true, "Fecha de contacto", "Contact date"),
    code("mode", "contact_mode", false, "Modalidad", "Mode"),
    c("contact_achieved", "boolean", true, "Contacto logrado", "Contact achieved"),
    c("safe_environment", "boolean", false, "Entorno seguro", "Safe environment"),
    code("life_plan_progress", "life_plan_progress", false, "Avance del plan de vida", "Life plan progress"),
    c("violence_recurrence", "boolean", false, "Nueva violencia", "Violence again"),
  ],
} as const satisfies TableDef;

export const service_surveys = {
  name: "service_surveys",
  label: { es: "Encuestas de servicio", en: "Service surveys" },
  origin: "batch",
  key: ["response_id"],
  es: "Encuestas de evaluación de los servicios (NOM 5.2.16).",
  en: "Users' evaluation of services (NOM 5.2.16).",
  columns: [
    key("response_id", false, "Identificador de la respuesta (si falta, se deriva del contenido)", "Response id (derived from the content when absent)"),
    key("stay_id", false, "Estancia (opcional)", "Stay (optional)"),
    c("answered_on", "date", true, "Fecha de respuesta", "Date answered"),
    c("scale_max", "integer", false, "Máximo de la escala Likert (por defecto 5)", "Likert scale maximum (default 5)", { min: 2, max: 10 }),
    c("complaint_filed", "boolean", false, "Presentó queja", "Complaint filed"),
    ...items("Puntaje del ítem", "Score of item", 1, 10),
  ],
} as const satisfies TableDef;

export const coordinator_surveys = {
  name: "coordinator_surveys",
  label: { es: "Encuestas a coordinadoras", en: "Coordinator surveys" },
  origin: "batch",
  key: ["year", "question_code"],
  es: "Encuesta anual a coordinadoras (como la de Aurora 2022).",
  en: "Yearly survey of coordinators (as Aurora's 2022 survey).",
  columns: [
    c("shelter_code", "text", true, "Código del refugio", "Shelter code"),
    c("year", "integer", true, "Año", "Year", { min: 2000, max: 2100 }),
    c("question_code", "text", true, "Código de la pregunta", "Question code"),
    c("answer", "text", true, "Respuesta (yes/no o Likert 1–5)", "Answer (yes/no or Likert 1–5)"),
  ],
} as const satisfies TableDef;

export const compliance_checks = {
  name: "compliance_checks",
  label: { es: "Verificación de la norma", en: "Compliance checks" },
  origin: "batch",
  key: ["assessed_on", "table", "item_no"],
  es: "Lista de verificación NOM-217, Apéndice A.",
  en: "NOM-217 Appendix A checklist.",
  columns: [
    c("shelter_code", "text", true, "Código del refugio", "Shelter code"),
    c("assessed_on", "date", true, "Fecha de verificación", "Date checked"),
    code("table", "compliance_table", true, "Tabla (A1…A5)", "Table (A1…A5)"),
    c("item_no", "integer", true, "Número de ítem", "Item number", { min: 1, max: 40 }),
    code("result", "compliance_result", true, "Resultado (yes/no/na)", "Result (yes/no/na)"),
  ],
} as const satisfies TableDef;

export const recommendations = {
  name: "recommendations",
  label: { es: "Recomendaciones", en: "Recommendations" },
  origin: "registry",
  key: ["recommendation_code", "scope", "scope_code", "updated_on"],
  es: "Seguimiento de recomendaciones (lo lleva la red o el ministerio).",
  en: "Recommendation tracking (kept by the network or ministry).",
  columns: [
    c("recommendation_code", "text", true, "Código de la recomendación", "Recommendation code"),
    code("scope", "recommendation_scope", true, "Alcance", "Scope"),
    c("scope_code", "text", false, "Región o refugio del alcance", "Region or shelter of the scope"),
    c("network_code", "text", false, "Red que da seguimiento (nacional y regional)", "Network that tracks it (national and regional scopes)"),
    code("status", "recommendation_status", true, "Estado", "Status"),
    c("updated_on", "date", true, "Fecha de actualización", "Date updated"),
    c("evidence", "text", false, "Nota de evidencia", "Evidence note"),
    c("linked_indicators", "text", false, "Indicadores vinculados (códigos separados por |)", "Linked indicators (codes separated by |)"),
  ],
} as const satisfies TableDef;

export const referrals_not_admitted = {
  name: "referrals_not_admitted",
  label: { es: "Derivaciones no admitidas", en: "Referrals not admitted" },
  origin: "batch",
  since: "1.1",
  key: ["referral_id"],
  es: "Opcional (v1.1): una fila por mujer derivada al refugio que no ingresó (demanda no atendida). Sin identificadores directos.",
  en: "Optional (v1.1): one row per woman referred to the shelter who was not admitted (unmet demand). No direct identifiers.",
  columns: [
    key("referral_id", false, "Identificador seudónimo de la derivación (si falta, se deriva del contenido)", "Pseudonymous referral id (derived from the content when absent)"),
    c("referral_date", "date", true, "Fecha de la derivación", "Referral date"),
    code("referral_source", "referral_source", false, "Fuente de derivación", "Referral source"),
    code("reason", "not_admitted_reason", true, "Motivo por el que no ingresó", "Reason she was not admitted"),
    code("age_band", "woman_age_band", false, "Grupo de edad", "Age band"),
    c("children_count", "integer", false, "Hijas e hijos que la acompañaban", "Children with her", { min: 0, max: 20 }),
  ],
} as const satisfies TableDef;

/** Tables a shelter export batch may hold, in load order (parents first). */
export const batchTables = [stays, children, assessments, followups, service_surveys, coordinator_surveys, compliance_checks, referrals_not_admitted] as const;
export const registryTables = [shelters, recommendations] as const;
export const allTables = [...registryTables, ...batchTables] as const;

export type BatchTableName = (typeof batchTables)[number]["name"];
export type TableName = (typeof allTables)[number]["name"];
export const tableByName = Object.fromEntries(allTables.map((t) => [t.name, t])) as unknown as Record<TableName, TableDef>;

/** The contract version that added a table (v1 for the original tables). */
export const tableSince = (table: TableDef): ContractVersion => table.since ?? "1";

/** Whether a batch of contract `version` may carry `table` (an unknown version carries nothing new). */
export function tableInVersion(table: TableDef, version: string): boolean {
  const have = CONTRACT_VERSIONS.indexOf(version as ContractVersion);
  return have >= 0 && have >= CONTRACT_VERSIONS.indexOf(tableSince(table));
}

/**
 * Why a batch of contract `version` may not carry `table` (null when it may): the table came in a
 * later version, so the shelter's tool must state that version in manifest.json.
 */
export function tableVersionProblem(table: TableDef, version: string): Bilingual | null {
  if (tableInVersion(table, version)) return null;
  const since = tableSince(table);
  return {
    es: `la tabla «${table.name}» pertenece al contrato v${since}, pero manifest.json declara contract_version "${version}": declare "${since}" para enviarla, o quite el archivo`,
    en: `table "${table.name}" belongs to contract v${since}, but manifest.json states contract_version "${version}": state "${since}" to send it, or leave the file out`,
  };
}

/**
 * The key column the loader derives from a row's content when the row leaves it empty: a table
 * whose whole key is one optional column (service_surveys.response_id,
 * referrals_not_admitted.referral_id). Null for every other table.
 */
export function derivedKeyColumn(table: TableDef): string | null {
  const [only, ...rest] = table.key;
  if (only === undefined || rest.length > 0) return null;
  return table.columns.find((c) => c.name === only)?.required === false ? only : null;
}
