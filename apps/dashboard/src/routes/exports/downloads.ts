// Where the server serves a table as a file: the same procedure and input as the screen's query,
// so the file holds the figures on screen (see apps/api/src/exports/http.ts).
export type TableKind = "indicators" | "trend" | "compare" | "benchmark" | "compliance" | "recommendations";

export function tableDownloads(kind: TableKind, input: unknown): { csv: string; xlsx: string } {
  const q = `input=${encodeURIComponent(JSON.stringify(input ?? {}))}`;
  return { csv: `/downloads/${kind}.csv?${q}`, xlsx: `/downloads/${kind}.xlsx?${q}` };
}
