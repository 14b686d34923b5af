// `refugio indicators`: indicator values from a local database, for the data owner's own machine
// (audience "internal": small cells suppressed with k from --k, else REFUGIO_K, else 5).
import { catalogue, getIndicator, indicatorInfo, IndicatorQueryError, type IndicatorDefinition } from "@refugio/metrics";
import type { IndicatorQuery, IndicatorResult } from "@refugio/schemas";
import { unrestricted } from "../auth/scope";
import { databasePath, dbOption, UsageError, type Command } from "../cli/command";
import { openDatabase } from "../db/connection";
import { computeAdjusted, computeIndicators, type AdjustedTable } from "./service";

type Lang = "es" | "en";

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === "string" ? [v] : []);
const optional = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

export function resolveK(flag: unknown): number {
  const raw = optional(flag) ?? process.env.REFUGIO_K ?? "5";
  const k = Number(raw);
  if (!Number.isInteger(k) || k < 2 || k > 50) throw new UsageError(`--k / REFUGIO_K: se espera un entero 2–50 / expected a whole number 2–50, got "${raw}"`);
  return k;
}

/** --low-coverage: the coverage share under which a value is flagged "cobertura baja" (default 0.6). */
export function resolveLowCoverage(flag: unknown): number | undefined {
  const raw = optional(flag);
  if (raw === undefined) return undefined;
  const share = Number(raw);
  if (!(share >= 0 && share <= 1) || raw.trim() === "") throw new UsageError(`--low-coverage: se espera una proporción 0–1 / expected a share 0–1, got "${raw}"`);
  return share;
}

function formatValue(def: IndicatorDefinition | undefined, v: number | null): string {
  if (v === null) return "—";
  switch (def?.unit) {
    case "proportion":
    case "rate":
      return `${(v * 100).toFixed(1)} %`;
    case "count":
      return String(Math.round(v));
    case "days":
      return `${v.toFixed(1)} d`;
    case "score_change":
      return `${v >= 0 ? "+" : ""}${v.toFixed(2)}`;
    default:
      return String(v);
  }
}

const flagText: Record<Lang, Record<string, string>> = {
  es: { primary: "suprimido", secondary: "suprimido (complementario)", perturbed: "perturbado", better: "mejor", worse: "peor", similar: "similar" },
  en: { primary: "suppressed", secondary: "suppressed (complementary)", perturbed: "perturbed", better: "better", worse: "worse", similar: "similar" },
};

