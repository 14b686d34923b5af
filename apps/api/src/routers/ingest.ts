// Loads from the dashboard: files arrive as a multipart stream on POST /upload/ingest.check|load
// (server.ts) or, for API clients, as base64 in JSON (a zip of a batch folder, or the batch's
// files one by one); either way they are written to a private upload folder (uploads.ts) and
// handed to the ingester. Shelter staff may only load their own shelter's batches and directors their
// network's: the manifests are read before anything is written to the database.
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { ingestHistoryInputSchema, ingestUploadInputSchema, type IngestReport, type IngestUploadInput, type Manifest } from "@refugio/schemas";
import { unzipSync } from "fflate";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, normalize, sep } from "node:path";
import { audit } from "../auth/audit";
import { assertInScope, scopeWhere, shelterInScope } from "../auth/guard";
import type { Scope } from "../auth/scope";
import { scopeFor } from "../auth/scope";
import { all } from "../db/query";
import { log } from "../log";
import { badRequest, roleProcedure, type Context } from "../trpc";
import { recordRejectedAttempt } from "../ingest/attempts";
import { entryNamesProblem } from "../ingest/files";
import type { UploadArea } from "../uploads";
import { ingestBatches } from "./backends";
import { forgetCached } from "./view";

/** Who may check or load batches (the multipart route checks the same list). */
export const INGEST_ROLES = ["admin", "network_director", "shelter_staff"] as const;
const roles = INGEST_ROLES;

const tooLarge = (maxBytes: number) =>
  new TRPCError({
    code: "PAYLOAD_TOO_LARGE",
    message: `Carga demasiado grande (máximo ${Math.round(maxBytes / 1024 / 1024)} MB, descomprimida) / Upload too large (at most ${Math.round(maxBytes / 1024 / 1024)} MB, unpacked)`,
  });

const badPath = (name: string) => {
  const shown = JSON.stringify(name.replace(/\0/g, "\\0").slice(0, 80));
  return badRequest(`ruta no permitida en el zip: ${shown}`, `path not allowed in the zip: ${shown}`);
};

/** Write `data` at `relative` inside `dir`; names that could escape it or clash are refused (400). */
function safeWrite(dir: string, relative: string, data: Uint8Array): void {
  const segments = relative.split("/");
  if (
    relative.includes("\\") ||
    relative.includes("\0") ||
    relative.startsWith("/") ||
    segments.some((s) => s === "" || s === "." || s === ".." || Buffer.byteLength(s) > 200)
  ) {
    throw badPath(relative);
  }
  const target = normalize(join(dir, relative));
  if (!target.startsWith(dir + sep)) throw badPath(relative);
  try {
    mkdirSync(dirname(target), { recursive: true });
    // "wx": a second entry of the same name (or a file where a folder is) is refused, not merged.
    writeFileSync(target, data, { flag: "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST" || code === "EISDIR" || code === "ENOTDIR" || code === "ENAMETOOLONG") throw badPath(relative);
    throw error;
  }
}

/**
 * Unpack each top-level zip of an upload folder into a folder of its name and remove the zip.
 * The size limit applies to what is unpacked, and is checked on the sizes the zip declares
 * *before* inflating (fflate inflates into a buffer of the declared size, so a lying entry cannot
 * grow past it): a zip bomb is refused without being expanded.
 */
export function unpackZips(dir: string, maxBytes: number): void {
  const names = readdirSync(dir);
  let total = names.reduce((sum, n) => sum + statSync(join(dir, n)).size, 0);
  if (total > maxBytes) throw tooLarge(maxBytes);
  for (const name of names.filter((n) => /\.zip$/i.test(n))) {
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(readFileSync(join(dir, name)), {
        filter: (info) => {
          total += info.originalSize;
          if (total > maxBytes) throw tooLarge(maxBytes);
          return !info.name.endsWith("/") && !/(^|\/)(__MACOSX|\.DS_Store)/.test(info.name);
        },
      });
    } catch (error) {
      if (error instanceof TRPCError) throw error;
      throw badRequest(`zip no válido: ${name}`, `invalid zip: ${name}`);
    }
    rmSync(join(dir, name));
    // The ingester's rule for names inside a zip (traversal, NUL, ".", too long, a file and a folder alike).
    const bad = entryNamesProblem(Object.keys(entries));
    if (bad) throw badRequest(bad.es, bad.en);
    const sub = name.replace(/\.zip$/i, "");
    for (const [entry, bytes] of Object.entries(entries)) safeWrite(dir, `${sub}/${entry}`, bytes);
  }
}

