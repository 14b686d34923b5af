// Shelters or regions side by side against a benchmark, with funnel-plot data: the pooled value
// θ of the compared population, each unit's control limits at 95 % and 99.8 % for its own
// denominator, and the funnel curve to draw. Values come from the indicator service, so
// suppression and perturbation follow the caller's audience. With `adjust: true` the units are
// also standardised for case mix (docs/methods.md) and judged on O/E: the funnel is then O/E
// against the expected count, with exact Poisson limits around 1.
import type { TRPCRouterRecord } from "@trpc/server";
import { compareInputSchema, type IndicatorQuery, type IndicatorResult } from "@refugio/schemas";
import {
  compareToBenchmark,
  deriveFrom,
  funnelCurve,
  funnelLimits,
  judgementBasis,
  poolingWindow,
  ratioFunnelCurve,
  ratioFunnelLimits,
  type AdjustedRelease,
  type AdjustedResult,
  type FunnelLimit,
  type FunnelPoint,
  type RatioLimit,
} from "@refugio/metrics";
import { assertInScope } from "../auth/guard";
import { badRequest, roleProcedure } from "../trpc";
import { computeAdjusted, computeIndicators, indicatorInfoByCode } from "./backends";
import { cached, releaseOptions, viewOf } from "./view";

const LEVELS = [0.95, 0.998] as const;

export type FunnelPosition = "above_998" | "above_95" | "within" | "below_95" | "below_998" | null;

function position(value: number | null, limits: readonly (FunnelLimit | RatioLimit)[] | null): FunnelPosition {
  if (value === null || !limits) return null;
  const [l95, l998] = limits;
  if (!l95 || !l998) return null;
  if (value > l998.high) return "above_998";
  if (value > l95.high) return "above_95";
  if (value < l998.low) return "below_998";
  if (value < l95.low) return "below_95";
  return "within";
}

const isTotal = (r: IndicatorResult) => Object.keys(r.group).length === 0;

/** The adjusted side of the answer: each unit's O/E with its funnel limits, the method and the O/E funnel. */
function adjustedView(adjusted: AdjustedRelease, unitDim: string) {
  const byUnit = new Map<string | null, { result: AdjustedResult; limits: RatioLimit[] | null; position: FunnelPosition }>();
  for (const a of adjusted.rows) {
    byUnit.set(
      a.group[unitDim] ?? null,
      deriveFrom([a], () => {
        const limits = !a.suppressed && a.expected !== null && a.expected > 0 ? ratioFunnelLimits(a.expected, LEVELS) : null;
        return { result: a, limits, position: position(a.suppressed ? null : a.ratio, limits) };
      }),
    );
  }
  const eMax = Math.max(0, ...adjusted.rows.map((a) => (a.suppressed ? 0 : (a.expected ?? 0))));
  const curve = deriveFrom(adjusted.rows, () => (eMax > 0 ? ratioFunnelCurve(eMax * 1.1, 40, LEVELS) : []));
  return { byUnit, curve };
}

