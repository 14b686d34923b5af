// Batch sources on disk: a folder or a .zip holding manifest.json and one file per table.
// Files are normalised for DuckDB (Windows-1252 → UTF-8 copy in a private temp folder) and the
// batch's content hash is computed over the files as sent, so a zip and its folder hash alike.
import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, extname, join } from "node:path";
import { decodeWindows1252, type Bilingual } from "@refugio/schemas";
import { unzipSync } from "fflate";
import { csvLineMap, type LineMap } from "./lines";
import { readManifest, type ManifestRead } from "./manifest";
import { ingestMessages } from "./messages";

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
  /**
   * CSV only: the column names DuckDB's sniffer would give (see csvHeader), when the file can be
   * read without sniffing; absent when the sniffing read must be kept. User input: never SQL text.
   */
  header?: string[];
}

export interface BatchSource {
  source: string;
  /** manifest.json as `readManifest` read it, or why there is no single readable one. */
  manifest: ManifestRead;
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

/** Files and folders under `root` (relative, "/"-separated), hidden ones and __MACOSX left out. */
function listFolder(root: string, rel = "", dirs: string[] = []): { files: string[]; dirs: string[] } {
  const files: string[] = [];
  for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name === "__MACOSX") continue;
    const r = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      dirs.push(r);
      files.push(...listFolder(root, r, dirs).files);
    } else if (entry.isFile()) files.push(r);
  }
  return { files, dirs };
}

/** The folder holding manifest.json (zips often wrap the batch in one top folder). */
function batchRoot(names: string[]): string {
  const manifests = names.filter((n) => basename(n).toLowerCase() === "manifest.json");
  const top = manifests.sort((a, b) => a.split("/").length - b.split("/").length)[0];
  return top ? dirname(top).replace(/^\.$/, "") : "";
}

/** A source that cannot be opened as a batch, with the reason to report. */
export class SourceProblem extends Error {
  constructor(readonly reason: Bilingual) {
    super(reason.en);
    this.name = "SourceProblem";
  }
}

/** Bytes per name and per path most file systems take (ext4, NTFS: 255 per name). */
const MAX_NAME_BYTES = 255;
const MAX_PATH_BYTES = 1024;

/** The name as shown in a message: control characters visible, at most 80 characters. */
function shownName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const visible = name.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
  return visible.length > 80 ? `${visible.slice(0, 77)}…` : visible;
}

/**
 * Why a name inside an archive (or of an uploaded file) cannot be unpacked into a folder, or
 * null: a control character (NUL), an absolute path or a backslash, `..` (it leaves the folder),
 * an empty or `.` part, or a name longer than a file system takes. Each would otherwise fail
 * deep in a write (or escape the folder) instead of being refused with a reason.
 */
export function entryNameProblem(name: string): Bilingual | null {
  const path = name.endsWith("/") ? name.slice(0, -1) : name;
  const bad = (es: string, en: string) => ingestMessages.badEntryName(shownName(name), { es, en });
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return bad("contiene un carácter de control, p. ej. NUL", "holds a control character, e.g. NUL");
  if (path.includes("\\") || path.startsWith("/") || /^[a-z]:/i.test(path)) return bad("ruta absoluta o con \\", "an absolute path or one with \\");
  const parts = path.split("/");
  if (parts.includes("..")) return bad("sale de la carpeta del lote", "it leaves the batch folder");
  if (parts.some((part) => part === "" || part === ".")) return bad("una parte vacía o «.»", 'an empty or "." part');
  if (parts.some((part) => Buffer.byteLength(part) > MAX_NAME_BYTES) || Buffer.byteLength(path) > MAX_PATH_BYTES) {
    return bad(`demasiado largo: máximo ${MAX_NAME_BYTES} bytes por nombre`, `too long: at most ${MAX_NAME_BYTES} bytes per name`);
  }
  return null;
}

/** `entryNameProblem` of every name, then a file and a folder of the same name (case aside: not every disk tells them apart). */
export function entryNamesProblem(names: readonly string[]): Bilingual | null {
  for (const name of names) {
    const problem = entryNameProblem(name);
    if (problem) return problem;
  }
  const folders = new Set<string>();
  for (const name of names) {
    const parts = name.toLowerCase().split("/");
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join("/"));
  }
  const clash = names.find((n) => !n.endsWith("/") && folders.has(n.toLowerCase()));
  return clash === undefined
    ? null
    : ingestMessages.badEntryName(shownName(clash), { es: "hay un archivo y una carpeta con ese nombre", en: "a file and a folder have that name" });
}

/**
 * The batch's manifest: exactly one file named manifest.json (any case), no folder of that name,
 * read by `readManifest`. Several candidates or a folder are refused: which one a reader took
 * would depend on the reader (the loader and the upload's scope check once disagreed).
 */
