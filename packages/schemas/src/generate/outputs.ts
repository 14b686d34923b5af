// Every generated file, as (path relative to the repository root → content). Text files are
// compared as UTF-8, the workbook byte for byte.
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { NOM217_SEED_PATH, renderNom217ItemsFromSeed } from "../reference/extract-nom217";
import { renderDataDictionary } from "./dictionary";
import { jsonSchemaFiles } from "./json-schema";
import { templateFiles } from "./templates";
import { WORKBOOK_FILE, buildWorkbook } from "./workbook";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
export const DICTIONARY_PATH = "docs/data-dictionary.md";
export const JSON_SCHEMA_DIR = "packages/schemas/generated/json-schema";
export const TEMPLATES_DIR = "packages/schemas/generated/templates";
export const NOM217_ITEMS_FILE = "packages/schemas/src/reference/nom217.items.ts";
/** Folders whose every file is generated: a file there that is not an output is stale. */
export const GENERATED_DIRS = [JSON_SCHEMA_DIR, TEMPLATES_DIR];

export interface Output {
  path: string;
  content: string | Buffer;
}

export interface BuildOptions {
  /** Build the Excel workbook (slowest output). Default true. */
  workbook?: boolean;
}

export async function buildOutputs(options: BuildOptions = {}): Promise<{ outputs: Output[]; notes: string[] }> {
  const notes: string[] = [];
  const outputs: Output[] = [{ path: DICTIONARY_PATH, content: renderDataDictionary() }];
  for (const [name, text] of Object.entries(jsonSchemaFiles())) outputs.push({ path: `${JSON_SCHEMA_DIR}/${name}`, content: text });
  for (const [name, text] of Object.entries(templateFiles())) outputs.push({ path: `${TEMPLATES_DIR}/${name}`, content: text });
  if (options.workbook !== false) outputs.push({ path: `${TEMPLATES_DIR}/${WORKBOOK_FILE}`, content: await buildWorkbook() });
  // The NOM-217 seed lives outside the repository (../shared); without it the checked-in
  // items file is kept as it is.
  if (existsSync(NOM217_SEED_PATH)) outputs.push({ path: NOM217_ITEMS_FILE, content: renderNom217ItemsFromSeed() });
  else notes.push(`NOM-217 seed not found at ${NOM217_SEED_PATH}: ${NOM217_ITEMS_FILE} not checked`);
  return { outputs, notes };
}