export const compareRouter = {
  // Shelter staff see peers only as an anonymous distribution (benchmark.shelter), never by code.
  units: roleProcedure("admin", "ministry", "network_director", "researcher")
    .input(compareInputSchema)
    .query(async ({ ctx, input }) => {
      const view = viewOf(ctx);
      await assertInScope(ctx.conn, view.scope, { network: input.network, country: input.country });
      const info = indicatorInfoByCode(input.indicator);
      if (!info) throw badRequest(`indicador desconocido: ${input.indicator}`, `unknown indicator: ${input.indicator}`);
      if (input.adjust && !info.caseMix) {
        throw badRequest(
          `El indicador ${input.indicator} no admite ajuste por perfil de ingreso (lo admiten los de resultados con variables de perfil declaradas)`,
          `Indicator ${input.indicator} cannot be adjusted for case mix (outcome indicators with declared case-mix variables can)`,
        );
      }
      return cached(ctx, view, "compare.units", input, async () => {
        const query: IndicatorQuery = {
          indicators: [input.indicator],
          from: input.from,
          to: input.to,
          network: input.network,
          country: input.country,
          model: input.model,
          by: [input.units],
          k: view.k,
        };
        const opts = releaseOptions(view);
        // One table: the units and their total are released together, so suppression and
        // perturbation see the whole response (a separate total query would be a second table).
        // Adjusted figures are released from that same table, so they are suppressed with it.
        const both = input.adjust ? await computeAdjusted(ctx.conn, query, input.units, opts) : null;
        const rows = both ? both.crude : await computeIndicators(ctx.conn, query, opts);
        const adj = both ? adjustedView(both.adjusted, input.units) : null;
        const total = rows.find(isTotal) ?? null;
        // Small units (docs/methods.md §4): a unit too small in a period shorter than a year is
        // judged on the pooled window of the last four quarters, a second table released by the
        // same engine; else it is not compared, with the reason.
        const window = input.from && input.to ? poolingWindow({ from: input.from, to: input.to }) : null;
        const small = rows.some((r) => !isTotal(r) && r.suppression_reason === "primary");
        const pooledRows = window && small ? await computeIndicators(ctx.conn, { ...query, from: window.from, to: window.to }, opts) : [];
        const pooledTotal = pooledRows.find(isTotal) ?? null;
        const pooledTheta = pooledTotal && !pooledTotal.suppressed && info.unit !== "count" ? pooledTotal.value : null;
        // A count's total is the sum of the units, not a level any unit could be compared with.
        const theta = total && !total.suppressed && info.unit !== "count" ? total.value : null;
        const proportion = info.unit === "proportion" && theta !== null && theta >= 0 && theta <= 1;
        // Funnel limits, positions and verdicts are derived from released figures only.
        const units = rows.filter((r) => !isTotal(r)).map((r) => {
          const unit = r.group[input.units] ?? null;
          const adjusted = adj?.byUnit.get(unit) ?? null;
          const pooled = pooledRows.find((p) => !isTotal(p) && p.group[input.units] === unit) ?? null;
          const basis = judgementBasis(view.k, r, window, pooled);
          const poolSources = basis.basis === "pooled" && pooled ? [pooled, ...(pooledTotal ? [pooledTotal] : [])] : [];
          return deriveFrom([r, ...(total ? [total] : []), ...(adjusted ? [adjusted] : []), ...poolSources], () => {
            const n = r.denominator;
            const limits = proportion && theta !== null && n !== null && Number.isInteger(n) && n >= 1 && !r.suppressed
              ? funnelLimits(theta, n, LEVELS, input.method)
              : null;
            // A unit judged on the pooled window is compared with the total of that window.
            const crude =
              basis.basis === "pooled" && pooled
                ? compareToBenchmark({ low: pooled.ci_low, high: pooled.ci_high, suppressed: pooled.suppressed }, pooledTheta, info.polarity)
                : compareToBenchmark({ low: r.ci_low, high: r.ci_high, suppressed: r.suppressed }, theta, info.polarity);
            return {
              unit,
              result: r,
              limits,
              position: position(r.suppressed ? null : r.value, limits),
              // With adjustment the unit is judged on its adjusted figure; the crude verdict is kept beside it.
              comparison: adjusted ? adjusted.result.comparison : crude,
              ...(adj ? { crude_comparison: crude, adjusted } : {}),
              basis,
              ...(basis.basis === "pooled" && pooled ? { pooled: { result: pooled, benchmark: pooledTotal } } : {}),
            };
          });
        });
        const nMax = Math.max(0, ...units.map((u) => (u.limits ? (u.result.denominator ?? 0) : 0)));
        const sources = [...(total ? [total] : []), ...units.map((u) => u.result)];
        const curve: FunnelPoint[] = deriveFrom(sources, () =>
          proportion && theta !== null && nMax >= 1 ? funnelCurve(theta, Math.ceil(nMax * 1.1), 40, LEVELS, input.method) : [],
        );
        return {
          indicator: info,
          units,
          benchmark: deriveFrom(total ? [total] : [], () => ({ value: theta, result: total, method: input.method, levels: [...LEVELS] })),
          curve,
          ...(both && adj ? { adjustment: { method: both.adjusted.method, curve: adj.curve } } : {}),
        };
      });
    }),
} satisfies TRPCRouterRecord;
