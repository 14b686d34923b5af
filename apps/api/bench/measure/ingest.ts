// Ingest, as one batch and as 40 shelter batches (what a ministry loads), each next to a plain
// DuckDB read_csv of the same files into tables; time and peak RSS of each, every measure in its
// own child process. Keeps the database of the 40-batch ingest: the pages are served from it.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { generateBatches } from "../../src/ingest/generate";
import { entry, progress, type Entry } from "../lib/report";
import { measureChild } from "../lib/proc";

export const SHELTER_BATCHES = 40;

interface ChildResult {
  ms: number;
  rows: Record<string, number>;
  peakMB: number | null;
}

export interface IngestOutcome {
  entries: Entry[];
  /** Database loaded from the 40 shelter batches (registry + batches), for the pages. */
  db: string;
  /** The 40 batch folders and their registry file (for the PostgreSQL load and the lake). */
  batchDirs: string[];
  registryFile: string;
  rows: Record<string, number>;
}

/**
 * `cap`: also load each data set once more as `refugio ingest --memory-limit cap`, reported as
 * `ingest:<label>:capped` and its peak RSS, against the same read_csv runs.
 */
export async function measureIngest(work: string, stays: number, runs: number, cap?: string): Promise<IngestOutcome> {
  let t = performance.now();
  progress(`generate: ${stays.toLocaleString("en")} stays as 1 batch`);
  const one = generateBatches(join(work, "gen-1"), { stays, seed: 1, shelter: "bench-01" });
  const generateOne = performance.now() - t;
  t = performance.now();
  progress(`generate: ${stays.toLocaleString("en")} stays as ${SHELTER_BATCHES} shelter batches`);
  const many = generateBatches(join(work, "gen-40"), { stays, seed: 1, shelters: SHELTER_BATCHES });
  const generateMany = performance.now() - t;
  progress(`generate: done in ${((generateOne + generateMany) / 1000).toFixed(1)} s`);

  const entries: Entry[] = [entry("generate", "ms", [generateOne + generateMany], undefined, `both data sets (1 + ${SHELTER_BATCHES} batches)`)];
  const keep = join(work, "served.duckdb");
  let rows: Record<string, number> = {};
  for (const [label, gen] of [
    ["1-batch", one],
    [`${SHELTER_BATCHES}-batches`, many],
  ] as const) {
    const refugioMs: number[] = [];
    const refugioMB: number[] = [];
    const plainMs: number[] = [];
    const plainMB: number[] = [];
    for (let run = 0; run < runs; run++) {
      const last = run === runs - 1;
      const db = last && gen === many ? keep : join(work, `ingest-${label}-${run}.duckdb`);
      const plainDb = join(work, `plain-${label}-${run}.duckdb`);
      // The order turns every run, so that neither side always runs first.
      const steps = [
        async () => {
          progress(`ingest ${label} run ${run + 1}/${runs}: refugio ingest`);
          const r = await measureChild<ChildResult>("ingest.ts", ["refugio", db, gen.registryFile, ...gen.batchDirs]);
          refugioMs.push(r.ms);
          if (r.peakMB !== null) refugioMB.push(r.peakMB);
          rows = r.rows;
          progress(`ingest ${label}: refugio ${(r.ms / 1000).toFixed(1)} s, peak ${Math.round(r.peakMB ?? 0)} MB`);
        },
        async () => {
          progress(`ingest ${label} run ${run + 1}/${runs}: plain read_csv`);
          const r = await measureChild<ChildResult>("ingest.ts", ["plain", plainDb, ...gen.batchDirs]);
          plainMs.push(r.ms);
          if (r.peakMB !== null) plainMB.push(r.peakMB);
          progress(`ingest ${label}: read_csv ${(r.ms / 1000).toFixed(1)} s, peak ${Math.round(r.peakMB ?? 0)} MB`);
        },
      ];
      for (let k = 0; k < steps.length; k++) await steps[(run + k) % steps.length]?.();
      rmSync(plainDb, { force: true });
      if (db !== keep) rmSync(db, { force: true });
    }
    entries.push(entry(`ingest:${label}`, "ms", refugioMs, { reference: "read_csv", samples: plainMs }));
    entries.push(entry(`ingest:${label}:peak-rss`, "MB", refugioMB, { reference: "read_csv", samples: plainMB }, "VmHWM of the measuring child process"));
    if (cap) {
      const db = join(work, `ingest-${label}-capped.duckdb`);
      progress(`ingest ${label}: refugio ingest --memory-limit ${cap}`);
      const r = await measureChild<ChildResult>("ingest.ts", ["refugio", `--memory-limit=${cap}`, db, gen.registryFile, ...gen.batchDirs]);
      rmSync(db, { force: true });
      progress(`ingest ${label} --memory-limit ${cap}: ${(r.ms / 1000).toFixed(1)} s, peak ${Math.round(r.peakMB ?? 0)} MB`);
      const note = `refugio ingest --memory-limit ${cap}`;
      entries.push(entry(`ingest:${label}:capped`, "ms", [r.ms], { reference: "read_csv", samples: plainMs }, note));
      if (r.peakMB !== null) entries.push(entry(`ingest:${label}:capped:peak-rss`, "MB", [r.peakMB], { reference: "read_csv", samples: plainMB }, `${note}; VmHWM of the measuring child process`));
    }
  }
  return { entries, db: keep, batchDirs: many.batchDirs, registryFile: many.registryFile, rows };
}
