// The columns of each exported file: where each comes from, what it means (from the contract's
// descriptors where it is a contract column), and whether it is a quasi-identifier. The SQL here
// is code (column expressions over the export's own temporary tables), never user text.
import { codeLists, tableByName, type CodeListName } from "@refugio/schemas";
import { instrumentScoreSql, rosenbergSes, stayHierarchies, type StayQuasiIdentifier } from "@refugio/metrics";
import type { ExportTable, StayVariable } from "@refugio/schemas";

export interface ExportColumn {
  name: string;
  /** SQL over the file's query (aliases: b = the stay, r = its released QI values, t = the table's row). */
  sql: string;
  es: string;
  en: string;
  codes?: CodeListName;
  /** A declared quasi-identifier of the stay (generalised by the search). */
  qi?: StayQuasiIdentifier;
  /** Recoding applied to every value (not a search choice). */
  recode?: { es: string; en: string };
}

const contract = (table: string, column: string, name = column, sqlExpr?: string): ExportColumn => {
  const def = tableByName[table as "stays"].columns.find((c) => c.name === column);
  if (!def) throw new Error(`contract column ${table}.${column} not found`);
  return { name, sql: sqlExpr ?? `t.${column}`, es: def.es, en: def.en, ...(def.codes ? { codes: def.codes } : {}) };
};

const key = (es: string, en: string, sql: string): ExportColumn => ({
  name: "",
  sql,
  es: `${es} (clave aleatoria de esta exportación; no enlaza con otras exportaciones ni con la base)`,
  en: `${en} (random key of this export; links to no other export and not to the database)`,
});

const qi = (name: StayQuasiIdentifier, es: string, en: string, codes?: CodeListName): ExportColumn => ({ name, sql: `r.${name}`, es, en, qi: name, ...(codes ? { codes } : {}) });

/** The stay's quasi-identifiers, released at the levels the search chose. */
export const QI_COLUMNS: Record<StayQuasiIdentifier, ExportColumn> = {
  region: qi("region", "Región del refugio (ISO 3166-2), o país", "Shelter's region (ISO 3166-2), or country"),
  model: qi("model", "Modelo de refugio", "Shelter model", "model"),
  age_band: qi("age_band", "Grupo de edad al ingreso", "Age band at admission", "woman_age_band"),
  admission_month: qi("admission_month", "Mes de ingreso (o trimestre, o año)", "Admission month (or quarter, or year)"),
  exit_month: qi("exit_month", "Mes de egreso (o trimestre, o año; vacío si sigue albergada)", "Exit month (or quarter, or year; empty while in residence)"),
  disability: qi("disability", "Discapacidad", "Disability"),
  minority_language: qi("minority_language", "Indígena o lengua minoritaria", "Indigenous or minority language"),
  children: qi("children", "Hijas e hijos en la estancia (recodificado arriba)", "Children in the stay (top-coded)"),
  risk_level: qi("risk_level", "Nivel de riesgo al ingreso", "Risk level at admission", "risk_level"),
};

export const STAY_COLUMNS_AFTER_QI: ExportColumn[] = [
  contract("stays", "referral_source", "referral_source", "b.referral_source"),
  contract("stays", "protection_order", "protection_order", "b.protection_order"),
  contract("stays", "legal_representation", "legal_representation", "b.legal_representation"),
  contract("stays", "extension_granted", "extension_granted", "b.extension_granted"),
  contract("stays", "exit_reason", "exit_reason", "b.exit_reason"),
  contract("stays", "exit_plan_done", "exit_plan_done", "b.exit_plan_done"),
  contract("stays", "safety_plan_done", "safety_plan_done", "b.safety_plan_done"),
  contract("stays", "occupational_workshop_certified", "occupational_workshop_certified", "b.workshop_certified"),
  contract("stays", "employment_at_exit", "employment_at_exit", "b.employment_at_exit"),
  {
    ...contract("stays", "companions_in_stay", "companions_in_stay", "CASE WHEN b.companions_in_stay >= 3 THEN '3+' ELSE CAST(b.companions_in_stay AS VARCHAR) END"),
    recode: { es: "Recodificado arriba en 3+", en: "Top-coded at 3+" },
  },
  { name: "rse_admission", sql: "b.rse_admission", es: "Autoestima de Rosenberg al ingreso (puntaje derivado)", en: "Rosenberg self-esteem at admission (derived score)" },
  { name: "rse_exit", sql: "b.rse_exit", es: "Autoestima de Rosenberg al egreso (puntaje derivado)", en: "Rosenberg self-esteem at exit (derived score)" },
  { name: "rse_change", sql: "b.rse_change", es: "Cambio de autoestima (egreso − ingreso)", en: "Self-esteem change (exit − admission)" },
  { name: "rse_rci_improved", sql: "b.rse_rci_improved", es: "Mejora fiable (índice de cambio fiable)", en: "Reliable improvement (reliable change index)" },
  { name: "followup_6m_achieved", sql: "b.followup_6m_achieved", es: "Seguimiento a los 6 meses logrado", en: "6-month follow-up achieved" },
];

/** Columns of each file; `stays`: the key, the QIs, then the chosen variables (absent: all). */
export function fileColumns(table: ExportTable, qis: readonly StayQuasiIdentifier[], variables?: readonly StayVariable[]): ExportColumn[] {
  const stayKey = key("Estancia", "Stay", "b.stay_key");
  switch (table) {
    case "stays":
      return [{ ...stayKey, name: "stay_key" }, ...qis.map((q) => QI_COLUMNS[q]), ...(qis.includes("risk_level") ? [] : [{ ...QI_COLUMNS.risk_level, sql: "b.risk_level", qi: undefined }]), ...STAY_COLUMNS_AFTER_QI.filter((c) => !variables || variables.includes(c.name as StayVariable))];
    case "children":
      return [
        { ...key("Niña o niño", "Child", "t.export_child_key"), name: "child_key" },
        { ...stayKey, name: "stay_key" },
        contract("children", "age_band"),
        contract("children", "school_enrolled_at_admission"),
        contract("children", "schooling_during_stay"),
        contract("children", "school_year_kept"),
        contract("children", "psychological_care"),
      ];
    case "assessments":
      return [
        { ...stayKey, name: "stay_key" },
        contract("assessments", "instrument"),
        contract("assessments", "timepoint"),
        {
          name: "score",
          sql: `CASE WHEN t.instrument = '${rosenbergSes.code}' THEN coalesce(${instrumentScoreSql(rosenbergSes, "t")}, t.total_score) ELSE t.total_score END`,
          es: "Puntaje total derivado (ítems puntuados por el instrumento; la fecha no se publica)",
          en: "Derived total score (items scored by the instrument; the date is not released)",
        },
      ];
    case "followups":
      return [
        { ...stayKey, name: "stay_key" },
        {
          name: "months_after_exit",
          sql: "date_diff('month', b.exit_date, t.contact_date)",
          es: "Meses desde el egreso hasta el contacto (la fecha no se publica)",
          en: "Months from exit to the contact (the date is not released)",
        },
        contract("followups", "mode"),
        contract("followups", "contact_achieved"),
        contract("followups", "safe_environment"),
        contract("followups", "life_plan_progress"),
        contract("followups", "violence_recurrence"),
      ];
  }
}

/** Codebook text of one column in one language. */
export function codesText(codes: CodeListName | undefined, lang: "es" | "en"): string {
  if (!codes) return "";
  return codeLists[codes].map((c) => `\`${c.code}\` ${c[lang]}`).join("; ");
}

export { stayHierarchies };
