// Physical line numbers of CSV records. DuckDB numbers rows by record, and a record with a quoted
// line break spans several lines, so "record index + 2" drifts after it. csvLineMap scans the
// bytes once and keeps only the records where the drift changes, so memory follows the number of
// multi-line records (and runs of skipped blank lines), not the number of rows.
//
// It follows what DuckDB's read_csv(all_varchar=true, header=true, quote='"', escape='"',
// comment='', null_padding=true, parallel=false) does, checked in test/ingest/lines.test.ts:
// - the header is the first physical line, even when that line is empty;
// - fully empty lines are skipped, except in a one-column file, where each one is a row (NULL);
// - a quote opens a quoted field only at the start of a field or after exactly one space;
//   elsewhere it is a literal character; inside quotes "" is an escaped quote;
// - LF, CRLF and a lone CR all end a line (DuckDB refuses files that mix newline styles outside
//   quotes, so a lone CR only matters inside quotes or in CR-only files).
// Bytes, not text: in UTF-8 and Windows-1252 alike '"', '\r', '\n', ',' and ';' are single bytes.

/** Maps a CSV data record's 0-based index to the physical (1-based) line it starts on. */
export interface LineMap {
  line(record: number): number;
  /** Some record spans several lines (a quoted line break): DuckDB reads such files only with parallel=false. */
  readonly multiline: boolean;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const SPACE = 0x20;

const identity: LineMap = { line: (record) => record + 2, multiline: false };

/** Sparse map: from changeRecords[i] on (until the next change point) a record starts extras[i] lines late. */
class SparseLineMap implements LineMap {
  constructor(
    private readonly changeRecords: readonly number[],
    private readonly extras: readonly number[],
    readonly multiline: boolean,
  ) {}

  line(record: number): number {
    // Last change point at or before `record` (binary search).
    let lo = 0;
    let hi = this.changeRecords.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.changeRecords[mid] ?? 0) <= record) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return record + 2 + (found < 0 ? 0 : (this.extras[found] ?? 0));
  }
}

/** True when some line is empty: the file starts with a line break, or two breaks are adjacent. */
function hasEmptyLine(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  if (bytes[0] === LF || bytes[0] === CR) return true;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // LF LF (LF files), CR CR (CR files), LF CR (CRLF files: "\r\n\r\n").
  return buf.indexOf("\n\n") >= 0 || buf.indexOf("\r\r") >= 0 || buf.indexOf("\n\r") >= 0;
}

/** Result of readRecord besides the end position (reused to avoid an object per record). */
interface RecordShape {
  /** Fields in the record (delimiters outside quotes + 1). */
  fields: number;
  /** Line breaks inside quoted fields. */
  innerBreaks: number;
  /** The file ended inside quotes (an unterminated quote). */
  open: boolean;
}

const START = 0; // at the start of a field
const START_SPACE = 1; // one space at the start of a field (a quote may still open)
const PLAIN = 2; // inside an unquoted field
const QUOTED = 3; // inside quotes
const AFTER_QUOTE = 4; // just after a quote inside a quoted field: "" escapes, anything else closes

/** Reads the record starting at `start`; returns the offset after its terminating line break (or the end). */
function readRecord(bytes: Uint8Array, start: number, delimiter: number, out: RecordShape): number {
  const n = bytes.length;
  let p = start;
  let state = START;
  let fields = 1;
  let innerBreaks = 0;
  while (p < n) {
    const c = bytes[p++];
    if (state === QUOTED) {
      if (c === QUOTE) state = AFTER_QUOTE;
      else if (c === LF) innerBreaks += 1;
      else if (c === CR) {
        innerBreaks += 1;
        if (bytes[p] === LF) p += 1;
      }
      continue;
    }
    if (c === delimiter) {
      fields += 1;
      state = START;
    } else if (c === LF) {
      break;
    } else if (c === CR) {
      if (bytes[p] === LF) p += 1;
      break;
    } else if (c === QUOTE) {
      // Opens quotes at a field's start; escapes inside quotes; literal in an unquoted field.
      if (state === START || state === START_SPACE || state === AFTER_QUOTE) state = QUOTED;
    } else if (c === SPACE && state === START) {
      state = START_SPACE;
    } else if (state !== PLAIN) {
      state = PLAIN;
    }
  }
  out.fields = fields;
  out.innerBreaks = innerBreaks;
  out.open = state === QUOTED;
  return p;
}

