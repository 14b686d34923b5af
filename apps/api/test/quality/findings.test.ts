// Consistency rules: each fires on a planted case and none fires on clean data. A network of six
// steady shelters (24 months of admissions, exits, assessments and follow-ups), then one case
// planted per shelter in a second database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connection";
import { all } from "../../src/db/query";
import { ExplainError, explainFinding } from "../../src/quality/explain";
import { computeFindings, findingId, refreshFindings } from "../../src/quality/findings";
import type { Finding } from "../../src/quality/rules";
import { addRows, addShelters, addStays, memoryDb, refresh, type Row } from "../indicators/fixtures";

const SHELTERS = ["a1", "a2", "a3", "a4", "a5", "a6"];
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const items = (v: number): Row => Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`item_${i + 1}`, v]));

/** Four stays a month from 2024-01 to 2025-12, 20 days each, three in four completed. */
async function cleanNetwork(db: Database, opts: { children?: Record<string, number>; places?: Record<string, number> } = {}): Promise<void> {
  await addShelters(db, SHELTERS.map((s) => ({ shelter_code: s, network_code: "net-a", model: "casa_refugio", capacity_places: opts.places?.[s] ?? 20 })));
  for (const s of SHELTERS) {
    const stays: Row[] = [];
    const assessments: Row[] = [];
    const followups: Row[] = [];
    for (let m = 0; m < 24; m++) {
      for (const [k, day] of [2, 9, 16, 23].entries()) {
        const admission = Date.UTC(2024, m, day);
        const exit = admission + 20 * DAY;
        const id = `${s}-${m}-${k}`;
        stays.push({ stay_id: id, shelter_code: s, admission_date: iso(admission), exit_date: iso(exit), exit_reason: k === 3 ? "other" : "plan_completed", children_in_stay: opts.children?.[s] ?? 1 });
        assessments.push({ shelter_code: s, stay_id: id, instrument: "rosenberg_ses", timepoint: "admission", assessed_on: iso(admission), ...items(2) });
        assessments.push({ shelter_code: s, stay_id: id, instrument: "rosenberg_ses", timepoint: "exit", assessed_on: iso(exit), ...items(3) });
        if (m < 18) followups.push({ shelter_code: s, stay_id: id, contact_date: iso(exit + 180 * DAY), contact_achieved: true });
      }
    }
    await addStays(db, stays);
    await addRows(db, "assessments", assessments);
    await addRows(db, "followups", followups);
  }
}

const key = (f: Finding) => `${f.rule}|${f.shelter_code}|${f.period_start}|${f.metric}`;

let clean: Database;
let planted: Database;
let found: Finding[];

beforeAll(async () => {
  clean = await memoryDb();
  await cleanNetwork(clean);
  await refresh(clean);

  planted = await memoryDb();
  // a6 always houses six children a stay where its peers house none, in 20 places where most of
  // them have 30 (about 0.92 of its places in use against their 0.09): steady for itself, far
  // from the others.
  await cleanNetwork(planted, { children: { a1: 0, a2: 0, a3: 0, a4: 0, a5: 0, a6: 6 }, places: { a1: 30, a3: 30, a4: 30, a5: 30 } });
  // a1: 20 admissions more in June 2025 (one-night stays, one a day).
  await addStays(planted, Array.from({ length: 20 }, (_, i) => ({ stay_id: `a1-x${i}`, shelter_code: "a1", admission_date: `2025-06-${String(i + 1).padStart(2, "0")}`, exit_date: `2025-06-${String(i + 2).padStart(2, "0")}`, exit_reason: "plan_completed" })));
  // a2: 12 women with a child each for all of March 2025, on top of the usual (20 places).
  await addStays(planted, Array.from({ length: 12 }, (_, i) => ({ stay_id: `a2-x${i}`, shelter_code: "a2", admission_date: "2025-03-01", exit_date: "2025-04-01", exit_reason: "plan_completed", children_in_stay: 1 })));
  // a3: a stay of 200 days (limit 120) with no extension, exiting in April 2025.
  await addStays(planted, [{ stay_id: "a3-long", shelter_code: "a3", admission_date: "2024-09-22", exit_date: "2025-04-10", exit_reason: "plan_completed", extension_granted: false }]);
  // a4: May 2025's exit assessments copy the admission ones.
  await planted.connection.run(`UPDATE assessments SET ${Array.from({ length: 10 }, (_, i) => `item_${i + 1} = 2`).join(", ")} WHERE shelter_code = 'a4' AND timepoint = 'exit' AND assessed_on BETWEEN DATE '2025-05-01' AND DATE '2025-05-31'`);
  // a5: the follow-ups of mid-July to August 2025 all dated one August day.
  await planted.connection.run(`UPDATE followups SET contact_date = DATE '2025-08-10' WHERE shelter_code = 'a5' AND contact_date BETWEEN DATE '2025-07-15' AND DATE '2025-08-31'`);
  await refresh(planted);
  found = await computeFindings(planted.connection, SHELTERS);
});

