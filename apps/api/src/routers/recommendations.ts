// Aurora evaluation recommendations: the reference list (@refugio/schemas, plus any extra codes
// loaded into `recommendation_catalogue` with the registry), their latest status per scope
// (national, region, shelter) from the append-only `recommendation_updates`, the history, and
// the linked indicators. Updates are appended, never edited, and audited.
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import {
  auroraRecommendations,
  identifierInText,
  identifierInTextReason,
  recommendationHistoryInputSchema,
  recommendationIndicatorsInputSchema,
  recommendationListInputSchema,
  recommendationUpdateInputSchema,
  type SessionUser,
} from "@refugio/schemas";
import type { DuckDBConnection } from "@duckdb/node-api";
import { audit } from "../auth/audit";
import { shelterRow } from "../auth/guard";
import { all, one, run } from "../db/query";
import { ALL_ROLES, badRequest, forbidden, roleProcedure } from "../trpc";
import { computeIndicators, indicatorInfoByCode } from "./backends";
import { rollup } from "./recommendation-rollup";
import { forgetCached, releaseOptions, viewOf } from "./view";

/** The network whose evaluation the recommendations come from. */
export const AURORA_NETWORK = "pe-aurora";

type ScopeLevel = "national" | "region" | "shelter";

interface Visibility {
  all: boolean;
  region: string | null;
  shelter: string | null;
  /** May see who recorded an update (internal roles). */
  seesAuthors: boolean;
}

async function visibilityFor(conn: DuckDBConnection, user: SessionUser): Promise<Visibility> {
  switch (user.role) {
    case "admin":
    case "ministry":
      return { all: true, region: null, shelter: null, seesAuthors: true };
    case "researcher":
      return { all: true, region: null, shelter: null, seesAuthors: false };
    case "network_director":
      if (user.network_code !== AURORA_NETWORK) throw forbidden("las recomendaciones son de la red Aurora", "the recommendations belong to the Aurora network");
      return { all: true, region: null, shelter: null, seesAuthors: true };
    case "shelter_staff": {
      const row = user.shelter_code ? await shelterRow(conn, user.shelter_code) : undefined;
      if (!row || row.network_code !== AURORA_NETWORK) throw forbidden("las recomendaciones son de la red Aurora", "the recommendations belong to the Aurora network");
      return { all: false, region: row.region_code, shelter: row.shelter_code, seesAuthors: false };
    }
  }
}

function assertVisible(v: Visibility, scope: ScopeLevel | undefined, code: string | undefined) {
  if (v.all || code === undefined) return;
  if (scope === "region" && code === v.region) return;
  if (scope === "shelter" && code === v.shelter) return;
  if (scope === undefined && (code === v.region || code === v.shelter)) return;
  throw forbidden(`fuera de su ámbito: ${code}`, `outside your scope: ${code}`);
}

/** SQL condition for the update rows a visibility allows (alias u). */
function visibleRows(v: Visibility): { sql: string; params: Record<string, string> } {
  if (v.all) return { sql: "TRUE", params: {} };
  return {
    sql: `(u.scope = 'national' OR (u.scope = 'region' AND u.scope_code = $vis_region) OR (u.scope = 'shelter' AND u.scope_code = $vis_shelter))`,
    params: { vis_region: v.region ?? "", vis_shelter: v.shelter ?? "" },
  };
}

async function tableExists(conn: DuckDBConnection, name: string): Promise<boolean> {
  return !!(await one(conn, `SELECT 1 AS x FROM information_schema.tables WHERE table_name = $t`, { t: name }));
}

interface UpdateRow {
  recommendation_code: string;
  scope: ScopeLevel;
  scope_code: string;
  status: string;
  updated_on: string;
  evidence: string | null;
  linked_indicators: string | null;
  updated_by: string | null;
  recorded_at: string;
}

const linked = (codes: readonly string[]) =>
  codes.map((code) => {
    const info = indicatorInfoByCode(code);
    return { code, label: info?.label ?? null };
  });

interface CatalogueEntry {
  code: string;
  order: number | null;
  kind: string;
  title: { es: string; en: string };
  text: { es: string; en: string } | null;
  owner_level: string | null;
  owner: { es: string; en: string } | null;
  linked_indicators: readonly string[];
}

