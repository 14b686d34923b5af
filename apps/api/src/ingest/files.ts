// Batch sources on disk: a folder or a .zip holding manifest.json and one file per table.
// Files are normalised for DuckDB (Windows-1252 → UTF-8 copy in a private temp folder) and the
// batch's content hash is computed over the files as sent, so a zip and its folder hash alike.
import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, extname, join } from "node:path";
import { unzipSync } from "fflate";
import { csvLineMap, type LineMap } from "./lines";

export type FileFormat = "csv" | "parquet" | "jsonl";

export interface BatchFile {
  /** Name as it appears in the batch (relative path inside the folder or zip). */
  name: string;
  /** Path DuckDB reads: the original, or the normalised UTF-8 copy. */
  path: string;
  format: FileFormat;
  /** Table the file is named after (lower-case stem), e.g. "stays". */
  stem: string;
  /** CSV only: the delimiter sniffed from the header line. */
  delimiter?: string;
  /** CSV only: the physical line of each record (quoted line breaks and skipped blank lines move them). */
  lineMap?: LineMap;
  /** CSV only: how the bytes were decoded. */
  encoding?: "utf-8" | "windows-1252";
}

export interface BatchSource {
  source: string;
  /** manifest.json text, or null when the batch has none. */
  manifestText: string | null;
  files: BatchFile[];
  /** Names of files that are neither the manifest nor a readable table file. */
  otherFiles: string[];
  contentHash: string;
}

const formatOf = (name: string): FileFormat | null => {
  const ext = extname(name).toLowerCase();
  if (ext === ".csv" || ext === ".tsv") return "csv";
  if (ext === ".parquet") return "parquet";
  if (ext === ".jsonl" || ext === ".ndjson") return "jsonl";
  return null;
};

const SCRATCH_PREFIX = "refugio-ingest-";

/** Removes scratch folders left by ingest processes that were killed (their pid is gone). */
function sweepStaleScratch(): void {
  for (const name of readdirSync(tmpdir())) {
    const m = new RegExp(`^${SCRATCH_PREFIX}(\\d+)-`).exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ESRCH") rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}

/**
 * A private temp folder removed by `dispose` (normalised copies and unzipped files live here).
 * A process killed mid-load cannot remove it: the next load sweeps such folders.
 */
export class Scratch {
  readonly dir: string;
  constructor() {
    sweepStaleScratch();
    this.dir = mkdtempSync(join(tmpdir(), `${SCRATCH_PREFIX}${process.pid}-`));
  }
  private n = 0;
  file(suffix: string): string {
    this.n += 1;
    return join(this.dir, `f${this.n}${suffix}`);
  }
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function listFolder(root: string, rel = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name === "__MACOSX") continue;
    const r = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFolder(root, r));
    else if (entry.isFile()) out.push(r);
  }
  return out;
}

/** The folder holding manifest.json (zips often wrap the batch in one top folder). */
function batchRoot(names: string[]): string {
  const manifests = names.filter((n) => basename(n).toLowerCase() === "manifest.json");
  const top = manifests.sort((a, b) => a.split("/").length - b.split("/").length)[0];
  return top ? dirname(top).replace(/^\.$/, "") : "";
}

const CP1252 = new TextDecoder("windows-1252");

/** Delimiter of a CSV header line: the one of `;`, `,`, tab that splits it most (outside quotes). */
export function sniffDelimiter(headerLine: string): string {
  const counts = new Map<string, number>([[",", 0], [";", 0], ["\t", 0]]);
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ",";
  let most = 0;
  for (const [d, n] of counts) if (n > most) [best, most] = [d, n];
  return best;
}

/** Decodes CSV bytes: UTF-8 when valid, else Windows-1252 (what Excel writes in Spanish locales). */
export function decodeCsv(bytes: Uint8Array): { text: string | null; encoding: "utf-8" | "windows-1252" } {
  // isUtf8 validates without building the string (decoding 80 MB took ~0.1 s).
  if (isUtf8(bytes)) return { text: null, encoding: "utf-8" };
  return { text: CP1252.decode(bytes), encoding: "windows-1252" };
}

