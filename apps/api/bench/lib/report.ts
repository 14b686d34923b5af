// The harness's results: one entry per measurement (and per reference it is compared with), the
// statistics, and report.json / report.md as issue 18 specifies them. Nothing here measures.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export type Reference = "duckdb" | "postgresql" | "read_csv";

export interface Entry {
  /** `page:overview`, `ingest:40-batches`, … (one entry per reference: same name, another `reference`). */
  name: string;
  unit: "ms" | "s" | "MB" | "kB";
  median: number;
  p95: number;
  /** Samples behind median and p95. */
  samples: number;
  reference?: Reference;
  reference_median?: number;
  /** median ÷ reference_median. */
  ratio?: number;
  note?: string;
}

export interface Target {
  /** What the issue asks, as it words it. */
  target: string;
  /** Measured value, in words (with the figure). */
  measured: string;
  met: boolean | null;
  /** Why it is missed and what would fix it (or why it was not measured). */
  note?: string;
}

export interface Report {
  stays: number;
  date: string;
  machine: Record<string, unknown>;
  entries: Entry[];
  targets: Target[];
  skipped: string[];
}

/** Nearest-rank percentile of the samples (p in 0..1). */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * s.length));
  return s[rank - 1] ?? Number.NaN;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

const round = (x: number, digits = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);

/** One entry from samples; with a reference's samples, the ratio of the medians. */
export function entry(name: string, unit: Entry["unit"], samples: readonly number[], ref?: { reference: Reference; samples: readonly number[] }, note?: string): Entry {
  const e: Entry = { name, unit, median: round(median(samples)), p95: round(percentile(samples, 0.95)), samples: samples.length };
  if (ref && ref.samples.length > 0) {
    const rm = median(ref.samples);
    e.reference = ref.reference;
    e.reference_median = round(rm);
    e.ratio = round(median(samples) / rm, 2);
  }
  if (note) e.note = note;
  return e;
}

/** Progress on stderr, with the time since the harness started. */
const started = performance.now();
export function progress(message: string): void {
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(5)}s] ${message}\n`);
}

const fmt = (x: number | undefined) => (x === undefined ? "" : Number.isFinite(x) ? String(x) : "n/a");

export function writeReport(dir: string, report: Report): string {
  writeFileSync(join(dir, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
  const rows = report.entries.map(
    (e) =>
      `| \`${e.name}\` | ${e.unit} | ${fmt(e.median)} | ${fmt(e.p95)} | ${e.samples} | ${e.reference ?? ""} | ${fmt(e.reference_median)} | ${e.ratio === undefined ? "" : `${e.ratio}×`} | ${e.note ?? ""} |`,
  );
  const targets = report.targets.map((t) => `| ${t.target} | ${t.measured} | ${t.met === null ? "not measured" : t.met ? "**met**" : "**missed**"} | ${t.note ?? ""} |`);
  const machine = Object.entries(report.machine).map(([k, v]) => `- ${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`);
  const md = `# Refugio at national scale: ${report.stays.toLocaleString("en")} stays, ${report.date.slice(0, 10)}

Written by \`npm run bench -- --stays ${report.stays}\` (apps/api/bench/run.ts), one process tree, one run.
Times are wall-clock; the machine's load average at the start and the end of the run is under
Machine. Read the ratios (both sides measured minutes apart in the same run) before the absolute figures. Pages are all of the page's data calls through the real server
over HTTP, signed in as \`ministry\`; "cold" means a freshly started server (empty result cache).

## Targets (issue 18)

| target | measured | result | why missed / what would fix it |
|---|---|---|---|
${targets.join("\n")}

## Measurements

| name | unit | median | p95 | samples | reference | reference median | ratio | note |
|---|---|---:|---:|---:|---|---:|---:|---|
${rows.join("\n")}
${report.skipped.length ? `\n## Skipped\n\n${report.skipped.map((s) => `- ${s}`).join("\n")}\n` : ""}
## Machine

${machine.join("\n")}
`;
  writeFileSync(join(dir, "report.md"), md);
  return md;
}
