// Synthetic batches in contract v1, of any size, deterministic for a seed. `messy` writes them
// the way spreadsheets in Spanish-speaking countries do (semicolons, Windows-1252, dd/mm/yyyy,
// decimal comma, Spanish labels, sí/no, BOM) so tests and the benchmark exercise every path.
// Rows are streamed to disk in large chunks: a million stays take seconds, not minutes.
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { seededRandom } from "@refugio/metrics";
import { toCsvText } from "./csv-write";
import { codeLists, coordinatorQuestionCodes, nom217Items, type CodeListName } from "@refugio/schemas";

export interface GenerateOptions {
  stays: number;
  seed?: number;
  messy?: boolean;
  /** One shelter code (default: `gen-01` … `gen-NN`, see `shelters`). */
  shelter?: string;
  /** Number of shelters the stays are spread over when `shelter` is not given (default 1). */
  shelters?: number;
  /** First and last day of the period the batches cover (default 2023-01-01 … 2024-12-31). */
  periodStart?: string;
  periodEnd?: string;
}

export interface GeneratedBatches {
  registryFile: string;
  batchDirs: string[];
  shelterCodes: string[];
}

const DAY = 86_400_000;
const dayNumber = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY);

/** Buffered writer of one CSV file (UTF-8 or Windows-1252; all generated text is Latin-1), through the product's CSV writer. */
class CsvOut {
  private fd: number;
  private buffered: (string | number | null)[][] = [];
  rows = 0;
  constructor(
    path: string,
    private readonly delimiter: string,
    private readonly encoding: "utf-8" | "windows-1252",
    bom: boolean,
    header: readonly string[],
  ) {
    this.fd = openSync(path, "w");
    if (bom && encoding === "utf-8") writeSync(this.fd, "\uFEFF");
    this.write(toCsvText(header, [], { delimiter, eol: "\r\n" }));
  }
  row(cells: readonly (string | number | null)[]): void {
    this.buffered.push([...cells]);
    this.rows += 1;
    if (this.buffered.length >= 20_000) this.flush();
  }
  private write(text: string): void {
    writeSync(this.fd, this.encoding === "utf-8" ? Buffer.from(text, "utf8") : Buffer.from(text, "latin1"));
  }
  private flush(): void {
    if (this.buffered.length === 0) return;
    const rows = this.buffered;
    this.buffered = [];
    this.write(toCsvText(null, rows, { delimiter: this.delimiter, eol: "\r\n" }));
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

const stayColumns = [
  "stay_id", "person_key", "shelter_code", "admission_date", "exit_date", "referral_source", "protection_order",
  "risk_level_at_admission", "age_band", "disability", "indigenous_or_language_minority", "children_in_stay",
  "companions_in_stay", "extension_granted", "exit_reason", "exit_plan_done", "safety_plan_done", "legal_representation",
  "occupational_workshop_certified", "employment_at_exit", "consent_followup", "consent_research",
] as const;
const childColumns = ["child_key", "stay_id", "age_band", "school_enrolled_at_admission", "schooling_during_stay", "school_year_kept", "psychological_care"] as const;
const rosenbergItems = Array.from({ length: 10 }, (_, i) => `item_${i + 1}`);
const assessmentColumns = ["stay_id", "instrument", "timepoint", "assessed_on", "total_score", ...rosenbergItems];
const followupColumns = ["stay_id", "contact_date", "mode", "contact_achieved", "safe_environment", "life_plan_progress", "violence_recurrence"] as const;
const surveyItems = Array.from({ length: 8 }, (_, i) => `item_${i + 1}`);
const surveyColumns = ["response_id", "stay_id", "answered_on", "scale_max", "complaint_filed", ...surveyItems];

export function generateBatches(outDir: string, opts: GenerateOptions): GeneratedBatches {
  const seed = opts.seed ?? 1;
  const messy = opts.messy ?? false;
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const chance = (p: number) => rand() < p;
  const nShelters = opts.shelter ? 1 : Math.max(1, opts.shelters ?? 1);
  const shelterCodes = opts.shelter ? [opts.shelter] : Array.from({ length: nShelters }, (_, i) => `gen-${String(i + 1).padStart(2, "0")}`);
  const periodStart = opts.periodStart ?? "2023-01-01";
  const periodEnd = opts.periodEnd ?? "2024-12-31";
  const first = dayNumber(periodStart);
  const last = dayNumber(periodEnd);
  const exportedOn = new Date((last + 10) * DAY).toISOString().slice(0, 10);
  mkdirSync(outDir, { recursive: true });

  // Date text per day number, computed once.
  const isoCache = new Map<number, string>();
  const iso = (d: number) => {
    let s = isoCache.get(d);
    if (s === undefined) {
      s = new Date(d * DAY).toISOString().slice(0, 10);
      isoCache.set(d, s);
    }
    return s;
  };
  const date = (d: number) => {
    const s = iso(d);
    return messy ? `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}` : s;
  };
  const bool = (b: boolean) => (messy ? (b ? pick(["sí", "Si", "x", "1"]) : pick(["no", "No", "0"])) : b ? "true" : "false");
  const code = (list: CodeListName) => {
    const def = pick(codeLists[list] as readonly { code: string; es: string }[]);
    return messy && chance(0.5) ? def.es : def.code;
  };

  const registry = join(outDir, "shelters.csv");
  const regHeader = ["shelter_code", "network_code", "network_name", "country", "region_code", "model", "capacity_places", "capacity_rooms", "opened_on", "closed_on", "operator_type", "has_exclusive_coordinator"];
  const reg = shelterCodes.map((s) => [s, "gen-net", "Red sintética", "PE", "PE-LIM", "hrt", 20 + Math.floor(rand() * 20), 8 + Math.floor(rand() * 8), "2015-01-01", null, "subnational_government", true]);
  writeFileSync(registry, toCsvText(regHeader, reg));

  const batchDirs: string[] = [];
  for (const [si, shelter] of shelterCodes.entries()) {
    const dir = join(outDir, shelter);
    mkdirSync(dir, { recursive: true });
    batchDirs.push(dir);
    const delim = messy ? ";" : ",";
    const enc = (latin: boolean) => (messy && latin ? "windows-1252" : "utf-8");
    const stays = new CsvOut(join(dir, "stays.csv"), delim, enc(true), false, stayColumns);
    const children = new CsvOut(join(dir, "children.csv"), delim, enc(seed % 2 === 0), messy, childColumns);
    const assessments = new CsvOut(join(dir, "assessments.csv"), delim, "utf-8", messy, assessmentColumns);
    const followups = new CsvOut(join(dir, "followups.csv"), delim, enc(true), false, followupColumns);
    const surveys = new CsvOut(join(dir, "service_surveys.csv"), delim, "utf-8", false, surveyColumns);
    const count = Math.floor(opts.stays / nShelters) + (si < opts.stays % nShelters ? 1 : 0);
    const prefix = shelter.replace(/[^a-z0-9]/gi, "").toUpperCase();
    let surveySeq = 0;
    for (let i = 0; i < count; i++) {
      const stayId = `${prefix}-${String(i + 1).padStart(7, "0")}`;
      const admission = first + Math.floor(rand() * (last - first - 7));
      const length = 7 + Math.floor(rand() * 170);
      const exit = admission + length <= last && chance(0.9) ? admission + length : null;
      const nChildren = pick([0, 0, 1, 1, 1, 2, 2, 3]);
      const consentFollowup = chance(0.7);
      stays.row([
        stayId,
        `P${((i * 2654435761 + si * 97 + seed) >>> 0).toString(36)}`,
        shelter,
        date(admission),
        exit === null ? null : date(exit),
        code("referral_source"),
        bool(chance(0.6)),
        code("risk_level"),
        pick(["18-24", "25-34", "25-34", "35-44", "45-59"]),
        bool(chance(0.08)),
        bool(chance(0.15)),
        nChildren,
        chance(0.1) ? 1 : 0,
        bool(chance(0.2)),
        exit === null ? null : code("exit_reason"),
        exit === null ? null : bool(chance(0.8)),
        bool(chance(0.85)),
        bool(chance(0.5)),
        bool(chance(0.3)),
        exit === null ? null : bool(chance(0.35)),
        bool(consentFollowup),
        bool(chance(0.6)),
      ]);
      for (let c = 0; c < nChildren; c++) {
        const band = pick(codeLists.child_age_band).code;
        const school = band !== "0-2" && band !== "3-5";
        children.row([
          `${stayId}-C${c + 1}`,
          stayId,
          band,
          school ? bool(chance(0.8)) : null,
          school ? code("schooling_during_stay") : null,
          school ? bool(chance(0.75)) : null,
          bool(chance(0.7)),
        ]);
      }
      const base = Math.floor(rand() * 12) + 6;
      const answers = (level: number) => rosenbergItems.map((_, k) => {
        const reversed = [1, 4, 5, 7, 8].includes(k);
        const v = Math.max(0, Math.min(3, Math.round(level / 10 + rand() * 1.2 - 0.6)));
        return reversed ? 3 - v : v;
      });
      const admissionScore = messy && chance(0.2) ? null : answers(base);
      assessments.row([
        stayId, "rosenberg_ses", messy ? "Ingreso" : "admission", date(admission + Math.floor(rand() * 3)),
        admissionScore === null ? `${base},5` : null, ...(admissionScore ?? rosenbergItems.map(() => null)),
      ]);
      if (exit !== null) {
        assessments.row([stayId, "rosenberg_ses", messy ? "Egreso" : "exit", date(Math.max(admission, exit - Math.floor(rand() * 3))), null, ...answers(base + Math.floor(rand() * 12))]);
        if (consentFollowup && exit + 90 <= last) {
          followups.row([stayId, date(exit + 90), code("contact_mode"), bool(true), bool(chance(0.8)), code("life_plan_progress"), bool(chance(0.1))]);
        }
        if (chance(0.3)) {
          surveySeq += 1;
          surveys.row([`R${surveySeq}`, stayId, date(exit), 5, bool(chance(0.05)), ...surveyItems.map(() => 3 + Math.floor(rand() * 3))]);
        }
      }
    }
    for (const w of [stays, children, assessments, followups, surveys]) w.close();

    const coordinator = new CsvOut(join(dir, "coordinator_surveys.csv"), delim, "utf-8", false, ["shelter_code", "year", "question_code", "answer"]);
    for (let year = Number(periodStart.slice(0, 4)); year <= Number(periodEnd.slice(0, 4)); year++) {
      for (const qc of coordinatorQuestionCodes) coordinator.row([shelter, year, qc, messy ? (chance(0.8) ? "Sí" : "No") : chance(0.8) ? "yes" : "no"]);
    }
    coordinator.close();
    const compliance = new CsvOut(join(dir, "compliance_checks.csv"), delim, "utf-8", false, ["shelter_code", "assessed_on", "table", "item_no", "result"]);
    const checkedOn = Math.min(last, first + 180);
    for (const item of nom217Items) compliance.row([shelter, date(checkedOn), item.table, item.item_no, pick(["yes", "yes", "yes", "no", "na"])]);
    compliance.close();

    const tables: Record<string, { rows: number }> = {};
    for (const [name, w] of [["stays", stays], ["children", children], ["assessments", assessments], ["followups", followups], ["service_surveys", surveys], ["coordinator_surveys", coordinator], ["compliance_checks", compliance]] as const) {
      tables[name] = { rows: w.rows };
    }
    const manifest = { contract_version: "1", shelter_code: shelter, exported_on: exportedOn, period_start: periodStart, period_end: periodEnd, producer: "refugio generate", tables };
    writeFileSync(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return { registryFile: registry, batchDirs, shelterCodes };
}