/** Aligned plain-text table: indicator, group, value, interval, numerator/denominator, n, flags. */
export function renderTable(results: IndicatorResult[], lang: Lang): string {
  const head = lang === "es" ? ["Indicador", "Grupo", "Valor", "IC 95 %", "Num/Den", "n", "Notas"] : ["Indicator", "Group", "Value", "95 % CI", "Num/Den", "n", "Flags"];
  const total = lang === "es" ? "(total)" : "(total)";
  const rows = results.map((r) => {
    const def = getIndicator(r.indicator);
    const group = Object.keys(r.group).length === 0 ? total : Object.entries(r.group).map(([d, v]) => `${d}=${v ?? "∅"}`).join(" ");
    const ci = r.ci_low === null || r.ci_high === null ? "" : `${formatValue(def, r.ci_low)} – ${formatValue(def, r.ci_high)}`;
    const numDen = r.denominator !== null && def?.computation === "proportion" ? `${r.numerator ?? "—"}/${r.denominator}` : "";
    const flags = [
      r.suppression_reason ? flagText[lang][r.suppression_reason] : null,
      r.perturbed ? flagText[lang].perturbed : null,
      r.comparison && r.comparison !== "not_compared" ? flagText[lang][r.comparison] : null,
      r.stats?.median !== undefined && r.stats.median !== null ? `p90 ${formatValue(def, r.stats.p90 ?? null)}, mean ${formatValue(def, r.stats.mean ?? null)}` : null,
      r.stats?.dz !== undefined && r.stats.dz !== null ? `d_z ${r.stats.dz.toFixed(2)}` : null,
      r.coverage ? `${lang === "es" ? "elegibles" : "eligible"} ${r.coverage.eligible ?? "—"}, ${lang === "es" ? "faltan" : "missing"} ${r.coverage.missing ?? "—"}` : null,
      r.attrition
        ? `${lang === "es" ? "cobertura" : "coverage"} ${(r.attrition.coverage * 100).toFixed(0)} %${r.attrition.low_coverage ? (lang === "es" ? " (cobertura baja)" : " (low coverage)") : ""}, ${lang === "es" ? "cotas" : "bounds"} ${formatValue(def, r.attrition.low)} – ${formatValue(def, r.attrition.high)}`
        : null,
    ]
      .filter(Boolean)
      .join("; ");
    return [def ? def.label[lang] : r.indicator, group, formatValue(def, r.value), ci, numDen, r.n === null ? "—" : String(r.n), flags];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 2 || i === 5 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(head), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n") + "\n";
}

const ratio = (x: number | null, digits = 2) => (x === null ? "—" : x.toFixed(digits));

/**
 * Crude and case-mix-adjusted figures side by side (`--adjust`): observed, expected, O/E with its
 * exact Poisson 95 % interval, crude and adjusted rates, the verdict on each, then the method:
 * the variables used and the strata merged.
 */
export function renderAdjusted(t: AdjustedTable, unit: string, lang: Lang): string {
  const def = getIndicator(t.adjusted.rows[0]?.indicator ?? t.crude[0]?.indicator ?? "");
  const es = lang === "es";
  const head = es
    ? ["Unidad", "Observado", "Esperado", "O/E", "IC 95 % O/E", "Bruto", "Ajustado", "Bruto vs total", "Ajustado (O/E vs 1)"]
    : ["Unit", "Observed", "Expected", "O/E", "95 % CI O/E", "Crude", "Adjusted", "Crude vs total", "Adjusted (O/E vs 1)"];
  const verdict = (c: string | null | undefined) => (c && c !== "not_compared" ? flagText[lang][c] ?? c : es ? "no comparado" : "not compared");
  const rows = t.adjusted.rows.map((a) => {
    const c = t.crude.find((r) => r.group[unit] === a.group[unit]);
    if (a.suppressed) return [a.group[unit] ?? "∅", "—", "—", "—", "", "—", "—", flagText[lang][a.suppression_reason ?? "primary"] ?? "", ""];
    return [
      a.group[unit] ?? "∅",
      String(a.observed ?? "—"),
      ratio(a.expected, 1),
      ratio(a.ratio),
      a.ratio_low === null || a.ratio_high === null ? "" : `${ratio(a.ratio_low)} – ${ratio(a.ratio_high)}`,
      formatValue(def, c?.value ?? null),
      formatValue(def, a.adjusted),
      verdict(c?.comparison),
      verdict(a.comparison),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  const m = t.adjusted.method;
  const notes = [
    `${es ? "Método: estandarización indirecta; IC exacto de Poisson" : "Method: indirect standardisation; exact Poisson CI"} (docs/methods.md)`,
    `${es ? "Variables" : "Variables"}: ${m.variables.map((v) => v.label[lang]).join(", ")}`,
    `${es ? "Estratos usados" : "Strata used"}: ${m.strata}; ${es ? "estratos fusionados" : "strata merged"}: ${m.merges.length === 0 ? (es ? "ninguno" : "none") : m.merges.map((g) => `[${g.join(" + ")}]`).join("; ")}`,
  ];
  return [line(head), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line), "", ...notes].join("\n") + "\n";
}

export const indicators: Command = {
  name: "indicators",
  summary: "Compute indicators from the catalogue / Calcular indicadores del catálogo (audience: internal, small cells suppressed).",
  usage:
    "refugio indicators [--db PATH] [--indicator CODE]... [--from YYYY-MM-DD --to YYYY-MM-DD] [--network X] [--country XX] [--region X] [--shelter X] [--model X] [--by DIMENSION]... [--adjust] [--low-coverage SHARE] [--k N] [--lang es|en] [--json] [--list]",
  options: {
    ...dbOption,
    indicator: { type: "string", multiple: true },
    from: { type: "string" },
    to: { type: "string" },
    network: { type: "string" },
    country: { type: "string" },
    region: { type: "string" },
    shelter: { type: "string" },
    model: { type: "string" },
    by: { type: "string", multiple: true },
    adjust: { type: "boolean" },
    "low-coverage": { type: "string" },
    k: { type: "string" },
    lang: { type: "string" },
    json: { type: "boolean" },
    list: { type: "boolean" },
  },
  async run({ values }) {
    const langFlag = optional(values.lang);
    // A language we have no labels for is a mistake to report, not a reason to fall back to English.
    if (langFlag !== undefined && langFlag !== "es" && langFlag !== "en") {
      throw new UsageError(`--lang: se espera es o en, no "${langFlag}" / expected es or en, got "${langFlag}"`);
    }
    const lang: Lang = (langFlag ?? (process.env.LANG?.startsWith("es") ? "es" : "en")) === "es" ? "es" : "en";
    if (values.list) {
      const infos = catalogue.map(indicatorInfo);
      if (values.json) process.stdout.write(JSON.stringify(infos, null, 2) + "\n");
      else {
        const w = Math.max(...infos.map((i) => i.code.length));
        for (const i of infos) process.stdout.write(`${i.code.padEnd(w)}  ${i.label[lang]} [${i.unit}; ${i.attribution}; by: ${i.dimensions.join(",") || "-"}]\n`);
      }
      return 0;
    }
    const k = resolveK(values.k);
    const lowCoverage = resolveLowCoverage(values["low-coverage"]);
    const query: IndicatorQuery = {
      ...(strings(values.indicator).length > 0 ? { indicators: strings(values.indicator) } : {}),
      ...(optional(values.from) ? { from: optional(values.from) } : {}),
      ...(optional(values.to) ? { to: optional(values.to) } : {}),
      ...(optional(values.network) ? { network: optional(values.network) } : {}),
      ...(optional(values.country) ? { country: optional(values.country) } : {}),
      ...(optional(values.region) ? { region: optional(values.region) } : {}),
      ...(optional(values.shelter) ? { shelter: optional(values.shelter) } : {}),
      ...(optional(values.model) ? { model: optional(values.model) } : {}),
      ...(strings(values.by).length > 0 ? { by: strings(values.by) as IndicatorQuery["by"] } : {}),
    };
    // Read-only, so it can run beside a reader; a running writer (`refugio serve`) still holds the
    // file lock, which surfaces as DatabaseBusyError.
    // --adjust: one indicator by shelter (default) or region, crude and adjusted for case mix —
    // the same figures as the API's compare.units with adjust: true.
    let adjustUnit: "shelter" | "region" | null = null;
    if (values.adjust) {
      const by = strings(values.by);
      if (strings(values.indicator).length !== 1) throw new UsageError("--adjust: indique un solo --indicator / name exactly one --indicator");
      if (by.length > 1 || (by[0] !== undefined && by[0] !== "shelter" && by[0] !== "region")) {
        throw new UsageError(`--adjust: --by shelter o region, no "${by.join(", ")}" / --by shelter or region, not "${by.join(", ")}"`);
      }
      adjustUnit = by[0] === "region" ? "region" : "shelter";
    }
    const db = await openDatabase(databasePath(values), { readOnly: true });
    try {
      if (adjustUnit) {
        const t = await computeAdjusted(db.connection, query, adjustUnit, { scope: unrestricted, audience: "internal", k, lowCoverage });
        process.stdout.write(values.json ? JSON.stringify({ crude: t.crude, adjusted: t.adjusted.rows, method: t.adjusted.method }, null, 2) + "\n" : renderAdjusted(t, adjustUnit, lang));
        return 0;
      }
      const results = await computeIndicators(db.connection, query, { scope: unrestricted, audience: "internal", k, lowCoverage });
      process.stdout.write(values.json ? JSON.stringify(results, null, 2) + "\n" : renderTable(results, lang));
      return 0;
    } catch (error) {
      if (error instanceof IndicatorQueryError) throw new UsageError(error.message);
      throw error;
    } finally {
      db.close();
    }
  },
};
