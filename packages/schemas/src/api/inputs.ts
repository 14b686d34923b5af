// Inputs of the tRPC API's procedures (apps/api/src/routers). Messages are bilingual where a
// person may read them; the API's error formatter adds es/en text for zod's default messages.
import { z } from "zod";
import { codeValues } from "../contract/codes";
import { isoDate } from "../contract/zod";
import { roleSchema, passwordSchema, usernameSchema } from "./auth";
import { indicatorQuerySchema, periodDateSchema } from "./indicators";

/** A registry code (shelter, network, region, indicator): never free text. */
export const apiCodeSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, { error: "solo letras, números, _ . - / letters, digits, _ . - only" });

const period = {
  from: periodDateSchema.optional(),
  to: periodDateSchema.optional(),
};
const fromBeforeTo = (q: { from?: string | undefined; to?: string | undefined }) => !q.from || !q.to || q.from <= q.to;
const fromBeforeToMessage = { path: ["to"], message: "'to' es anterior a 'from' / 'to' is before 'from'" };

// ---- catalogue ----
export const shelterListInputSchema = z
  .object({ network: apiCodeSchema.optional(), region: apiCodeSchema.optional() })
  .strict()
  .optional();
export type ShelterListInput = z.infer<typeof shelterListInputSchema>;

// ---- indicators ----
export const trendGrainSchema = z.enum(["month", "quarter", "year"]);
export type TrendGrain = z.infer<typeof trendGrainSchema>;

/** `indicators.trend`: the same filters as `indicators.values`, grouped by a time grain first. */
export const indicatorTrendInputSchema = indicatorQuerySchema.safeExtend({
  grain: trendGrainSchema.default("year"),
  by: z.array(z.enum(["network", "country", "region", "shelter", "model"])).max(1).optional(),
});
export type IndicatorTrendInput = z.infer<typeof indicatorTrendInputSchema>;

// ---- compare (funnel) ----
export const compareInputSchema = z
  .object({
    indicator: apiCodeSchema,
    units: z.enum(["shelter", "region"]).default("shelter"),
    network: apiCodeSchema.optional(),
    country: z.string().length(2).optional(),
    /** Shelters of one model only (like with like: HRT against HRT, Casas Refugio against Casas Refugio). */
    model: apiCodeSchema.optional(),
    ...period,
    /** Funnel limits: exact binomial (default) or the normal approximation. */
    method: z.enum(["exact", "normal"]).default("exact"),
    /**
     * Also adjust for case mix (indirect standardisation on the indicator's declared case-mix
     * variables): units are then judged on O/E, with its funnel against the expected count.
     */
    adjust: z.boolean().default(false),
  })
  .strict()
  .refine(fromBeforeTo, fromBeforeToMessage);
export type CompareInput = z.infer<typeof compareInputSchema>;

// ---- benchmark (a shelter against its peers) ----
export const benchmarkInputSchema = z
  .object({
    shelter: apiCodeSchema,
    indicators: z.array(apiCodeSchema).min(1).max(30).optional(),
    /**
     * Peer group: the shelter's network (default), its country, every shelter, or every shelter of
     * its model in any network (like with like: an HRT against HRTs, wherever they are).
     */
    peers: z.enum(["network", "country", "all", "model"]).default("network"),
    ...period,
  })
  .strict()
  .refine(fromBeforeTo, fromBeforeToMessage);
export type BenchmarkInput = z.infer<typeof benchmarkInputSchema>;

// ---- recommendations ----
export const recommendationScopeSchema = z.enum(codeValues("recommendation_scope") as unknown as ["national", "region", "shelter"]);
export const recommendationStatusSchema = z.enum(
  codeValues("recommendation_status") as unknown as ["not_started", "in_progress", "done", "blocked"],
);

export const recommendationListInputSchema = z
  .object({ scope: recommendationScopeSchema.optional(), scopeCode: apiCodeSchema.optional() })
  .strict()
  .optional();

