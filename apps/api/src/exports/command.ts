// `refugio export`: the same research export as the dashboard's, written to a folder, with
// progress on stderr. Audited as the dashboard's are (actor: the local user, prefixed "cli:").
import { writeFile } from "node:fs/promises";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { dbOption, UsageError, type Command } from "../cli/command";
import { openDatabase, resolveDbPath } from "../db/connection";
import { buildExport, ExportError } from "./build";
import { auditExport, exportFileName } from "./store";
import { EXPORT_TABLES, STAY_VARIABLES } from "@refugio/schemas";
import type { ExportRequestInput } from "./request";

const int = (flag: string, v: unknown): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new UsageError(`--${flag}: se espera un número entero / expected a whole number, got "${String(v)}"`);
  return n;
};

export const exportCommand: Command = {
  name: "export",
  summary:
    "Anonymised research microdata (zip: CSV, Parquet, codebook, manifest) / Microdatos anonimizados para investigación. Only stays with consent_research = true; k-anonymity (k ≥ 3, default 5), optional l-diversity of exit_reason and risk_level.",
  usage: `refugio export --out DIR [--db PATH] [--k N] [--l N] [--from YYYY-MM-DD --to YYYY-MM-DD] [--network X] [--region X] [--tables ${EXPORT_TABLES.join(",")}] [--variables a,b] [--max-suppression SHARE]

  --out DIR            folder for the zip (created if missing) / carpeta del zip
  --k N                smallest equivalence class (3–50, default 5) / clase mínima
  --l N                distinct l-diversity of exit_reason and risk_level (2–5) / l-diversidad
  --from, --to         stays active in the period / estancias activas en el periodo
  --network, --region  one network or region / una red o región
  --tables a,b         ${EXPORT_TABLES.join(", ")} (default: all / todas)
  --variables a,b      stay variables / variables de la estancia (default: all / todas):
                       ${STAY_VARIABLES.join(", ")}
  --max-suppression S  share of stays that may be suppressed (0–0.2, default 0.05)

Writes refugio-export-<date>-<id>.zip and prints its manifest's SHA-256; see docs/privacy.md.`,
  options: {
    ...dbOption,
    out: { type: "string" },
    k: { type: "string" },
    l: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    network: { type: "string" },
    region: { type: "string" },
    tables: { type: "string" },
    variables: { type: "string" },
    "max-suppression": { type: "string" },
  },
  async run({ values }) {
    const out = values.out as string | undefined;
    if (!out) throw new UsageError("--out DIR es obligatorio / --out DIR is required");
    const request: ExportRequestInput = {
      ...(values.k !== undefined ? { k: int("k", values.k) } : {}),
      ...(values.l !== undefined ? { l: int("l", values.l) } : {}),
      ...(values.from ? { from: String(values.from) } : {}),
      ...(values.to ? { to: String(values.to) } : {}),
      ...(values.network ? { network: String(values.network) } : {}),
      ...(values.region ? { region: String(values.region) } : {}),
      ...(values.tables ? { tables: String(values.tables).split(",").map((t) => t.trim()) as ExportRequestInput["tables"] } : {}),
      ...(values.variables ? { variables: String(values.variables).split(",").map((t) => t.trim()) as ExportRequestInput["variables"] } : {}),
      ...(values["max-suppression"] !== undefined ? { maxSuppression: Number(values["max-suppression"]) } : {}),
    };
    const db = await openDatabase(resolveDbPath(values.db as string | undefined));
    const actor = `cli:${process.env.USER ?? "local"}`;
    try {
      const result = await buildExport(db.connection, request, {
        createdBy: actor,
        onProgress: (p) => process.stderr.write(`  ${p.phase} ${p.done}/${p.total}\n`),
      });
      mkdirSync(out, { recursive: true });
      const file = join(out, exportFileName(result.manifest));
      await writeFile(file, result.zip);
      await auditExport(db.connection, actor, result.manifest, result.manifestSha256, "cli");
      const m = result.manifest;
      process.stdout.write(
        [
          `${file}`,
          `estancias publicadas / stays released: ${m.counts.stays_released} (suprimidas / suppressed ${m.counts.stays_suppressed}; sin consentimiento / without consent ${m.counts.stays_without_consent ?? `< ${m.privacy.k}`})`,
          `k = ${m.privacy.k} (alcanzado / reached ${m.privacy.k_reached})${m.privacy.l ? `, l = ${m.privacy.l} (${Object.entries(m.privacy.l_reached).map(([a, v]) => `${a} ${v}`).join(", ")})` : ""}`,
          `riesgo máximo / highest risk ${m.privacy.risk.highest.toFixed(3)}, medio / average ${m.privacy.risk.average.toFixed(3)}`,
          `generalización / generalisation: ${m.privacy.generalisations.map((g) => `${g.variable}=${g.levelName}`).join(", ")}`,
          `manifest.json SHA-256: ${result.manifestSha256}`,
          "",
        ].join("\n"),
      );
      return 0;
    } catch (error) {
      if (error instanceof ExportError) {
        process.stderr.write(`refugio export: ${error.message}\n`);
        return 2;
      }
      throw error;
    } finally {
      db.close();
    }
  },
};
