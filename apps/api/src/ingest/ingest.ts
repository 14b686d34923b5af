// ingestBatches: validate shelter export batches inside DuckDB and load them all or nothing.
//
// Several sources in one call are several batches checked and written in ONE transaction, in
// the order given (a later batch may point to stays of an earlier one): if any batch is
// rejected, nothing is written and the valid ones are reported as "valid". A batch whose
// content hash is already in load_log is "unchanged" and not read again.
import type { DuckDBConnection } from "@duckdb/node-api";
import { batchTables, tableVersionProblem, type IngestReport, type Manifest, type TableDef } from "@refugio/schemas";
import { refreshStayFacts } from "../db/facts";
import { refreshFindings } from "../quality/findings";
import { bumpDataVersion } from "../db/migrations";
import { all, commit, run } from "../db/query";
import { checkBatches, deriveIds, typedFile } from "./checks";
import type { TypedFile } from "./typed";
import { openSource, Scratch, SourceProblem, type BatchSource } from "./files";
import { ingestMessages } from "./messages";
import { PROBLEM_CAP, type Problem } from "./problems";
import { installValidationSql, q } from "./sql";
import { directLoadable, loadDirect, ProblemsFound, stoppedByRow, type DirectFile, type DirectMember } from "./direct";
import { inspectFile, layoutRuns, scanIdentifiers, stageTable, type IdentifierScan, type InspectedFile, type StageMember, type StageOutcome } from "./stage";
import { normaliseMessages as messages } from "@refugio/schemas";
import type { TableCounts } from "./write";
import { priorLoad, writeBatch } from "./write";

export interface IngestOptions {
  loadedBy: string;
  dryRun?: boolean;
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
  /** Stage every file even when the call could be loaded directly (tests compare the two paths). */
  staged?: boolean;
  /**
   * Called with each batch's manifest as the loader read it (the very object it loads), before
   * anything else is read or compared: the upload's scope check. Throwing stops the whole call,
   * nothing written. A batch without a readable manifest never gets here and is rejected.
   */
  authorize?: (manifest: Manifest, source: string) => Promise<void> | void;
  /**
   * When the network received the batches (ISO timestamp; a function: per batch source), for
   * loading a past submission history (the demo); default now. The submission status reads it
   * (docs/quality.md).
   */
  loadedAt?: string | ((source: string) => string | undefined);
}

interface Prepared {
  source: string;
  src: BatchSource | null;
  /** File names as reported: index 0 is the batch itself (manifest-level problems). */
  fileNames: string[];
  manifest: Manifest | null;
  /** The batch's table files whose header matched the contract, in file order. */
  inspected: InspectedFile[];
  /** Per table: the staged TEMP table, or the view of the rows loaded directly. */
  staged: Map<string, TypedFile>;
  problems: Problem[];
  status: "pending" | "unchanged" | "rejected";
  batchId: string | null;
  /**
   * Tables whose file could not be read or lacks a required column: its problem is reported once,
   * and the checks that need its rows (counts, references to its stays) are skipped for the batch.
   */
  unusable: Set<string>;
}

let callSeq = 0;

