// `refugio export` on the demo network, checked from the output files alone (./checker.ts).
// Before exporting, the test marks every stay without research consent with a pattern no
// consenting stay has (four released yes/no fields all empty), so their absence shows in the files.
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { createDemo } from "../../src/demo/create";
import { capture } from "../demo/capture";
import { keysOf, openExport, problems, readTruth, type OpenedExport, type Truth } from "./checker";

const dir = mkdtempSync(join(tmpdir(), "refugio-export-cli-"));
const dbPath = join(dir, "demo.duckdb");
let truth: Truth;

/** The marker: consenting stays get every one of these four fields, the others none. */
async function markConsent(conn: DuckDBConnection): Promise<void> {
  await conn.run(`UPDATE stays SET protection_order = NULL, legal_representation = NULL, exit_plan_done = NULL, safety_plan_done = NULL WHERE consent_research IS NOT TRUE`);
  await conn.run(`UPDATE stays SET protection_order = coalesce(protection_order, false) WHERE consent_research IS TRUE`);
}

async function exportOnce(args: string[]): Promise<{ x: OpenedExport; out: string; err: string; code: number }> {
  const out = mkdtempSync(join(dir, "out-"));
  const r = await capture(() => main(["export", "--db", dbPath, "--out", out, ...args]));
  if (r.code !== 0) throw new Error(`refugio export failed (${r.code}): ${r.err}`);
  const [zip] = readdirSync(out).filter((f) => f.endsWith(".zip"));
  return { x: await openExport(new Uint8Array(readFileSync(join(out, zip as string)))), ...r };
}

let first: Awaited<ReturnType<typeof exportOnce>>;
let second: Awaited<ReturnType<typeof exportOnce>>;
let diverse: Awaited<ReturnType<typeof exportOnce>>;
let chosen: Awaited<ReturnType<typeof exportOnce>>;

