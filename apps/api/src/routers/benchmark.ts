// A shelter against its peers. Its own values come with the caller's audience (a shelter's own
// staff see them in full); the peers come back only as an anonymous distribution: values per peer
// shelter computed for the "external" audience (suppression + cell-key perturbation), stripped of
// their codes, sorted, and summarised as quantiles. A thin period is read on the pooled window of
// the last four quarters (the one small-unit rule, docs/methods.md §4), for the peers and for the
// shelter's own figure, and flagged.
import type { TRPCRouterRecord } from "@trpc/server";
import { benchmarkInputSchema, type IndicatorQuery, type IndicatorResult } from "@refugio/schemas";
import { deriveFrom, judgementBasis, poolingWindow, quantile } from "@refugio/metrics";
import { assertInScope, shelterRow } from "../auth/guard";
import type { Scope } from "../auth/scope";
import { notFound, roleProcedure } from "../trpc";
import { computeIndicators, indicatorInfos } from "./backends";
import { cached, releaseOptions, viewOf } from "./view";

/** Cache name of a peer group's released per-shelter rows (shared by every shelter of the group). */
export const PEER_ROWS = "benchmark.peerRows";

/** Fewest publishable peer values for which a distribution is shown (fewer would expose them). */
export const MIN_PEERS = 3;

export interface PeerDistribution {
  /** Peer shelters with a publishable value (not suppressed). */
  peers: number;
  /** Records behind the distribution (sum of the publishable peers' denominators). */
  n: number;
  quantiles: { p10: number; p25: number; p50: number; p75: number; p90: number } | null;
  /** Publishable peer values, sorted (no codes). */
  points: number[] | null;
  /** Withheld: too few peers or records even after pooling. */
  suppressed: boolean;
  pooled: boolean;
  window: { from: string | null; to: string | null };
  perturbed: boolean;
}

function distribution(rows: IndicatorResult[], own: string, k: number): Omit<PeerDistribution, "pooled" | "window"> {
  // Only per-shelter rows (the service also returns the query's total, group {}), never our own.
  const usable = rows.filter((r) => typeof r.group.shelter === "string" && r.group.shelter !== own && !r.suppressed && r.value !== null) as (IndicatorResult & { value: number })[];
  // Quantiles and sizes from the peers' released (suppressed and perturbed) values only.
  return deriveFrom(usable, () => {
    const values = usable.map((r) => r.value).sort((a, b) => a - b);
    const n = usable.reduce((s, r) => s + (r.denominator ?? r.n ?? 0), 0);
    const ok = values.length >= MIN_PEERS && n >= k;
    const q = (p: number) => quantile(values, p) ?? 0;
    return {
      peers: values.length,
      n: ok ? n : 0,
      quantiles: ok ? { p10: q(0.1), p25: q(0.25), p50: q(0.5), p75: q(0.75), p90: q(0.9) } : null,
      points: ok ? values : null,
      suppressed: !ok,
      perturbed: usable.some((r) => r.perturbed === true),
    };
  });
}

