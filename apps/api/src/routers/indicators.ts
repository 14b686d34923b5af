// Indicator values and trends: the same filters as `refugio indicators`, computed by the
// indicator service with the caller's scope (SQL filter) and audience (suppression/perturbation).
import type { TRPCRouterRecord } from "@trpc/server";
import { indicatorQuerySchema, indicatorTrendInputSchema, type IndicatorQuery } from "@refugio/schemas";
import { assertInScope } from "../auth/guard";
import { ALL_ROLES, roleProcedure } from "../trpc";
import { computeIndicators } from "./backends";
import { cached, releaseOptions, viewOf } from "./view";

const filtersOf = (q: IndicatorQuery) => ({ network: q.network, shelter: q.shelter, region: q.region, country: q.country });

export const indicatorsRouter = {
  values: roleProcedure(...ALL_ROLES)
    .input(indicatorQuerySchema)
    .query(async ({ ctx, input }) => {
      const view = viewOf(ctx, input.k);
      await assertInScope(ctx.conn, view.scope, filtersOf(input));
      const query: IndicatorQuery = { ...input, k: view.k };
      return cached(ctx, view, "indicators.values", query, () =>
        computeIndicators(ctx.conn, query, releaseOptions(view)),
      );
    }),

  trend: roleProcedure(...ALL_ROLES)
    .input(indicatorTrendInputSchema)
    .query(async ({ ctx, input }) => {
      const view = viewOf(ctx, input.k);
      await assertInScope(ctx.conn, view.scope, filtersOf(input));
      const { grain, by, ...rest } = input;
      const query: IndicatorQuery = { ...rest, by: [grain, ...(by ?? [])], k: view.k };
      const rows = await cached(ctx, view, "indicators.trend", query, () =>
        computeIndicators(ctx.conn, query, releaseOptions(view)),
      );
      // Periods in order, so charts need not sort.
      return [...rows].sort((a, b) => String(a.group[grain] ?? "").localeCompare(String(b.group[grain] ?? "")));
    }),
} satisfies TRPCRouterRecord;
