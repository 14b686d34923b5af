// Registry import/export and the synthetic generator.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { auroraRecommendations } from "@refugio/schemas";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connection";
import { all } from "../../src/db/query";
import { generateBatches } from "../../src/ingest/generate";
import { exportRegistry, importRegistry, RegistryRejectedError } from "../../src/ingest/registry";
import { registryCsv, tempDir } from "./helpers";

const t = tempDir("registry");
afterAll(() => t.cleanup());

describe("registry", () => {
  it("imports shelters and networks (CSV and Parquet), loads the recommendation catalogue, and exports the same registry", async () => {
    const db = await openDatabase(join(t.dir, "reg.duckdb"));
    try {
      const file = join(t.dir, "shelters.csv");
      // Semicolons and Spanish labels are accepted here too.
      writeFileSync(file, `${registryCsv.replaceAll(",", ";").replace("subnational_government", "Gobierno regional")}\n`);
      expect(await importRegistry(db.connection, file, { loadedBy: "test" })).toEqual({ shelters: 2, networks: 1 });
      expect(await all(db.connection, `SELECT * FROM networks`)).toEqual([
        { network_code: "net-t", network_name: "Red de prueba", country: "PE", reporting_period: "quarterly", reporting_due_days: 30 },
      ]);
      expect(await all(db.connection, `SELECT shelter_code, model, operator_type, capacity_places, has_exclusive_coordinator FROM shelters ORDER BY 1`)).toEqual([
        { shelter_code: "t-01", model: "hrt", operator_type: "subnational_government", capacity_places: 20, has_exclusive_coordinator: true },
        { shelter_code: "t-02", model: "casa_refugio", operator_type: "civil_society", capacity_places: 12, has_exclusive_coordinator: false },
      ]);
      const recs = await all<{ n: number }>(db.connection, `SELECT count(*) AS n FROM recommendation_catalogue`);
      expect(recs[0]?.n).toBe(auroraRecommendations.length);

      const out = join(t.dir, "export.csv");
      expect(await exportRegistry(db.connection, out)).toEqual({ shelters: 2 });
      // The network's calendar is written on every row (blank on input: the defaults).
      const withCalendar = registryCsv
        .split("\n")
        .map((line, i) => `${line},${i === 0 ? "reporting_period,reporting_due_days" : "quarterly,30"}`)
        .join("\n");
      expect(readFileSync(out, "utf8")).toBe(`${withCalendar}\n`);

      // Parquet in the same shape, re-importing upserts (capacity changed).
      const parquet = join(t.dir, "shelters.parquet");
      await db.connection.run(`COPY (SELECT * REPLACE (30 AS capacity_places) FROM read_csv($p) WHERE shelter_code = 't-01') TO '${parquet}' (FORMAT parquet)`, { p: out });
      expect(await importRegistry(db.connection, parquet, { loadedBy: "test" })).toEqual({ shelters: 1, networks: 1 });
      expect(await all(db.connection, `SELECT capacity_places FROM shelters WHERE shelter_code = 't-01'`)).toEqual([{ capacity_places: 30 }]);
      expect((await all(db.connection, `SELECT count(*) AS n FROM shelters`))[0]).toEqual({ n: 2 });
    } finally {
      db.close();
    }
  });

  it("rejects a registry with bad codes or an address column, changing nothing", async () => {
    const db = await openDatabase(join(t.dir, "reg-bad.duckdb"));
    try {
      const file = join(t.dir, "bad.csv");
      writeFileSync(file, `${registryCsv.split("\n")[0]},direccion\nt-09,net-t,,PE,PE-CUS,castle,,,,,,,Av. Siempre Viva 742\n`);
      const error = await importRegistry(db.connection, file, { loadedBy: "test" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RegistryRejectedError);
      const problems = (error as RegistryRejectedError).problems;
      expect(problems.map((p) => p.column).sort()).toEqual(["direccion", "model"]);
      expect(JSON.stringify(problems)).not.toContain("Siempre Viva");
      expect(await all(db.connection, `SELECT count(*) AS n FROM shelters`)).toEqual([{ n: 0 }]);
    } finally {
      db.close();
    }
  });
});

describe("submission calendar", () => {
  const header = `${registryCsv.split("\n")[0] ?? ""},reporting_period,reporting_due_days`;
  const rows = registryCsv.split("\n").slice(1);
  it("is declared per network in the registry; a blank keeps what was declared before", async () => {
    const db = await openDatabase(join(t.dir, "cal.duckdb"));
    try {
      const file = join(t.dir, "cal.csv");
      writeFileSync(file, `${header}\n${rows.map((r, i) => `${r},${i === 0 ? "Mensual" : ""},${i === 0 ? "10" : ""}`).join("\n")}\n`);
      await importRegistry(db.connection, file, { loadedBy: "test" });
      expect(await all(db.connection, `SELECT reporting_period, reporting_due_days FROM networks`)).toEqual([{ reporting_period: "monthly", reporting_due_days: 10 }]);
      writeFileSync(file, `${header}\n${rows.map((r) => `${r},,`).join("\n")}\n`);
      await importRegistry(db.connection, file, { loadedBy: "test" });
      expect(await all(db.connection, `SELECT reporting_period, reporting_due_days FROM networks`)).toEqual([{ reporting_period: "monthly", reporting_due_days: 10 }]);
      const out = join(t.dir, "cal-export.csv");
      await exportRegistry(db.connection, out);
      expect(readFileSync(out, "utf8").split("\n")[1]).toMatch(/,monthly,10$/);
    } finally {
      db.close();
    }
  });

  it("refuses rows of one network that declare different calendars or unknown periods", async () => {
    const db = await openDatabase(join(t.dir, "cal-bad.duckdb"));
    try {
      const file = join(t.dir, "cal-bad.csv");
      writeFileSync(file, `${header}\n${rows.map((r, i) => `${r},${i === 0 ? "monthly" : "quarterly"},30`).join("\n")}\n`);
      const error = await importRegistry(db.connection, file, { loadedBy: "test" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RegistryRejectedError);
      expect((error as RegistryRejectedError).problems.map((p) => [p.line, p.column])).toEqual([
        [2, "reporting_period"],
        [3, "reporting_period"],
      ]);
      writeFileSync(file, `${header}\n${rows.map((r) => `${r},weekly,30`).join("\n")}\n`);
      const unknown = await importRegistry(db.connection, file, { loadedBy: "test" }).catch((e: unknown) => e);
      expect((unknown as RegistryRejectedError).problems.map((p) => p.column)).toContain("reporting_period");
      expect(await all(db.connection, `SELECT count(*) AS n FROM shelters`)).toEqual([{ n: 0 }]);
    } finally {
      db.close();
    }
  });
});

describe("generate", () => {
  const digest = (dir: string) => {
    const h = createHash("sha256");
    for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(join(dir, f)));
    return h.digest("hex");
  };
  it("is deterministic for a seed and writes messy files the way spreadsheets do", () => {
    const a = generateBatches(join(t.dir, "a"), { stays: 500, seed: 3, shelters: 2 });
    const b = generateBatches(join(t.dir, "b"), { stays: 500, seed: 3, shelters: 2 });
    const c = generateBatches(join(t.dir, "c"), { stays: 500, seed: 4, shelters: 2 });
    expect(a.shelterCodes).toEqual(["gen-01", "gen-02"]);
    expect(digest(a.batchDirs[0] ?? "")).toBe(digest(b.batchDirs[0] ?? ""));
    expect(digest(a.batchDirs[0] ?? "")).not.toBe(digest(c.batchDirs[0] ?? ""));
    const manifest = JSON.parse(readFileSync(join(a.batchDirs[1] ?? "", "manifest.json"), "utf8")) as { tables: { stays: { rows: number } } };
    expect(manifest.tables.stays.rows).toBe(250);

    const m = generateBatches(join(t.dir, "m"), { stays: 300, seed: 3, messy: true });
    const stays = readFileSync(join(m.batchDirs[0] ?? "", "stays.csv"));
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(stays)).toThrow();
    const text = new TextDecoder("windows-1252").decode(stays);
    expect(text.split("\n")[0]).toContain(";");
    expect(text).toMatch(/;\d\d\/\d\d\/\d{4};/);
    expect(readFileSync(join(m.batchDirs[0] ?? "", "assessments.csv")).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});