export const recommendationUpdateInputSchema = z
  .object({
    code: apiCodeSchema,
    scope: recommendationScopeSchema,
    /** Region code (scope "region") or shelter code (scope "shelter"); empty for "national". */
    scopeCode: apiCodeSchema.optional(),
    status: recommendationStatusSchema,
    evidence: z.string().trim().max(2000, { error: "máximo 2000 caracteres / at most 2000 characters" }).optional(),
    updatedOn: isoDate.optional(),
  })
  .strict()
  .refine((u) => (u.scope === "national") === !u.scopeCode, {
    path: ["scopeCode"],
    message:
      "scopeCode es obligatorio para región o refugio y no se usa en nacional / scopeCode is required for region or shelter and not used for national",
  });
export type RecommendationUpdateInput = z.infer<typeof recommendationUpdateInputSchema>;

export const recommendationHistoryInputSchema = z
  .object({ code: apiCodeSchema, scope: recommendationScopeSchema.optional(), scopeCode: apiCodeSchema.optional() })
  .strict();

export const recommendationIndicatorsInputSchema = z.object({ code: apiCodeSchema, ...period }).strict();

// ---- compliance (NOM-217 Appendix A) ----
export const complianceListInputSchema = z
  .object({ network: apiCodeSchema.optional(), shelter: apiCodeSchema.optional() })
  .strict()
  .optional();
export const complianceItemsInputSchema = z.object({ shelter: apiCodeSchema, assessedOn: isoDate.optional() }).strict();

// ---- ingest (upload from the dashboard) ----
export const uploadFileNameSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]*\.(csv|json|jsonl|parquet|zip)$/i, {
    error: "nombre de archivo no permitido (csv, json, jsonl, parquet, zip) / file name not allowed (csv, json, jsonl, parquet, zip)",
  });

const base64Schema = z.string().regex(/^[A-Za-z0-9+/=\s]*$/, { error: "base64 no válido / invalid base64" });

export const ingestUploadInputSchema = z
  .object({
    files: z
      .array(
        z
          .object({
            name: uploadFileNameSchema,
            contentBase64: base64Schema,
          })
          .strict(),
      )
      .min(1, { error: "al menos un archivo / at least one file" })
      .max(50),
  })
  .strict();
export type IngestUploadInput = z.infer<typeof ingestUploadInputSchema>;

/** The shelter registry in the contract's `shelters` shape, as CSV or Parquet (admin only). */
export const adminRegistryImportInputSchema = z
  .object({
    file: z
      .object({
        name: z
          .string()
          .min(1)
          .max(120)
          .regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]*\.(csv|parquet)$/i, { error: "el registro debe ser .csv o .parquet / the registry must be a .csv or .parquet file" }),
        contentBase64: base64Schema,
      })
      .strict(),
  })
  .strict();
export type AdminRegistryImportInput = z.infer<typeof adminRegistryImportInputSchema>;

export const ingestHistoryInputSchema = z
  .object({ shelter: apiCodeSchema.optional(), limit: z.number().int().min(1).max(1000).default(200) })
  .strict()
  .optional();

// ---- admin ----
export const adminAddUserInputSchema = z
  .object({
    username: usernameSchema,
    password: passwordSchema,
    role: roleSchema,
    network: apiCodeSchema.optional(),
    shelter: apiCodeSchema.optional(),
  })
  .strict();

export const adminUsernameInputSchema = z.object({ username: usernameSchema }).strict();

export const adminSetRoleInputSchema = z
  .object({ username: usernameSchema, role: roleSchema, network: apiCodeSchema.optional(), shelter: apiCodeSchema.optional() })
  .strict();

export const adminSetPasswordInputSchema = z.object({ username: usernameSchema, password: passwordSchema }).strict();

export const changePasswordInputSchema = z
  .object({ current: z.string().min(1).max(256), next: passwordSchema })
  .strict();

export const auditListInputSchema = z
  .object({
    // Any date: the audit log is searched, not a period of data (a future date finds nothing).
    from: isoDate.optional(),
    to: isoDate.optional(),
    actor: z.string().max(64).optional(),
    action: z.string().max(64).regex(/^[a-z_.]*$/, { error: "acción no válida / invalid action" }).optional(),
    ok: z.boolean().optional(),
    limit: z.number().int().min(1).max(5000).default(200),
    offset: z.number().int().min(0).default(0),
  })
  .strict()
  .refine(fromBeforeTo, fromBeforeToMessage)
  .optional();
export type AuditListInput = z.infer<typeof auditListInputSchema>;
