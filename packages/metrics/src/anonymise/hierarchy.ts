// Generalisation hierarchies: for each quasi-identifier, the declared steps from the most detailed
// value released (level 0) to "*" (nothing released). Level 0 is already coarser than the stored
// value where the stored value must never leave the server (dates are released as months at most).
// Every hierarchy is a pure function of the level-0 value, so the search can roll classes up
// without touching records, and the codebook can state what each level means.
import type { Bilingual } from "../catalogue/types";

export const SUPPRESSED_VALUE = "*";

export interface HierarchyLevel {
  /** Short name, e.g. "month", "quarter", "country". */
  name: string;
  es: string;
  en: string;
}

export interface Hierarchy {
  /** Name of the released variable (the column of the export). */
  variable: string;
  label: Bilingual;
  /** levels[0] is the most detailed release; the last level is "*" (or, for exit dates, "has a date"). */
  levels: readonly HierarchyLevel[];
  /** The value at `level` of a level-0 value (null = missing, kept as missing below the top). */
  generalise(value: string | null, level: number): string | null;
  /**
   * For count variables: the smallest count a released value stands for ("2+" → 2, "*" → 0), so
   * related rows (one per child) can be capped to what the released value already says.
   */
  lowerBound?(released: string | null): number;
}

const top = { name: "suppressed", es: "Suprimido (*)", en: "Suppressed (*)" } as const;

/** A hierarchy given by explicit maps, one per level above 0, with "*" on top. */
export function mappedHierarchy(variable: string, label: Bilingual, levels: readonly HierarchyLevel[], maps: readonly Readonly<Record<string, string>>[]): Hierarchy {
  if (maps.length !== levels.length - 1) throw new Error(`hierarchy ${variable}: ${levels.length} levels need ${levels.length - 1} maps`);
  const all = [...levels, top];
  return {
    variable,
    label,
    levels: all,
    generalise(value, level) {
      if (level >= all.length - 1) return SUPPRESSED_VALUE;
      if (value === null || level === 0) return value;
      const mapped = maps[level - 1]?.[value];
      // A value the hierarchy does not know is not released more precisely than "*".
      return mapped ?? SUPPRESSED_VALUE;
    },
  };
}

const MONTH = /^(\d{4})-(\d{2})$/;

/**
 * Dates: month (YYYY-MM) → quarter (YYYY-Qn) → year → "*". Exact dates are never level 0.
 * `missingIsKnown`: whether the date is missing stays visible at the top (an exit date: whether a
 * woman has left shows anyway in her exit reason, exit score and follow-ups, so the top level is
 * "has a date" rather than "*", and the classes account for it).
 */
export function dateHierarchy(variable: string, label: Bilingual, opts: { missingIsKnown?: boolean } = {}): Hierarchy {
  const any = { name: "any", es: "Con fecha (sin detalle) o vacío", en: "Has a date (no detail) or empty" };
  const levels: HierarchyLevel[] = [
    { name: "month", es: "Mes (AAAA-MM)", en: "Month (YYYY-MM)" },
    { name: "quarter", es: "Trimestre (AAAA-Tn)", en: "Quarter (YYYY-Qn)" },
    { name: "year", es: "Año", en: "Year" },
    opts.missingIsKnown ? any : top,
  ];
  return {
    variable,
    label,
    levels,
    generalise(value, level) {
      if (level >= 3) return opts.missingIsKnown && value === null ? null : SUPPRESSED_VALUE;
      if (value === null) return null;
      const m = MONTH.exec(value);
      if (!m) return SUPPRESSED_VALUE;
      const [, y, mm] = m;
      if (level === 0) return value;
      if (level === 1) return `${y}-Q${Math.floor((Number(mm) - 1) / 3) + 1}`;
      return y as string;
    },
  };
}

