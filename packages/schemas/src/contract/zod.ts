// zod schemas derived from the table descriptors: the canonical (already normalised) row shape,
// used by the API, the dashboard and the browser-side check of a batch.
import { z } from "zod";
import { codeValues } from "./codes";
import {
  allTables,
  batchTables,
  CONTRACT_VERSIONS,
  pseudonymousKey,
  tableVersionProblem,
  type ColumnDef,
  type ContractVersion,
  type TableDef,
  type TableName,
} from "./tables";

export const isoDate = z.iso.date({ error: "fecha ISO AAAA-MM-DD / ISO date YYYY-MM-DD" });

export function columnSchema(col: ColumnDef): z.ZodType {
  let s: z.ZodType;
  switch (col.kind) {
    case "text":
      s =
        col.format === "pseudonymous_key"
          ? z.string().regex(new RegExp(pseudonymousKey.pattern), { error: `${pseudonymousKey.es} / ${pseudonymousKey.en}` })
          : z.string().min(1).max(200);
      break;
    case "integer": {
      let n = z.number().int();
      if (col.min !== undefined) n = n.min(col.min);
      if (col.max !== undefined) n = n.max(col.max);
      s = n;
      break;
    }
    case "number": {
      let n = z.number();
      if (col.min !== undefined) n = n.min(col.min);
      if (col.max !== undefined) n = n.max(col.max);
      s = n;
      break;
    }
    case "boolean":
      s = z.boolean();
      break;
    case "date":
      s = isoDate;
      break;
    case "code":
      if (!col.codes) throw new Error(`column ${col.name} is a code without a code list`);
      s = z.enum(codeValues(col.codes) as unknown as [string, ...string[]]);
      break;
  }
  return col.required ? s : s.nullable().optional();
}

export function rowSchema(table: TableDef) {
  return z.object(Object.fromEntries(table.columns.map((col) => [col.name, columnSchema(col)])));
}

export const rowSchemas = Object.fromEntries(allTables.map((t) => [t.name, rowSchema(t)])) as Record<
  TableName,
  ReturnType<typeof rowSchema>
>;

/** The version new exports state (templates, the demo, the dictionary); older ones still load. */
export const CONTRACT_VERSION = CONTRACT_VERSIONS[CONTRACT_VERSIONS.length - 1] as ContractVersion;

export const manifestSchema = z
  .object({
    contract_version: z.enum(CONTRACT_VERSIONS),
    shelter_code: z.string().min(1),
    exported_on: isoDate,
    period_start: isoDate,
    period_end: isoDate,
    producer: z.string().max(200).optional(),
    tables: z.record(z.string(), z.object({ rows: z.number().int().min(0) })).optional(),
  })
  // A table of a later version declared in an older manifest (the loader refuses its file too).
  .superRefine((m, ctx) => {
    for (const t of batchTables) {
      if (!m.tables?.[t.name]) continue;
      const problem = tableVersionProblem(t, m.contract_version);
      if (problem) ctx.addIssue({ code: "custom", path: ["tables", t.name], message: `${problem.es} / ${problem.en}` });
    }
  })
  .refine((m) => m.period_start <= m.period_end, {
    path: ["period_end"],
    message: "period_end es anterior a period_start / period_end is before period_start",
  })
  // A future export date would let future-dated rows through the "after the export date" check.
  // (A day's grace: the shelter's clock may be ahead of UTC.)
  .refine((m) => !/^\d{4}-\d{2}-\d{2}$/.test(m.exported_on) || m.exported_on <= new Date(Date.now() + 86_400_000).toISOString().slice(0, 10), {
    path: ["exported_on"],
    message: "exported_on es posterior a hoy / exported_on is after today",
  });
export type Manifest = z.infer<typeof manifestSchema>;
