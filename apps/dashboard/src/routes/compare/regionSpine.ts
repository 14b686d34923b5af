// Compare's spine view of one region: each indicator's value for the region against the other
// regions of the same filters (network, model, period). Every figure is a released region value
// (indicators.values by region), so the peers' range is computed here from what was released;
// nothing unreleased is needed, and a suppressed region is simply not a peer.
import type { IndicatorInfo, IndicatorResult } from "@refugio/schemas";
import { quantile } from "@refugio/metrics/stats";
import { formatCount, formatValue, resultMissingText, type Lang, type SpineRow } from "@refugio/ui";
import type { MessageKey } from "../../i18n/translate";
import { shownUnit } from "../../lib/catalogue";
import { judgePosition, positionAmongPeers } from "../benchmark/position";

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Peers needed for a distribution (as the benchmark asks of shelters). */
export const MIN_REGION_PEERS = 3;

/** The regions with a row in a by-region answer, in code order. */
export function regionsOf(results: readonly IndicatorResult[]): string[] {
  return [...new Set(results.map((r) => r.group.region).filter((r): r is string => typeof r === "string"))].sort();
}

/** One spine row per indicator (in catalogue order) for `region` against the other regions. */
export function regionSpineRows(results: readonly IndicatorResult[], infos: readonly IndicatorInfo[], region: string, t: T, lang: Lang, k: number): SpineRow[] {
  return infos.map((info) => {
    const unit = shownUnit(info);
    const rows = results.filter((r) => r.indicator === info.code && Object.keys(r.group).length === 1 && typeof r.group.region === "string");
    const own = rows.find((r) => r.group.region === region);
    const ownValue = own && !own.suppressed && own.value !== null ? own.value : null;
    const peers = rows
      .filter((r) => r.group.region !== region && !r.suppressed && r.value !== null)
      .map((r) => r.value as number)
      .sort((a, b) => a - b);
    const enough = peers.length >= MIN_REGION_PEERS;
    const q = enough ? { p25: quantile(peers, 0.25) ?? 0, p50: quantile(peers, 0.5) ?? 0, p75: quantile(peers, 0.75) ?? 0 } : null;
    const position = positionAmongPeers(ownValue, q);
    return {
      code: info.code,
      label: info.label[lang],
      own: ownValue,
      ownText: ownValue !== null ? formatValue(ownValue, unit, lang) : own ? resultMissingText(own, k, lang) : t("compare.spine.regionNoRow"),
      medianText: q ? formatValue(q.p50, unit, lang) : t("benchmark.spine.fewPeers", { peers: formatCount(peers.length, lang) }),
      peers: q ? { min: peers[0] as number, p25: q.p25, p50: q.p50, p75: q.p75, max: peers.at(-1) as number } : null,
      polarity: info.polarity,
      judgement: judgePosition(position, info.polarity),
    };
  });
}