export const benchmarkRouter = {
  // Researchers compare through indicators.values / compare.units; this view is a shelter's own.
  shelter: roleProcedure("admin", "ministry", "network_director", "shelter_staff")
    .input(benchmarkInputSchema)
    .query(async ({ ctx, input }) => {
      const view = viewOf(ctx);
      await assertInScope(ctx.conn, view.scope, { shelter: input.shelter });
      const row = await shelterRow(ctx.conn, input.shelter);
      if (!row) throw notFound(`refugio desconocido: ${input.shelter}`, `unknown shelter: ${input.shelter}`);
      return cached(ctx, view, "benchmark.shelter", input, async () => {
        // Without a list: every indicator that may be broken down by shelter (peers are per shelter).
        const indicators = input.indicators ?? indicatorInfos().filter((i) => i.dimensions.includes("shelter")).map((i) => i.code);
        const base: IndicatorQuery = { indicators, from: input.from, to: input.to, k: view.k };
        const own = await computeIndicators(ctx.conn, { ...base, shelter: input.shelter }, releaseOptions(view));
        // Peers are read outside the caller's scope on purpose, and therefore only ever as
        // "external" output: suppressed, perturbed and anonymised below.
        const peerScope: Scope =
          input.peers === "network"
            ? { networks: [row.network_code], shelters: null }
            : { networks: null, shelters: null };
        const peerQuery = (from: string | undefined, to: string | undefined): IndicatorQuery => ({
          ...base,
          from,
          to,
          country: input.peers === "country" ? row.country : undefined,
          // Same-model peers come from every network (Compare's spine view: like with like).
          model: input.peers === "model" ? row.model : undefined,
          by: ["shelter"],
        });
        // The peers' per-shelter figures are the same whichever shelter of the group asks (its
        // own row is dropped in `distribution`), so they are cached without the asking shelter:
        // the first shelter of a group pays for them, every other one reads them. The released
        // (external) rows are what is cached, never true figures.
        const peerRows = async (from: string | undefined, to: string | undefined) => {
          const query = peerQuery(from, to);
          return cached(ctx, view, PEER_ROWS, { peerScope, query }, () =>
            computeIndicators(ctx.conn, query, { ...releaseOptions(view), scope: peerScope, audience: "external" }),
          );
        };

        const rows = await peerRows(input.from, input.to);
        const codes = [...new Set([...indicators, ...own.map((r) => r.indicator)])];
        const dist = new Map<string, PeerDistribution>();
        const windowFor = (from: string | undefined, to: string | undefined) => ({ from: from ?? null, to: to ?? null });
        for (const code of codes) {
          const d = distribution(rows.filter((r) => r.indicator === code), input.shelter, view.k);
          dist.set(code, deriveFrom([d], () => ({ ...d, pooled: false, window: windowFor(input.from, input.to) })));
        }
        // The one small-unit rule (docs/methods.md §4, `poolingWindow`): a period shorter than a
        // year that is too thin is read on the pooled window of the last four calendar quarters —
        // for the peers' distribution and for the shelter's own figure alike. Each pooled window
        // is a period external readers may ask for, released by the same engine.
        const window = input.from && input.to ? poolingWindow({ from: input.from, to: input.to }) : null;
        if (window) {
          const pending = codes.filter((c) => dist.get(c)?.suppressed);
          if (pending.length > 0) {
            const pooledRows = await peerRows(window.from, window.to);
            for (const code of pending) {
              const d = distribution(pooledRows.filter((r) => r.indicator === code), input.shelter, view.k);
              dist.set(code, deriveFrom([d], () => ({ ...d, pooled: true, window: windowFor(window.from, window.to) })));
            }
          }
        }
        const ownTotal = (rs: IndicatorResult[], code: string) => rs.find((r) => r.indicator === code && Object.keys(r.group).length === 0);
        const thin = codes.filter((c) => ownTotal(own, c)?.suppression_reason === "primary");
        const ownPooled =
          window && thin.length > 0
            ? await computeIndicators(ctx.conn, { ...base, indicators: thin, shelter: input.shelter, from: window.from, to: window.to }, releaseOptions(view))
            : [];
        return {
          shelter: { shelter_code: row.shelter_code, network_code: row.network_code, region_code: row.region_code, country: row.country, model: row.model },
          peerGroup: input.peers,
          indicators: codes.map((code) => {
            const inPeriod = ownTotal(own, code);
            const inWindow = ownTotal(ownPooled, code) ?? null;
            const sources = [inPeriod, inWindow].filter((r): r is IndicatorResult => r !== undefined && r !== null);
            const basis = inPeriod ? deriveFrom(sources, () => ({ ...judgementBasis(view.k, inPeriod, window, inWindow) })) : null;
            return {
              indicator: code,
              own: (basis?.basis === "pooled" ? ownPooled : own).filter((r) => r.indicator === code),
              basis,
              peers: dist.get(code) ?? null,
            };
          }),
        };
      });
    }),
} satisfies TRPCRouterRecord;
