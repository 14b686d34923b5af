// stay_facts: one row per stay with everything the per-stay indicators read.
import { rosenbergSes, rciThreshold, scoreInstrument } from "@refugio/metrics";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connection";
import { RECORD_KEY_SECRET, refreshStayFacts } from "../../src/db/facts";
import { all, one, run } from "../../src/db/query";
import { addStays, memoryDb } from "./fixtures";
import { H1_S1_ADMISSION, H1_S1_EXIT, loadScenario } from "./scenario";

let db: Database;
type Fact = Record<string, string | number | boolean | null>;
const fact = async (shelter: string, stay: string): Promise<Fact> => {
  const row = await one<Fact>(db.connection, `SELECT * FROM stay_facts WHERE shelter_code = $s AND stay_id = $t`, { s: shelter, t: stay });
  if (!row) throw new Error(`no stay_facts row for ${shelter}/${stay}`);
  return row;
};

beforeAll(async () => {
  db = await memoryDb();
  await loadScenario(db);
});
afterAll(() => db.close());

describe("stay_facts", () => {
  it("has one row per stay, with registry attributes copied in", async () => {
    const n = await one<{ facts: number; stays: number }>(db.connection, `SELECT (SELECT count(*) FROM stay_facts) AS facts, (SELECT count(*) FROM stays) AS stays`);
    expect(n?.facts).toBe(n?.stays);
    expect(n?.facts).toBe(10);
    const c1 = await fact("c1", "s1");
    expect([c1.network_code, c1.country, c1.region_code, c1.model]).toEqual(["net-b", "CO", "CO-DC", "casa_refugio"]);
  });

  it("computes length of stay across a leap day and the exit period parts", async () => {
    const s2 = await fact("h1", "s2");
    expect(s2.length_of_stay_days).toBe(31); // 2024-02-29 → 2024-03-31
    expect([s2.exit_year, s2.exit_quarter, s2.exit_month]).toEqual([2024, 1, 3]);
    const open = await fact("h1", "s3");
    expect(open.length_of_stay_days).toBeNull();
    expect(open.over_limit).toBeNull();
  });

  it("applies the model's stay limit, with extension", async () => {
    const over = await fact("c1", "s1");
    expect([over.length_of_stay_days, over.stay_limit_days, over.over_limit]).toEqual([137, 120, true]);
    const extended = await fact("c1", "s2");
    expect([extended.length_of_stay_days, extended.stay_limit_days, extended.over_limit]).toEqual([166, 180, false]);
    const nom = await fact("r1", "s2");
    expect([nom.length_of_stay_days, nom.stay_limit_days, nom.over_limit]).toEqual([90, 90, false]);
    const hrt = await fact("h1", "s1");
    expect([hrt.stay_limit_days, hrt.over_limit]).toEqual([null, null]);
  });

  it("scores Rosenberg in SQL exactly as the instruments module does (reverse items, prorating, total_score)", async () => {
    const s1 = await fact("h1", "s1");
    const adm = scoreInstrument(rosenbergSes, H1_S1_ADMISSION).total;
    const ex = scoreInstrument(rosenbergSes, H1_S1_EXIT).total;
    expect(adm).not.toBeNull();
    expect(s1.rse_admission).toBe(adm);
    expect(s1.rse_exit).toBe(ex); // one item missing: prorated
    expect(s1.rse_change).toBe((ex ?? 0) - (adm ?? 0));
    expect(s1.rse_rci_improved).toBe((ex ?? 0) - (adm ?? 0) > rciThreshold(rosenbergSes));
    const c1 = await fact("c1", "s1");
    expect([c1.rse_admission, c1.rse_exit, c1.rse_change, c1.rse_rci_improved]).toEqual([10, 25, 15, true]);
    const h2 = await fact("h2", "s1");
    expect([h2.rse_admission, h2.rse_exit, h2.rse_change, h2.rse_rci_improved]).toEqual([12, null, null, null]);
  });

  it("matches scoreInstrument on random answer patterns, including too many missing and out-of-range answers", async () => {
    const t = await memoryDb();
    try {
      await addStays(t, [{ shelter_code: "x", stay_id: "a", admission_date: "2024-01-01" }]);
      const patterns: (number | null)[][] = [];
      let seed = 7;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      for (let i = 0; i < 60; i++) patterns.push(Array.from({ length: 10 }, () => (rnd() < 0.12 ? null : Math.floor(rnd() * 4))));
      patterns.push([0, 0, 0, 0, 0, 0, 0, 0, 0, 9]);
      const cols = Array.from({ length: 10 }, (_, i) => `item_${i + 1}`).join(", ");
      for (const [i, p] of patterns.entries()) {
        await run(
          t.connection,
          `INSERT INTO assessments (shelter_code, stay_id, instrument, timepoint, assessed_on, ${cols}, batch_id)
           VALUES ('x', $stay, 'rosenberg_ses', 'admission', DATE '2024-01-01', ${p.map((_, j) => `$i${j}`).join(", ")}, 'f')`,
          { stay: `a${i}`, ...Object.fromEntries(p.map((v, j) => [`i${j}`, v])) },
        );
        await run(t.connection, `INSERT INTO stays (shelter_code, stay_id, person_key, admission_date, batch_id) VALUES ('x', $s, 'p', DATE '2024-01-01', 'f')`, { s: `a${i}` });
      }
      await refreshStayFacts(t.connection, "all");
      const rows = await all<{ stay_id: string; rse_admission: number | null }>(t.connection, `SELECT stay_id, rse_admission FROM stay_facts WHERE stay_id <> 'a'`);
      expect(rows).toHaveLength(patterns.length);
      for (const r of rows) {
        const p = patterns[Number(r.stay_id.slice(1))] ?? [];
        expect(r.rse_admission, `${r.stay_id} ${JSON.stringify(p)}`).toBe(scoreInstrument(rosenbergSes, p).total);
      }
    } finally {
      t.close();
    }
  });

  it("derives follow-up facts: 182 days is six months, 181 is not; the latest achieved contact counts", async () => {
    const h1 = await fact("h1", "s1");
    expect([h1.followup_contacts, h1.followup_6m_achieved, h1.followup_safe, h1.followup_recurrence]).toEqual([2, false, false, null]);
    expect(h1.reference_date).toBe("2024-07-10");
    expect(h1.followup_eligible).toBe(true); // exit 2024-01-10 + 182 = 2024-07-10
    const c1 = await fact("c1", "s1");
    expect([c1.followup_6m_achieved, c1.followup_safe, c1.followup_recurrence, c1.followup_latest_date]).toEqual([true, true, false, "2024-08-15"]);
    expect((await fact("c1", "s2")).followup_eligible).toBe(false);
    expect((await fact("h1", "s3")).followup_eligible).toBeNull(); // open stay
  });

  it("uses the shelter's latest exported_on from load_log as the reference date when there is one", async () => {
    await run(
      db.connection,
      `INSERT INTO load_log (batch_id, shelter_code, loaded_by, loaded_at, content_hash, contract_version, exported_on, counts)
       VALUES ('b1', 'h2', 'test', now(), 'x', '1', DATE '2024-12-31', '{}')`,
    );
    await refreshStayFacts(db.connection, ["h2"]);
    const h2 = await fact("h2", "s1");
    expect(h2.reference_date).toBe("2024-12-31");
    expect(h2.followup_eligible).toBe(true);
  });

  it("counts children rows and school continuity of school-age children enrolled at admission", async () => {
    const h2 = await fact("h2", "s1");
    expect([h2.children_rows, h2.school_enrolled, h2.school_known, h2.school_kept]).toEqual([2, 1, 1, 0]);
    const c1 = await fact("c1", "s1");
    expect([c1.children_rows, c1.school_enrolled, c1.school_known, c1.school_kept]).toEqual([1, 1, 0, 0]);
    const h1s2 = await fact("h1", "s2");
    expect([h1s2.children_rows, h1s2.school_enrolled]).toEqual([0, 0]);
  });

  it("stores record keys as recordKeySql defines them (last byte of MD5, checked with node:crypto) and a secret kept in meta", async () => {
    const secret = await one<{ value: string }>(db.connection, `SELECT value FROM meta WHERE key = $k`, { k: RECORD_KEY_SECRET });
    expect(secret?.value).toMatch(/^[0-9a-f]{64}$/);
    const rows = await all<{ shelter_code: string; stay_id: string; record_key: number }>(db.connection, `SELECT shelter_code, stay_id, record_key FROM stay_facts`);
    const md5Key = (text: string) => createHash("md5").update(text, "utf8").digest()[15];
    for (const r of rows) expect(r.record_key).toBe(md5Key(`${secret?.value ?? ""}\u001f${r.shelter_code}\u001f${r.stay_id}`));
  });

  it("refreshes only the shelters asked for, is idempotent, and reads the stay's own columns live", async () => {
    const before = await all(db.connection, `SELECT * FROM stay_facts ORDER BY shelter_code, stay_id`);
    const childCount = async (shelter: string, stay: string) => (await fact(shelter, stay)).children_rows;
    const h1Before = await childCount("h1", "s3");
    const r1Before = await childCount("r1", "s1");
    const addChild = (shelter: string, stay: string) =>
      run(db.connection, `INSERT INTO children (shelter_code, child_key, stay_id, age_band, batch_id) VALUES ($s, 'extra', $t, '0-2', 't')`, { s: shelter, t: stay });
    await addChild("h1", "s3");
    await addChild("r1", "s1");
    await run(db.connection, `UPDATE stays SET exit_date = DATE '2024-03-02' WHERE shelter_code = 'r1' AND stay_id = 's1'`);
    await refreshStayFacts(db.connection, ["h1"]);
    expect(await childCount("h1", "s3")).toBe(Number(h1Before) + 1);
    expect(await childCount("r1", "s1")).toBe(r1Before); // r1's derived facts not refreshed
    expect((await fact("r1", "s1")).exit_date).toBe("2024-03-02"); // the stay's own columns are live
    await run(db.connection, `DELETE FROM children WHERE child_key = 'extra'`);
    await run(db.connection, `UPDATE stays SET exit_date = DATE '2024-04-15' WHERE shelter_code = 'r1' AND stay_id = 's1'`);
    await refreshStayFacts(db.connection, "all");
    await refreshStayFacts(db.connection, "all");
    expect(await all(db.connection, `SELECT * FROM stay_facts ORDER BY shelter_code, stay_id`)).toEqual(before);
  });

  it("runs inside the caller's transaction: a rollback leaves no derived facts behind", async () => {
    const t = await memoryDb();
    try {
      await addStays(t, [{ shelter_code: "x", stay_id: "a", admission_date: "2024-01-01" }]);
      const derived = async () => (await one<{ n: number }>(t.connection, `SELECT count(record_key) AS n FROM stays`))?.n;
      expect(await derived()).toBe(0);
      await run(t.connection, "BEGIN TRANSACTION");
      await refreshStayFacts(t.connection, ["x"]);
      expect(await derived()).toBe(1);
      await run(t.connection, "ROLLBACK");
      expect(await derived()).toBe(0);
    } finally {
      t.close();
    }
  });
});
