// Administration: accounts, the shelter registry (import and export, so a new shelter can be
// added while the server holds the database), and the audit log (read and export only: no
// procedure updates or deletes audit rows). Every account and registry change is itself audited.
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import {
  adminAddUserInputSchema,
  adminRegistryImportInputSchema,
  adminSetPasswordInputSchema,
  adminSetRoleInputSchema,
  adminUsernameInputSchema,
  auditListInputSchema,
  type AuditListInput,
  type SessionUser,
} from "@refugio/schemas";
import type { DuckDBConnection } from "@duckdb/node-api";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { ZodError } from "zod";
import { audit } from "../auth/audit";
import { addUser, listUsers, removeUser, resetPassword, setActive, setPassword, setRole, UserError } from "../auth/users";
import { backupFileName, BackupError, backupTo } from "../db/backup";
import { all, one } from "../db/query";
import { toCsvText } from "../ingest/csv-write";
import { exportRegistry, importRegistry, RegistryRejectedError } from "../ingest/registry";
import { writeUpload } from "./ingest";
import { badRequest, roleProcedure, type Context } from "../trpc";
import { forgetCached } from "./view";

const adminProcedure = roleProcedure("admin");

/** Account errors (unknown user, missing scope, weak password) are the caller's to fix. */
async function asBadRequest<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof UserError) throw new TRPCError({ code: "BAD_REQUEST", message: error.message });
    if (error instanceof ZodError) throw new TRPCError({ code: "BAD_REQUEST", message: error.issues.map((i) => i.message).join("; "), cause: error });
    throw error;
  }
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  ok: boolean;
  detail: string | null;
}

async function auditRows(conn: DuckDBConnection, f: AuditListInput): Promise<AuditRow[]> {
  return all<AuditRow>(
    conn,
    `SELECT id, CAST("at" AS VARCHAR) AS "at", actor, action, target, ok, CAST(detail AS VARCHAR) AS detail FROM audit_log
      WHERE ($from IS NULL OR "at" >= CAST($from AS DATE))
        AND ($to IS NULL OR "at" < CAST($to AS DATE) + INTERVAL 1 DAY)
        AND ($actor IS NULL OR contains(lower(actor), lower($actor)))
        AND ($action IS NULL OR action = $action OR action LIKE $action || '.%')
        AND ($ok IS NULL OR ok = $ok)
      ORDER BY id DESC LIMIT $limit OFFSET $offset`,
    {
      from: f?.from ?? null,
      to: f?.to ?? null,
      actor: f?.actor ?? null,
      action: f?.action ?? null,
      ok: f?.ok ?? null,
      limit: f?.limit ?? 200,
      offset: f?.offset ?? 0,
    },
  );
}

export function auditCsv(rows: AuditRow[]): string {
  // Every cell quoted, CRLF (spreadsheets); formulas neutralised by the product's one CSV writer.
  return toCsvText(["id", "at", "actor", "action", "target", "ok", "detail"], rows.map((r) => [r.id, r.at, r.actor, r.action, r.target, r.ok, r.detail]), { quoteAll: true, eol: "\r\n" });
}

/** Import the registry file `name` of an upload folder (JSON or multipart upload); removes the folder. */
export async function importRegistryFromDir(ctx: Context & { user: SessionUser }, dir: string, name: string) {
  const path = join(dir, name);
  try {
    const result = await ctx.services.ingestLock.run(async () => {
      try {
        return { ok: true as const, ...(await importRegistry(ctx.conn, path, { loadedBy: ctx.user.username })), problems: [] };
      } catch (error) {
        if (!(error instanceof RegistryRejectedError)) throw error;
        await audit(ctx.conn, { actor: ctx.user.username, action: "registry.import", ok: false, detail: { problems: error.problems.length } });
        // The temporary path never leaves the server: problems name the file as uploaded.
        return { ok: false as const, shelters: 0, networks: 0, problems: error.problems.map((p) => ({ ...p, file: name })) };
      }
    });
    if (result.ok) forgetCached(ctx);
    return result;
  } finally {
    ctx.services.uploads.remove(dir);
  }
}

