// Research exports (researcher and admin only; every other role is FORBIDDEN): preview the
// anonymisation of a request before anything is written, create the export (progress pollable by
// ticket), list them, download again for a limited time (HTTP GET /exports/<id>.zip, see
// exports/http.ts), and, for an admin, revoke a pending download. Every export is audited with the
// SHA-256 of its manifest.
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { buildExport, ExportError, previewExport, type ExportPlan } from "../exports/build";
import { reportProgress, progressOf } from "../exports/jobs";
import { exportCreateInputSchema, exportRequestSchema } from "../exports/request";
import { auditExport, failExportRow, finishExportRow, getExport, listExports, revokeExport, startExportRow } from "../exports/store";
import { notFound, roleProcedure } from "../trpc";

const researchProcedure = roleProcedure("researcher", "admin");

/** Export errors are the caller's request to change (too few stays, no consent in the selection). */
async function asBadRequest<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ExportError) throw new TRPCError({ code: "BAD_REQUEST", message: error.message, cause: error });
    throw error;
  }
}

/** What the preview and the create answer show: the plan's figures about the request itself. */
function summary(plan: ExportPlan) {
  const a = plan.anonymisation;
  return {
    request: plan.request,
    quasiIdentifiers: plan.quasiIdentifiers,
    sensitive: plan.sensitive,
    staysSelected: plan.staysSelected,
    staysWithoutConsent: plan.staysWithoutConsent,
    staysConsenting: a.records,
    staysKept: a.kept,
    staysSuppressed: a.suppressed,
    classes: a.classes,
    kReached: a.kReached,
    lReached: a.lReached,
    generalisations: a.generalisations,
    risk: a.risk,
    riskBefore: a.riskBefore,
    loss: a.loss,
  };
}

export const exportsRouter = {
  preview: researchProcedure.input(exportRequestSchema).query(async ({ ctx, input }) => summary(await asBadRequest(() => previewExport(ctx.conn, input)))),

  create: researchProcedure.input(exportCreateInputSchema).mutation(async ({ ctx, input }) => {
    const { ticket, ...request } = input;
    const id = await startExportRow(ctx.conn, ctx.user.username, request);
    try {
      const result = await asBadRequest(() =>
        buildExport(ctx.conn, request, {
          createdBy: ctx.user.username,
          exportId: id,
          onProgress: (p) => ticket && reportProgress(ticket, ctx.user.username, p),
        }),
      );
      await finishExportRow(ctx.conn, id, result.manifest, result.manifestSha256, result.zip);
      await auditExport(ctx.conn, ctx.user.username, result.manifest, result.manifestSha256, "api");
      return { id, manifestSha256: result.manifestSha256, bytes: result.zip.length, download: `/exports/${id}.zip`, ...summary(result.plan) };
    } catch (error) {
      await failExportRow(ctx.conn, id);
      throw error;
    }
  }),

  progress: researchProcedure.input(z.object({ ticket: z.string().uuid() }).strict()).query(({ ctx, input }) => progressOf(input.ticket, ctx.user.username)),

  list: researchProcedure.query(async ({ ctx }) =>
    (await listExports(ctx.conn, ctx.user)).map((r) => ({ ...r, download: r.status === "ready" ? `/exports/${r.id}.zip` : null })),
  ),

  revoke: roleProcedure("admin")
    .input(z.object({ id: z.string().uuid() }).strict())
    .mutation(async ({ ctx, input }) => {
      const row = await getExport(ctx.conn, input.id);
      if (!row) throw notFound("exportación desconocida", "unknown export");
      const revoked = await revokeExport(ctx.conn, input.id, ctx.user.username);
      return { revoked };
    }),
} satisfies TRPCRouterRecord;
