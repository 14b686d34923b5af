// Reading a CSV file as spreadsheet programs in Spanish-speaking countries write it (UTF-8 with
// or without BOM, or Windows-1252; comma, semicolon or tab; quoted fields with "" escapes and
// line breaks), in the browser as in Node: only TextDecoder, no node: modules.
import { normaliseMessages, type Bilingual } from "./messages";

export type Delimiter = "," | ";" | "\t";

export interface DelimitedText {
  delimiter: Delimiter;
  /** Header cells as sent (validateRows maps them to contract columns). */
  header: string[];
  rows: Record<string, string>[];
  /** File line on which each row starts (quoted line breaks make rows span lines). */
  lineNumbers: number[];
  problems: { line: number; reason: Bilingual }[];
}

/** Characters of Windows-1252's bytes 0x80–0x9F (the five it leaves undefined stay as they are). */
const CP1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

/**
 * Windows-1252 text. Node ≥ 20.18.3's TextDecoder decodes it as Latin-1 (nodejs/node#56542):
 * € “ ” – … came out as control characters, so those are mapped here (a no-op in browsers).
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder("windows-1252").decode(bytes).replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}

/** UTF-8 when the bytes are valid UTF-8, else Windows-1252 (Excel's "CSV" on Windows). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: "utf-8" | "windows-1252" } {
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    return { text: text.replace(/^\uFEFF/, ""), encoding: "utf-8" };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: "windows-1252" };
  }
}

/** The separator used in the first line, counting only outside quotes (comma when unsure). */
export function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const ch of text.replace(/^\uFEFF/, "")) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && (ch === "," || ch === ";" || ch === "\t")) counts[ch] += 1;
  }
  const best = (Object.keys(counts) as Delimiter[]).sort((a, b) => counts[b] - counts[a])[0];
  return best && counts[best] > 0 ? best : ",";
}

function records(text: string, delimiter: Delimiter) {
  const out: { fields: string[]; line: number; broken?: boolean }[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  let unclosed = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === "") quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      fields.push(field);
      out.push({ fields, line: start });
      fields = [];
      field = "";
      line++;
      start = line;
    } else field += ch;
  }
  if (quoted) unclosed = true;
  if (field !== "" || fields.length > 0 || unclosed) {
    fields.push(field);
    // A record cut by an unclosed quote is not read as data.
    out.push({ fields, line: start, broken: unclosed });
  }
  return { out, unclosed, lastLine: start };
}

const blank = (fields: readonly string[]) => fields.every((f) => f.trim() === "");

export function parseDelimited(text: string, options: { delimiter?: Delimiter } = {}): DelimitedText {
  const clean = text.replace(/^\uFEFF/, "");
  const delimiter = options.delimiter ?? detectDelimiter(clean);
  const { out, unclosed, lastLine } = records(clean, delimiter);
  const problems: DelimitedText["problems"] = [];
  const nonBlank = out.filter((r) => !blank(r.fields));
  const head = nonBlank[0];
  if (!head) return { delimiter, header: [], rows: [], lineNumbers: [], problems: [{ line: 1, reason: normaliseMessages.emptyFile() }] };
  // Spreadsheets may add empty trailing columns; drop empty header cells at the end.
  const header = [...head.fields];
  while (header.length > 0 && (header[header.length - 1] ?? "").trim() === "") header.pop();
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) problems.push({ line: head.line, reason: normaliseMessages.duplicateColumn(h) });
    seen.add(h);
  }
  const rows: Record<string, string>[] = [];
  const lineNumbers: number[] = [];
  for (const r of nonBlank.slice(1)) {
    if (r.broken) continue;
    const fields = [...r.fields];
    while (fields.length > header.length && (fields[fields.length - 1] ?? "").trim() === "") fields.pop();
    if (fields.length !== header.length) {
      problems.push({ line: r.line, reason: normaliseMessages.columnCount(header.length, fields.length) });
      continue;
    }
    rows.push(Object.fromEntries(header.map((h, i) => [h, fields[i] ?? ""])));
    lineNumbers.push(r.line);
  }
  if (unclosed) problems.push({ line: lastLine, reason: normaliseMessages.unclosedQuote() });
  return { delimiter, header, rows, lineNumbers, problems };
}
