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
