// Fill-in templates: one CSV per table (header only, UTF-8 with BOM so Excel reads accents
// right) and an example manifest.json.
import { allTables, batchTables, type TableDef } from "../contract/tables";
import { CONTRACT_VERSION, type Manifest } from "../contract/zod";

const BOM = "\uFEFF";

export function csvTemplate(t: TableDef): string {
  return `${BOM}${t.columns.map((c) => c.name).join(",")}\r\n`;
}

export function manifestExample(): Manifest {
  return {
    contract_version: CONTRACT_VERSION,
    shelter_code: "EJEMPLO-01",
    exported_on: "2025-01-31",
    period_start: "2024-01-01",
    period_end: "2024-12-31",
    producer: `plantilla Refugio v${CONTRACT_VERSION} / Refugio template v${CONTRACT_VERSION}`,
    tables: Object.fromEntries(batchTables.map((t) => [t.name, { rows: 0 }])),
  };
}

/** File name (in generated/templates/) → text. */
export function templateFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const t of allTables) files[`${t.name}.csv`] = csvTemplate(t);
  files["manifest.json"] = `${JSON.stringify(manifestExample(), null, 2)}\n`;
  return files;
}
