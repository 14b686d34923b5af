// The codebook of an export, in Spanish and in English, generated from the contract's descriptors
// (column meanings, code lists) and from the plan (the generalisation the search chose for each
// quasi-identifier, and what its levels mean).
import { stayHierarchies } from "@refugio/metrics";
import type { ExportPlan } from "./build";
import { codesText, fileColumns } from "./columns";

type Lang = "es" | "en";

const T = {
  es: {
    title: "Libro de códigos",
    intro: (k: number, l: number | null) =>
      `Microdatos anonimizados de Refugio. Solo estancias con consentimiento para investigación. Cada clase de equivalencia sobre los cuasi-identificadores tiene al menos k = ${k} registros${l ? `; cada clase tiene al menos l = ${l} valores distintos de motivo de egreso y de nivel de riesgo` : ""}. Las claves son aleatorias para esta exportación. Ninguna fecha es exacta.`,
    file: "Archivo",
    col: ["Variable", "Descripción", "Códigos", "Tratamiento"],
    qi: (lvl: string, all: string) => `Cuasi-identificador; generalizado a: **${lvl}** (niveles: ${all})`,
    csv: "En los CSV, una celda que empieza por =, +, -, @, tabulador o retorno de carro lleva un apóstrofo delante (protección contra fórmulas); los Parquet tienen los valores tal cual.",
  },
  en: {
    title: "Codebook",
    intro: (k: number, l: number | null) =>
      `Anonymised microdata from Refugio. Only stays with research consent. Every equivalence class on the quasi-identifiers has at least k = ${k} records${l ? `; every class has at least l = ${l} distinct exit reasons and risk levels` : ""}. Keys are random for this export. No date is exact.`,
    file: "File",
    col: ["Variable", "Description", "Codes", "Treatment"],
    qi: (lvl: string, all: string) => `Quasi-identifier; generalised to: **${lvl}** (levels: ${all})`,
    csv: "In the CSV files, a cell starting with =, +, -, @, tab or carriage return gets a leading apostrophe (formula protection); the Parquet files hold the values as they are.",
  },
} as const;

const cell = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");

export function codebookText(plan: ExportPlan, lang: Lang): string {
  const t = T[lang];
  const chosen = new Map(plan.anonymisation.generalisations.map((g) => [g.variable, g]));
  const out = [`# ${t.title}`, "", t.intro(plan.request.k, plan.request.l ?? null), "", t.csv, ""];
  for (const table of plan.request.tables) {
    out.push(`## ${t.file}: ${table}.csv / ${table}.parquet`, "", `| ${t.col.join(" | ")} |`, `|${t.col.map(() => "---").join("|")}|`);
    for (const c of fileColumns(table, plan.quasiIdentifiers, plan.request.variables)) {
      let treatment = c.recode ? c.recode[lang] : "";
      if (c.qi) {
        const g = chosen.get(c.qi);
        const h = stayHierarchies[c.qi];
        treatment = t.qi(g ? g[lang] : "", h.levels.map((lv) => lv[lang]).join(" → "));
      }
      out.push(`| \`${c.name}\` | ${cell(c[lang])} | ${cell(codesText(c.codes, lang))} | ${cell(treatment)} |`);
    }
    out.push("");
  }
  return out.join("\n");
}

export function codebook(plan: ExportPlan): Record<string, string> {
  return { "codebook.es.md": codebookText(plan, "es"), "codebook.en.md": codebookText(plan, "en") };
}
