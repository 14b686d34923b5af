// Contract v1.1: the optional referrals_not_admitted table loads like every other table (v1.1
// batches with and without it, v1 batches still), a v1 batch carrying it is refused with its
// reason in both languages, the identifier screening applies, and a batch's file replaces the
// shelter's turn-aways of its period (an empty file says "none"; no file says nothing).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { all } from "../../src/db/query";
import { ingestBatches } from "../../src/ingest/ingest";
import { csv, freshDatabases, goodFiles, snapshot, writeBatchDir } from "./helpers";

const { dir: root, db, fresh, load } = freshDatabases("unmet");

const header = ["referral_id", "referral_date", "referral_source", "reason", "age_band", "children_count"];
const referrals = [
  header,
  ["R1", "2024-02-03", "juzgado", "no_capacity", "25-34", "2"],
  // Spanish labels and aliases, as a shelter types them; no referral id (derived from the content).
  ["", "05/02/2024", "Comisaría de Familia", "sin plazas", "18-24", "0"],
  ["", "05/02/2024", "Comisaría de Familia", "sin plazas", "18-24", "0"],
  ["R4", "2024-03-10", "", "no cumple el perfil", "", ""],
];
const v11 = { contract_version: "1.1" };
const stored = async () =>
  all<{ referral_id: string; referral_date: string; referral_source: string | null; reason: string; age_band: string | null; children_count: number | null }>(
    db().connection,
    `SELECT referral_id, CAST(referral_date AS VARCHAR) AS referral_date, referral_source, reason, age_band, children_count FROM referrals_not_admitted ORDER BY referral_date, referral_id`,
  );
const reporting = async () =>
  all(db().connection, `SELECT shelter_code, CAST(period_start AS VARCHAR) AS period_start, CAST(period_end AS VARCHAR) AS period_end FROM referral_reporting_periods ORDER BY period_start`);

describe("contract v1.1 batches", () => {
  it("with the table: its rows are stored normalised, ids derived for rows without one, identical rows kept apart", async () => {
    await fresh();
    const dir = writeBatchDir(join(root, "v11-with"), { manifest: { ...v11, tables: { stays: { rows: 2 }, referrals_not_admitted: { rows: 4 } } }, files: { ...goodFiles(), "referrals_not_admitted.csv": csv(referrals) } });
    const r = await load(dir);
    expect(r.problems).toEqual([]);
    expect(r.batches[0]?.status).toBe("loaded");
    expect(r.tables.referrals_not_admitted).toEqual({ read: 4, inserted: 4, replaced: 0 });
    const rows = await stored();
    expect(rows.map((x) => [x.referral_date, x.referral_source, x.reason, x.age_band, x.children_count])).toEqual([
      ["2024-02-03", "juzgado", "no_capacity", "25-34", 2],
      ["2024-02-05", "comisaria_familia", "no_capacity", "18-24", 0],
      ["2024-02-05", "comisaria_familia", "no_capacity", "18-24", 0],
      ["2024-03-10", null, "not_eligible", null, null],
    ]);
    const derived = rows.filter((x) => x.referral_id.startsWith("auto-")).map((x) => x.referral_id);
    expect(new Set(derived).size).toBe(2);
    const [log] = await all<{ contract_version: string }>(db().connection, `SELECT contract_version FROM load_log`);
    expect(log?.contract_version).toBe("1.1");
    expect(await reporting()).toEqual([{ shelter_code: "t-01", period_start: "2024-01-01", period_end: "2024-12-31" }]);

    // The same batch again is unchanged; the derived ids are stable.
    const again = await load(dir);
    expect(again.batches[0]?.status).toBe("unchanged");
    expect((await stored()).map((x) => x.referral_id)).toEqual(rows.map((x) => x.referral_id));
  });

  it("staged (as a dry run or a rejected call would be) gives the same rows as the direct load", async () => {
    await fresh();
    const dir = writeBatchDir(join(root, "v11-staged"), { manifest: v11, files: { ...goodFiles(), "referrals_not_admitted.csv": csv(referrals) } });
    const r = await ingestBatches(db().connection, [dir], { loadedBy: "test", staged: true });
    expect(r.problems).toEqual([]);
    expect((await stored()).map((x) => x.reason)).toEqual(["no_capacity", "no_capacity", "no_capacity", "not_eligible"]);
  });

  it("without the table: loads, and reports no turn-aways for its period", async () => {
    await fresh();
    const r = await load(writeBatchDir(join(root, "v11-without"), { manifest: v11, files: goodFiles() }));
    expect(r.problems).toEqual([]);
    expect(r.batches[0]?.status).toBe("loaded");
    expect(r.tables.referrals_not_admitted).toBeUndefined();
    expect(await stored()).toEqual([]);
    expect(await reporting()).toEqual([]);
  });

  it("a later batch's file replaces the period's turn-aways; an empty file says none; a batch without it leaves them", async () => {
    await fresh();
    await load(writeBatchDir(join(root, "replace-1"), { manifest: v11, files: { "referrals_not_admitted.csv": csv(referrals) } }));
    // A corrected export of the first quarter: one turn-away left in it; March's stays (outside).
    const corrected = writeBatchDir(join(root, "replace-2"), {
      manifest: { ...v11, exported_on: "2024-12-30", period_start: "2024-01-01", period_end: "2024-02-29" },
      files: { "referrals_not_admitted.csv": csv([header, ["R1", "2024-02-03", "juzgado", "declined_by_woman", "25-34", "2"]]) },
    });
    const r = await load(corrected);
    expect(r.problems).toEqual([]);
    expect(r.tables.referrals_not_admitted).toEqual({ read: 1, inserted: 1, replaced: 3 });
    expect((await stored()).map((x) => [x.referral_id, x.reason])).toEqual([
      ["R1", "declined_by_woman"],
      ["R4", "not_eligible"],
    ]);
    // A batch without the file changes nothing of them.
    await load(writeBatchDir(join(root, "replace-3"), { manifest: { ...v11, exported_on: "2024-12-29" }, files: goodFiles() }));
    expect(await stored()).toHaveLength(2);
    // A header-only file for March: no turn-aways that month, and March counts as reported.
    const none = writeBatchDir(join(root, "replace-4"), {
      manifest: { ...v11, exported_on: "2024-12-28", period_start: "2024-03-01", period_end: "2024-03-31" },
      files: { "referrals_not_admitted.csv": csv([header]) },
    });
    const empty = await load(none);
    expect(empty.problems).toEqual([]);
    expect(empty.tables.referrals_not_admitted).toEqual({ read: 0, inserted: 0, replaced: 1 });
    expect((await stored()).map((x) => x.referral_id)).toEqual(["R1"]);
    expect(await reporting()).toEqual([
      { shelter_code: "t-01", period_start: "2024-01-01", period_end: "2024-12-31" },
      { shelter_code: "t-01", period_start: "2024-01-01", period_end: "2024-02-29" },
      { shelter_code: "t-01", period_start: "2024-03-01", period_end: "2024-03-31" },
    ]);
  });
});

