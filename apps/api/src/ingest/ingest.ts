// ingestBatches: validate shelter export batches inside DuckDB and load them all or nothing.
//
// Several sources in one call are several batches checked and written in ONE transaction, in
// the order given (a later batch may point to stays of an earlier one): if any batch is
// rejected, nothing is written and the valid ones are reported as "valid". A batch whose
// content hash is already in load_log is "unchanged" and not read again.
import type { DuckDBConnection } from "@duckdb/node-api";
import { batchTables, manifestSchema, type IngestReport, type Manifest, type TableDef } from "@refugio/schemas";
import { refreshStayFacts } from "../db/facts";
import { bumpDataVersion } from "../db/migrations";
import { all, run } from "../db/query";
import { checkBatches, finishTyped, type TypedFile } from "./checks";
import { openSource, Scratch, type BatchSource } from "./files";
import { ingestMessages } from "./messages";
import { PROBLEM_CAP, type Problem } from "./problems";
import { installValidationSql, q } from "./sql";
import { scanIdentifiers, stageFile, type IdentifierScan } from "./stage";
import { normaliseMessages as messages } from "@refugio/schemas";
import type { TableCounts } from "./write";
import { writeBatch } from "./write";

export interface IngestOptions {
  loadedBy: string;
  dryRun?: boolean;
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
}

interface Prepared {
  source: string;
  src: BatchSource | null;
  /** File names as reported: index 0 is the batch itself (manifest-level problems). */
  fileNames: string[];
  manifest: Manifest | null;
  staged: Map<string, TypedFile>;
  problems: Problem[];
  status: "pending" | "unchanged" | "rejected";
  batchId: string | null;
}

let callSeq = 0;

const tableDefs = new Map<string, TableDef>(batchTables.map((t) => [t.name, t]));