function pickManifest(files: readonly string[], dirs: readonly string[], bytes: (name: string) => Uint8Array): ManifestRead {
  const isManifest = (n: string) => basename(n).toLowerCase() === "manifest.json";
  const folder = dirs.find(isManifest);
  if (folder !== undefined) return { ok: false, problem: ingestMessages.manifestIsFolder(folder) };
  const candidates = files.filter(isManifest).sort();
  if (candidates.length > 1) return { ok: false, problem: ingestMessages.manifestAmbiguous(candidates) };
  const only = candidates[0];
  return only === undefined ? { ok: false, problem: ingestMessages.noManifest() } : readManifest(bytes(only));
}

interface Decoder {
  encoding: string;
  decode(bytes: Uint8Array): string;
}
const CP1252: Decoder = { encoding: "windows-1252", decode: decodeWindows1252 };
// ignoreBOM: header fields are decoded one by one, the BOM is skipped by csvHeader itself.
const UTF8 = new TextDecoder("utf-8", { ignoreBOM: true });

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
  return decodeWindows1252(bytes.subarray(0, end)).replace(/^\u00ef\u00bb\u00bf/, "").replace(/\r$/, "");
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/**
 * Records (empty lines not counted) checked by csvHeader. DuckDB's sniffer decides the column
 * count from the first 2048 rows (measured with DuckDB 1.5: a longer row on line 2048 adds a
 * column, on line 2049 it is an error); checking more only sends more files to the sniffing
 * read, which is always safe, and costs ~1 ms per 1000 records of a wide file.
 */
const SNIFF_WINDOW = 4096;

/** DuckDB's name for an unnamed header column: "column" + its 0-based index, zero-padded to the widest index. */
const generatedName = (count: number, index: number) => `column${String(index).padStart(String(count - 1).length, "0")}`;

/** What DuckDB's header detection does to the names: trim Unicode spaces (Zs, not tabs), name empty ones, number repeats. */
function duckHeaderNames(values: string[]): string[] | undefined {
  // DuckDB compares names ignoring ASCII case; a repeat only in another script's case cannot be told apart here.
  const asciiLower = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
  const seen = new Map<string, number>();
  const names: string[] = [];
  for (const [i, value] of values.entries()) {
    let name = value.replace(/^\p{Zs}+|\p{Zs}+$/gu, "");
    if (name === "") name = generatedName(values.length, i);
    // As DuckDB: "a", "A", "a" → "a", "A_1", "a_2" (the counter is the colliding name's).
    for (let key = asciiLower(name); seen.has(key); key = asciiLower(name)) {
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      name = `${name}_${n}`;
    }
    seen.set(asciiLower(name), 0);
    names.push(name);
  }
  if (new Set(names.map((n) => n.toLowerCase())).size !== names.length) return undefined;
  return names;
}

/**
 * The header of a CSV file as DuckDB names its columns, read from the bytes so DuckDB can read
 * the file with auto_detect=false (the sniffer took 20–45 ms a large file, on every read).
 * Undefined, and the file is then read with the sniffer as before, when the sniffer could see
 * the file differently from a read with fixed columns. Measured with DuckDB 1.5 (test/ingest/sniff.test.ts):
 * - a row with more fields than the header within the sniffer's sample: the sniffer adds columns
 *   ("column12") and reads it, a fixed read refuses the file; after the sample both refuse it alike;
 * - within the sample, an unterminated quote, a character after a closing quote or mixed line
 *   ends (LF and CRLF): the sniffer refuses the file without a line (firstRaggedLine finds it),
 *   a fixed read names another line or, with parallel=false, reads an unterminated quote;
 * - an empty first line (DuckDB then takes the next line's column count) or an empty file.
 * Quotes anywhere but around a whole field (after a space, inside a field) are left to the
 * sniffer too, though DuckDB read them alike: rare, and not worth the doubt.
 * `bytes` are the file as sent: '"', CR, LF and the delimiter are single bytes in UTF-8 and
 * Windows-1252 alike; `decoder` turns a header field into text.
 */