describe("contract v1 batches", () => {
  it("still load, without the table", async () => {
    await fresh();
    const r = await load(writeBatchDir(join(root, "v1"), { manifest: { contract_version: "1" }, files: goodFiles() }));
    expect(r.problems).toEqual([]);
    expect(r.batches[0]?.status).toBe("loaded");
    expect(r.tables.stays).toMatchObject({ inserted: 2 });
  });

  it("carrying the v1.1 table are refused whole, with the reason in both languages", async () => {
    await fresh();
    const before = await snapshot(db());
    const r = await load(writeBatchDir(join(root, "v1-with"), { manifest: { contract_version: "1" }, files: { ...goodFiles(), "referrals_not_admitted.csv": csv(referrals) } }));
    expect(r.ok).toBe(false);
    expect(r.batches[0]?.status).toBe("rejected");
    expect(r.problems).toEqual([
      expect.objectContaining({
        file: "referrals_not_admitted.csv",
        value: null,
        reason: {
          es: 'la tabla «referrals_not_admitted» pertenece al contrato v1.1, pero manifest.json declara contract_version "1": declare "1.1" para enviarla, o quite el archivo',
          en: 'table "referrals_not_admitted" belongs to contract v1.1, but manifest.json states contract_version "1": state "1.1" to send it, or leave the file out',
        },
      }),
    ]);
    expect(await snapshot(db())).toEqual(before);
    expect(await stored()).toEqual([]);
  });

  it("declaring the v1.1 table in the manifest are refused too", async () => {
    await fresh();
    const r = await load(writeBatchDir(join(root, "v1-declares"), { manifest: { contract_version: "1", tables: { referrals_not_admitted: { rows: 0 } } }, files: goodFiles() }));
    expect(r.ok).toBe(false);
    expect(r.problems[0]?.reason.en).toMatch(/manifest\.json is not valid: table "referrals_not_admitted" belongs to contract v1\.1/);
    expect(r.problems[0]?.reason.es).toMatch(/la tabla «referrals_not_admitted» pertenece al contrato v1\.1/);
  });
});

describe("identifier screening of referrals_not_admitted", () => {
  it("refuses a column of names and a referral id that is a national ID number, never echoing them", async () => {
    await fresh();
    const withNames = [
      [...header, "nombre"],
      ["R1", "2024-02-03", "juzgado", "no_capacity", "25-34", "2", "María Quispe Huamán"],
      ["R2", "2024-02-04", "juzgado", "no_capacity", "25-34", "0", "Rosa Elena Mamani"],
    ];
    const dni = [header, ["40123456", "2024-02-03", "juzgado", "no_capacity", "25-34", "2"]];
    for (const [name, rows] of [["names", withNames], ["dni", dni]] as const) {
      const r = await load(writeBatchDir(join(root, `ids-${name}`), { manifest: v11, files: { "referrals_not_admitted.csv": csv(rows) } }));
      expect(r.ok, name).toBe(false);
      expect(r.problems.length, name).toBeGreaterThan(0);
      const text = JSON.stringify(r);
      for (const secret of ["María", "Quispe", "Rosa Elena", "40123456"]) expect(text, name).not.toContain(secret);
      if (name === "names") expect(r.problems.some((p) => p.column === "nombre"), name).toBe(true);
      else expect(r.problems.some((p) => p.column === "referral_id"), name).toBe(true);
    }
    expect(await stored()).toEqual([]);
  });
});