function zodDetail(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`).join("; ");
}

export async function ingestBatches(conn: DuckDBConnection, sources: string[], opts: IngestOptions): Promise<IngestReport> {
  const dryRun = opts.dryRun ?? false;
  const progress = (phase: string, done: number, total: number) => opts.onProgress?.({ phase, done, total });
  const prefix = `refugio_ingest_${process.pid}_${++callSeq}`;
  const temps: string[] = [];
  const temp = (name: string) => {
    const t = `${prefix}_${name}`;
    temps.push(t);
    return t;
  };
  const scratch = new Scratch();
  const prepared: Prepared[] = [];
  try {
    await installValidationSql(conn);

    // 1. Open and stage every source (TEMP tables only; nothing persistent is touched).
    const scans: IdentifierScan[] = [];
    for (const [b, source] of sources.entries()) {
      progress("read", b, sources.length);
      const p: Prepared = { source, src: null, fileNames: [source], manifest: null, staged: new Map(), problems: [], status: "pending", batchId: null };
      prepared.push(p);
      const batchProblem = (reason: Problem["reason"], fi = 0) => p.problems.push({ fi, line: null, column: null, value: null, reason, severity: "error" });
      try {
        p.src = openSource(source, scratch);
      } catch {
        batchProblem(ingestMessages.notSource());
        continue;
      }
      const src = p.src;
      p.fileNames = [src.source, ...src.files.map((f) => f.name), ...src.otherFiles];
      if (src.manifestText === null) batchProblem(ingestMessages.noManifest());
      else {
        let json: unknown;
        try {
          json = JSON.parse(src.manifestText);
        } catch (error) {
          batchProblem(ingestMessages.badManifest(error instanceof Error ? error.message : String(error)));
        }
        if (json !== undefined) {
          const parsed = manifestSchema.safeParse(json);
          if (parsed.success) p.manifest = parsed.data;
          else batchProblem(ingestMessages.badManifest(zodDetail(parsed.error)));
        }
      }
      if (p.manifest) {
        p.batchId = `${p.manifest.shelter_code}:${src.contentHash.slice(0, 16)}`;
        const seen = await all(conn, `SELECT batch_id FROM load_log WHERE content_hash = $h AND shelter_code = $s`, {
          h: src.contentHash,
          s: p.manifest.shelter_code,
        });
        if (seen.length > 0) {
          p.status = "unchanged";
          continue;
        }
      }
      src.otherFiles.forEach((name, i) => batchProblem(messages.unknownTable(name), 1 + src.files.length + i));
      if (src.files.length === 0) batchProblem(ingestMessages.noTables());
      for (const [i, file] of src.files.entries()) {
        progress(`read ${file.name}`, i, src.files.length);
        const fi = i + 1;
        const table = tableDefs.get(file.stem);
        if (!table) {
          batchProblem(messages.unknownTable(file.name), fi);
          continue;
        }
        if (p.staged.has(table.name)) {
          batchProblem(ingestMessages.duplicateTableFile(table.name), fi);
          continue;
        }
        const staged = await stageFile(conn, file, table, fi, temp(`b${b}_base_${table.name}`), p.manifest?.shelter_code ?? "", p.problems);
        if (staged) {
          p.staged.set(table.name, await finishTyped(conn, staged));
          scans.push({ staged, problems: p.problems, at: p.problems.length });
        }
      }
      for (const [name, declared] of Object.entries(p.manifest?.tables ?? {})) {
        const found = p.staged.get(name)?.rows ?? 0;
        const fi = [...p.staged.values()].find((s) => s.table.name === name)?.fi ?? 0;
        if (declared.rows !== found) batchProblem(ingestMessages.rowCount(declared.rows, found), fi);
      }
    }

    await scanIdentifiers(conn, scans);

    // 2. Check against the store (all batches of the call in one set of queries), then write,
    // all in one transaction.
    const report: IngestReport = { ok: true, dry_run: dryRun, batches: [], tables: {}, problems: [], problem_count: 0 };
    const allProblems: { p: Prepared; problem: Problem }[] = [];
    let total = 0;
    const touched = new Set<string>();
    await run(conn, "BEGIN TRANSACTION");
    try {
      progress("check", 0, prepared.length);
      const checkable = prepared
        .map((p, b) => ({ p, b }))
        .filter((x): x is { p: Prepared & { manifest: Manifest }; b: number } => x.p.status === "pending" && x.p.manifest !== null);
      const checked = await checkBatches(
        conn,
        checkable.map(({ p, b }) => ({ b, files: p.staged, shelterCode: p.manifest.shelter_code, exportedOn: p.manifest.exported_on })),
        temp,
      );
      const knownShelters = new Set<string>();
      for (const { p } of checkable) {
        if (knownShelters.has(p.manifest.shelter_code)) continue;
        const known = await all(conn, `SELECT 1 FROM shelters WHERE shelter_code = $s`, { s: p.manifest.shelter_code });
        if (known.length > 0) knownShelters.add(p.manifest.shelter_code);
      }
      // Batches without errors, in order; a later one with the same content as an earlier one is "unchanged".
      const toWrite: { p: Prepared & { manifest: Manifest }; b: number; entry: IngestReport["batches"][number] }[] = [];
      const willLoad = new Set<string>();
      for (const [b, p] of prepared.entries()) {
        const hash = p.src?.contentHash ?? "";
        const manifest = p.manifest;
        if (p.status === "pending" && manifest && !dryRun && willLoad.has(`${manifest.shelter_code}\u0000${hash}`)) p.status = "unchanged";
        if (p.status === "unchanged") {
          report.batches.push({ source: p.source, batch_id: p.batchId, shelter_code: manifest?.shelter_code ?? null, content_hash: hash, status: "unchanged", replaced_stays: 0 });
          continue;
        }
        let errors = p.problems.filter((x) => x.severity === "error").length;
        total += p.problems.length;
        for (const problem of p.problems) allProblems.push({ p, problem });
        if (manifest) {
          if (!knownShelters.has(manifest.shelter_code)) {
            errors += 1;
            total += 1;
            allProblems.push({ p, problem: { fi: 0, line: null, column: null, value: null, reason: ingestMessages.unknownShelter(manifest.shelter_code), severity: "error" } });
          }
          const c = checked.get(b);
          errors += c?.errors ?? 0;
          total += c?.total ?? 0;
          for (const problem of c?.problems ?? []) allProblems.push({ p, problem });
          if (errors === 0) {
            const counts: Record<string, TableCounts> = {};
            for (const [name, f] of p.staged) counts[name] = { read: f.rows, inserted: 0, replaced: 0 };
            const entry: IngestReport["batches"][number] = { source: p.source, batch_id: p.batchId, shelter_code: manifest.shelter_code, content_hash: hash, status: "valid", replaced_stays: 0 };
            report.batches.push(entry);
            toWrite.push({ p: p as Prepared & { manifest: Manifest }, b, entry });
            willLoad.add(`${manifest.shelter_code}\u0000${hash}`);
            if (dryRun) addCounts(report.tables, counts);
            else entry.status = "loaded";
            continue;
          }
        }
        report.batches.push({
          source: p.source,
          batch_id: p.batchId,
          shelter_code: manifest?.shelter_code ?? null,
          content_hash: hash,
          status: "rejected",
          replaced_stays: 0,
        });
      }
      const rejected = report.batches.some((x) => x.status === "rejected");
      if (rejected) {
        // All or nothing across the call: nothing is written, the good batches are "valid".
        for (const { p, entry } of toWrite) {
          entry.status = "valid";
          if (!dryRun) {
            const counts: Record<string, TableCounts> = {};
            for (const [name, f] of p.staged) counts[name] = { read: f.rows, inserted: 0, replaced: 0 };
            addCounts(report.tables, counts);
          }
        }
      } else if (!dryRun) {
        for (const { p, b, entry } of toWrite) {
          progress("write", b, prepared.length);
          const { counts, replacedStays } = await writeBatch(conn, p.staged, p.manifest, {
            batchId: p.batchId ?? "",
            loadedBy: opts.loadedBy,
            contentHash: entry.content_hash,
            onTable: (name, i, n) => progress(`write ${name}`, i, n),
          });
          addCounts(report.tables, counts);
          touched.add(p.manifest.shelter_code);
          entry.replaced_stays = replacedStays;
        }
      }
      if (rejected || dryRun || touched.size === 0) {
        await run(conn, "ROLLBACK");
      } else {
        progress("facts", 0, 1);
        await refreshStayFacts(conn, [...touched].sort());
        await bumpDataVersion(conn);
        await run(conn, "COMMIT");
      }
      report.ok = !rejected;
    } catch (error) {
      await run(conn, "ROLLBACK").catch(() => undefined);
      throw error;
    }
    report.problem_count = total;
    report.problems = allProblems.slice(0, PROBLEM_CAP).map(({ p, problem }) => ({
      file: p.fileNames[problem.fi] ?? p.source,
      line: problem.line,
      column: problem.column,
      value: problem.value,
      reason: problem.reason,
      severity: problem.severity,
    }));
    progress("done", 1, 1);
    return report;
  } finally {
    // Views first (they read the tables), then tables.
    for (const t of temps) await run(conn, `DROP VIEW IF EXISTS temp.${q(t)}`).catch(() => undefined);
    for (const t of temps) await run(conn, `DROP TABLE IF EXISTS temp.${q(t)}`).catch(() => undefined);
    scratch.dispose();
  }
}

function addCounts(into: Record<string, TableCounts>, counts: Record<string, TableCounts>): void {
  for (const [t, c] of Object.entries(counts)) {
    const e = (into[t] ??= { read: 0, inserted: 0, replaced: 0 });
    e.read += c.read;
    e.inserted += c.inserted;
    e.replaced += c.replaced;
  }
}
