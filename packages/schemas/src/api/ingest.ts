// Report of a load of shelter export batches (`refugio ingest`, the upload endpoint): what was
// read and written per table, each batch's fate, and every problem found (capped).
import { z } from "zod";

export const ingestReasonSchema = z.object({ es: z.string(), en: z.string() });

export const batchStatusSchema = z.enum(["loaded", "unchanged", "rejected", "valid"]);
export type BatchStatus = z.infer<typeof batchStatusSchema>;

export const ingestProblemSchema = z.object({
  /** File as named in the batch (e.g. "stays.csv"), or the source itself for batch-level problems. */
  file: z.string(),
  /** Line in the file (header = 1; JSON lines and Parquet rows count from 1); null for the file. */
  line: z.number().int().nullable(),
  column: z.string().nullable(),
  /** The offending value as sent; always null for columns that look like direct identifiers. */
  value: z.string().nullable(),
  reason: ingestReasonSchema,
  /** "error" rejects the batch; "warning" is reported and loaded. */
  severity: z.enum(["error", "warning"]).default("error"),
});
export type IngestProblem = z.infer<typeof ingestProblemSchema>;

export const ingestBatchSchema = z.object({
  /** Source as given (folder or zip path). */
  source: z.string().optional(),
  batch_id: z.string().nullable(),
  shelter_code: z.string().nullable(),
  content_hash: z.string(),
  status: batchStatusSchema,
  /** Stays already stored that this batch replaced. */
  replaced_stays: z.number().int().default(0),
});
export type IngestBatch = z.infer<typeof ingestBatchSchema>;

export const ingestTableCountsSchema = z.object({
  read: z.number().int(),
  inserted: z.number().int(),
  replaced: z.number().int(),
});

export const ingestReportSchema = z.object({
  ok: z.boolean(),
  dry_run: z.boolean().default(false),
  batches: z.array(ingestBatchSchema),
  tables: z.record(z.string(), ingestTableCountsSchema),
  problems: z.array(ingestProblemSchema),
  /** Problems found in all, including those left out of `problems` by the cap. */
  problem_count: z.number().int().default(0),
});
export type IngestReport = z.infer<typeof ingestReportSchema>;
