// Shelters or regions side by side against a benchmark, with funnel-plot data: the pooled value
// θ of the compared population, each unit's control limits at 95 % and 99.8 % for its own
// denominator, and the funnel curve to draw. Values come from the indicator service, so
// suppression and perturbation follow the caller's audience.
import type { TRPCRouterRecord } from "@trpc/server";
import { compareInputSchema, type IndicatorQuery } from "@refugio/schemas";
import { compareToBenchmark, deriveFrom, funnelCurve, funnelLimits, type FunnelLimit, type FunnelPoint } from "@refugio/metrics";
import { assertInScope } from "../auth/guard";
import { badRequest, roleProcedure } from "../trpc";
import { computeIndicators, indicatorInfoByCode } from "./backends";
import { cached, viewOf } from "./view";

const LEVELS = [0.95, 0.998] as const;

export type FunnelPosition = "above_998" | "above_95" | "within" | "below_95" | "below_998" | null;

function position(value: number | null, limits: FunnelLimit[] | null): FunnelPosition {
  if (value === null || !limits) return null;
  const [l95, l998] = limits;
  if (!l95 || !l998) return null;
  if (value > l998.high) return "above_998";
  if (value > l95.high) return "above_95";
  if (value < l998.low) return "below_998";
  if (value < l95.low) return "below_95";
  return "within";
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
      return cached(ctx, view, "compare.units", input, async () => {
        const query: IndicatorQuery = {
          indicators: [input.indicator],
          from: input.from,
          to: input.to,
          network: input.network,
          country: input.country,
          by: [input.units],
          k: view.k,
        };
        // One table: the units and their total are released together, so suppression and
        // perturbation see the whole response (a separate total query would be a second table).
        const rows = await computeIndicators(ctx.conn, query, { scope: view.scope, audience: view.audience, k: view.k });
        const total = rows.find((r) => Object.keys(r.group).length === 0) ?? null;
        // A count's total is the sum of the units, not a level any unit could be compared with.
        const theta = total && !total.suppressed && info.unit !== "count" ? total.value : null;
        const proportion = info.unit === "proportion" && theta !== null && theta >= 0 && theta <= 1;
        // Funnel limits, positions and verdicts are derived from released figures only.
        const units = rows.filter((r) => Object.keys(r.group).length > 0).map((r) =>
          deriveFrom(total ? [r, total] : [r], () => {
            const n = r.denominator;
            const limits = proportion && theta !== null && n !== null && Number.isInteger(n) && n >= 1 && !r.suppressed
              ? funnelLimits(theta, n, LEVELS, input.method)
              : null;
            return {
              unit: r.group[input.units] ?? null,
              result: r,
              limits,
              position: position(r.suppressed ? null : r.value, limits),
              comparison: compareToBenchmark({ low: r.ci_low, high: r.ci_high, suppressed: r.suppressed }, theta, info.polarity),
            };
          }),
        );
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
        };
      });
    }),
} satisfies TRPCRouterRecord;
