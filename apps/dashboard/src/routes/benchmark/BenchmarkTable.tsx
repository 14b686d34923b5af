import type { IndicatorInfo } from "@refugio/schemas";
import { ciLabel, ComparisonBadge, formatCount, formatInterval, formatValue, SpineChart, SuppressedValue, Table, type TableColumn } from "@refugio/ui";
import { useLang } from "../../i18n/LangContext";
import { shownUnit } from "../../lib/catalogue";
import { PeerStrip } from "./PeerStrip";
import { type Benchmark, judgementOf, noPeersReason as reasonOf, type Row, rowsOf, spineRowsOf } from "./rows";

/** A blank cell that says why it is blank, in visible words (not a tooltip). */
function Blank({ why }: { why: string }) {
  return (
    <span className="blank">
      <span aria-hidden="true">— </span>
      {why}
    </span>
  );
}

interface Props {
  data: Benchmark;
  info: Map<string, IndicatorInfo>;
  peersLabel: string;
  k: number;
}

/**
 * The benchmark as two tables: indicators with a peer distribution (value, interval, peers'
 * median and middle half, where the shelter stands and whether that is good, from the catalogue's
 * polarity), and apart, the indicators with no peers to compare with and why.
 */
export function BenchmarkTable({ data, info, peersLabel, k }: Props) {
  const { t, lang } = useLang();
  const rows = rowsOf(data, info);
  const compared = rows.filter((r) => r.quantiles !== null);
  const apart = rows.filter((r) => r.quantiles === null);
  const unit = (r: Row) => shownUnit(r.info);
  const shelter = data.shelter.shelter_code;

  const noPeersReason = (r: Row): string => reasonOf(r, t, lang);

  const ownCell = (r: Row) => (
    <>
      {r.ownValue !== null ? (
        formatValue(r.ownValue, unit(r), lang)
      ) : r.basis?.basis === "not_compared" ? (
        <Blank why={r.basis.reason[lang]} />
      ) : (
        <SuppressedValue reason={r.own?.suppression_reason ?? "primary"} state={r.own?.state} detail={r.own?.state_reason} lang={lang} k={k} showReason />
      )}
      {r.own?.n !== null && r.own?.n !== undefined && r.ownValue !== null ? <div className="muted">n = {formatCount(r.own.n, lang)}</div> : null}
      {r.asMean && r.ownValue !== null ? <div className="muted">{t("benchmark.ownMean")}</div> : null}
      {r.basis?.basis === "pooled" ? <div className="muted">{t("benchmark.ownPooled", { from: r.basis.window.from, to: r.basis.window.to })}</div> : null}
    </>
  );
  const ciCell = (r: Row) => {
    if (r.ownValue === null) return <Blank why={t("benchmark.blank.noOwn")} />;
    const ci = r.own ? formatInterval(r.own.ci_low, r.own.ci_high, unit(r), lang) : null;
    return ci ?? <Blank why={t("benchmark.blank.noCi")} />;
  };
  const judgement = judgementOf;

  const columns: TableColumn<Row>[] = [
    { key: "indicator", header: t("filters.indicator"), rowHeader: true, cell: (r) => r.info.label[lang], sortValue: (r) => r.info.label[lang] },
    { key: "own", header: t("benchmark.own"), numeric: true, cell: ownCell, sortValue: (r) => r.ownValue },
    { key: "ci", header: ciLabel(lang), numeric: true, cell: ciCell, csvValue: (r) => (r.own && r.ownValue !== null ? formatInterval(r.own.ci_low, r.own.ci_high, unit(r), lang) : null) },
    { key: "median", header: t("benchmark.median"), numeric: true, cell: (r) => (r.quantiles ? formatValue(r.quantiles.p50, unit(r), lang) : null), sortValue: (r) => r.quantiles?.p50 ?? null },
    {
      key: "iqr",
      header: t("benchmark.iqr"),
      numeric: true,
      cell: (r) => (r.quantiles ? `${formatValue(r.quantiles.p25, unit(r), lang)}–${formatValue(r.quantiles.p75, unit(r), lang)}` : null),
      csvValue: (r) => (r.quantiles ? `${formatValue(r.quantiles.p25, unit(r), lang)}–${formatValue(r.quantiles.p75, unit(r), lang)}` : null),
    },
    {
      key: "peers",
      header: t("benchmark.peerCount"),
      numeric: true,
      cell: (r) => (
        <>
          {r.peers ? formatCount(r.peers.peers, lang) : null}
          {r.peers?.pooled ? <div className="muted">{t("benchmark.pooled")}</div> : null}
        </>
      ),
      sortValue: (r) => r.peers?.peers ?? null,
    },
    {
      key: "position",
      header: t("benchmark.position"),
      cell: (r) => {
        if (r.position === null) return <Blank why={t("benchmark.blank.noOwn")} />;
        const c = judgement(r);
        return (
          <div className="judgement" data-judgement={c}>
            <div>{t(`benchmark.pos.${r.position}`)}</div>
            <ComparisonBadge comparison={c} lang={lang} benchmarkLabel={c === "not_compared" ? undefined : t(`benchmark.judge.${c}`)} />
            <div className="muted">{t(`benchmark.polarity.${r.info.polarity}`)}</div>
          </div>
        );
      },
      // Worse first when sorted ascending: the rows a director needs to look at.
      sortValue: (r) => ({ worse: 0, similar: 1, better: 2, not_compared: 3 })[judgement(r)],
      csvValue: (r) => (r.position ? `${t(`benchmark.pos.${r.position}`)} · ${judgement(r)}` : null),
    },
    {
      key: "strip",
      header: t("benchmark.strip"),
      headerContent: <span className="visually-hidden">{t("benchmark.strip")}</span>,
      cell: (r) => (r.quantiles && r.peers?.points ? <PeerStrip points={r.peers.points} own={r.ownValue} p25={r.quantiles.p25} p75={r.quantiles.p75} /> : null),
    },
  ];

  const apartColumns: TableColumn<Row>[] = [
    { key: "indicator", header: t("filters.indicator"), rowHeader: true, cell: (r) => r.info.label[lang], sortValue: (r) => r.info.label[lang] },
    { key: "own", header: t("benchmark.own"), numeric: true, cell: ownCell, sortValue: (r) => r.ownValue },
    { key: "why", header: t("benchmark.reason"), cell: (r) => noPeersReason(r), sortValue: (r) => noPeersReason(r) },
  ];

  // The spine chart: the same rows at a glance, each on its own scale with the median centred.
  const spineRows = spineRowsOf(compared, t, lang, k);

  return (
    <>
      {spineRows.length > 0 ? <SpineChart title={t("benchmark.spine", { shelter, peers: peersLabel })} rows={spineRows} lang={lang} /> : null}
      <Table
        caption={t("benchmark.caption", { shelter, peers: peersLabel })}
        columns={columns}
        rows={compared}
        rowKey={(r) => r.code}
        lang={lang}
        rowAttributes={(r) => ({ "data-indicator": r.code, "data-judgement": judgement(r) })}
        testId="benchmark-table"
        empty={<p className="notice">{t("benchmark.noneCompared")}</p>}
      />
      {apart.length > 0 ? (
        <section aria-labelledby="benchmark-apart" className="benchmark-apart">
          <h3 id="benchmark-apart">{t("benchmark.apart.title")}</h3>
          <p className="note">{t("benchmark.apart.intro")}</p>
          <Table
            caption={t("benchmark.apart.caption", { shelter, peers: peersLabel })}
            columns={apartColumns}
            rows={apart}
            rowKey={(r) => r.code}
            lang={lang}
            rowAttributes={(r) => ({ "data-indicator": r.code })}
            testId="benchmark-apart"
          />
        </section>
      ) : null}
    </>
  );
}
