// Reference lists for pickers and labels: indicators, dimensions, and the registry in scope.
import type { TRPCRouterRecord } from "@trpc/server";
import { dimensionCodes, shelterListInputSchema } from "@refugio/schemas";
import { assertInScope, scopeWhere } from "../auth/guard";
import { all } from "../db/query";
import { ALL_ROLES, roleProcedure } from "../trpc";
import { indicatorInfos } from "./backends";
import { viewOf } from "./view";

const dimensionLabels: Record<(typeof dimensionCodes)[number], { es: string; en: string }> = {
  network: { es: "Red", en: "Network" },
  country: { es: "País", en: "Country" },
  region: { es: "Región", en: "Region" },
  shelter: { es: "Refugio", en: "Shelter" },
  model: { es: "Modelo", en: "Model" },
  age_band: { es: "Grupo de edad", en: "Age band" },
  referral_source: { es: "Fuente de derivación", en: "Referral source" },
  risk_level: { es: "Nivel de riesgo", en: "Risk level" },
  disability: { es: "Discapacidad", en: "Disability" },
  minority_language: { es: "Indígena o lengua minoritaria", en: "Indigenous or minority language" },
  month: { es: "Mes", en: "Month" },
  quarter: { es: "Trimestre", en: "Quarter" },
  year: { es: "Año", en: "Year" },
};

export interface ShelterInfo {
  shelter_code: string;
  network_code: string;
  country: string;
  region_code: string;
  model: string;
}

export const catalogueRouter = {
  indicators: roleProcedure(...ALL_ROLES).query(() => indicatorInfos()),

  dimensions: roleProcedure(...ALL_ROLES).query(() => dimensionCodes.map((code) => ({ code, label: dimensionLabels[code] }))),

  shelters: roleProcedure(...ALL_ROLES)
    .input(shelterListInputSchema)
    .query(async ({ ctx, input }) => {
      const view = viewOf(ctx);
      await assertInScope(ctx.conn, view.scope, { network: input?.network, region: input?.region });
      const { sql, params } = scopeWhere(view.scope, "s");
      return all<ShelterInfo>(
        ctx.conn,
        `SELECT shelter_code, network_code, country, region_code, model FROM shelters s
          WHERE ${sql} AND ($net IS NULL OR network_code = $net) AND ($reg IS NULL OR region_code = $reg)
          ORDER BY network_code, shelter_code`,
        { ...params, net: input?.network ?? null, reg: input?.region ?? null },
      );
    }),

  regions: roleProcedure(...ALL_ROLES).query(async ({ ctx }) => {
    const { sql, params } = scopeWhere(viewOf(ctx).scope, "s");
    return all<{ region_code: string; country: string; network_code: string; shelters: number }>(
      ctx.conn,
      `SELECT region_code, country, network_code, COUNT(*) AS shelters FROM shelters s WHERE ${sql}
        GROUP BY ALL ORDER BY country, region_code, network_code`,
      params,
    );
  }),

  networks: roleProcedure(...ALL_ROLES).query(async ({ ctx }) => {
    const { sql, params } = scopeWhere(viewOf(ctx).scope, "s");
    return all<{ network_code: string; network_name: string | null; country: string; shelters: number }>(
      ctx.conn,
      `SELECT s.network_code, ANY_VALUE(n.network_name) AS network_name, ANY_VALUE(s.country) AS country, COUNT(*) AS shelters
         FROM shelters s LEFT JOIN networks n USING (network_code)
        WHERE ${sql} GROUP BY s.network_code ORDER BY s.network_code`,
      params,
    );
  }),
} satisfies TRPCRouterRecord;
