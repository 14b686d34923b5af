// Crude and case-mix-adjusted figures of the compared units side by side, with the method, the
// variables used and the strata merged. Every figure comes from the API as released.
import { ComparisonBadge, formatValue, type Lang } from "@refugio/ui";
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
  const sorted = [...units].sort((a, b) => a.label.localeCompare(b.label, lang));
  return (
    <section className="adjusted" aria-labelledby="adjusted-caption">
      <div className="table-wrap">
        <table className="rf-table" data-testid="adjusted-table">
          <caption id="adjusted-caption">{`${info.label[lang]} — ${tx("tableCaption")}`}</caption>
          <thead>
            <tr>
              {(["unit", "crudeValue", "crudeVerdict", "observed", "expected", "ratio", "adjustedValue", "adjustedVerdict"] as const).map((h) => (
                <th key={h} scope="col">
                  {tx(h)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((u) => (
              <tr key={u.label} data-unit={u.label}>
                <th scope="row">{u.label}</th>
                <td data-col="crude">
                  {u.crude.suppressed
                    ? tx("suppressed")
                    : `${value(u.crude.value)}${u.crude.ci_low !== null && u.crude.ci_high !== null ? ` (${value(u.crude.ci_low)} – ${value(u.crude.ci_high)})` : ""}`}
                </td>
                <td data-col="crude-verdict">
                  <ComparisonBadge comparison={u.crudeComparison} lang={lang} />
                </td>
                <td>{u.adjusted.observed === null ? "—" : formatValue(u.adjusted.observed, "count", lang)}</td>
                <td>{ratio(u.adjusted.expected)}</td>
                <td>
                  {u.adjusted.suppressed
                    ? tx("suppressed")
                    : `${ratio(u.adjusted.ratio)}${u.adjusted.ratio_low !== null && u.adjusted.ratio_high !== null ? ` (${ratio(u.adjusted.ratio_low)} – ${ratio(u.adjusted.ratio_high)})` : ""}`}
                </td>
                <td data-col="adjusted">{value(u.adjusted.adjusted)}</td>
                <td data-col="adjusted-verdict">
                  <ComparisonBadge comparison={u.adjusted.comparison} lang={lang} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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
