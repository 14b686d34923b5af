// NOM-217 Appendix A checklist results per shelter: the share of applicable items met, per table
// A1–A5 and overall, from each shelter's latest check; a verification is valid for two years
// (NOM-217 section 7.7).
import type { TRPCRouterRecord } from "@trpc/server";
import { complianceItemsInputSchema, complianceListInputSchema, nom217Item, type Nom217Table } from "@refugio/schemas";
import { assertInScope, scopeWhere } from "../auth/guard";
import { all } from "../db/query";
import { roleProcedure } from "../trpc";
import { viewOf } from "./view";

const TABLES: Nom217Table[] = ["A1", "A2", "A3", "A4", "A5"];
export const VALIDITY_YEARS = 2;

interface Part {
  applicable: number;
  met: number;
  share: number | null;
}

const part = (met: number, applicable: number): Part => ({ applicable, met, share: applicable > 0 ? met / applicable : null });

function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  const date = new Date(Date.UTC((y ?? 0) + years, (m ?? 1) - 1, d ?? 1));
  // 29 February + 2 years → 28 February (Date would roll over to 1 March).
  if (date.getUTCDate() !== d) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

// Shelter staff: their own shelter; directors: their network; researchers get no per-shelter
// institutional assessments (they read the compliance indicator in aggregate).
const roles = ["admin", "ministry", "network_director", "shelter_staff"] as const;

export const complianceRouter = {
  summary: roleProcedure(...roles)
    .input(complianceListInputSchema)
    .query(async ({ ctx, input }) => {
      const view = viewOf(ctx);
      await assertInScope(ctx.conn, view.scope, { network: input?.network, shelter: input?.shelter });
      const { sql, params } = scopeWhere(view.scope, "s");
      const rows = await all<{ shelter_code: string; network_code: string; assessed_on: string; tbl: string; applicable: number; met: number }>(
        ctx.conn,
        `WITH latest AS (
           SELECT shelter_code, MAX(assessed_on) AS assessed_on FROM compliance_checks GROUP BY shelter_code
         )
         SELECT s.shelter_code, s.network_code, CAST(l.assessed_on AS VARCHAR) AS assessed_on, c."table" AS tbl,
                COUNT(*) FILTER (WHERE c.result IN ('yes', 'no')) AS applicable,
                COUNT(*) FILTER (WHERE c.result = 'yes') AS met
           FROM shelters s
           JOIN latest l USING (shelter_code)
           JOIN compliance_checks c ON c.shelter_code = l.shelter_code AND c.assessed_on = l.assessed_on
          WHERE ${sql} AND ($net IS NULL OR s.network_code = $net) AND ($sh IS NULL OR s.shelter_code = $sh)
          GROUP BY ALL ORDER BY s.shelter_code, tbl`,
        { ...params, net: input?.network ?? null, sh: input?.shelter ?? null },
      );
      const today = new Date().toISOString().slice(0, 10);
      const byShelter = new Map<string, typeof rows>();
      for (const r of rows) byShelter.set(r.shelter_code, [...(byShelter.get(r.shelter_code) ?? []), r]);
      return [...byShelter.values()].map((rs) => {
        const first = rs[0] as (typeof rows)[number];
        const tables = Object.fromEntries(
          TABLES.map((t) => {
            const r = rs.find((x) => x.tbl === t);
            return [t, part(r?.met ?? 0, r?.applicable ?? 0)];
          }),
        ) as Record<Nom217Table, Part>;
        const validUntil = addYears(first.assessed_on, VALIDITY_YEARS);
        return {
          shelter_code: first.shelter_code,
          network_code: first.network_code,
          assessed_on: first.assessed_on,
          valid_until: validUntil,
          valid: today <= validUntil,
          tables,
          overall: part(
            rs.reduce((s, r) => s + r.met, 0),
            rs.reduce((s, r) => s + r.applicable, 0),
          ),
        };
      });
    }),

  /** Item-level results of one check (the latest unless `assessedOn`), with the NOM's text. */
  items: roleProcedure(...roles)
    .input(complianceItemsInputSchema)
    .query(async ({ ctx, input }) => {
      const view = viewOf(ctx);
      await assertInScope(ctx.conn, view.scope, { shelter: input.shelter });
      const rows = await all<{ assessed_on: string; table: Nom217Table; item_no: number; result: "yes" | "no" | "na" }>(
        ctx.conn,
        `SELECT CAST(assessed_on AS VARCHAR) AS assessed_on, "table", item_no, result FROM compliance_checks
          WHERE shelter_code = $s AND assessed_on = COALESCE(CAST($d AS DATE), (SELECT MAX(assessed_on) FROM compliance_checks WHERE shelter_code = $s))
          ORDER BY "table", item_no`,
        { s: input.shelter, d: input.assessedOn ?? null },
      );
      return rows.map((r) => {
        const item = nom217Item(r.table, r.item_no);
        return { ...r, text: item ? { es: item.text_es, en: item.text_en } : null };
      });
    }),

  /** Dates of every check of a shelter, newest first. */
  checks: roleProcedure(...roles)
    .input(complianceItemsInputSchema.pick({ shelter: true }))
    .query(async ({ ctx, input }) => {
      const view = viewOf(ctx);
      await assertInScope(ctx.conn, view.scope, { shelter: input.shelter });
      return all<{ assessed_on: string; items: number }>(
        ctx.conn,
        `SELECT CAST(assessed_on AS VARCHAR) AS assessed_on, COUNT(*) AS items FROM compliance_checks WHERE shelter_code = $s GROUP BY assessed_on ORDER BY assessed_on DESC`,
        { s: input.shelter },
      );
    }),
} satisfies TRPCRouterRecord;