function firstLine(bytes: Uint8Array): string {
  let end = bytes.indexOf(10);
  if (end < 0) end = Math.min(bytes.length, 65536);
  return new TextDecoder("windows-1252").decode(bytes.subarray(0, end)).replace(/^\u00ef\u00bb\u00bf/, "").replace(/\r$/, "");
}

/**
 * Opens one source (folder or .zip) into a BatchSource. CSV files that are not valid UTF-8 are
 * decoded as Windows-1252 and copied as UTF-8 into `scratch`; zips are unpacked there too.
 */
export function openSource(source: string, scratch: Scratch): BatchSource {
  const entries = new Map<string, { bytes: () => Uint8Array; diskPath: string | null }>();
  const st = statSync(source);
  if (st.isDirectory()) {
    for (const rel of listFolder(source)) {
      const p = join(source, rel);
      entries.set(rel, { bytes: () => readFileSync(p), diskPath: p });
    }
  } else if (extname(source).toLowerCase() === ".zip") {
    const unzipped = unzipSync(readFileSync(source));
    for (const [name, data] of Object.entries(unzipped)) {
      if (name.endsWith("/") || name.split("/").some((part) => part.startsWith(".") || part === "__MACOSX")) continue;
      entries.set(name, { bytes: () => data, diskPath: null });
    }
  } else {
    throw new SourceError(source);
  }

  const root = batchRoot([...entries.keys()]);
  const hash = createHash("sha256");
  let manifestText: string | null = null;
  const files: BatchFile[] = [];
  const otherFiles: string[] = [];
  const names = [...entries.keys()].sort();
  for (const full of names) {
    const entry = entries.get(full);
    if (!entry) continue;
    const name = root && full.startsWith(`${root}/`) ? full.slice(root.length + 1) : full;
    const bytes = entry.bytes();
    hash.update(`${name}\0${bytes.length}\0`);
    hash.update(bytes);
    if (name.toLowerCase() === "manifest.json") {
      manifestText = new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
      continue;
    }
    const file = name.includes("/") ? null : prepareFile(name, bytes, entry.diskPath, scratch);
    if (file) files.push(file);
    else otherFiles.push(name);
  }
  return { source, manifestText, files, otherFiles, contentHash: hash.digest("hex") };
}

/** A table file ready for DuckDB, or null when its extension is not a table format. */
export function prepareFile(name: string, bytes: Uint8Array, diskPath: string | null, scratch: Scratch): BatchFile | null {
  const format = formatOf(name);
  if (!format) return null;
  const stem = basename(name, extname(name)).toLowerCase();
  let path = diskPath;
  const file: BatchFile = { name, path: "", format, stem };
  if (format === "csv") {
    const { text, encoding } = decodeCsv(bytes);
    file.encoding = encoding;
    file.delimiter = sniffDelimiter(text === null ? firstLine(bytes) : (text.split("\n", 1)[0] ?? ""));
    file.lineMap = csvLineMap(bytes, file.delimiter);
    if (text !== null) {
      path = scratch.file(".csv");
      writeFileSync(path, text.replace(/^\uFEFF/, ""), "utf8");
    }
  }
  if (path === null) {
    path = scratch.file(extname(name).toLowerCase());
    writeFileSync(path, bytes);
  }
  file.path = path;
  return file;
}

/** One table file given on its own (the registry): read from disk as is. */
export function openFile(path: string, scratch: Scratch): BatchFile | null {
  return prepareFile(basename(path), readFileSync(path), path, scratch);
}

export class SourceError extends Error {
  constructor(readonly source: string) {
    super(`not a folder or .zip: ${source}`);
    this.name = "SourceError";
  }
}
