// Append-only audit log: who did what, when. No personal data of residents ever goes here.
import type { DuckDBConnection } from "@duckdb/node-api";
import type { AuditAction } from "@refugio/schemas";
import { run } from "../db/query";

export interface AuditEntry {
  actor: string;
  /** One of the labelled actions, so the dashboard can name every row. */
  action: AuditAction;
  target?: string | null;
  ok: boolean;
  detail?: Record<string, unknown>;
}

export async function audit(conn: DuckDBConnection, e: AuditEntry): Promise<void> {
  await run(conn, `INSERT INTO audit_log (actor, action, target, ok, detail) VALUES ($a, $b, $t, $ok, $d)`, {
    a: e.actor,
    b: e.action,
    t: e.target ?? null,
    ok: e.ok,
    d: e.detail ? JSON.stringify(e.detail) : null,
  });
}
