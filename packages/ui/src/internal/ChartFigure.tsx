import { type ReactNode, useId, useState } from "react";
import type { Lang } from "../i18n";
import { visuallyHiddenStyle } from "./VisuallyHidden";

export interface ChartFigureProps {
  title: ReactNode;
  lang: Lang;
  /** The Recharts chart (receives no data semantics: the table below is the accessible version). */
  children: ReactNode;
  /** The same numbers as a table; hidden visually until the user asks for it. */
  table: ReactNode;
  notes?: ReactNode;
}

/**
 * Chart + caption + data table. Screen readers always get the table; sighted keyboard users can
 * reveal it with the button, so no number is only available by hovering.
 */
export function ChartFigure({ title, lang, children, table, notes }: ChartFigureProps) {
  const titleId = useId();
  const tableId = useId();
  const [showTable, setShowTable] = useState(false);
  return (
    <figure className="rf-chart" aria-labelledby={titleId}>
      <figcaption id={titleId}>{title}</figcaption>
      {children}
      {notes}
      <button type="button" aria-expanded={showTable} aria-controls={tableId} onClick={() => setShowTable((s) => !s)}>
        {showTable
          ? lang === "es"
            ? "Ocultar tabla de datos"
            : "Hide data table"
          : lang === "es"
            ? "Ver tabla de datos"
            : "Show data table"}
      </button>
      <div id={tableId} className={showTable ? "rf-chart__table" : "rf-visually-hidden"} style={showTable ? undefined : visuallyHiddenStyle}>
        {table}
      </div>
    </figure>
  );
}

export interface SummaryTableProps {
  caption: string;
  headers: string[];
  /** First cell of each row is the row header. */
  rows: { key: string; cells: ReactNode[] }[];
}

export function SummaryTable({ caption, headers, rows }: SummaryTableProps) {
  return (
    <table className="rf-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {headers.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            {r.cells.map((c, i) =>
              i === 0 ? (
                <th key={i} scope="row">
                  {c}
                </th>
              ) : (
                <td key={i}>{c}</td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
