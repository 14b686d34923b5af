// JSON Schema (draft 2020-12) per table row and for manifest.json, derived from the zod schemas
// and annotated with the descriptors' bilingual descriptions. Rows are the canonical shape
// (after normalisation: ISO dates, booleans, numbers, canonical codes), as in JSON lines.
import { z } from "zod";
import { allTables, tableSince, type TableDef } from "../contract/tables";
import { CONTRACT_VERSION, manifestSchema, rowSchema } from "../contract/zod";
import { naturalKey } from "./labels";

const ID_BASE = "https://refugio.invalid/contract/v1/";

type JsonObject = Record<string, unknown>;

export function tableJsonSchema(t: TableDef): JsonObject {
  const generated = z.toJSONSchema(rowSchema(t), { io: "input" }) as JsonObject;
  const props = (generated.properties ?? {}) as Record<string, JsonObject>;
  for (const col of t.columns) {
    const p = props[col.name];
    if (p) props[col.name] = { description: `${col.es} / ${col.en}`, ...p };
  }
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: `${ID_BASE}${t.name}.json`,
    title: t.name,
    description: `${t.es} / ${t.en}`,
    // The version that added the table: a batch stating an earlier one may not carry it.
    "x-contract-version": tableSince(t),
    "x-origin": t.origin,
    "x-natural-key": naturalKey(t),
    ...rest,
    // Columns outside the contract are rejected on load.
    additionalProperties: false,
  };
}

export function manifestJsonSchema(): JsonObject {
  const { $schema, ...rest } = z.toJSONSchema(manifestSchema, { io: "input" }) as JsonObject;
  return {
    $schema,
    $id: `${ID_BASE}manifest.json`,
    title: "manifest.json",
    description:
      "Manifiesto de un lote de exportación (period_end no anterior a period_start) / Export batch manifest (period_end not before period_start)",
    "x-contract-version": CONTRACT_VERSION,
    ...rest,
  };
}

/** File name (in generated/json-schema/) → JSON text. */
export function jsonSchemaFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const t of allTables) files[`${t.name}.json`] = `${JSON.stringify(tableJsonSchema(t), null, 2)}\n`;
  files["manifest.json"] = `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`;
  return files;
}