/** Write a JSON (base64) upload to a fresh private folder of `area` and unpack its zips. */
export function writeUpload(area: UploadArea, input: IngestUploadInput, maxBytes: number): string {
  const dir = area.create();
  try {
    let total = 0;
    for (const f of input.files) {
      const data = Buffer.from(f.contentBase64, "base64");
      total += data.length;
      if (total > maxBytes) throw tooLarge(maxBytes);
      safeWrite(dir, f.name, data);
    }
    unpackZips(dir, maxBytes);
    return dir;
  } catch (error) {
    area.remove(dir);
    throw error;
  }
}

/** Folders holding a manifest.json (the upload root, or folders inside it, up to 3 levels). */
export function findBatchDirs(dir: string, depth = 3): string[] {
  if (existsSync(join(dir, "manifest.json"))) return [dir];
  if (depth === 0) return [];
  return readdirSync(dir)
    .sort()
    .map((n) => join(dir, n))
    .filter((p) => statSync(p).isDirectory())
    .flatMap((p) => findBatchDirs(p, depth - 1));
}

/**
 * The scope check, run by the ingester on each batch's manifest as it reads it (the one manifest
 * reader, ingest/manifest.ts): the code checked is the code loaded. A batch without a readable
 * manifest loads nothing (the ingester rejects it and says why).
 */
function scopeCheck(ctx: Context, scope: Scope, actor: string, dryRun: boolean): ((manifest: Manifest) => Promise<void>) | undefined {
  if (!scope.shelters && !scope.networks) return undefined;
  return async (manifest) => {
    const code = manifest.shelter_code;
    if (!(await shelterInScope(ctx.conn, scope, code))) {
      await audit(ctx.conn, { actor, action: dryRun ? "ingest.check" : "ingest.load", target: code, ok: false, detail: { reason: "out_of_scope" } });
      throw new TRPCError({ code: "FORBIDDEN", message: `El lote es de otro refugio (${code}) / The batch belongs to another shelter (${code})` });
    }
  };
}

/** Paths of the temporary folder never leave the server. */
function clean(report: IngestReport, dir: string): IngestReport {
  const strip = (s: string) => s.split(dir + sep).join("").split(dir).join("");
  return {
    ...report,
    batches: report.batches.map((b) => ({ ...b, source: b.source === undefined ? undefined : strip(b.source) })),
    problems: report.problems.map((p) => ({ ...p, file: strip(p.file) })),
  };
}

async function runUpload(ctx: Context & { user: NonNullable<Context["user"]> }, input: IngestUploadInput, dryRun: boolean): Promise<IngestReport> {
  const dir = writeUpload(ctx.services.uploads, input, ctx.config.REFUGIO_MAX_UPLOAD_MB * 1024 * 1024);
  return runUploadDir(ctx, dir, dryRun);
}

