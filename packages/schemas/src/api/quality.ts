// Data quality: submission status per shelter × period, completeness, timeliness and the
// consistency findings (the `quality` router, `refugio quality --json` and the dashboard page).
import { z } from "zod";

export const submissionStatusSchema = z.enum(["on_time", "late", "partial", "superseded", "missing", "pending"]);
export type SubmissionStatusCode = z.infer<typeof submissionStatusSchema>;

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const code = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/);

export const periodStatusSchema = z.object({
  shelter_code: z.string(),
  period: z.string(),
  period_start: isoDay,
  period_end: isoDay,
  due_on: isoDay,
  status: submissionStatusSchema,
  days_late: z.number().int().nullable(),
  received_on: isoDay.nullable(),
  batch_id: z.string().nullable(),
  batch_ids: z.array(z.string()),
  superseded_batch_ids: z.array(z.string()),
  missing_tables: z.array(z.string()),
});
export type PeriodStatusRow = z.infer<typeof periodStatusSchema>;

/** One judged column of a table: how many of its rows have it filled (a count, never a value). */
export const fieldCompletenessSchema = z.object({
  column: z.string(),
  required: z.boolean(),
  filled: z.number().int(),
});

export const tableCompletenessSchema = z.object({
  table: z.string(),
  rows: z.number().int(),
  required_filled: z.number().nullable(),
  optional_filled: z.number().nullable(),
  /** The required and key optional columns behind the two shares, each as a count of filled rows. */
  fields: z.array(fieldCompletenessSchema),
});

export const qualityShelterSchema = z.object({
  shelter_code: z.string(),
  network_code: z.string(),
  reporting_period: z.enum(["monthly", "quarterly"]),
  due_days: z.number().int(),
  periods: z.array(periodStatusSchema),
  /** Median days late of the received, due periods shown (null: none). */
  median_days_late: z.number().nullable(),
  completeness: z.object({
    tables: z.array(tableCompletenessSchema),
    exits: z.number().int(),
    exits_with_assessment: z.number().int(),
    followup_eligible: z.number().int(),
    followup_attempted: z.number().int(),
  }),
});
export type QualityShelter = z.infer<typeof qualityShelterSchema>;

export const findingSchema = z.object({
  finding_id: z.string(),
  shelter_code: z.string(),
  network_code: z.string().nullable(),
  rule: z.enum(["outlier_own_history", "outlier_peers", "over_capacity", "over_stay_limit", "exit_assessment_identical", "followups_one_day"]),
  metric: z.string(),
  severity: z.enum(["high", "medium", "low"]),
  period_start: isoDay,
  period_end: isoDay,
  observed: z.number().nullable(),
  expected: z.number().nullable(),
  score: z.number().nullable(),
  affected: z.number().int().nullable(),
  explanation: z.string().nullable(),
  explained_by: z.string().nullable(),
  explained_at: z.string().nullable(),
});
export type QualityFinding = z.infer<typeof findingSchema>;

export const qualityReportSchema = z.object({
  as_of: isoDay,
  shelters: z.array(qualityShelterSchema),
  findings: z.array(findingSchema),
});
export type QualityReport = z.infer<typeof qualityReportSchema>;

export const qualityQuerySchema = z.object({ network: code.optional(), shelter: code.optional() }).strict().optional();
export type QualityQuery = z.infer<typeof qualityQuerySchema>;

export const explainFindingInputSchema = z
  .object({
    finding_id: z.string().min(1).max(200),
    note: z.string().min(1).max(500),
  })
  .strict();
