// The one manifest reader. The loader and the upload's scope check both read the manifest
// through `readManifest` (the scope check gets the very object the loader loads, through the
// ingester's `authorize` option), so they can never disagree on the shelter. Anything that is
// not one plain UTF-8 JSON object (an invalid byte, more than one byte-order mark, an array) is
// refused: a manifest two readers could read differently is not a manifest.
import { manifestIssues, manifestSchema, type Bilingual, type Manifest } from "@refugio/schemas";
import { ingestMessages } from "./messages";

export type ManifestRead = { ok: true; manifest: Manifest } | { ok: false; problem: Bilingual };

// fatal: an invalid byte is refused, not replaced; ignoreBOM: the mark is handled below, once.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Parses manifest.json's bytes: one optional byte-order mark, then one JSON object matching the contract. */
export function readManifest(bytes: Uint8Array): ManifestRead {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, problem: ingestMessages.manifestNotUtf8() };
  }
  // One UTF-8 byte-order mark is what Windows editors write; a second one is not.
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  if (text.startsWith("\uFEFF")) return { ok: false, problem: ingestMessages.manifestSeveralBoms() };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(String(error));
    return { ok: false, problem: ingestMessages.manifestNotJson(position ? Number(position[1]) : null) };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return { ok: false, problem: ingestMessages.manifestNotObject() };
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problem: ingestMessages.badManifest(manifestIssues(parsed.error, { input: json })) };
  return { ok: true, manifest: parsed.data };
}