beforeAll(async () => {
  await createDemo(dbPath, { scale: 0.2, seed: 3, today: "2025-06-30" });
  truth = await readTruth(dbPath, markConsent);
  first = await exportOnce([]);
  second = await exportOnce([]);
  diverse = await exportOnce(["--k", "4", "--l", "2"]);
  chosen = await exportOnce(["--tables", "stays,followups", "--variables", "exit_reason,rse_change", "--from", "2023-01-01", "--to", "2024-12-31"]);
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("refugio export (demo network, checked from the files alone)", () => {
  it("k = 5: every class ≥ 5, no identifier, no exact date, no formula cell, manifest counts and hashes right", () => {
    expect(problems(first.x, truth)).toEqual([]);
    expect(first.x.manifest.request.k).toBe(5);
    expect(first.x.csv.stays?.rows.length).toBeGreaterThan(100);
    expect(first.out).toMatch(/manifest\.json SHA-256: [0-9a-f]{64}/);
    expect(first.err).toMatch(/search \d\/\d/);
  });

  it("k = 4 with l = 2: l-diversity of exit_reason and risk_level holds in every class", () => {
    expect(problems(diverse.x, truth)).toEqual([]);
    expect(diverse.x.manifest.privacy.l).toBe(2);
    expect(diverse.x.manifest.privacy.quasi_identifiers).not.toContain("risk_level");
  });

  it("tables, variables and period as asked; exit reason's diversity reported even without l", () => {
    expect(problems(chosen.x, { ...truth, consenting: chosen.x.manifest.counts.stays_consenting, withoutConsent: chosen.x.manifest.counts.stays_without_consent ?? -1 })).toEqual([]);
    expect(Object.keys(chosen.x.csv).sort()).toEqual(["followups", "stays"]);
    expect(chosen.x.csv.stays?.header).toEqual(["stay_key", "region", "model", "age_band", "admission_month", "exit_month", "disability", "minority_language", "children", "risk_level", "exit_reason", "rse_change"]);
    // A period selects fewer stays than the whole database.
    expect(chosen.x.manifest.counts.stays_consenting).toBeLessThan(truth.consenting);
    expect(first.x.manifest.privacy.l).toBeNull();
    expect((first.x.manifest.privacy as unknown as { l_reached: Record<string, number> }).l_reached.exit_reason).toBeGreaterThanOrEqual(1);
  });

  it("stays without research consent are absent (none carries their marker)", () => {
    for (const x of [first.x, second.x, diverse.x]) {
      const marked = (x.csv.stays?.rows ?? []).filter((r) => r.protection_order === "" && r.legal_representation === "" && r.exit_plan_done === "" && r.safety_plan_done === "");
      expect(marked).toEqual([]);
      expect(x.manifest.counts.stays_without_consent).toBe(truth.withoutConsent);
      expect(truth.withoutConsent).toBeGreaterThan(0);
    }
  });

  it("two exports of the same request share no key", () => {
    const a = keysOf(first.x);
    const b = keysOf(second.x);
    expect(a.size).toBeGreaterThan(100);
    expect([...a].filter((k) => b.has(k))).toEqual([]);
    // Same request, same anonymisation: only the keys differ.
    expect(second.x.manifest.privacy.generalisations).toEqual(first.x.manifest.privacy.generalisations);
    expect(second.x.manifest.counts).toEqual(first.x.manifest.counts);
  });

  it("the codebook is in Spanish and English and names every column", () => {
    const es = new TextDecoder().decode(first.x.files["codebook.es.md"]);
    const en = new TextDecoder().decode(first.x.files["codebook.en.md"]);
    for (const col of first.x.csv.stays?.header ?? []) {
      expect(es).toContain(`\`${col}\``);
      expect(en).toContain(`\`${col}\``);
    }
    expect(es).toContain("Libro de códigos");
    expect(en).toContain("Codebook");
  });

  it("periods are whole months; fewer than k stays without consent are not shown", async () => {
    const day = await capture(() => main(["export", "--db", dbPath, "--out", dir, "--from", "2024-03-05", "--to", "2024-03-31"]));
    expect(day.code).toBe(2);
    expect(day.err).toMatch(/the period starts on the 1st of a month/);
    // Every stay of one region consents except two: their count (2 < k) is hidden, and so the total.
    const instance = await DuckDBInstance.create(dbPath);
    const conn = await instance.connect();
    let region = "";
    try {
      const r = (await conn.runAndReadAll(`SELECT region_code FROM shelters GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)).getRowObjectsJson()[0];
      region = String(r?.region_code);
      await conn.run(`UPDATE stays SET consent_research = true, protection_order = coalesce(protection_order, false) WHERE shelter_code IN (SELECT shelter_code FROM shelters WHERE region_code = $r)`, { r: region });
      await conn.run(`UPDATE stays SET consent_research = false WHERE stay_id IN (SELECT stay_id FROM stays s JOIN shelters USING (shelter_code) WHERE region_code = $r ORDER BY stay_id LIMIT 2)`, { r: region });
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
    const few = await exportOnce(["--region", region]);
    expect(few.x.manifest.counts.stays_without_consent).toBeNull();
    expect(few.x.manifest.counts.stays_selected).toBeNull();
    expect(few.out).toMatch(/sin consentimiento \/ without consent < 5/);
  });

  it("refuses k below 3 and documents itself in --help", async () => {
    const low = await capture(() => main(["export", "--db", dbPath, "--out", dir, "--k", "2"]));
    expect(low.code).toBe(2);
    expect(low.err).toMatch(/k no puede ser menor que 3 \/ k cannot be below 3/);
    const help = await capture(() => main(["export", "--help"]));
    expect(help.out).toMatch(/--out DIR.*--k N.*--l N.*--from.*--to.*--network.*--tables/s);
    const top = await capture(() => main(["--help"]));
    expect(top.out).toMatch(/export\s+Anonymised research microdata/);
  });
});