/** Region (ISO 3166-2, e.g. PE-CUS) → country (PE) → "*". */
export function regionHierarchy(variable: string, label: Bilingual): Hierarchy {
  return {
    variable,
    label,
    levels: [{ name: "region", es: "Región (ISO 3166-2)", en: "Region (ISO 3166-2)" }, { name: "country", es: "País (ISO 3166-1)", en: "Country (ISO 3166-1)" }, top],
    generalise(value, level) {
      if (level >= 2) return SUPPRESSED_VALUE;
      if (value === null || level === 0) return value;
      const country = value.split("-")[0] ?? "";
      return /^[A-Z]{2}$/.test(country) ? country : SUPPRESSED_VALUE;
    },
  };
}

/** Counts top-coded at decreasing thresholds: [4, 2, 1] gives 0,1,2,3,4+ → 0,1,2+ → 0,1+ → "*". */
export function topCodedHierarchy(variable: string, label: Bilingual, thresholds: readonly number[]): Hierarchy {
  const levels: HierarchyLevel[] = [
    ...thresholds.map((t) => ({ name: `top_${t}`, es: `Recodificado arriba en ${t}+`, en: `Top-coded at ${t}+` })),
    top,
  ];
  return {
    variable,
    label,
    levels,
    generalise(value, level) {
      if (level >= thresholds.length) return SUPPRESSED_VALUE;
      if (value === null) return null;
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) return SUPPRESSED_VALUE;
      const t = thresholds[level] as number;
      return n >= t ? `${t}+` : String(n);
    },
    lowerBound(released) {
      if (released === null || released === SUPPRESSED_VALUE) return 0;
      const n = Number.parseInt(released, 10);
      return Number.isInteger(n) && n >= 0 ? n : 0;
    },
  };
}

const bool = (variable: string, label: Bilingual) =>
  mappedHierarchy(variable, label, [{ name: "value", es: "Sí / no", en: "Yes / no" }], []);

/**
 * The quasi-identifiers of a stay, as declared for research exports (docs/privacy.md): what
 * someone who knows a woman was in a shelter may know about her.
 */
export const stayHierarchies = {
  region: regionHierarchy("region", { es: "Región", en: "Region" }),
  model: mappedHierarchy("model", { es: "Modelo de refugio", en: "Shelter model" }, [{ name: "model", es: "Modelo", en: "Model" }], []),
  age_band: mappedHierarchy(
    "age_band",
    { es: "Grupo de edad", en: "Age band" },
    [
      { name: "band", es: "Grupo de edad del contrato", en: "Contract age band" },
      { name: "merged", es: "Grupos unidos (<25, 25-44, 45+)", en: "Merged bands (<25, 25-44, 45+)" },
    ],
    [{ "<18": "<25", "18-24": "<25", "25-34": "25-44", "35-44": "25-44", "45-59": "45+", "60+": "45+" }],
  ),
  admission_month: dateHierarchy("admission_month", { es: "Ingreso", en: "Admission" }),
  exit_month: dateHierarchy("exit_month", { es: "Egreso", en: "Exit" }, { missingIsKnown: true }),
  disability: bool("disability", { es: "Discapacidad", en: "Disability" }),
  minority_language: bool("minority_language", { es: "Indígena o lengua minoritaria", en: "Indigenous or minority language" }),
  children: topCodedHierarchy("children", { es: "Hijas e hijos en la estancia", en: "Children in the stay" }, [4, 2, 1]),
  risk_level: mappedHierarchy(
    "risk_level",
    { es: "Nivel de riesgo al ingreso", en: "Risk level at admission" },
    [
      { name: "level", es: "Nivel (moderado, severo, extremo)", en: "Level (moderate, severe, extreme)" },
      { name: "merged", es: "Moderado / severo o extremo", en: "Moderate / severe or extreme" },
    ],
    [{ moderate: "moderate", severe: "severe_or_extreme", extreme: "severe_or_extreme" }],
  ),
} as const satisfies Record<string, Hierarchy>;

export type StayQuasiIdentifier = keyof typeof stayHierarchies;
export const STAY_QUASI_IDENTIFIERS = Object.keys(stayHierarchies) as StayQuasiIdentifier[];
