// Files chosen in the browser: names checked against the API's rule before sending (the contents
// go to the server as a multipart stream, lib/upload.ts).
import { uploadFileNameSchema } from "@refugio/schemas";

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