export const adminRouter = {
  users: adminProcedure.query(({ ctx }) => listUsers(ctx.conn)),

  addUser: adminProcedure.input(adminAddUserInputSchema).mutation(async ({ ctx, input }) => {
    await asBadRequest(() =>
      addUser(
        ctx.conn,
        { username: input.username, password: input.password, role: input.role, network_code: input.network ?? null, shelter_code: input.shelter ?? null },
        // The admin chose this password: the account must choose its own at its first sign-in.
        { oneTime: true },
      ),
    );
    await audit(ctx.conn, {
      actor: ctx.user.username,
      action: "user.add",
      target: input.username,
      ok: true,
      detail: { role: input.role, network: input.network ?? null, shelter: input.shelter ?? null, one_time: true },
    });
    return { ok: true as const };
  }),

  removeUser: adminProcedure.input(adminUsernameInputSchema).mutation(async ({ ctx, input }) => {
    if (input.username === ctx.user.username) throw badRequest("no puede eliminar su propia cuenta", "you cannot remove your own account");
    await asBadRequest(() => removeUser(ctx.conn, input.username));
    await audit(ctx.conn, { actor: ctx.user.username, action: "user.remove", target: input.username, ok: true });
    return { ok: true as const };
  }),

  setRole: adminProcedure.input(adminSetRoleInputSchema).mutation(async ({ ctx, input }) => {
    if (input.username === ctx.user.username) throw badRequest("no puede cambiar su propio rol", "you cannot change your own role");
    await asBadRequest(() => setRole(ctx.conn, input.username, input.role, { network_code: input.network ?? null, shelter_code: input.shelter ?? null }));
    await audit(ctx.conn, { actor: ctx.user.username, action: "user.role", target: input.username, ok: true, detail: { role: input.role, network: input.network ?? null, shelter: input.shelter ?? null } });
    return { ok: true as const };
  }),

  /**
   * Reset another account's password (ends that account's sessions); that account must then
   * choose its own. An admin setting their own password has chosen it.
   */
  setPassword: adminProcedure.input(adminSetPasswordInputSchema).mutation(async ({ ctx, input }) => {
    const oneTime = input.username !== ctx.user.username;
    await asBadRequest(() => setPassword(ctx.conn, input.username, input.password, { oneTime }));
    await audit(ctx.conn, { actor: ctx.user.username, action: "user.passwd", target: input.username, ok: true, ...(oneTime ? { detail: { one_time: true } } : {}) });
    return { ok: true as const };
  }),

  /**
   * A one-time password for another account, returned once (to hand over in person); stored
   * only hashed, never in the audit log. Ends that account's sessions; the account must choose
   * its own password before anything else.
   */
  resetPassword: adminProcedure.input(adminUsernameInputSchema).mutation(async ({ ctx, input }) => {
    const password = await asBadRequest(() => resetPassword(ctx.conn, input.username));
    await audit(ctx.conn, { actor: ctx.user.username, action: "user.passwd", target: input.username, ok: true, detail: { reset: true, one_time: true } });
    return { ok: true as const, password };
  }),

  /** Deactivate an account: it cannot sign in and its sessions end; the row and its audit trail stay. */
  deactivateUser: adminProcedure.input(adminUsernameInputSchema).mutation(async ({ ctx, input }) => {
    if (input.username === ctx.user.username) throw badRequest("no puede desactivar su propia cuenta", "you cannot deactivate your own account");
    await asBadRequest(() => setActive(ctx.conn, input.username, false));
    await audit(ctx.conn, { actor: ctx.user.username, action: "user.deactivate", target: input.username, ok: true });
    return { ok: true as const };
  }),

  reactivateUser: adminProcedure.input(adminUsernameInputSchema).mutation(async ({ ctx, input }) => {
    await asBadRequest(() => setActive(ctx.conn, input.username, true));
    await audit(ctx.conn, { actor: ctx.user.username, action: "user.reactivate", target: input.username, ok: true });
    return { ok: true as const };
  }),

  shelters: adminProcedure.query(({ ctx }) =>
    all(
      ctx.conn,
      `SELECT s.shelter_code, s.network_code, s.network_name, s.country, s.region_code, s.model, s.capacity_places, s.capacity_rooms,
              CAST(s.opened_on AS VARCHAR) AS opened_on, CAST(s.closed_on AS VARCHAR) AS closed_on, s.operator_type, s.has_exclusive_coordinator,
              (SELECT CAST(MAX(loaded_at) AS VARCHAR) FROM load_log l WHERE l.shelter_code = s.shelter_code) AS last_load
         FROM shelters s ORDER BY s.network_code, s.shelter_code`,
    ) as Promise<Record<string, string | number | boolean | null>[]>,
  ),

  /**
   * Loads or updates the registry (and its networks) from a file in the contract's `shelters`
   * shape: all or nothing, as `refugio registry import`. A rejected file is answered with its
   * problems (file, line, column, reason), not an error.
   */
  importRegistry: adminProcedure.input(adminRegistryImportInputSchema).mutation(async ({ ctx, input }) => {
    // Written as a batch upload is: a private folder, the same size limit.
    const dir = writeUpload(ctx.services.uploads, { files: [input.file] }, ctx.config.REFUGIO_MAX_UPLOAD_MB * 1024 * 1024);
    return importRegistryFromDir(ctx, dir, input.file.name);
  }),

  /** The registry as CSV in the contract's `shelters` shape (what `importRegistry` takes back). */
  exportRegistry: adminProcedure.mutation(async ({ ctx }) => {
    const dir = mkdtempSync(join(tmpdir(), "refugio-registry-"));
    try {
      const path = join(dir, "shelters.csv");
      const { shelters } = await exportRegistry(ctx.conn, path);
      await audit(ctx.conn, { actor: ctx.user.username, action: "export.registry", ok: true, detail: { shelters } });
      return { filename: `shelters-${new Date().toISOString().slice(0, 10)}.csv`, contentType: "text/csv; charset=utf-8", csv: readFileSync(path, "utf8") };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }),

  /**
   * A backup of the database the server holds, in a `backups` folder beside it: one transaction,
   * so a backup taken during a load holds the data before or after it, never a mix (db/backup.ts).
   * `refugio restore FILE` puts it back once the server is stopped.
   */
  backup: adminProcedure.mutation(async ({ ctx }) => {
    const row = await one<{ path: string | null }>(ctx.conn, "SELECT path FROM duckdb_databases() WHERE database_name = current_database()");
    if (!row?.path) throw badRequest("la base de datos está en memoria: no hay copia que hacer", "the database is in memory: there is nothing to back up");
    const folder = join(dirname(row.path), "backups");
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    try {
      const summary = await backupTo(ctx.conn, join(folder, backupFileName()));
      await audit(ctx.conn, { actor: ctx.user.username, action: "database.backup", target: basename(summary.path), ok: true, detail: { bytes: summary.bytes } });
      return { file: basename(summary.path), folder, bytes: summary.bytes, rows: summary.rows };
    } catch (error) {
      if (error instanceof BackupError) throw badRequest(error.es, error.en);
      throw error;
    }
  }),

  audit: adminProcedure.input(auditListInputSchema).query(({ ctx, input }) => auditRows(ctx.conn, input)),

  /** The filtered audit log as CSV (the export itself is audited). */
  auditCsv: adminProcedure.input(auditListInputSchema).mutation(async ({ ctx, input }) => {
    const rows = await auditRows(ctx.conn, input);
    await audit(ctx.conn, { actor: ctx.user.username, action: "export.audit", ok: true, detail: { rows: rows.length } });
    return { filename: `audit-${new Date().toISOString().slice(0, 10)}.csv`, contentType: "text/csv; charset=utf-8", csv: auditCsv(rows) };
  }),
} satisfies TRPCRouterRecord;
