// What a researcher asks for: tables, period, network or region, and the privacy level.
// Inputs are strict (unknown fields refused), as every API input.
import { EXPORT_TABLES, STAY_VARIABLES } from "@refugio/schemas";
import { z } from "zod";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "fecha AAAA-MM-DD / date YYYY-MM-DD" });
const code = z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, { error: "código no válido / invalid code" });

/**
 * Periods are whole months (dates are released as months at most): a day window would give exact
 * counts of stays active on single days, which no other output gives a researcher.
 */
const lastDayOfMonth = (d: string) => {
  const [y, m] = d.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate() === Number(d.slice(8, 10));
};
const monthStart = isoDate.refine((d) => d.endsWith("-01"), { error: "el periodo empieza el día 1 de un mes / the period starts on the 1st of a month" });
const monthEnd = isoDate.refine(lastDayOfMonth, { error: "el periodo termina el último día de un mes / the period ends on the last day of a month" });

export const exportRequestShape = {
  tables: z.array(z.enum(EXPORT_TABLES)).min(1).max(4).default([...EXPORT_TABLES]),
  /** Stay variables to include (absent: all of them). */
  variables: z.array(z.enum(STAY_VARIABLES)).min(1).max(STAY_VARIABLES.length).optional(),
  /** Smallest equivalence class: 5 by default, never below 3. */
  k: z.number().int().min(3, { error: "k no puede ser menor que 3 / k cannot be below 3" }).max(50).default(5),
  /** Distinct l-diversity of exit_reason and risk_level (risk level then stops being a quasi-identifier). */
  l: z.number().int().min(2).max(5).optional(),
  from: monthStart.optional(),
  to: monthEnd.optional(),
  network: code.optional(),
  region: code.optional(),
  /** Share of stays that may be suppressed rather than generalising further (0–20 %). */
  maxSuppression: z.number().min(0).max(0.2).default(0.05),
};

const ordered = (r: { from?: string; to?: string }) => !r.from || !r.to || r.from <= r.to;
const orderError = { error: "from debe ser anterior a to / from must not be after to", path: ["to"] };

export const exportRequestSchema = z.object(exportRequestShape).strict().refine(ordered, orderError);

/** The API's create: the request, and a ticket the page chose to poll the progress by. */
export const exportCreateInputSchema = z
  .object({ ...exportRequestShape, ticket: z.string().uuid().optional() })
  .strict()
  .refine(ordered, orderError);

export type ExportRequestInput = z.input<typeof exportRequestSchema>;
export type ExportRequest = z.output<typeof exportRequestSchema>;
