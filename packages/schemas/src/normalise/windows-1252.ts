// Windows-1252 text as Excel's "CSV" on Windows writes it, in the browser as in Node: only
// TextDecoder, no node: modules. (The loader reads the CSV itself with DuckDB; this only decodes
// a non-UTF-8 file before it is copied as UTF-8, see apps/api/src/ingest/files.ts.)

/** Characters of Windows-1252's bytes 0x80–0x9F (the five it leaves undefined stay as they are). */
const CP1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

/**
 * Windows-1252 text. Node ≥ 20.18.3's TextDecoder decodes it as Latin-1 (nodejs/node#56542):
 * € “ ” – … came out as control characters, so those are mapped here (a no-op in browsers).
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder("windows-1252").decode(bytes).replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}
