// Schema step 10: each stay carries its shelter's registry attributes, stay limit and reference
// date, copied at load, and the stay_facts view reads them instead of joining three tables on
// every statement. Upgrading a version-9 database gives the same stay_facts rows; the copies follow
// a registry import that moves a shelter to another region and model, and a later load that moves
// its reference date.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/connection";
import { PERSON_ID_SCHEMA, refreshStayFacts } from "../../src/db/facts";
import { SCHEMA_VERSION, schemaVersion } from "../../src/db/migrations";
import { all, one, run } from "../../src/db/query";
import { importRegistry } from "../../src/ingest/registry";
import { addShelters, addStays, memoryDb, refresh } from "./fixtures";
import { loadScenario } from "./scenario";

const dir = mkdtempSync(join(tmpdir(), "refugio-stay-copies-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COPIES = ["network_code", "country", "region_code", "model", "stay_limit_days", "reference_date"];
const viewSql = async (db: Database) => (await one<{ sql: string }>(db.connection, `SELECT sql FROM duckdb_views() WHERE view_name = 'stay_facts'`))?.sql ?? "";

describe("schema step 10 (copies of the registry on the stays)", () => {
  it.each([["read-write", false], ["read-only", true]])("upgrades a version-9 database opened %s to the same stay_facts rows", async (label, readOnly) => {
    const path = join(dir, `v9-${label}.duckdb`);
    let before: Record<string, unknown>[];
    const setup = await openDatabase(path);
    try {
      await loadScenario(setup);
      expect(await viewSql(setup)).not.toContain("JOIN");
      before = await all(setup.connection, `SELECT * FROM stay_facts ORDER BY shelter_code, stay_id`);
      // As version 9 left it: the view joined the registry, limits and reference dates.
      const joinedView = PERSON_ID_SCHEMA.at(-1) ?? "";
      expect(joinedView).toContain("LEFT JOIN shelters");
      for (const name of COPIES) await run(setup.connection, `ALTER TABLE stays DROP COLUMN ${name}`);
      await run(setup.connection, joinedView);
      await run(setup.connection, `INSERT OR REPLACE INTO meta VALUES ('schema_version', '9')`);
      expect(await all(setup.connection, `SELECT * FROM stay_facts ORDER BY shelter_code, stay_id`)).toEqual(before);
    } finally {
      setup.close();
    }
    const db = await openDatabase(path, { readOnly });
    try {
      expect(await schemaVersion(db.connection)).toBe(SCHEMA_VERSION);
      expect(await viewSql(db)).not.toContain("JOIN");
      expect(await all(db.connection, `SELECT * FROM stay_facts ORDER BY shelter_code, stay_id`)).toEqual(before);
      // The scenario's limits (casa_refugio: 120 days, 180 with an extension) reached the copies.
      expect(await all(db.connection, `SELECT stay_id, stay_limit_days, over_limit FROM stay_facts WHERE shelter_code = 'c1' ORDER BY stay_id`)).toEqual([
        { stay_id: "s1", stay_limit_days: 120, over_limit: true },
        { stay_id: "s2", stay_limit_days: 180, over_limit: false },
      ]);
    } finally {
      db.close();
    }
  });

  it("follow a registry import that moves a shelter to another region and model", async () => {
    const db = await openDatabase(join(dir, "registry.duckdb"));
    try {
      const header = "shelter_code,network_code,network_name,country,region_code,model,capacity_places,capacity_rooms,opened_on,closed_on,operator_type,has_exclusive_coordinator";
      const registry = (region: string, model: string) => {
        const file = join(dir, `registry-${region}-${model}.csv`);
        writeFileSync(file, `${header}\nt-01,net-t,Red de prueba,PE,${region},${model},20,8,2015-01-01,,civil_society,true\n`);
        return file;
      };
      await importRegistry(db.connection, registry("PE-CUS", "hrt"), { loadedBy: "test" });
      await run(
        db.connection,
        `INSERT INTO stays (stay_id, person_key, shelter_code, admission_date, exit_date, exit_reason, batch_id)
         VALUES ('s1', 'k1', 't-01', DATE '2024-01-01', DATE '2024-06-30', 'plan_completed', 'b1')`,
      );
      await refreshStayFacts(db.connection, ["t-01"]);
      const facts = () => one<Record<string, unknown>>(db.connection, `SELECT region_code, model, stay_limit_days, over_limit FROM stay_facts`);
      expect(await facts()).toEqual({ region_code: "PE-CUS", model: "hrt", stay_limit_days: null, over_limit: null });
      await importRegistry(db.connection, registry("PE-LIM", "casa_refugio"), { loadedBy: "test" });
      // 181 days against casa_refugio's 120.
      expect(await facts()).toEqual({ region_code: "PE-LIM", model: "casa_refugio", stay_limit_days: 120, over_limit: true });
    } finally {
      db.close();
    }
  });

  it("follow a later load that moves the shelter's reference date (follow-up eligibility)", async () => {
    const t = await memoryDb();
    try {
      await addShelters(t, [{ shelter_code: "a" }]);
      await addStays(t, [{ shelter_code: "a", stay_id: "1", admission_date: "2024-01-10", exit_date: "2024-03-02", exit_reason: "plan_completed" }]);
      await refresh(t);
      const facts = () => one<Record<string, unknown>>(t.connection, `SELECT CAST(reference_date AS VARCHAR) AS reference_date, followup_eligible FROM stay_facts WHERE stay_id = '1'`);
      expect(await facts()).toEqual({ reference_date: "2024-03-02", followup_eligible: false });
      // A later stay of the same shelter moves its latest date past exit + 182 days.
      await addStays(t, [{ shelter_code: "a", stay_id: "2", admission_date: "2024-09-10" }]);
      await refreshStayFacts(t.connection, ["a"]);
      expect(await facts()).toEqual({ reference_date: "2024-09-10", followup_eligible: true });
    } finally {
      t.close();
    }
  });
});