/** The reference list, plus any recommendation loaded into `recommendation_catalogue` with the registry. */
async function catalogueEntries(conn: DuckDBConnection): Promise<CatalogueEntry[]> {
  const entries: CatalogueEntry[] = auroraRecommendations.map((r) => ({ ...r, linked_indicators: [...r.linked_indicators] }));
  if (await tableExists(conn, "recommendation_catalogue")) {
    const rows = await all<{
      recommendation_code: string;
      order: number | null;
      kind: string;
      title_es: string;
      title_en: string;
      text_es: string;
      text_en: string;
      owner_level: string;
      owner_es: string;
      owner_en: string;
      linked_indicators: string | null;
    }>(conn, `SELECT * FROM recommendation_catalogue ORDER BY "order", recommendation_code`);
    for (const r of rows) {
      if (entries.some((e) => e.code === r.recommendation_code)) continue;
      entries.push({
        code: r.recommendation_code,
        order: r.order,
        kind: r.kind,
        title: { es: r.title_es, en: r.title_en },
        text: { es: r.text_es, en: r.text_en },
        owner_level: r.owner_level,
        owner: { es: r.owner_es, en: r.owner_en },
        linked_indicators: (r.linked_indicators ?? "").split("|").filter(Boolean),
      });
    }
  }
  return entries;
}

const updateColumns = (seesAuthors: boolean) =>
  `u.recommendation_code, u.scope, u.scope_code, u.status, CAST(u.updated_on AS VARCHAR) AS updated_on, u.evidence,
   u.linked_indicators, ${seesAuthors ? "u.updated_by" : "NULL AS updated_by"}, CAST(u.recorded_at AS VARCHAR) AS recorded_at`;

