import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { codeLists, type CodeDef } from "../contract/codes";
import { allTables, batchTables, derivedKeyColumn, referrals_not_admitted, tableByName, tableInVersion } from "../contract/tables";
import { CONTRACT_VERSION, manifestSchema } from "../contract/zod";
import { normaliseColumnName } from "../normalise/text";
import { renderDataDictionary } from "./dictionary";
import { jsonSchemaFiles } from "./json-schema";
import { REPO_ROOT, TEMPLATES_DIR, buildOutputs, type Output } from "./outputs";
import { manifestExample, templateFiles } from "./templates";
import { WORKBOOK_FILE, normaliseZip } from "./workbook";

// Building the workbook takes a second or more, and longer on a busy CI machine: build once.
const SLOW = 60_000;
let outputs: Output[] = [];
beforeAll(async () => {
  outputs = (await buildOutputs()).outputs;
}, 120_000);
const workbook = (): Buffer => {
  const o = outputs.find((x) => x.path === `${TEMPLATES_DIR}/${WORKBOOK_FILE}`);
  if (!o || !Buffer.isBuffer(o.content)) throw new Error("workbook not built");
  return o.content;
};

describe("generated files", () => {
  it("on disk are what the generator makes (run `npm run generate` if this fails)", () => {
    expect(outputs.length).toBeGreaterThanOrEqual(23);
    for (const o of outputs) {
      const disk = readFileSync(join(REPO_ROOT, o.path));
      const want = Buffer.isBuffer(o.content) ? o.content : Buffer.from(o.content, "utf8");
      expect(disk.equals(want), o.path).toBe(true);
    }
  });
});

describe("data dictionary", () => {
  const md = renderDataDictionary();
  it("says it is generated and covers every table, column and code", () => {
    expect(md).toMatch(/do not edit/);
    expect(md).toMatch(/no editar/);
    for (const t of allTables) {
      expect(md).toContain(`### \`${t.name}\``);
      expect(md).toContain(t.es);
      expect(md).toContain(t.en);
      for (const c of t.columns) if (!/^item_([2-9]|\d\d)$/.test(c.name)) expect(md, `${t.name}.${c.name}`).toContain(`\`${c.name}`);
    }
    for (const [list, defs] of Object.entries(codeLists)) {
      expect(md).toContain(`### \`${list}\``);
      for (const d of defs as readonly CodeDef[]) expect(md).toContain(`| \`${d.code}\` | ${d.es} | ${d.en} |`);
    }
    expect(md).toContain("`shelter_code` + `stay_id` + `child_key`");
  });
  it("lists the reference data", () => {
    expect(md).toContain("| `A5` | 18 | Plan de seguimiento al egreso de la usuaria | Follow-up plan at the user's exit |");
    expect(md).toContain("`aurora-commitments`");
    expect(md).toContain("| `emotional_stability` |");
  });
});

describe("JSON Schema", () => {
  const files = jsonSchemaFiles();
  it("has one schema per table and one for the manifest, matching the descriptors", () => {
    expect(Object.keys(files).sort()).toEqual([...allTables.map((t) => `${t.name}.json`), "manifest.json"].sort());
    for (const t of allTables) {
      const s = JSON.parse(files[`${t.name}.json`] ?? "{}") as {
        required?: string[];
        properties: Record<string, { description?: string; anyOf?: { enum?: string[] }[]; enum?: string[] }>;
        additionalProperties: boolean;
      };
      expect(s.additionalProperties).toBe(false);
      expect([...(s.required ?? [])].sort()).toEqual(t.columns.filter((c) => c.required).map((c) => c.name).sort());
      expect(Object.keys(s.properties)).toEqual(t.columns.map((c) => c.name));
      for (const c of t.columns) {
        const p = s.properties[c.name];
        expect(p?.description).toBe(`${c.es} / ${c.en}`);
        if (c.codes) {
          const en = p?.enum ?? p?.anyOf?.find((a) => a.enum)?.enum;
          expect(en, c.name).toEqual(codeLists[c.codes].map((d) => d.code));
        }
      }
    }
    const manifest = JSON.parse(files["manifest.json"] ?? "{}") as { required: string[] };
    expect(manifest.required).toEqual(["contract_version", "shelter_code", "exported_on", "period_start", "period_end"]);
  });
});

describe("templates", () => {
  const files = templateFiles();
  it("are header-only CSVs with a BOM, one per table, whose header the loader maps to the contract's columns", () => {
    for (const t of allTables) {
      const csv = files[`${t.name}.csv`] ?? "";
      expect(csv.startsWith("\uFEFF")).toBe(true);
      const lines = csv.slice(1).split("\r\n");
      expect(lines).toEqual([t.columns.map((c) => c.name).join(","), ""]);
      // The loader's header matching (with the BOM, as a spreadsheet saves it) names every column.
      const header = csv.split("\r\n")[0]?.split(",") ?? [];
      expect(header.map(normaliseColumnName)).toEqual(t.columns.map((c) => c.name));
    }
  });
  it("ship a manifest example that the manifest schema accepts", () => {
    expect(manifestSchema.safeParse(manifestExample()).success).toBe(true);
    expect(JSON.parse(files["manifest.json"] ?? "")).toEqual(manifestExample());
  });
});