const tableDefs = new Map<string, TableDef>(batchTables.map((t) => [t.name, t]));


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
  try {
    await installValidationSql(conn);
    const prepared = await prepare(conn, sources, scratch, progress, opts.authorize);
    const knownShelters = new Set<string>();
    /** An unknown code's registry spelling when only the case differs (for the problem's hint). */
    const spelledAs = new Map<string, string>();
    for (const p of prepared) {
      const code = p.manifest?.shelter_code;
      if (p.status !== "pending" || !code || knownShelters.has(code) || spelledAs.has(code)) continue;
      const stored = await all<{ c: string }>(conn, `SELECT shelter_code AS c FROM shelters WHERE lower(shelter_code) = lower($s) ORDER BY shelter_code = $s DESC LIMIT 1`, { s: code });
      if (stored[0]?.c === code) knownShelters.add(code);
      else if (stored[0]) spelledAs.set(code, stored[0].c);
    }
    const ctx: SettleContext = { dryRun, loadedBy: opts.loadedBy, loadedAt: opts.loadedAt, progress, temp, knownShelters, spelledAs };

    // Clean batches (the common case, and every large load) go straight into the stored tables;
    // anything the direct load cannot vouch for is staged, which words every problem.
    const direct = !dryRun && !opts.staged && prepared.every((p) => p.status !== "pending" || (p.manifest !== null && p.problems.length === 0 && knownShelters.has(p.manifest.shelter_code) && p.inspected.every(directLoadable)));
    if (direct && prepared.some((p) => p.status === "pending")) {
      const statuses = prepared.map((p) => p.status);
      // First with DuckDB's parser typing booleans and ISO dates (a cell it refuses, such as "sí"
      // or 05/03/2024, fails the read), then with every cell read as text.
      for (const native of [true, false]) {
        try {
          return await loadDirectly(conn, prepared, ctx, native);
        } catch (error) {
          // DirectRefused, or DuckDB stopping a guarded cell, a NOT NULL column or an unreadable
          // file. Whatever it was, the staged path is the reference: it reports it, or fails the same way.
          await run(conn, "ROLLBACK").catch(() => undefined);
          prepared.forEach((p, i) => {
            p.staged.clear();
            p.status = statuses[i] ?? p.status;
          });
          // Only a cell DuckDB's parser refused (the typed read) is worth a read as text.
          if (error instanceof ProblemsFound || stoppedByRow(error)) break;
        }
      }
    }

    // Staged: each table's files of every batch into one TEMP table (nothing persistent is
    // touched), then checks and writes.
    const members = new Map<string, StageMember[]>();
    for (const [b, p] of prepared.entries()) {
      if (p.status !== "pending") continue;
      for (const f of p.inspected) {
        const list = members.get(f.table.name) ?? [];
        list.push({ b, f, shelterCode: p.manifest?.shelter_code ?? "", view: temp(`b${b}_base_${f.table.name}`) });
        members.set(f.table.name, list);
      }
    }
    const outcomes = new Map<StageMember, StageOutcome>();
    let done = 0;
    for (const [name, list] of members) {
      progress(`read ${name}`, done++, members.size);
      const staged = await stageTable(conn, list, temp(`staged_${name}`));
      for (const [m, o] of staged) outcomes.set(m, o);
      const table = list[0]?.f.table;
      if (table && [...staged.values()].some((o) => "staged" in o)) await deriveIds(conn, table, temp(`staged_${name}`), true);
    }
    // Problems in the order of the batches and their files, as each file was read.
    const scans: IdentifierScan[] = [];
    for (const [b, p] of prepared.entries()) {
      if (p.status !== "pending") continue;
      for (const f of p.inspected) {
        const m = members.get(f.table.name)?.find((x) => x.b === b);
        const o = m ? outcomes.get(m) : undefined;
        if (o && "staged" in o) {
          p.staged.set(f.table.name, typedFile(o.staged));
          scans.push({ staged: o.staged, problems: p.problems, at: p.problems.length });
        } else {
          if (o) p.problems.push(o.problem);
          p.unusable.add(f.table.name);
        }
      }
      p.problems.push(...rowCountProblems(p));
    }
    await scanIdentifiers(conn, scans);
    await run(conn, "BEGIN TRANSACTION");
    return await settle(conn, prepared, ctx);
  } finally {
    // Views first (they read the tables), then tables.
    for (const t of temps) await run(conn, `DROP VIEW IF EXISTS temp.${q(t)}`).catch(() => undefined);
    for (const t of temps) await run(conn, `DROP TABLE IF EXISTS temp.${q(t)}`).catch(() => undefined);
    scratch.dispose();
  }
}