/** Check or load the batches of an upload folder (written by `writeUpload` or the multipart route); removes it. */
export async function runUploadDir(ctx: Context & { user: NonNullable<Context["user"]> }, dir: string, dryRun: boolean): Promise<IngestReport> {
  try {
    const sources = findBatchDirs(dir);
    if (sources.length === 0) throw badRequest("falta manifest.json en la carga", "manifest.json missing from the upload");
    const scope = scopeFor(ctx.user);
    const authorize = scopeCheck(ctx, scope, ctx.user.username, dryRun);
    const report = await ctx.services.ingestLock.run(async () => {
      const r = await ingestBatches(ctx.conn, sources, { loadedBy: ctx.user.username, dryRun, authorize });
      // The refused load was rolled back; the attempt is kept for the history in its own small
      // transaction. Failing to keep it must not hide the report from the person who sent it.
      if (!dryRun && !r.ok) {
        await recordRejectedAttempt(ctx.conn, r, ctx.user.username).catch((error: unknown) =>
          log("error", "ingest.attempt_not_recorded", { message: error instanceof Error ? error.message : String(error) }),
        );
      }
      return r;
    });
    if (!dryRun) forgetCached(ctx);
    const outside = report.batches.filter((b) => b.shelter_code && !(scope.shelters?.includes(b.shelter_code) ?? true));
    if (outside.length > 0) log("error", "ingest.scope_mismatch", { batches: outside.map((b) => b.batch_id) });
    await audit(ctx.conn, {
      actor: ctx.user.username,
      action: dryRun ? "ingest.check" : "ingest.load",
      target: [...new Set(report.batches.map((b) => b.shelter_code))].join(",") || null,
      ok: report.ok,
      detail: { batches: report.batches.map((b) => ({ batch_id: b.batch_id, shelter_code: b.shelter_code, status: b.status })), problems: report.problems.length },
    });
    return clean(report, dir);
  } finally {
    ctx.services.uploads.remove(dir);
  }
}

export const ingestRouter = {
  /** Validate without writing (the dry run of `refugio ingest --check`). */
  check: roleProcedure(...roles)
    .input(ingestUploadInputSchema)
    .mutation(({ ctx, input }) => runUpload(ctx, input, true)),

  load: roleProcedure(...roles)
    .input(ingestUploadInputSchema)
    .mutation(({ ctx, input }) => runUpload(ctx, input, false)),

  /**
   * The loads of the caller's scope, newest first: loaded batches (load_log) and refused attempts
   * (load_attempts, status "rejected", with their problem count). An attempt whose manifest named
   * no shelter is shown only to unrestricted scopes and to the person who sent it.
   */
  history: roleProcedure(...roles, "ministry")
    .input(ingestHistoryInputSchema)
    .query(async ({ ctx, input }) => {
      const scope = scopeFor(ctx.user);
      await assertInScope(ctx.conn, scope, { shelter: input?.shelter });
      const loaded = scopeWhere(scope, "l", { hasNetwork: false });
      const tried = scopeWhere(scope, "a", { hasNetwork: false, prefix: "tried" });
      return all<{
        status: "loaded" | "rejected";
        batch_id: string | null;
        shelter_code: string | null;
        loaded_by: string;
        loaded_at: string;
        content_hash: string | null;
        contract_version: string | null;
        exported_on: string | null;
        period_start: string | null;
        period_end: string | null;
        counts: string;
        replaced_stays: number;
        problems: number | null;
      }>(
        ctx.conn,
        `SELECT * FROM (
           SELECT 'loaded' AS status, batch_id, shelter_code, loaded_by, CAST(loaded_at AS VARCHAR) AS loaded_at, content_hash, contract_version,
                  CAST(exported_on AS VARCHAR) AS exported_on, CAST(period_start AS VARCHAR) AS period_start,
                  CAST(period_end AS VARCHAR) AS period_end, CAST(counts AS VARCHAR) AS counts, replaced_stays, CAST(NULL AS INTEGER) AS problems
             FROM load_log l WHERE ${loaded.sql} AND ($sh IS NULL OR l.shelter_code = $sh)
           UNION ALL
           SELECT 'rejected', NULL, shelter_code, attempted_by, CAST(attempted_at AS VARCHAR), NULL, NULL, NULL, NULL, NULL, '{}', 0, problems
             FROM load_attempts a
            WHERE (${tried.sql} OR (a.shelter_code IS NULL AND a.attempted_by = $me AND $sh IS NULL))
              AND ($sh IS NULL OR a.shelter_code = $sh)
         ) ORDER BY loaded_at DESC LIMIT $lim`,
        { ...loaded.params, ...tried.params, sh: input?.shelter ?? null, me: ctx.user.username, lim: input?.limit ?? 200 },
      );
    }),
} satisfies TRPCRouterRecord;
