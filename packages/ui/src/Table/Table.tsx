import { type ReactNode, useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { type Lang, locale } from "../i18n";
import { VisuallyHidden, visuallyHiddenStyle } from "../internal/VisuallyHidden";
import { type CsvCell, toCsv } from "./csv";

export type TableSortDirection = "ascending" | "descending";

export interface TableColumn<Row> {
  /** Stable id of the column (sort state, React keys). */
  key: string;
  /** Header text; also the CSV header. */
  header: string;
  /** Header content when it needs more than text (an abbreviation); `header` stays its name. */
  headerContent?: ReactNode;
  cell(row: Row): ReactNode;
  /** Value the column sorts by; omitted: the column does not sort. null always sorts last. */
  sortValue?(row: Row): string | number | null;
  /** Value written to the CSV; omitted: the sort value, else the column is left out of the CSV. */
  csvValue?(row: Row): CsvCell;
  /** Right-aligned tabular figures. */
  numeric?: boolean;
  /** Cells of this column are row headers (th scope=row): the row's name. */
  rowHeader?: boolean;
  /** Extra class on every cell of the column (e.g. a heat-map cell). */
  cellClassName?(row: Row): string | undefined;
  /** data-* attributes on every cell of the column (tests and styles find cells by them). */
  cellAttributes?(row: Row): Record<`data-${string}`, string | undefined>;
}

export interface TableProps<Row> {
  /** What the table shows; its accessible name and the scroll region's label. */
  caption: string;
  /** The caption is read, not shown: a heading right above already says what the table is. */
  captionHidden?: boolean;
  columns: readonly TableColumn<Row>[];
  rows: readonly Row[];
  rowKey(row: Row, index: number): string;
  lang?: Lang;
  initialSort?: { key: string; direction: TableSortDirection };
  /** File name (without .csv) of a "CSV of this table" button; omitted: no button. */
  csvFilename?: string;
  /** Attributes on each row (data-* used by tests and styles). */
  rowAttributes?(row: Row): Record<`data-${string}`, string | undefined>;
  /** Content shown under a row across all columns (a drill-down); null: nothing. */
  rowDetail?(row: Row): ReactNode;
  /** A footnote row. */
  footer?: ReactNode;
  testId?: string;
  /** Shown instead of the table when there are no rows (an empty state that says why). */
  empty?: ReactNode;
}

const words = {
  sortHint: { es: " (los encabezados de columna con flechas ordenan la tabla)", en: " (column headers with arrows sort the table)" },
  scrollHint: { es: "Desliza la tabla hacia los lados para ver todas las columnas →", en: "Scroll the table sideways to see every column →" },
  /** The scrolling region's name: the caption and what it is, so it never repeats the name of a section titled like the table. */
  scrollRegion: { es: "tabla desplazable", en: "scrollable table" },
  csv: { es: "Descargar CSV de esta tabla", en: "Download this table as CSV" },
} as const;

/** True when the element is wider inside than it shows (the table scrolls sideways). */
function useOverflows() {
  const ref = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  const check = useCallback(() => {
    const el = ref.current;
    if (el) setOverflows(el.scrollWidth > el.clientWidth + 1);
  }, []);
  useEffect(() => {
    check();
    if (typeof ResizeObserver === "undefined" || !ref.current) return;
    const ro = new ResizeObserver(check);
    ro.observe(ref.current);
    const table = ref.current.firstElementChild;
    if (table) ro.observe(table);
    return () => ro.disconnect();
  }, [check]);
  return { ref, overflows };
}

/**
 * The one table of the app: caption, sortable columns (aria-sort, missing values last), numeric
 * alignment, a focusable scroll region with a visible hint when columns overflow (375 px screens),
 * and an optional CSV of exactly the rows shown, in the order shown.
 */
export function Table<Row>({
  caption,
  captionHidden = false,
  columns,
  rows,
  rowKey,
  lang = "es",
  initialSort,
  csvFilename,
  rowAttributes,
  rowDetail,
  footer,
  testId,
  empty,
}: TableProps<Row>) {
  const [sort, setSort] = useState(initialSort ?? null);
  const { ref, overflows } = useOverflows();
  const hintId = useId();
  const sortable = columns.some((c) => c.sortValue);

  const sorted = useMemo(() => {
    const column = sort ? columns.find((c) => c.key === sort.key) : undefined;
    const by = column?.sortValue;
    if (!sort || !by) return rows;
    const sign = sort.direction === "ascending" ? 1 : -1;
    const collator = new Intl.Collator(locale(lang), { numeric: true });
    return [...rows].sort((a, b) => {
      const ka = by(a);
      const kb = by(b);
      if (ka === null || kb === null) return ka === kb ? 0 : ka === null ? 1 : -1;
      if (typeof ka === "number" && typeof kb === "number") return sign * (ka - kb);
      return sign * collator.compare(String(ka), String(kb));
    });
  }, [rows, sort, columns, lang]);

  const toggle = (key: string) =>
    setSort((s) => ({ key, direction: s?.key === key && s.direction === "ascending" ? "descending" : "ascending" }));

  const downloadCsv = () => {
    const csvColumns = columns.filter((c) => c.csvValue ?? c.sortValue);
    const text = toCsv(
      csvColumns.map((c) => c.header),
      sorted.map((r) => csvColumns.map((c) => (c.csvValue ?? c.sortValue)?.(r))),
    );
    const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `${csvFilename ?? "tabla"}.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    // Revoked later: some browsers start reading the URL after click() returns.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;

  return (
    <div className="rf-table-block">
      {csvFilename ? (
        <p className="rf-table__downloads">
          <button type="button" className="button button--quiet" onClick={downloadCsv}>
            {words.csv[lang]}
          </button>
        </p>
      ) : null}
      {overflows ? (
        <p className="rf-table__scroll-hint" id={hintId}>
          {words.scrollHint[lang]}
        </p>
      ) : null}
      {/* When it scrolls: a named, focusable region so keyboard users can scroll it (axe:
          scrollable-region-focusable); otherwise no extra tab stop or landmark. */}
      <div
        ref={ref}
        className="rf-table-scroll"
        role={overflows ? "region" : undefined}
        aria-label={overflows ? `${caption} (${words.scrollRegion[lang]})` : undefined}
        aria-describedby={overflows ? hintId : undefined}
        tabIndex={overflows ? 0 : undefined}
        data-overflows={overflows || undefined}
      >
        <table className="rf-table" data-testid={testId}>
          <caption className={captionHidden ? "rf-visually-hidden" : undefined} style={captionHidden ? visuallyHiddenStyle : undefined}>
            {caption}
            {sortable ? <VisuallyHidden>{words.sortHint[lang]}</VisuallyHidden> : null}
          </caption>
          <thead>
            <tr>
              {columns.map((c) => {
                const active = sort?.key === c.key;
                const content = c.headerContent ?? c.header;
                return (
                  <th key={c.key} scope="col" className={c.numeric ? "rf-num" : undefined} aria-sort={active ? sort.direction : undefined}>
                    {c.sortValue ? (
                      <button type="button" className="rf-table__sort" onClick={() => toggle(c.key)}>
                        {content}
                        <span aria-hidden="true">{active ? (sort.direction === "ascending" ? " ▲" : " ▼") : " ↕"}</span>
                      </button>
                    ) : (
                      content
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {sorted.map((row, i) => {
              const key = rowKey(row, i);
              const detail = rowDetail?.(row) ?? null;
              return (
                <RowWithDetail key={key} detail={detail} span={columns.length}>
                  <tr {...rowAttributes?.(row)}>
                    {columns.map((c) => {
                      const className = [c.numeric ? "rf-num" : undefined, c.cellClassName?.(row)].filter(Boolean).join(" ") || undefined;
                      return c.rowHeader ? (
                        <th key={c.key} scope="row" className={className} {...c.cellAttributes?.(row)}>
                          {c.cell(row)}
                        </th>
                      ) : (
                        <td key={c.key} className={className} {...c.cellAttributes?.(row)}>
                          {c.cell(row)}
                        </td>
                      );
                    })}
                  </tr>
                </RowWithDetail>
              );
            })}
          </tbody>
          {footer ? (
            <tfoot>
              <tr>
                <td colSpan={columns.length}>{footer}</td>
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
    </div>
  );
}

function RowWithDetail({ children, detail, span }: { children: ReactNode; detail: ReactNode; span: number }) {
  return (
    <>
      {children}
      {detail === null ? null : (
        <tr className="rf-table__detail">
          <td colSpan={span}>{detail}</td>
        </tr>
      )}
    </>
  );
}
