// Data quality: submission status per shelter × period, completeness, timeliness and findings,
// for the caller's scope (ministry and admin: all; director: own network; shelter: itself).
// Researchers are refused: this is the shelters' operational record, not a statistic.
import type { TRPCRouterRecord } from "@trpc/server";
import { explainFindingInputSchema, qualityQuerySchema } from "@refugio/schemas";
import { assertInScope } from "../auth/guard";
import { ExplainError, explainFinding } from "../quality/explain";
import { qualityReport } from "../quality/report";
import { badRequest, notFound, roleProcedure } from "../trpc";
import { cached, forgetCached, viewOf } from "./view";

const readers = ["admin", "ministry", "network_director", "shelter_staff"] as const;

export const qualityRouter = {
  report: roleProcedure(...readers)
    .input(qualityQuerySchema)
    .query(async ({ ctx, input }) => {
      const view = viewOf(ctx);
      await assertInScope(ctx.conn, view.scope, { network: input?.network, shelter: input?.shelter });
      const asOf = new Date().toISOString().slice(0, 10);
      return cached(ctx, view, "quality.report", { ...input, asOf }, () => qualityReport(ctx.conn, view.scope, { asOf, network: input?.network, shelter: input?.shelter }));
    }),

  // The shelter itself or its network explains a finding (a note, never a person's data).
  explain: roleProcedure("network_director", "shelter_staff")
    .input(explainFindingInputSchema)
    .mutation(async ({ ctx, input }) => {
      const view = viewOf(ctx);
      try {
        const r = await explainFinding(ctx.conn, { findingId: input.finding_id, note: input.note, actor: ctx.user.username, scope: view.scope });
        forgetCached(ctx);
        return { ok: true as const, explained_at: r.explained_at };
      } catch (error) {
        if (!(error instanceof ExplainError)) throw error;
        throw error.kind === "not_found" ? notFound(error.reason.es, error.reason.en) : badRequest(error.reason.es, error.reason.en);
      }
    }),
} satisfies TRPCRouterRecord;