export function csvHeader(bytes: Uint8Array, delimiter: string, decoder: Decoder): string[] | undefined {
  const n = bytes.length;
  const delim = delimiter.charCodeAt(0);
  // DuckDB skips a UTF-8 BOM (the Windows-1252 copy is written without one).
  let p = decoder.encoding === "utf-8" && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (p >= n || bytes[p] === LF || bytes[p] === CR) return undefined;
  const values: string[] = [];
  let columns = 0;
  let eol = -1; // line end outside quotes: LF, CR (CRLF counts as CR + LF = -2) or none yet
  for (let record = 0; record < SNIFF_WINDOW && p < n; ) {
    let fields = 1;
    let start = p; // current field's first byte (after its opening quote)
    let quoted = false; // the current field opened with a quote
    let inQuotes = false;
    let closed = false; // right after the closing quote
    let atStart = true; // nothing read yet in the current field
    let end = -1; // the line end that ended the record
    while (p < n) {
      const c = bytes[p++] as number;
      // Most bytes: plain text outside quotes (CR, LF, tab and '"' are all below 0x23; , and ; are not).
      if (c > QUOTE && c !== delim && !inQuotes) {
        if (closed) return undefined; // text after a closing quote
        atStart = false;
        continue;
      }
      if (inQuotes) {
        if (c === QUOTE) {
          inQuotes = false;
          closed = true;
        }
        continue;
      }
      if (c === delim || c === LF || c === CR) {
        if (record === 0) values.push(fieldText(bytes, start, p - 1 - (quoted ? 1 : 0), quoted, decoder));
        if (c === delim) {
          fields += 1;
          start = p;
          quoted = closed = false;
          atStart = true;
          continue;
        }
        end = c === CR && bytes[p] === LF ? -2 : c;
        if (end === -2) p += 1;
        break;
      }
      if (c === QUOTE && atStart) {
        quoted = inQuotes = true;
        start = p;
      } else if (c === QUOTE && closed) {
        inQuotes = true; // "" inside quotes
        closed = false;
      } else if (c === QUOTE || closed) {
        return undefined; // a quote inside an unquoted field, or text after a closing quote
      }
      atStart = false;
    }
    if (inQuotes) return undefined; // unterminated quote
    if (end === -1 && record === 0) values.push(fieldText(bytes, start, p - (quoted ? 1 : 0), quoted, decoder));
    if (end !== -1) {
      if (eol === -1) eol = end;
      else if (end !== eol) return undefined; // mixed line ends
    }
    if (record === 0) columns = fields;
    else if (fields > columns) return undefined;
    // An empty line (DuckDB skips it, or reads a NULL in a one-column file) does not count.
    if (!(atStart && fields === 1 && !quoted)) record += 1;
  }
  return duckHeaderNames(values);
}

/** A header field's text: between the quotes with "" unescaped, or as written. */
function fieldText(bytes: Uint8Array, start: number, end: number, quoted: boolean, decoder: Decoder): string {
  const text = decoder.decode(bytes.subarray(start, end));
  return quoted ? text.replaceAll('""', '"') : text;
}

/**
 * Opens one source (folder or .zip) into a BatchSource. CSV files that are not valid UTF-8 are
 * decoded as Windows-1252 and copied as UTF-8 into `scratch`; zips are unpacked there too.
 */
export function openSource(source: string, scratch: Scratch): BatchSource {
  const entries = new Map<string, { bytes: () => Uint8Array; diskPath: string | null }>();
  const dirs: string[] = [];
  const st = statSync(source);
  if (st.isDirectory()) {
    const listed = listFolder(source);
    dirs.push(...listed.dirs);
    for (const rel of listed.files) {
      const p = join(source, rel);
      entries.set(rel, { bytes: () => readFileSync(p), diskPath: p });
    }
  } else if (extname(source).toLowerCase() === ".zip") {
    let unzipped: Record<string, Uint8Array>;
    try {
      unzipped = unzipSync(readFileSync(source));
    } catch {
      throw new SourceProblem(ingestMessages.badZip());
    }
    const bad = entryNamesProblem(Object.keys(unzipped));
    if (bad) throw new SourceProblem(bad);
    for (const [name, data] of Object.entries(unzipped)) {
      const parts = name.split("/");
      if (parts.some((part) => part.startsWith(".") || part === "__MACOSX")) continue;
      // Folders: explicit entries ("x/") and every folder a file sits in.
      for (let i = 1; i < parts.length; i++) dirs.push(parts.slice(0, i).join("/"));
      if (name.endsWith("/")) continue;
      entries.set(name, { bytes: () => data, diskPath: null });
    }
  } else {
    throw new SourceError(source);
  }

  const manifest = pickManifest([...entries.keys()], [...new Set(dirs)], (name) => entries.get(name)?.bytes() ?? new Uint8Array());
  const root = batchRoot([...entries.keys()]);
  const hash = createHash("sha256");
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
    if (name.toLowerCase() === "manifest.json") continue;
    const file = name.includes("/") ? null : prepareFile(name, bytes, entry.diskPath, scratch);
    if (file) files.push(file);
    else otherFiles.push(name);
  }
  return { source, manifest, files, otherFiles, contentHash: hash.digest("hex") };
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
    const header = csvHeader(bytes, file.delimiter, encoding === "utf-8" ? UTF8 : CP1252);
    if (header) file.header = header;
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