/** Opens every source: manifest, content hash ("unchanged"), files matched to the contract. */
async function prepare(conn: DuckDBConnection, sources: string[], scratch: Scratch, progress: Progress, authorize: IngestOptions["authorize"]): Promise<Prepared[]> {
  const prepared: Prepared[] = [];
  for (const [b, source] of sources.entries()) {
    progress("read", b, sources.length);
    const p: Prepared = { source, src: null, fileNames: [source], manifest: null, inspected: [], staged: new Map(), problems: [], status: "pending", batchId: null, unusable: new Set() };
    prepared.push(p);
    const batchProblem = (reason: Problem["reason"], fi = 0) => p.problems.push({ fi, line: null, column: null, value: null, reason, severity: "error" });
    try {
      p.src = openSource(source, scratch);
    } catch (error) {
      if (error instanceof SourceProblem) batchProblem(error.reason);
      else batchProblem((error as NodeJS.ErrnoException | null)?.code === "ENOENT" ? ingestMessages.noSuchSource() : ingestMessages.notSource());
      continue;
    }
    const src = p.src;
    p.fileNames = [src.source, ...src.files.map((f) => f.name), ...src.otherFiles];
    if (src.manifest.ok) {
      p.manifest = src.manifest.manifest;
      await authorize?.(p.manifest, source);
    } else batchProblem(src.manifest.problem);
    if (p.manifest) {
      const prior = await priorLoad(conn, p.manifest.shelter_code, src.contentHash);
      p.batchId = prior.batchId;
      if (prior.unchanged) {
        p.status = "unchanged";
        continue;
      }
    }
    src.otherFiles.forEach((name, i) => batchProblem(messages.unknownTable(name), 1 + src.files.length + i));
    if (src.files.length === 0) batchProblem(ingestMessages.noTables());
    const seenTables = new Set<string>();
    for (const [i, file] of src.files.entries()) {
      const fi = i + 1;
      const table = tableDefs.get(file.stem);
      if (!table) {
        batchProblem(messages.unknownTable(file.name), fi);
        continue;
      }
      // A table of a later contract version than the manifest states (v1 carrying a v1.1 table).
      const tooNew = p.manifest ? tableVersionProblem(table, p.manifest.contract_version) : null;
      if (tooNew) {
        batchProblem(tooNew, fi);
        continue;
      }
      if (seenTables.has(table.name)) {
        batchProblem(ingestMessages.duplicateTableFile(table.name), fi);
        continue;
      }
      seenTables.add(table.name);
      const inspected = await inspectFile(conn, file, table, fi, p.problems);
      if (inspected) p.inspected.push(inspected);
      if (!inspected || inspected.incomplete) p.unusable.add(table.name);
    }
  }
  return prepared;
}

/** The manifest's row counts against the files' (after staging or loading). */
function rowCountProblems(p: Prepared): Problem[] {
  const out: Problem[] = [];
  for (const [name, declared] of Object.entries(p.manifest?.tables ?? {})) {
    if (p.unusable.has(name)) continue;
    if (!tableDefs.has(name)) {
      out.push({ fi: 0, line: null, column: null, value: null, reason: messages.unknownTable(name), severity: "error" });
      continue;
    }
    const file = p.staged.get(name);
    if (!file) {
      if (declared.rows > 0) out.push({ fi: 0, line: null, column: null, value: null, reason: ingestMessages.declaredWithoutFile(name, declared.rows), severity: "error" });
      continue;
    }
    if (declared.rows !== file.rows) out.push({ fi: file.fi, line: null, column: null, value: null, reason: ingestMessages.rowCount(name, declared.rows, file.rows), severity: "error" });
  }
  return out;
}

/**
 * The direct load, in one transaction: every file of every batch inserted in call order, then the
 * same checks and writes as staged batches, over views of the inserted rows. Throws (the caller
 * rolls back and stages) at the first thing only the staged path can report.
 */
