// Crude and case-mix-adjusted figures of the compared units side by side, with the method, the
// variables used and the strata merged. Every figure comes from the API as released.
import { ComparisonBadge, formatValue, type Lang, Table, type TableColumn } from "@refugio/ui";
import type { Comparison, IndicatorInfo, IndicatorResult } from "@refugio/schemas";
import { caseMixText } from "./strings";

export interface AdjustedFigures {
  observed: number | null;
  expected: number | null;
  ratio: number | null;
  ratio_low: number | null;
  ratio_high: number | null;
  adjusted: number | null;
  suppressed: boolean;
  comparison: Comparison;
}

export interface AdjustedUnit {
  label: string;
  crude: IndicatorResult;
  crudeComparison: Comparison | null;
  adjusted: AdjustedFigures;
}

export interface AdjustmentMethod {
  variables: { code: string; label: { es: string; en: string } }[];
  merges: string[][];
  strata: number;
}

export function AdjustedTable({ units, info, method, lang }: { units: AdjustedUnit[]; info: IndicatorInfo; method: AdjustmentMethod; lang: Lang }) {
  const tx = (k: Parameters<typeof caseMixText>[0]) => caseMixText(k, lang);
  const value = (v: number | null) => (v === null ? "—" : formatValue(v, info.unit, lang));
  const ratio = (v: number | null) => (v === null ? "—" : formatValue(v, "rate", lang));
  const figure = (suppressed: boolean, v: number | null) => (suppressed ? null : v);
  const columns: TableColumn<AdjustedUnit>[] = [
    { key: "unit", header: tx("unit"), rowHeader: true, cell: (u) => u.label, sortValue: (u) => u.label },
    {
      key: "crude",
      header: tx("crudeValue"),
      cell: (u) =>
        u.crude.suppressed
          ? tx("suppressed")
          : `${value(u.crude.value)}${u.crude.ci_low !== null && u.crude.ci_high !== null ? ` (${value(u.crude.ci_low)} – ${value(u.crude.ci_high)})` : ""}`,
      sortValue: (u) => figure(u.crude.suppressed, u.crude.value),
      cellAttributes: () => ({ "data-col": "crude" }),
    },
    { key: "crudeVerdict", header: tx("crudeVerdict"), cell: (u) => <ComparisonBadge comparison={u.crudeComparison} lang={lang} />, cellAttributes: () => ({ "data-col": "crude-verdict" }) },
    { key: "observed", header: tx("observed"), cell: (u) => (u.adjusted.observed === null ? "—" : formatValue(u.adjusted.observed, "count", lang)), sortValue: (u) => u.adjusted.observed },
    { key: "expected", header: tx("expected"), cell: (u) => ratio(u.adjusted.expected), sortValue: (u) => u.adjusted.expected },
    {
      key: "ratio",
      header: tx("ratio"),
      cell: (u) =>
        u.adjusted.suppressed
          ? tx("suppressed")
          : `${ratio(u.adjusted.ratio)}${u.adjusted.ratio_low !== null && u.adjusted.ratio_high !== null ? ` (${ratio(u.adjusted.ratio_low)} – ${ratio(u.adjusted.ratio_high)})` : ""}`,
      sortValue: (u) => figure(u.adjusted.suppressed, u.adjusted.ratio),
    },
    { key: "adjusted", header: tx("adjustedValue"), cell: (u) => value(u.adjusted.adjusted), sortValue: (u) => u.adjusted.adjusted, cellAttributes: () => ({ "data-col": "adjusted" }) },
    { key: "adjustedVerdict", header: tx("adjustedVerdict"), cell: (u) => <ComparisonBadge comparison={u.adjusted.comparison} lang={lang} />, cellAttributes: () => ({ "data-col": "adjusted-verdict" }) },
  ];
  return (
    <section className="adjusted" aria-label={`${info.label[lang]} — ${tx("tableCaption")}`}>
      <Table
        caption={`${info.label[lang]} — ${tx("tableCaption")}`}
        columns={columns}
        rows={units}
        rowKey={(u) => u.label}
        lang={lang}
        initialSort={{ key: "unit", direction: "ascending" }}
        rowAttributes={(u) => ({ "data-unit": u.label })}
        testId="adjusted-table"
      />
      <p className="notice" data-testid="adjusted-method">
        {tx("method")} <strong>{tx("variables")}:</strong> {method.variables.map((v) => v.label[lang]).join(", ")} ({method.strata} {tx("strata")}).
      </p>
      {method.merges.length === 0 ? (
        <p className="muted">{tx("noMerges")}</p>
      ) : (
        <details>
          <summary>
            {tx("merges")}: {method.merges.length}
          </summary>
          <ul>
            {method.merges.map((g) => (
              <li key={g.join("|")}>{g.join(" + ")}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