afterAll(() => {
  clean?.close();
  planted?.close();
});

describe("consistency findings", () => {
  it("none on clean data", async () => {
    expect(await computeFindings(clean.connection, SHELTERS)).toEqual([]);
  });

  it("admissions far from the shelter's own last 12 months", () => {
    const f = found.find((x) => key(x) === "outlier_own_history|a1|2025-06-01|admissions");
    expect(f).toMatchObject({ observed: 24, expected: 4, severity: "high", period_end: "2025-06-30" });
    expect(f?.score).toBeGreaterThan(7);
  });

  it("occupancy above capacity on average over a month, with the nights over", () => {
    const f = found.find((x) => key(x) === "over_capacity|a2|2025-03-01|people_per_night");
    expect(f).toMatchObject({ expected: 20, severity: "high", affected: 31 });
    expect(f?.observed).toBeGreaterThan(20);
    expect(found.filter((x) => x.rule === "over_capacity").map((x) => x.shelter_code)).toEqual(["a2"]);
  });

  it("a stay over the programme limit without an extension", () => {
    expect(found.filter((x) => x.rule === "over_stay_limit")).toEqual([
      expect.objectContaining({ shelter_code: "a3", period_start: "2025-04-01", affected: 1, observed: 200, expected: 120 }),
    ]);
  });

  it("exit assessments identical to admission", () => {
    expect(found.filter((x) => x.rule === "exit_assessment_identical")).toEqual([
      expect.objectContaining({ shelter_code: "a4", period_start: "2025-05-01", observed: 4, expected: 4 }),
    ]);
  });

  it("follow-ups all on one day", () => {
    const oneDay = found.filter((x) => x.rule === "followups_one_day");
    expect(oneDay).toEqual([expect.objectContaining({ shelter_code: "a5", period_start: "2025-08-01", severity: "low" })]);
    expect(oneDay[0]?.affected).toBeGreaterThanOrEqual(5);
  });

  it("a rate far from the network's other shelters the same month, not from its own history", () => {
    const peers = found.filter((x) => x.rule === "outlier_peers" && x.shelter_code === "a6");
    expect(peers.length).toBe(12);
    expect(peers.every((x) => x.metric === "occupancy_rate")).toBe(true);
    expect(found.some((x) => x.rule === "outlier_own_history" && x.shelter_code === "a6")).toBe(false);
  });

  it("are stored, keep an explanation when found again and go when no longer found", async () => {
    const conn = planted.connection;
    await refreshFindings(conn, ["a1"]);
    const stored = await all<{ n: number }>(conn, `SELECT count(*) AS n FROM findings`);
    expect(stored[0]?.n).toBe(found.length);
    await conn.run(`UPDATE findings SET explanation = 'campaña de acogida', explained_by = 't' WHERE rule = 'over_stay_limit'`);
    await refreshFindings(conn, ["a3"]);
    expect(await all(conn, `SELECT shelter_code, explanation FROM findings WHERE rule = 'over_stay_limit'`)).toEqual([{ shelter_code: "a3", explanation: "campaña de acogida" }]);
    await conn.run(`DELETE FROM stays WHERE stay_id = 'a3-long'`);
    await refresh(planted);
    await refreshFindings(conn, ["a3"]);
    expect(await all(conn, `SELECT count(*) AS n FROM findings WHERE rule = 'over_stay_limit'`)).toEqual([{ n: 0 }]);
  });

  it("can be explained with a note by the shelter or network: screened for identifiers, scoped, audited", async () => {
    const conn = planted.connection;
    await refreshFindings(conn, ["a1"]);
    const f = found.find((x) => x.rule === "followups_one_day");
    const id = f ? findingId(f) : "";
    const shelter = { networks: null, shelters: ["a5"] };
    const refused = await explainFinding(conn, { findingId: id, note: "llamó Rosa Quispe al 987654321", actor: "t", scope: shelter }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ExplainError);
    expect((refused as ExplainError).kind).toBe("bad_note");
    const other = await explainFinding(conn, { findingId: id, note: "jornada de seguimiento", actor: "t", scope: { networks: null, shelters: ["a1"] } }).catch((e: unknown) => e);
    expect((other as ExplainError).kind).toBe("not_found");
    await explainFinding(conn, { findingId: id, note: "jornada de seguimiento telefónico", actor: "shelter-a5", scope: shelter });
    expect(await all(conn, `SELECT explanation, explained_by FROM findings WHERE finding_id = $id`, { id })).toEqual([{ explanation: "jornada de seguimiento telefónico", explained_by: "shelter-a5" }]);
    expect(await all(conn, `SELECT actor, target, ok FROM audit_log WHERE action = 'quality.explain'`)).toEqual([{ actor: "shelter-a5", target: id, ok: true }]);
  });
});
