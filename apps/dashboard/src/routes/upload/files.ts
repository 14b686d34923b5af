// Reading chosen files in the browser: names checked against the API's rule before sending, and
// contents read with progress so the bar moves while large exports are read.
import { uploadFileNameSchema } from "@refugio/schemas";
import { toBase64 } from "../../lib/format";

export interface Chosen {
  /** Name sent to the API: folder prefixes of dropped directories are flattened. */
  name: string;
  size: number;
  file: File;
}

/** Keep a file only once per name (the last choice wins), in the order first chosen. */
export function mergeFiles(current: readonly Chosen[], added: readonly Chosen[]): Chosen[] {
  const out = new Map(current.map((c) => [c.name, c]));
  for (const a of added) out.set(a.name, a);
  return [...out.values()];
}

/** Names the API would refuse, to show before any upload. */
export function invalidNames(files: readonly { name: string }[]): string[] {
  return files.filter((f) => !uploadFileNameSchema.safeParse(f.name).success).map((f) => f.name);
}

/** Read files one after another, reporting bytes read so far. */
export async function readAll(
  files: readonly Chosen[],
  onProgress: (done: number, total: number) => void,
): Promise<{ name: string; contentBase64: string }[]> {
  const total = files.reduce((s, f) => s + f.size, 0);
  let before = 0;
  const out: { name: string; contentBase64: string }[] = [];
  for (const f of files) {
    const bytes = await new Promise<ArrayBuffer>((ok, fail) => {
      const reader = new FileReader();
      reader.onprogress = (e) => onProgress(before + e.loaded, total);
      reader.onload = () => ok(reader.result as ArrayBuffer);
      reader.onerror = () => fail(reader.error ?? new Error(`read failed: ${f.name}`));
      reader.readAsArrayBuffer(f.file);
    });
    before += f.size;
    onProgress(before, total);
    out.push({ name: f.name, contentBase64: toBase64(new Uint8Array(bytes)) });
  }
  return out;
}
