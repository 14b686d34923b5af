// The baseline of the growth target: an earlier report.json of this harness, checked for shape so
// a wrong file is refused before an hour-long run, not after it.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { repoRoot } from "./proc";
import type { Baseline } from "./targets";

export function readBaseline(file: string): Baseline {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`--baseline ${file}: not a readable report.json (${(error as Error).message})`);
  }
  const r = parsed as { stays?: unknown; entries?: unknown };
  if (typeof r.stays !== "number" || !Array.isArray(r.entries))
    throw new Error(`--baseline ${file}: not a report of this harness (needs "stays" and "entries")`);
  return { stays: r.stays, entries: r.entries as Baseline["entries"], file: relative(repoRoot, file) };
}