export const recommendationsRouter = {
  list: roleProcedure(...ALL_ROLES)
    .input(recommendationListInputSchema)
    .query(async ({ ctx, input }) => {
      const v = await visibilityFor(ctx.conn, ctx.user);
      assertVisible(v, input?.scope, input?.scopeCode);
      const vis = visibleRows(v);
      // Latest update per (recommendation, scope, scope code).
      const latest = await all<UpdateRow>(
        ctx.conn,
        `SELECT ${updateColumns(v.seesAuthors)} FROM recommendation_updates u
          WHERE ${vis.sql} AND ($scope IS NULL OR u.scope = $scope) AND ($code IS NULL OR u.scope_code = $code)
          QUALIFY row_number() OVER (PARTITION BY u.recommendation_code, u.scope, u.scope_code ORDER BY u.updated_on DESC, u.recorded_at DESC) = 1
          ORDER BY u.recommendation_code, u.scope, u.scope_code`,
        { ...vis.params, scope: input?.scope ?? null, code: input?.scopeCode ?? null },
      );
      const entries = await catalogueEntries(ctx.conn);
      // The units each level has (the Aurora registry, as far as the caller may see it).
      const registry = await all<{ shelter_code: string; region_code: string }>(
        ctx.conn,
        `SELECT shelter_code, region_code FROM shelters WHERE network_code = $net ORDER BY shelter_code`,
        { net: AURORA_NETWORK },
      );
      const seen = registry.filter((r) => v.all || r.shelter_code === v.shelter);
      const units = { region: [...new Set(seen.map((r) => r.region_code))], shelter: seen.map((r) => r.shelter_code) };
      return entries.map((ref) => {
        const statuses = latest.filter((u) => u.recommendation_code === ref.code);
        const extraLinks = statuses.flatMap((s) => (s.linked_indicators ?? "").split("|").filter(Boolean));
        return { ...ref, linked_indicators: linked([...new Set([...ref.linked_indicators, ...extraLinks])]), statuses, rollup: rollup(statuses, units) };
      });
    }),

  history: roleProcedure(...ALL_ROLES)
    .input(recommendationHistoryInputSchema)
    .query(async ({ ctx, input }) => {
      const v = await visibilityFor(ctx.conn, ctx.user);
      assertVisible(v, input.scope, input.scopeCode);
      const vis = visibleRows(v);
      return all<UpdateRow>(
        ctx.conn,
        `SELECT ${updateColumns(v.seesAuthors)} FROM recommendation_updates u
          WHERE u.recommendation_code = $rc AND ${vis.sql} AND ($scope IS NULL OR u.scope = $scope) AND ($code IS NULL OR u.scope_code = $code)
          ORDER BY u.updated_on DESC, u.recorded_at DESC`,
        { ...vis.params, rc: input.code, scope: input.scope ?? null, code: input.scopeCode ?? null },
      );
    }),

  /** Current values of the indicators linked to a recommendation, in the caller's scope. */
  indicators: roleProcedure(...ALL_ROLES)
    .input(recommendationIndicatorsInputSchema)
    .query(async ({ ctx, input }) => {
      await visibilityFor(ctx.conn, ctx.user);
      const ref = (await catalogueEntries(ctx.conn)).find((r) => r.code === input.code);
      if (!ref) throw badRequest(`recomendación desconocida: ${input.code}`, `unknown recommendation: ${input.code}`);
      const codes = ref.linked_indicators.filter((c) => indicatorInfoByCode(c));
      if (codes.length === 0) return [];
      const view = viewOf(ctx);
      return computeIndicators(
        ctx.conn,
        { indicators: [...codes], from: input.from, to: input.to, network: view.scope.shelters ? undefined : AURORA_NETWORK, k: view.k },
        releaseOptions(view),
      );
    }),

  update: roleProcedure("admin", "ministry", "network_director")
    .input(recommendationUpdateInputSchema)
    .mutation(async ({ ctx, input }) => {
      if (ctx.user.role === "network_director" && ctx.user.network_code !== AURORA_NETWORK) {
        throw forbidden("solo la dirección de la red Aurora", "only the Aurora network's director");
      }
      if (!(await catalogueEntries(ctx.conn)).some((r) => r.code === input.code)) {
        throw badRequest(`recomendación desconocida: ${input.code}`, `unknown recommendation: ${input.code}`);
      }
      if (input.scope === "region") {
        const r = await one(ctx.conn, `SELECT 1 AS x FROM shelters WHERE network_code = $n AND region_code = $r`, { n: AURORA_NETWORK, r: input.scopeCode ?? "" });
        if (!r) throw badRequest(`región sin hogares de la red: ${input.scopeCode}`, `region without shelters of the network: ${input.scopeCode}`);
      }
      if (input.scope === "shelter") {
        const s = await shelterRow(ctx.conn, input.scopeCode ?? "");
        if (!s || s.network_code !== AURORA_NETWORK) throw badRequest(`hogar desconocido en la red: ${input.scopeCode}`, `unknown shelter in the network: ${input.scopeCode}`);
      }
      // The note is stored and shown to every reader of the recommendation: never a person's data.
      const evidence = input.evidence?.trim() || null;
      const kind = evidence === null ? null : identifierInText(evidence);
      if (kind) {
        const reason = identifierInTextReason("evidence", kind);
        throw badRequest(reason.es, reason.en);
      }
      // A status change needs its evidence (the note says why the status moved).
      const current = await one<{ status: string }>(
        ctx.conn,
        `SELECT status FROM recommendation_updates WHERE recommendation_code = $c AND scope = $s AND scope_code = $sc AND network_code = $n ORDER BY updated_on DESC, rowid DESC LIMIT 1`,
        { c: input.code, s: input.scope, sc: input.scopeCode ?? "", n: AURORA_NETWORK },
      );
      if (evidence === null && current?.status !== input.status) {
        throw badRequest("un cambio de estado necesita una nota de evidencia", "a status change needs an evidence note");
      }
      const updatedOn = input.updatedOn ?? new Date().toISOString().slice(0, 10);
      if (updatedOn > new Date().toISOString().slice(0, 10)) {
        throw new TRPCError({ code: "BAD_REQUEST", message: "fecha futura / date in the future" });
      }
      await run(
        ctx.conn,
        `INSERT INTO recommendation_updates (recommendation_code, scope, scope_code, network_code, status, updated_on, evidence, linked_indicators, updated_by)
         VALUES ($c, $s, $sc, $n, $st, CAST($d AS DATE), $e, NULL, $by)`,
        { n: AURORA_NETWORK, c: input.code, s: input.scope, sc: input.scopeCode ?? "", st: input.status, d: updatedOn, e: evidence, by: ctx.user.username },
      );
      forgetCached(ctx);
      await audit(ctx.conn, {
        actor: ctx.user.username,
        action: "recommendation.update",
        target: `${input.code}:${input.scope}:${input.scopeCode ?? ""}`,
        ok: true,
        detail: { status: input.status, updated_on: updatedOn },
      });
      return { ok: true as const, updated_on: updatedOn };
    }),
} satisfies TRPCRouterRecord;
