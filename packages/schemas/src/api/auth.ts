// Accounts and roles shared by the API and the dashboard.
import { z } from "zod";

export const roleCodes = ["admin", "ministry", "network_director", "researcher", "shelter_staff"] as const;
export const roleSchema = z.enum(roleCodes);
export type Role = z.infer<typeof roleSchema>;

export const roleLabels: Record<Role, { es: string; en: string }> = {
  admin: { es: "Administración", en: "Administrator" },
  ministry: { es: "Ministerio (todas las redes)", en: "Ministry (all networks)" },
  network_director: { es: "Dirección de red", en: "Network director" },
  researcher: { es: "Investigación", en: "Researcher" },
  shelter_staff: { es: "Equipo del refugio", en: "Shelter staff" },
};

export const usernameSchema = z
  .string()
  .min(3, { error: "mínimo 3 caracteres / at least 3 characters" })
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, { error: "minúsculas, números, . _ - / lower-case letters, digits, . _ -" });

export const passwordSchema = z
  .string()
  .min(12, { error: "mínimo 12 caracteres / at least 12 characters" })
  .max(256);

export const loginInputSchema = z
  .object({
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(256),
  })
  .strict();

export const sessionUserSchema = z.object({
  username: z.string(),
  role: roleSchema,
  network_code: z.string().nullable(),
  shelter_code: z.string().nullable(),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

/** Every action the audit log records, with how the dashboard names it (the API accepts no other). */
export const auditActionLabels = {
  "auth.login": { es: "Inicio de sesión", en: "Sign-in" },
  "auth.logout": { es: "Cierre de sesión", en: "Sign-out" },
  "user.add": { es: "Cuenta creada", en: "Account created" },
  "user.remove": { es: "Cuenta eliminada", en: "Account removed" },
  "user.role": { es: "Rol cambiado", en: "Role changed" },
  "user.passwd": { es: "Contraseña cambiada", en: "Password changed" },
  "ingest.check": { es: "Revisión de un lote", en: "Batch checked" },
  "ingest.load": { es: "Carga de un lote", en: "Batch loaded" },
  "registry.import": { es: "Registro importado", en: "Registry imported" },
  "export.registry": { es: "Registro exportado", en: "Registry exported" },
  "export.audit": { es: "Auditoría exportada", en: "Audit log exported" },
  "export.microdata": { es: "Microdatos anonimizados exportados", en: "Anonymised microdata exported" },
  "export.download": { es: "Exportación descargada", en: "Export downloaded" },
  "export.revoke": { es: "Exportación revocada", en: "Export revoked" },
  "export.table": { es: "Tabla de indicadores descargada", en: "Indicator table downloaded" },
  "recommendation.update": { es: "Avance de recomendación", en: "Recommendation progress" },
  "database.backup": { es: "Copia de seguridad", en: "Database backup" },
  "quality.explain": { es: "Hallazgo de calidad explicado", en: "Quality finding explained" },
  "user.deactivate": { es: "Cuenta desactivada", en: "Account deactivated" },
  "user.reactivate": { es: "Cuenta reactivada", en: "Account reactivated" },
} as const satisfies Record<string, { es: string; en: string }>;
export type AuditAction = keyof typeof auditActionLabels;
