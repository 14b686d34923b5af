// Deployment settings, read once from the environment and validated (as create-t3-turbo's env.ts).
import { z } from "zod";

const envSchema = z.object({
  REFUGIO_K: z.coerce.number().int().min(2).max(50).default(5),
  /** Coverage (measured ÷ eligible) under which a pre/post or follow-up figure is flagged "cobertura baja". */
  REFUGIO_LOW_COVERAGE: z.coerce.number().min(0).max(1).default(0.6),
  REFUGIO_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(8),
  REFUGIO_LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  REFUGIO_MAX_UPLOAD_MB: z.coerce.number().positive().max(2048).default(200),
  /** Secure cookies need HTTPS; on by default except on loopback development servers. */
  REFUGIO_SECURE_COOKIES: z.enum(["auto", "true", "false"]).default("auto"),
});

export type Config = z.infer<typeof envSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration / configuración no válida: ${issues}`);
  }
  return parsed.data;
}