describe("Excel workbook", () => {
  it("has a sheet per table with the contract header and drop-downs for codes and yes/no", { timeout: SLOW }, async () => {
    const buf = workbook();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["leeme", ...allTables.map((t) => t.name), "listas", "codigos"]);
    const stays = wb.getWorksheet("stays");
    const header = (stays?.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(tableByName.stays.columns.map((c) => c.name));
    const dv = (stays as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } })
      .dataValidations.model;
    const referral = 1 + tableByName.stays.columns.findIndex((c) => c.name === "referral_source");
    const letter = String.fromCharCode(64 + referral);
    const v = dv[`${letter}2`] ?? dv[`${letter}2:${letter}2001`];
    expect(v?.type).toBe("list");
    const lists = wb.getWorksheet("listas");
    const listCol = Object.keys(codeLists).indexOf("referral_source") + 1;
    expect(lists?.getCell(1, listCol).value).toBe("referral_source");
    expect(lists?.getCell(2, listCol).value).toBe("comisaria_familia");
    const protection = 1 + tableByName.stays.columns.findIndex((c) => c.name === "protection_order");
    const pl = String.fromCharCode(64 + protection);
    expect((dv[`${pl}2`] ?? dv[`${pl}2:${pl}2001`])?.formulae).toEqual(['"sí,no"']);
  });

  it("is byte-identical across builds: entries carry a fixed date", { timeout: SLOW }, async () => {
    const a = workbook();
    const zip = await JSZip.loadAsync(a);
    const dates = new Set(Object.values(zip.files).map((f) => f.date.toISOString().slice(0, 10)));
    expect([...dates]).toEqual(["2025-01-01"]);
    // re-packing an already normalised zip changes nothing
    expect((await normaliseZip(a)).equals(a)).toBe(true);
  });
});

describe("contract v1.1: the optional referrals_not_admitted table", () => {
  it("is a batch table of v1.1 only, with its reasons as a code list and no direct identifier", () => {
    expect(CONTRACT_VERSION).toBe("1.1");
    expect(batchTables.map((t) => t.name)).toContain("referrals_not_admitted");
    expect(batchTables.filter((t) => !tableInVersion(t, "1")).map((t) => t.name)).toEqual(["referrals_not_admitted"]);
    expect(batchTables.every((t) => tableInVersion(t, "1.1"))).toBe(true);
    expect(tableInVersion(referrals_not_admitted, "2")).toBe(false);
    expect(referrals_not_admitted.columns.map((c) => c.name)).toEqual(["referral_id", "referral_date", "referral_source", "reason", "age_band", "children_count"]);
    expect(codeLists.not_admitted_reason.map((d) => d.code)).toEqual(["no_capacity", "not_eligible", "declined_by_woman", "risk_managed_elsewhere", "other"]);
    // The only text column is the pseudonymous key: nothing free-form that could carry a name.
    // A referral without its id gets one derived from its content, as a survey response does.
    expect(batchTables.map((t) => [t.name, derivedKeyColumn(t)]).filter(([, k]) => k !== null)).toEqual([
      ["service_surveys", "response_id"],
      ["referrals_not_admitted", "referral_id"],
    ]);
    expect(referrals_not_admitted.columns.filter((c) => c.kind === "text").map((c) => [c.name, "format" in c ? c.format : null])).toEqual([["referral_id", "pseudonymous_key"]]);
  });

  it("is generated into the dictionary, the JSON Schema and the templates, marked as v1.1", () => {
    const md = renderDataDictionary();
    expect(md).toContain("contrato / contract v1.1");
    expect(md).toContain("- Desde el contrato / since contract: v1.1.");
    expect(md).toContain("| `no_capacity` | Sin plazas disponibles | No space available |");
    const schema = JSON.parse(jsonSchemaFiles()["referrals_not_admitted.json"] ?? "{}") as Record<string, unknown>;
    expect(schema["x-contract-version"]).toBe("1.1");
    expect(JSON.parse(jsonSchemaFiles()["stays.json"] ?? "{}")["x-contract-version"]).toBe("1");
    expect(templateFiles()["referrals_not_admitted.csv"]).toBe("\uFEFFreferral_id,referral_date,referral_source,reason,age_band,children_count\r\n");
    expect(manifestExample()).toMatchObject({ contract_version: "1.1", tables: { referrals_not_admitted: { rows: 0 } } });
    expect(outputs.map((o) => o.path)).toContain(`${TEMPLATES_DIR}/refugio-plantilla-v1.1.xlsx`);
  });
});
