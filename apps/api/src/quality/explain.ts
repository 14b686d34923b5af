// Marking a finding "explained": a note by the shelter or its network, screened for direct
// identifiers like every other free text we store (recommendation evidence), and audited.
import type { DuckDBConnection } from "@duckdb/node-api";
import { identifierInText, identifierInTextReason, type Bilingual } from "@refugio/schemas";
import { audit } from "../auth/audit";
import type { Scope } from "../auth/scope";
import { one, run } from "../db/query";
import { scopeWhere } from "../auth/guard";

/** A note that cannot be stored, or a finding that is not there for this user. */
export class ExplainError extends Error {
  constructor(
    readonly kind: "not_found" | "bad_note",
    readonly reason: Bilingual,
  ) {
    super(`${reason.es} / ${reason.en}`);
    this.name = "ExplainError";
  }
}

export const NOTE_MAX = 500;

export async function explainFinding(conn: DuckDBConnection, opts: { findingId: string; note: string; actor: string; scope: Scope }): Promise<{ explained_at: string }> {
  const note = opts.note.trim();
  if (note.length === 0 || note.length > NOTE_MAX) {
    throw new ExplainError("bad_note", { es: `la nota debe tener entre 1 y ${NOTE_MAX} caracteres`, en: `the note must have 1 to ${NOTE_MAX} characters` });
  }
  const kind = identifierInText(note);
  if (kind) throw new ExplainError("bad_note", identifierInTextReason("note", kind));
  const f = scopeWhere(opts.scope, "f");
  // Outside the scope reads as not found: it reveals nothing about other shelters' findings.
  const found = await one<{ finding_id: string }>(conn, `SELECT finding_id FROM findings AS f WHERE finding_id = $id AND ${f.sql}`, { ...f.params, id: opts.findingId });
  if (!found) throw new ExplainError("not_found", { es: "hallazgo desconocido", en: "unknown finding" });
  const at = new Date().toISOString().replace("T", " ").replace("Z", "");
  await run(conn, `UPDATE findings SET explanation = $note, explained_by = $by, explained_at = CAST($at AS TIMESTAMP) WHERE finding_id = $id`, {
    note,
    by: opts.actor,
    at,
    id: opts.findingId,
  });
  // The note itself stays in findings; the audit says who explained which finding.
  await audit(conn, { actor: opts.actor, action: "quality.explain", target: opts.findingId, ok: true });
  return { explained_at: at };
}
