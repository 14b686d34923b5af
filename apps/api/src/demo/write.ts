// Writes the demo network to disk in contract v1: `shelters.csv` (registry, with network_name),
// `recommendations.csv` (Aurora recommendation updates) and one export batch per shelter
// (`batches/<shelter_code>/manifest.json` + one CSV per table, header from the descriptors).
import { batchTables, CONTRACT_VERSION, recommendations, shelters, type BatchTableName } from "@refugio/schemas";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { toCsv } from "./csv";
import { generateDemo, type DemoData, type DemoOptions } from "./generate";
import { submissionHistory } from "./submissions";

export interface DemoFiles {
  registryFile: string;
  recommendationsFile: string;
  batchDirs: string[];
  /** The quarterly batches of the submission history, loaded first, and when each was loaded. */
  historyDirs: string[];
  historyLoadedAt: Map<string, string>;
  data: DemoData;
}

export async function writeDemoNetwork(outDir: string, opts: DemoOptions): Promise<DemoFiles> {
  const data = generateDemo(opts);
  await mkdir(outDir, { recursive: true });
  const registryFile = join(outDir, "shelters.csv");
  await writeFile(registryFile, toCsv(shelters, data.shelters.map((s) => s.registry)));
  const recommendationsFile = join(outDir, "recommendations.csv");
  await writeFile(recommendationsFile, toCsv(recommendations, data.recommendations));

  const batchDirs: string[] = [];
  for (const sd of data.shelters) {
    const dir = join(outDir, "batches", sd.spec.code);
    await mkdir(dir, { recursive: true });
    const counts: Partial<Record<BatchTableName, { rows: number }>> = {};
    for (const table of batchTables) {
      const rows = sd.tables[table.name];
      // A shelter sends only the tables it keeps (no NOM checklist in Peru, no survey in Bogotá).
      if (rows.length === 0) continue;
      counts[table.name] = { rows: rows.length };
      await writeFile(join(dir, `${table.name}.csv`), toCsv(table, rows));
    }
    const manifest = {
      contract_version: CONTRACT_VERSION,
      shelter_code: sd.spec.code,
      exported_on: data.today,
      period_start: sd.periodStart,
      period_end: data.today,
      producer: `refugio demo (seed ${data.seed}, scale ${data.scale})`,
      tables: counts,
    };
    await writeFile(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    batchDirs.push(dir);
  }
  const historyDirs: string[] = [];
  const historyLoadedAt = new Map<string, string>();
  for (const h of submissionHistory(data)) {
    const dir = join(outDir, "history", h.quarter.label, h.shelter_code);
    await mkdir(dir, { recursive: true });
    const counts: Partial<Record<BatchTableName, { rows: number }>> = {};
    for (const table of batchTables) {
      const rows = h.tables[table.name];
      // The required tables are sent even when empty (a header only), as a shelter's system would.
      if (rows === undefined) continue;
      counts[table.name] = { rows: rows.length };
      await writeFile(join(dir, `${table.name}.csv`), toCsv(table, rows));
    }
    const manifest = {
      contract_version: CONTRACT_VERSION,
      shelter_code: h.shelter_code,
      exported_on: h.exported_on,
      period_start: h.quarter.start,
      period_end: h.quarter.end,
      producer: `refugio demo (seed ${data.seed}, scale ${data.scale})`,
      tables: counts,
    };
    await writeFile(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    historyDirs.push(dir);
    historyLoadedAt.set(dir, h.loaded_at);
  }
  return { registryFile, recommendationsFile, batchDirs, historyDirs, historyLoadedAt, data };
}