async function loadDirectly(conn: DuckDBConnection, prepared: Prepared[], ctx: SettleContext, native: boolean): Promise<IngestReport> {
  await run(conn, "BEGIN TRANSACTION");
  const loaded: { b: number; file: DirectFile }[] = [];
  const seen = new Set<string>();
  // Per table, the files of every batch in call order; consecutive files of one layout are read
  // and inserted by one statement (a 40-batch load: one INSERT per table, not one per file).
  const byTable = new Map<string, DirectMember[]>();
  const loadedBatches: Prepared[] = [];
  for (const [b, p] of prepared.entries()) {
    const manifest = p.manifest;
    if (p.status !== "pending" || !manifest) continue;
    // The same content twice in one call is written once ("unchanged" the second time, as in settle).
    const key = `${manifest.shelter_code}\u0000${p.src?.contentHash ?? ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    loadedBatches.push(p);
    for (const f of p.inspected) {
      const members = byTable.get(f.table.name) ?? [];
      members.push({ b, f, shelterCode: manifest.shelter_code, batchId: p.batchId ?? "", view: ctx.temp(`b${b}_direct_${f.table.name}`) });
      byTable.set(f.table.name, members);
    }
  }
  let done = 0;
  for (const members of byTable.values()) {
    for (const group of layoutRuns(members)) {
      ctx.progress(`load ${group[0]?.f.file.name ?? ""}`, done, byTable.size);
      const files = await loadDirect(conn, group, { native });
      files.forEach((file, i) => {
        const b = group[i]?.b ?? 0;
        prepared[b]?.staged.set(file.table.name, file);
        loaded.push({ b, file });
      });
    }
    done += 1;
  }
  for (const p of loadedBatches) if (rowCountProblems(p).length > 0) throw new ProblemsFound("row counts differ from the manifest");
  // `loaded` by table, each table's files in call order with ascending rowids.
  loaded.sort((x, y) => x.b - y.b);
  // Per batch and table: the first rowid written by this batch or a later one (rows below it may be replaced).
  const loadedFrom = new Map<number, Map<string, bigint>>();
  for (const [b] of prepared.entries()) {
    const from = new Map<string, bigint>();
    // `loaded` is in call order, and so are the rowids: the first file met per table is the lowest.
    for (const x of loaded) if (x.b >= b && x.file.rows > 0 && !from.has(x.file.table.name)) from.set(x.file.table.name, x.file.lo);
    loadedFrom.set(b, from);
  }
  const firstStays = loadedFrom.get(0)?.get("stays");
  const storedStays = firstStays === undefined ? "stays" : `(SELECT * FROM stays WHERE rowid < ${firstStays})`;
  return settle(conn, prepared, { ...ctx, direct: { storedStays, loadedFrom } });
}

type Progress = (phase: string, done: number, total: number) => void;

interface SettleContext {
  dryRun: boolean;
  loadedBy: string;
  loadedAt?: IngestOptions["loadedAt"];
  progress: Progress;
  temp: (name: string) => string;
  knownShelters: Set<string>;
  spelledAs: Map<string, string>;
  /** Set after a direct load: the stays stored before the call, and each batch's replace bounds. */
  direct?: { storedStays: string; loadedFrom: Map<number, Map<string, bigint>> };
}

/**
 * Checks the call's batches against each other and the store (all batches in one set of queries),
 * then writes them, inside the transaction the caller opened; commits, or rolls back when a batch
 * is rejected (after a direct load it throws ProblemsFound instead, so the call is staged and reported).
 */
async function settle(conn: DuckDBConnection, prepared: Prepared[], ctx: SettleContext): Promise<IngestReport> {
  const { dryRun, progress } = ctx;
  const report: IngestReport = { ok: true, dry_run: dryRun, batches: [], tables: {}, problems: [], problem_count: 0 };
  const allProblems: { p: Prepared; problem: Problem }[] = [];
  let total = 0;
  const touched = new Set<string>();
  const batchIds = new Map<string, string>();
  try {
    progress("check", 0, prepared.length);
    const checkable = prepared
      .map((p, b) => ({ p, b }))
      .filter((x): x is { p: Prepared & { manifest: Manifest }; b: number } => x.p.status === "pending" && x.p.manifest !== null);
    const checked = await checkBatches(
      conn,
      checkable.map(({ p, b }) => ({ b, files: p.staged, shelterCode: p.manifest.shelter_code, exportedOn: p.manifest.exported_on, periodEnd: p.manifest.period_end, unusable: p.unusable })),
      ctx.temp,
      ctx.direct?.storedStays,
    );
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
        if (!ctx.knownShelters.has(manifest.shelter_code)) {
          errors += 1;
          total += 1;
          allProblems.push({ p, problem: { fi: 0, line: null, column: null, value: null, reason: ingestMessages.unknownShelter(manifest.shelter_code, ctx.spelledAs.get(manifest.shelter_code)), severity: "error" } });
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
    if (rejected && ctx.direct) throw new ProblemsFound("a batch has problems");
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
          loadedBy: ctx.loadedBy,
          loadedAt: typeof ctx.loadedAt === "function" ? ctx.loadedAt(p.source) : ctx.loadedAt,
          contentHash: entry.content_hash,
          onTable: (name, i, n) => progress(`write ${name}`, i, n),
          loadedFrom: ctx.direct?.loadedFrom.get(b),
        });
        addCounts(report.tables, counts);
        touched.add(p.manifest.shelter_code);
        batchIds.set(p.manifest.shelter_code, p.batchId ?? "");
        entry.replaced_stays = replacedStays;
      }
    }
    if (rejected || dryRun || touched.size === 0) {
      await run(conn, "ROLLBACK");
    } else {
      progress("facts", 0, 1);
      await refreshStayFacts(conn, [...touched].sort());
      progress("findings", 0, 1);
      await refreshFindings(conn, [...touched].sort(), { batchIds });
      await bumpDataVersion(conn);
      progress("commit", 0, 1);
      await commit(conn);
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
}

function addCounts(into: Record<string, TableCounts>, counts: Record<string, TableCounts>): void {
  for (const [t, c] of Object.entries(counts)) {
    const e = (into[t] ??= { read: 0, inserted: 0, replaced: 0 });
    e.read += c.read;
    e.inserted += c.inserted;
    e.replaced += c.replaced;
  }
}