/**
 * Builds the map from the file's bytes. `delimiter` is "," or ";"; quote and escape are '"'
 * (RFC 4180: "" inside quotes). The header is record -1 (it may itself contain quoted newlines).
 */
export function csvLineMap(bytes: Uint8Array, delimiter: string): LineMap {
  // Fast path (native searches only): no quote and no empty line, so every record is one line.
  if (bytes.indexOf(QUOTE) < 0 && !hasEmptyLine(bytes)) return identity;

  const delim = delimiter.charCodeAt(0);
  const n = bytes.length;
  const shape: RecordShape = { fields: 0, innerBreaks: 0, open: false };

  // Header: the first physical line, even an empty one.
  let p = readRecord(bytes, 0, delim, shape);
  let line = 2 + shape.innerBreaks;
  let multiline = shape.innerBreaks > 0;
  let oneColumn = shape.fields === 1;
  if (n > 0 && (bytes[0] === LF || bytes[0] === CR)) {
    // An empty header line: DuckDB takes the column count from the first non-empty line.
    let q = p;
    while (q < n && (bytes[q] === LF || bytes[q] === CR)) q += 1;
    if (q < n) readRecord(bytes, q, delim, shape);
    oneColumn = q >= n || shape.fields === 1;
  }

  const changeRecords: number[] = [];
  const extras: number[] = [];
  let record = 0;
  let extra = 0;
  while (p < n) {
    const c = bytes[p];
    if (!oneColumn && (c === LF || c === CR)) {
      // Empty line: DuckDB skips it (one-column files read it as a NULL row instead).
      p += c === CR && bytes[p + 1] === LF ? 2 : 1;
      line += 1;
      continue;
    }
    const e = line - record - 2;
    if (e !== extra) {
      changeRecords.push(record);
      extras.push(e);
      extra = e;
    }
    p = readRecord(bytes, p, delim, shape);
    line += shape.innerBreaks + 1;
    if (shape.innerBreaks > 0) multiline = true;
    record += 1;
  }
  return changeRecords.length === 0 && !multiline ? identity : new SparseLineMap(changeRecords, extras, multiline);
}

/** The number of fields of the header record (the first physical line). */
export function headerFieldCount(bytes: Uint8Array, delimiter: string): number {
  const shape: RecordShape = { fields: 0, innerBreaks: 0, open: false };
  readRecord(bytes, 0, delimiter.charCodeAt(0), shape);
  return shape.fields;
}

/**
 * The line where the first record whose number of fields differs from the header's starts, or where
 * a quote that is never closed opens; null when there is none. Only run after DuckDB refused a
 * file, since its sniffer does not always say where. Empty lines are skipped, as DuckDB does.
 */
export function firstRaggedLine(bytes: Uint8Array, delimiter: string): number | null {
  const delim = delimiter.charCodeAt(0);
  const n = bytes.length;
  const shape: RecordShape = { fields: 0, innerBreaks: 0, open: false };
  let p = readRecord(bytes, 0, delim, shape);
  if (shape.open) return 1;
  const expected = shape.fields;
  let line = 2 + shape.innerBreaks;
  while (p < n) {
    const c = bytes[p];
    if (c === LF || c === CR) {
      p += c === CR && bytes[p + 1] === LF ? 2 : 1;
      line += 1;
      continue;
    }
    p = readRecord(bytes, p, delim, shape);
    if (shape.open || shape.fields !== expected) return line;
    line += shape.innerBreaks + 1;
  }
  return null;
}
