// Load semantics: idempotent reloads, snapshot replacement of a stay, dry runs, several batches
// in one call, load_log bookkeeping.
import { join } from "node:path";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connection";
import { dataVersion } from "../../src/db/migrations";
import { all } from "../../src/db/query";
import { ingestBatches } from "../../src/ingest/ingest";
import { SHELTER, assessmentRows, childrenRows, csv, dbWithRegistry, followupRows, goodFiles, snapshot, staysRows, tempDir, writeBatchDir } from "./helpers";

const t = tempDir("load");
const uniqueKeys: Record<string, string> = {
  stays: "shelter_code, stay_id",
  children: "shelter_code, stay_id, child_key",
  assessments: "shelter_code, stay_id, instrument, timepoint",
  followups: "shelter_code, stay_id, contact_date",
  stay_facts: "shelter_code, stay_id",
};
let db: Database;
beforeAll(async () => {
  db = await dbWithRegistry(t.dir);
});
afterAll(() => {
  try {
    db?.close();
  } finally {
    t.cleanup();
  }
});

describe("loading", () => {
  it("a dry run validates and writes nothing", async () => {
    const dir = writeBatchDir(join(t.dir, "dry"), { files: goodFiles() });
    const before = await snapshot(db);
    const r = await ingestBatches(db.connection, [dir], { loadedBy: "test", dryRun: true });
    expect(r).toMatchObject({ ok: true, dry_run: true });
    expect(r.batches[0]?.status).toBe("valid");
    expect(r.tables.stays?.read).toBe(2);
    expect(await snapshot(db)).toEqual(before);
  });

  it("loads a batch, records it in load_log, and loading it again changes nothing", async () => {
    const dir = writeBatchDir(join(t.dir, "first"), { files: goodFiles() });
    const v0 = await dataVersion(db.connection);
    const r = await ingestBatches(db.connection, [dir], { loadedBy: "ana" });
    expect(r.ok).toBe(true);
    expect(r.batches[0]).toMatchObject({ status: "loaded", shelter_code: SHELTER });
    expect(r.tables).toMatchObject({ stays: { read: 2, inserted: 2, replaced: 0 }, children: { inserted: 1 }, assessments: { inserted: 2 }, followups: { inserted: 1 } });
    expect(await dataVersion(db.connection)).toBe(v0 + 1);
    const log = await all(db.connection, `SELECT batch_id, loaded_by, content_hash, counts, replaced_stays FROM load_log`);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ batch_id: r.batches[0]?.batch_id, loaded_by: "ana", content_hash: r.batches[0]?.content_hash, replaced_stays: 0 });
    const batchIds = await all(db.connection, `SELECT DISTINCT batch_id FROM stays UNION SELECT DISTINCT batch_id FROM children`);
    expect(batchIds).toEqual([{ batch_id: r.batches[0]?.batch_id }]);

    const before = await snapshot(db);
    const again = await ingestBatches(db.connection, [dir], { loadedBy: "ana" });
    expect(again.ok).toBe(true);
    expect(again.batches[0]?.status).toBe("unchanged");
    expect(await snapshot(db)).toEqual(before);
    expect(await dataVersion(db.connection)).toBe(v0 + 1);
  });

  it("a later batch with the closed stay replaces the open one and all its child rows", async () => {
    // S2 was open (no exit) with no children; now it comes closed, with a child and assessments.
    const stays = staysRows.map((r) => [...r]);
    const s2 = stays[2] ?? [];
    s2[4] = "2024-04-30";
    s2[9] = "1";
    s2[10] = "voluntary_early";
    const dir = writeBatchDir(join(t.dir, "second"), {
      manifest: { exported_on: "2024-12-31" },
      files: {
        "stays.csv": csv([stays[0] ?? [], s2]),
        "children.csv": csv([childrenRows[0] ?? [], ["C7", "S2", "0-2", ""]]),
        "assessments.csv": csv([assessmentRows[0] ?? [], ["S2", "rosenberg_ses", "admission", "2024-02-02", "11"]]),
      },
    });
    const r = await ingestBatches(db.connection, [dir], { loadedBy: "ana" });
    expect(r.problems).toEqual([]);
    expect(r.batches[0]).toMatchObject({ status: "loaded", replaced_stays: 1 });
    expect(r.tables.stays).toEqual({ read: 1, inserted: 1, replaced: 1 });
    const rows = await all(db.connection, `SELECT stay_id, exit_date, exit_reason, batch_id FROM stays ORDER BY stay_id`);
    expect(rows).toEqual([
      expect.objectContaining({ stay_id: "S1", exit_date: "2024-03-01" }),
      { stay_id: "S2", exit_date: "2024-04-30", exit_reason: "voluntary_early", batch_id: r.batches[0]?.batch_id },
    ]);
    expect(await all(db.connection, `SELECT child_key FROM children ORDER BY child_key`)).toEqual([{ child_key: "C1" }, { child_key: "C7" }]);
    // S1's rows came from the first batch and are untouched.
    expect((await all(db.connection, `SELECT count(*) AS n FROM assessments WHERE stay_id = 'S1'`))[0]).toEqual({ n: 2 });
    const log = await all<{ replaced_stays: number }>(db.connection, `SELECT replaced_stays FROM load_log ORDER BY loaded_at`);
    expect(log.map((l) => l.replaced_stays)).toEqual([0, 1]);
  });

  it("a batch of follow-ups alone may point to stays stored before", async () => {
    const dir = writeBatchDir(join(t.dir, "followups-only"), {
      files: { "followups.csv": csv([...followupRows, ["S2", "2024-08-01", "visita", "sí"]]) },
    });
    const r = await ingestBatches(db.connection, [dir], { loadedBy: "ana" });
    expect(r.problems).toEqual([]);
    // S1's follow-up has the same key: replaced, not duplicated.
    expect(r.tables.followups).toEqual({ read: 2, inserted: 2, replaced: 1 });
    expect(await all(db.connection, `SELECT stay_id, mode FROM followups ORDER BY stay_id`)).toEqual([
      { stay_id: "S1", mode: "phone" },
      { stay_id: "S2", mode: "visit" },
    ]);
  });

  it("several batches in one call are all or nothing", async () => {
    const good = writeBatchDir(join(t.dir, "multi-good"), {
      manifest: { shelter_code: "t-02" },
      files: { "stays.csv": csv([["stay_id", "person_key", "shelter_code", "admission_date"], ["M1", "PM", "t-02", "2024-03-03"]]) },
    });
    const bad = writeBatchDir(join(t.dir, "multi-bad"), {
      manifest: { shelter_code: "t-02", exported_on: "2024-12-30" },
      files: { "stays.csv": csv([["stay_id", "person_key", "shelter_code", "admission_date"], ["M2", "PM", "t-02", "yesterday"]]) },
    });
    const before = await snapshot(db);
    const r = await ingestBatches(db.connection, [good, bad], { loadedBy: "ana" });
    expect(r.ok).toBe(false);
    expect(r.batches.map((b) => b.status)).toEqual(["valid", "rejected"]);
    expect(await snapshot(db)).toEqual(before);
    // The second batch of a call may refer to stays of the first.
    const followups = writeBatchDir(join(t.dir, "multi-followups"), {
      manifest: { shelter_code: "t-02", exported_on: "2024-12-29" },
      files: { "followups.csv": csv([["stay_id", "contact_date", "contact_achieved"], ["M1", "2024-05-01", "no"]]) },
    });
    const ok = await ingestBatches(db.connection, [good, followups], { loadedBy: "ana" });
    expect(ok.problems).toEqual([]);
    expect(ok.batches.map((b) => b.status)).toEqual(["loaded", "loaded"]);
  });

  it("service surveys without ids get stable derived ids and replace the period's rows", async () => {
    const rows = [["stay_id", "answered_on", "complaint_filed", "item_1"], ["S1", "2024-03-01", "no", "4"], ["", "2024-03-02", "sí", "2"], ["", "2024-03-02", "sí", "2"]];
    const dir = writeBatchDir(join(t.dir, "surveys"), { files: { "service_surveys.csv": csv(rows) } });
    const r = await ingestBatches(db.connection, [dir], { loadedBy: "ana" });
    expect(r.problems).toEqual([]);
    const ids = await all<{ response_id: string }>(db.connection, `SELECT response_id FROM service_surveys ORDER BY response_id`);
    expect(ids).toHaveLength(3);
    expect(new Set(ids.map((i) => i.response_id)).size).toBe(3);
    // A corrected export of the same period replaces them.
    const fixed = writeBatchDir(join(t.dir, "surveys-fixed"), { manifest: { exported_on: "2024-12-30" }, files: { "service_surveys.csv": csv(rows.slice(0, 2)) } });
    const r2 = await ingestBatches(db.connection, [fixed], { loadedBy: "ana" });
    expect(r2.tables.service_surveys).toEqual({ read: 1, inserted: 1, replaced: 3 });
    expect((await all(db.connection, `SELECT count(*) AS n FROM service_surveys`))[0]).toEqual({ n: 1 });
  });

  it("stores the record keys of recordKeySql (@refugio/metrics; MD5 checked with node:crypto) for stay ids of every key character", async () => {
    const fresh = await dbWithRegistry(t.dir, "record-keys.duckdb");
    try {
      // Keys are pseudonymous (ASCII letters, digits and - _ . :): non-ASCII keys are refused on load.
      const ids = ["S1", "N-7", "s.u:9_Z", "0b9e7c52-3f0a-4b8e-9d1c-6a2f1e0d4c11"];
      const stays = [staysRows[0] ?? [], ...ids.map((id, i) => [id, `P${i}`, SHELTER, "2024-01-10", "", "self", "", "", "", "", "", ""])];
      const dir = writeBatchDir(join(t.dir, "record-keys"), { files: { "stays.csv": csv(stays) } });
      const r = await ingestBatches(fresh.connection, [dir], { loadedBy: "test" });
      expect(r.problems.filter((p) => p.severity === "error")).toEqual([]);
      const secret = (await all<{ value: string }>(fresh.connection, `SELECT value FROM meta WHERE key = 'record_key_secret'`))[0]?.value ?? "";
      expect(secret).not.toBe("");
      const rows = await all<{ shelter_code: string; stay_id: string; record_key: number }>(fresh.connection, `SELECT shelter_code, stay_id, record_key FROM stay_facts ORDER BY stay_id`);
      expect(rows.map((x) => x.stay_id).sort()).toEqual([...ids].sort());
      const md5Key = (text: string) => createHash("md5").update(text, "utf8").digest()[15];
      for (const x of rows) expect(x.record_key, x.stay_id).toBe(md5Key(`${secret}\u001f${x.shelter_code}\u001f${x.stay_id}`));
    } finally {
      fresh.close();
    }
  });

  it("keeps natural keys unique without primary keys: replacements, a batch repeated in one call, and a re-export", async () => {
    const fresh = await dbWithRegistry(t.dir, "unique.duckdb");
    try {
      const a = writeBatchDir(join(t.dir, "unique-a"), { files: goodFiles() });
      // Same rows, another export date: a different batch that replaces every row of the first.
      const b = writeBatchDir(join(t.dir, "unique-b"), { manifest: { exported_on: "2024-12-30" }, files: goodFiles() });
      expect((await ingestBatches(fresh.connection, [a, b, a], { loadedBy: "test" })).ok).toBe(true);
      expect((await ingestBatches(fresh.connection, [b, a], { loadedBy: "test" })).ok).toBe(true);
      const c = writeBatchDir(join(t.dir, "unique-c"), { manifest: { exported_on: "2024-12-29" }, files: { "followups.csv": csv(followupRows) } });
      expect((await ingestBatches(fresh.connection, [c], { loadedBy: "test" })).ok).toBe(true);
      for (const [table, key] of Object.entries(uniqueKeys)) {
        const dup = await all(fresh.connection, `SELECT ${key}, count(*) AS n FROM ${table} GROUP BY ${key} HAVING count(*) > 1`);
        expect(dup, table).toEqual([]);
        const n = (await all<{ n: number }>(fresh.connection, `SELECT count(*) AS n FROM ${table}`))[0]?.n;
        expect(n, table).toBeGreaterThan(0);
      }
    } finally {
      fresh.close();
    }
  });

  it("an earlier batch sent again after a correction is loaded again (it is the newer snapshot), and then is unchanged", async () => {
    const fresh = await dbWithRegistry(t.dir, "resend.duckdb");
    try {
      const a = writeBatchDir(join(t.dir, "resend-a"), { files: goodFiles() });
      const stays = staysRows.map((r) => [...r]);
      (stays[1] ?? [])[4] = "2024-03-02"; // S1's exit date corrected
      const b = writeBatchDir(join(t.dir, "resend-b"), { manifest: { exported_on: "2025-01-15" }, files: { "stays.csv": csv(stays) } });
      const exitOf = async () => (await all<{ exit_date: string }>(fresh.connection, `SELECT exit_date FROM stays WHERE stay_id = 'S1'`))[0]?.exit_date;
      const first = await ingestBatches(fresh.connection, [a], { loadedBy: "test" });
      expect((await ingestBatches(fresh.connection, [b], { loadedBy: "test" })).batches[0]?.status).toBe("loaded");
      expect(await exitOf()).toBe("2024-03-02");
      const again = await ingestBatches(fresh.connection, [a], { loadedBy: "test" });
      expect(again.batches[0]).toMatchObject({ status: "loaded", replaced_stays: 2, batch_id: `${first.batches[0]?.batch_id}:2` });
      expect(await exitOf()).toBe("2024-03-01");
      expect((await ingestBatches(fresh.connection, [a], { loadedBy: "test" })).batches[0]?.status).toBe("unchanged");
      const log = await all<{ batch_id: string }>(fresh.connection, `SELECT batch_id FROM load_log ORDER BY loaded_at`);
      expect(log.map((l) => l.batch_id)).toEqual([first.batches[0]?.batch_id, expect.any(String), `${first.batches[0]?.batch_id}:2`]);
      expect(await all(fresh.connection, `SELECT DISTINCT batch_id FROM stays`)).toEqual([{ batch_id: `${first.batches[0]?.batch_id}:2` }]);
    } finally {
      fresh.close();
    }
  });
});
