import { formatCount, numberFormat, Table, type TableColumn } from "@refugio/ui";
import { useLang } from "../../i18n/LangContext";
import { formatDate } from "../../lib/format";
import type { Outputs } from "../../lib/trpc";
import { ComplianceDetail } from "./ComplianceDetail";
import { heatBin, heatBins } from "./heat";
import { complianceTables } from "./tables";

export type ComplianceRow = Outputs["compliance"]["summary"][number];
type Part = ComplianceRow["overall"];

/** A share with its counts; "no aplica" in words when no item of the table applies. */
function Share({ part }: { part: Part }) {
  const { t, lang } = useLang();
  if (part.share === null) return <span className="heat__na">{t("compliance.noneApplicable")}</span>;
  return (
    <>
      <span className="heat__share">{numberFormat(lang, { style: "percent", maximumFractionDigits: 0 }).format(part.share)}</span>
      <span className="heat__counts">
        {formatCount(part.met, lang)}/{formatCount(part.applicable, lang)}
      </span>
    </>
  );
}

const heatClass = (part: Part) => {
  const bin = heatBin(part.share);
  return bin === null ? "heat heat--na" : `heat heat--${bin}`;
};

/** The legend of the scale, in words as well as colours. */
export function HeatLegend() {
  const { t, lang } = useLang();
  const pct = (v: number) => numberFormat(lang, { style: "percent", maximumFractionDigits: 0 }).format(v);
  return (
    <div className="heat-legend" role="group" aria-label={t("compliance.legend")}>
      <span className="heat-legend__title">{t("compliance.legend")}</span>
      <ul>
        {heatBins.map((b, i) => (
          <li key={b.from}>
            <span className={`heat-legend__swatch heat--${i}`} aria-hidden="true" />
            {i === heatBins.length - 1 ? `${pct(b.from)}–${pct(b.to)}` : t("compliance.legendBin", { from: pct(b.from), to: pct(b.to) })}
          </li>
        ))}
        <li>
          <span className="heat-legend__swatch heat--na" aria-hidden="true" />
          {t("compliance.noneApplicable")}
        </li>
      </ul>
    </div>
  );
}

interface Props {
  rows: readonly ComplianceRow[];
  networkName(code: string): string;
  open: string | null;
  onToggle(shelter: string): void;
}

/**
 * Shelters × NOM-217 tables A1–A5 as a heat map: each cell coloured on a one-hue sequential
 * scale and carrying its figure; every column sorts; an expired check is marked in its row.
 */
export function ComplianceHeatMap({ rows, networkName, open, onToggle }: Props) {
  const { t, lang } = useLang();
  const columns: TableColumn<ComplianceRow>[] = [
    { key: "shelter", header: t("dim.shelter"), rowHeader: true, cell: (r) => r.shelter_code, sortValue: (r) => r.shelter_code },
    { key: "network", header: t("dim.network"), cell: (r) => networkName(r.network_code), sortValue: (r) => networkName(r.network_code) },
    {
      key: "checked",
      header: t("compliance.checked"),
      cell: (r) => (
        <>
          {formatDate(r.assessed_on, lang)}
          {r.valid ? null : (
            <div className="status" data-status="expired">
              <span aria-hidden="true">⚠ </span>
              {t("compliance.expiredOn", { date: formatDate(r.valid_until, lang) })}
            </div>
          )}
        </>
      ),
      sortValue: (r) => r.assessed_on,
      csvValue: (r) => (r.valid ? r.assessed_on : `${r.assessed_on} (${t("compliance.expired")})`),
    },
    ...complianceTables.map(
      (tb): TableColumn<ComplianceRow> => ({
        key: tb,
        header: t(`compliance.table.${tb}`),
        headerContent: <abbr title={t(`compliance.table.${tb}`)}>{tb}</abbr>,
        numeric: true,
        cell: (r) => <Share part={r.tables[tb]} />,
        cellClassName: (r) => heatClass(r.tables[tb]),
        sortValue: (r) => r.tables[tb].share,
      }),
    ),
    {
      key: "overall",
      header: t("compliance.overall"),
      numeric: true,
      cell: (r) => <Share part={r.overall} />,
      cellClassName: (r) => `${heatClass(r.overall)} heat--overall`,
      sortValue: (r) => r.overall.share,
    },
    {
      key: "detail",
      header: t("compliance.detail"),
      cell: (r) => (
        <button type="button" className="button" aria-expanded={open === r.shelter_code} onClick={() => onToggle(r.shelter_code)}>
          {open === r.shelter_code ? t("compliance.hide") : t("compliance.show")}
          <span className="visually-hidden"> — {r.shelter_code}</span>
        </button>
      ),
    },
  ];
  return (
    <>
      <HeatLegend />
      <Table
        caption={t("compliance.caption")}
        columns={columns}
        rows={rows}
        rowKey={(r) => r.shelter_code}
        lang={lang}
        rowAttributes={(r) => ({ "data-shelter": r.shelter_code, "data-expired": r.valid ? undefined : "true" })}
        rowDetail={(r) => (open === r.shelter_code ? <ComplianceDetail shelter={r.shelter_code} expired={!r.valid} /> : null)}
        testId="compliance-heatmap"
      />
    </>
  );
}
