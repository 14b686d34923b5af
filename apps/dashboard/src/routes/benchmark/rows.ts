// A benchmark answer read once into rows (own value, peers' quantiles, position), and those rows
// as spine-chart rows: shared by the Benchmark page and Compare's spine view, so both say the same
// thing about the same shelter.
import type { IndicatorInfo } from "@refugio/schemas";
import { formatCount, formatValue, resultMissingText, type Lang, type SpineRow } from "@refugio/ui";
import type { MessageKey } from "../../i18n/translate";
import { fallbackInfo, shownUnit } from "../../lib/catalogue";
import type { Outputs } from "../../lib/trpc";
import { comparableOwnValue, judgePosition, type PeerPosition, positionAmongPeers } from "./position";

export type Benchmark = Outputs["benchmark"]["shelter"];
type Indicator = Benchmark["indicators"][number];
type T = (key: MessageKey, params?: Record<string, string | number>) => string;

/** One row, worked out once: what the tables, the spine chart and the CSV read. */
export interface Row {
  code: string;
  info: IndicatorInfo;
  own: Indicator["own"][number] | undefined;
  ownValue: number | null;
  asMean: boolean;
  basis: Indicator["basis"];
  peers: Indicator["peers"];
  quantiles: { p25: number; p50: number; p75: number } | null;
  position: PeerPosition | null;
}

export function rowsOf(data: Benchmark, info: Map<string, IndicatorInfo>): Row[] {
  return data.indicators.map((row) => {
    const own = row.own.find((r) => Object.keys(r.group).length === 0) ?? row.own[0];
    const { value: ownValue, asMean } = comparableOwnValue(own);
    const d = row.peers;
    const quantiles = d && !d.suppressed ? d.quantiles : null;
    return {
      code: row.indicator,
      info: info.get(row.indicator) ?? fallbackInfo(row.indicator),
      own,
      ownValue,
      asMean,
      basis: row.basis,
      peers: d,
      quantiles,
      position: positionAmongPeers(ownValue, quantiles),
    };
  });
}

/** Good or bad, from the catalogue's polarity. */
export const judgementOf = (r: Row) => judgePosition(r.position, r.info.polarity);

/** Why a row has no peer distribution, in words. */
export function noPeersReason(r: Row, t: T, lang: Lang): string {
  return r.peers === null ? t("benchmark.reason.noPeerValues") : t("benchmark.reason.tooFew", { peers: formatCount(r.peers.peers, lang) });
}

/**
 * The own value as shown, or why there is none in the words of its state, as the tables say it:
 * "no evaluado" for a standard never checked, "no aplica" for a limit the model does not set,
 * the suppression rule for a suppressed figure; never one vague blank for all four.
 */
function ownText(r: Row, unit: ReturnType<typeof shownUnit>, t: T, lang: Lang, k: number): string {
  if (r.ownValue !== null) return formatValue(r.ownValue, unit, lang);
  if (r.basis?.basis === "not_compared") return r.basis.reason[lang];
  return r.own ? resultMissingText(r.own, k, lang) : t("benchmark.blank.noOwn");
}

/**
 * Rows of the spine chart, each on its own scale with the peers' median centred. A row without a
 * distribution keeps its place and says so in the median column (the chart draws no spine).
 */
export function spineRowsOf(rows: readonly Row[], t: T, lang: Lang, k: number): SpineRow[] {
  return rows.map((r) => {
    const unit = shownUnit(r.info);
    const points = r.peers?.points ?? [];
    const q = r.quantiles;
    const min = points[0];
    const max = points.at(-1);
    return {
      code: r.code,
      label: r.info.label[lang],
      own: r.ownValue,
      ownText: ownText(r, unit, t, lang, k),
      // Short, so the spine column keeps its room beside it (the tables give the full reason).
      medianText: q ? formatValue(q.p50, unit, lang) : t("benchmark.spine.fewPeers", { peers: formatCount(r.peers?.peers ?? 0, lang) }),
      peers: q && min !== undefined && max !== undefined ? { min, p25: q.p25, p50: q.p50, p75: q.p75, max } : null,
      polarity: r.info.polarity,
      judgement: judgementOf(r),
    };
  });
}
