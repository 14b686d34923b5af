// Every rejection reason: the batch is refused whole, the problem names file, line and column,
// and nothing stored changes.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IngestReport } from "@refugio/schemas";
import type { Database } from "../../src/db/connection";
import { ingestBatches } from "../../src/ingest/ingest";
import { SHELTER, assessmentRows, childrenRows, csv, dbWithRegistry, followupRows, goodFiles, snapshot, staysRows, tempDir, writeBatchDir, type BatchSpec } from "./helpers";

const t = tempDir("reject");
let db: Database;
let before: Record<string, unknown>;
let seq = 0;

beforeAll(async () => {
  db = await dbWithRegistry(t.dir);
  // Something stored already, so "unchanged" is a real comparison.
  const seed = writeBatchDir(join(t.dir, "seed"), {
    manifest: { shelter_code: "t-02" },
    files: { "stays.csv": csv([["stay_id", "person_key", "shelter_code", "admission_date"], ["X1", "PX", "t-02", "2024-05-05"]]) },
  });
  const r = await ingestBatches(db.connection, [seed], { loadedBy: "test" });
  expect(r.ok).toBe(true);
  before = await snapshot(db);
});
afterAll(() => {
  try {
    db?.close();
  } finally {
    t.cleanup();
  }
});

async function rejected(spec: BatchSpec): Promise<IngestReport> {
  seq += 1;
  const dir = writeBatchDir(join(t.dir, `b${seq}`), spec);
  const r = await ingestBatches(db.connection, [dir], { loadedBy: "test" });
  expect(r.ok).toBe(false);
  expect(r.batches[0]?.status).toBe("rejected");
  expect(await snapshot(db)).toEqual(before);
  return r;
}

const withStays = (mutate: (rows: string[][]) => string[][]) => ({ files: { ...goodFiles(), "stays.csv": csv(mutate(staysRows.map((r) => [...r]))) } });
const setCell = (rows: string[][], row: number, col: string, value: string) => {
  const i = rows[0]?.indexOf(col) ?? -1;
  const r = rows[row];
  if (i < 0 || !r) throw new Error(`no ${col}`);
  r[i] = value;
  return rows;
};

describe("rejections", () => {
  it("an unknown column, named in the problem", async () => {
    const r = await rejected(withStays((rows) => rows.map((row, i) => [...row, i === 0 ? "favourite_colour" : "blue"])));
    expect(r.problems).toContainEqual(expect.objectContaining({ file: "stays.csv", line: 1, column: "favourite_colour", value: null }));
    expect(r.problems[0]?.reason.en).toMatch(/not part of table stays/);
  });

  it("identifier-looking cells in contract columns: the first one's line, the right advice, and no value echoed", async () => {
    const email = await rejected(withStays((rows) => setCell(rows, 2, "person_key", "rosa.quispe@example.org")));
    // The identifier guard's problem first; the cell is not a pseudonymous key either (same line, no value).
    expect(email.problems).toEqual([
      expect.objectContaining({ file: "stays.csv", line: 3, column: "person_key", value: null }),
      expect.objectContaining({ file: "stays.csv", line: 3, column: "person_key", value: null }),
    ]);
    expect(email.problems[1]?.reason.en).toMatch(/not a pseudonymous key/);
    expect(email.problems[0]?.reason.en).toMatch(/Fill that column with what the contract asks for/);
    // A DNI in a count and a name in a code column fail on their own rules, without their values.
    const dni = await rejected(withStays((rows) => setCell(setCell(rows, 1, "children_in_stay", "40123456"), 2, "age_band", "Rosa Quispe")));
    // (S1 is refused, so its children, assessments and follow-ups are named after these: not checked here.)
    expect(dni.problems.filter((p) => !/so its/.test(p.reason.en))).toEqual([
      expect.objectContaining({ line: 2, column: "children_in_stay", value: null, severity: "error" }),
      expect.objectContaining({ line: 3, column: "age_band", value: null, severity: "error" }),
    ]);
    expect(JSON.stringify([email, dni])).not.toMatch(/40123456|Rosa Quispe|rosa\.quispe/);
  });

  it("a missing required column and a missing required value", async () => {
    const noCol = await rejected(withStays((rows) => rows.map((row) => row.filter((_, i) => i !== 3))));
    expect(noCol.problems).toContainEqual(expect.objectContaining({ column: "admission_date", line: 1 }));
    expect(noCol.problems.find((p) => p.column === "admission_date")?.reason.en).toMatch(/missing/);
    const noValue = await rejected(withStays((rows) => setCell(rows, 2, "person_key", "")));
    expect(noValue.problems).toEqual([expect.objectContaining({ file: "stays.csv", line: 3, column: "person_key", value: null, severity: "error" })]);
    expect(noValue.problems[0]?.reason.es).toMatch(/obligatorio/);
  });

  it("types: date, boolean, whole number, with the value and a bilingual reason", async () => {
    const r = await rejected(withStays((rows) => setCell(setCell(setCell(rows, 1, "admission_date", "31/02/2024"), 2, "protection_order", "quizás"), 1, "children_in_stay", "\"1,5\"")));
    const by = (c: string) => r.problems.find((p) => p.column === c);
    expect(by("admission_date")).toMatchObject({ line: 2, value: "31/02/2024" });
    expect(by("admission_date")?.reason.en).toMatch(/does not exist/);
    expect(by("protection_order")).toMatchObject({ line: 3, value: "quizás" });
    expect(by("protection_order")?.reason.es).toMatch(/sí\/no/);
    expect(by("children_in_stay")?.reason.en).toMatch(/whole number/);
  });

  it("ranges and codes", async () => {
    const r = await rejected(withStays((rows) => setCell(setCell(rows, 1, "children_in_stay", "25"), 2, "risk_level_at_admission", "altísimo")));
    expect(r.problems.find((p) => p.column === "children_in_stay")?.reason.en).toMatch(/at most 20/);
    const code = r.problems.find((p) => p.column === "risk_level_at_admission");
    expect(code).toMatchObject({ line: 3, value: "altísimo" });
    expect(code?.reason.en).toContain("moderate, severe, extreme");
  });

  it("duplicate natural keys within the batch", async () => {
    const r = await rejected({ files: { ...goodFiles(), "children.csv": csv([...childrenRows, ["C1", "S1", "0-2", "false"]]) } });
    expect(r.problems).toContainEqual(expect.objectContaining({ file: "children.csv", line: 3 }));
    expect(r.problems[0]?.reason.en).toMatch(/repeated key.*line 2/);
  });

  it("rows of another shelter than the manifest's", async () => {
    const r = await rejected(withStays((rows) => setCell(rows, 2, "shelter_code", "t-02")));
    expect(r.problems).toEqual([expect.objectContaining({ line: 3, column: "shelter_code", value: "t-02" })]);
    expect(r.problems[0]?.reason.en).toContain(SHELTER);
  });

  it("a shelter that is not in the registry", async () => {
    const r = await rejected({ manifest: { shelter_code: "nowhere-9" }, files: { "stays.csv": csv(staysRows.map((row, i) => (i === 0 ? row : row.map((c) => (c === SHELTER ? "nowhere-9" : c))))) } });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]?.reason.en).toMatch(/"nowhere-9" is not in the registry; an administrator must add it first/);
    // A code differing only in case names the registry's spelling.
    const upper = SHELTER.toUpperCase();
    const cased = await rejected({ manifest: { shelter_code: upper }, files: { "stays.csv": csv(staysRows.map((row, i) => (i === 0 ? row : row.map((c) => (c === SHELTER ? upper : c))))) } });
    expect(cased.problems.map((p) => p.reason.en)).toEqual([`shelter "${upper}" is not in the registry; did you mean "${SHELTER}"? (shelter codes are written as in the registry)`]);
  });

  it("an export date after today (it would let future-dated rows through)", async () => {
    const r = await rejected({ manifest: { exported_on: "2099-01-01" }, files: goodFiles() });
    expect(r.problems).toEqual([expect.objectContaining({ reason: { es: expect.stringMatching(/exported_on es posterior a hoy/), en: expect.stringMatching(/exported_on is after today/) } })]);
  });

  it("manifest: missing, invalid, and row counts that differ", async () => {
    const none = await rejected({ manifest: null, files: goodFiles() });
    expect(none.problems[0]?.reason.en).toMatch(/manifest.json is missing/);
    const bad = await rejected({ manifest: { contract_version: "2" }, files: goodFiles() });
    expect(bad.problems[0]?.reason.en).toMatch(/contract_version/);
    expect(bad.problems[0]?.reason.es).toMatch(/^manifest.json no es válido: contract_version/);
    const badDate = await rejected({ manifest: { exported_on: "31/12/2024" }, files: goodFiles() });
    expect(badDate.problems[0]?.reason).toEqual({
      es: expect.stringMatching(/exported_on.*AAAA-MM-DD/),
      en: expect.stringMatching(/exported_on.*YYYY-MM-DD/),
    });
    expect(JSON.stringify(badDate.problems)).not.toContain("31/12/2024");
    seq += 1;
    const broken = writeBatchDir(join(t.dir, `b${seq}`), { files: goodFiles() });
    writeFileSync(join(broken, "manifest.json"), '{"shelter_code": "t-01", oops}');
    const notJson = await ingestBatches(db.connection, [broken], { loadedBy: "test" });
    expect(notJson.problems[0]?.reason).toEqual({ es: expect.stringMatching(/^manifest.json no es JSON válido/), en: expect.stringMatching(/^manifest.json is not valid JSON/) });
    expect(JSON.stringify(notJson.problems)).not.toContain("oops");
    const counts = await rejected({ manifest: { tables: { stays: { rows: 3 } } }, files: goodFiles() });
    expect(counts.problems).toEqual([expect.objectContaining({ file: "stays.csv" })]);
    expect(counts.problems[0]?.reason.en).toMatch(/declares 3 rows of stays and the file has 2/);
    const noFile = await rejected({ manifest: { tables: { service_surveys: { rows: 4 } } }, files: goodFiles() });
    expect(noFile.problems.map((p) => p.reason.en)).toEqual([expect.stringMatching(/declares 4 rows of service_surveys, but the batch has no such file/)]);
    const unknown = await rejected({ manifest: { tables: { visitas: { rows: 3 } } }, files: goodFiles() });
    expect(unknown.problems.map((p) => p.reason.en)).toEqual([expect.stringMatching(/visitas.*not in contract v1/)]);
  });

  it("names the refused stay behind its children, assessments and follow-ups, once per table, with how many rows", async () => {
    const r = await rejected(withStays((rows) => setCell(rows, 1, "admission_date", "2024-13-45")));
    const follow = r.problems.filter((p) => /so its/.test(p.reason.en));
    expect(follow).toEqual([
      expect.objectContaining({ file: "stays.csv", line: 2, column: "stay_id", value: "S1", severity: "error" }),
      expect.objectContaining({ file: "stays.csv", line: 2, column: "stay_id", value: "S1", severity: "error" }),
      expect.objectContaining({ file: "stays.csv", line: 2, column: "stay_id", value: "S1", severity: "error" }),
    ]);
    expect(follow.map((p) => p.reason.en).sort()).toEqual([
      "stay S1 refused (line 2), so its 1 children row was not loaded",
      "stay S1 refused (line 2), so its 1 followups row was not loaded",
      "stay S1 refused (line 2), so its 2 assessments rows were not loaded",
    ]);
    expect(follow.find((p) => p.reason.en.includes("assessments"))?.reason.es).toBe("estancia S1 rechazada (línea 2): sus 2 filas de assessments tampoco se cargaron");
    // S2 has no problem: nothing said about it.
    expect(r.problems.some((p) => p.value === "S2")).toBe(false);
    expect(r.problem_count).toBe(r.problems.length);
  });

  it("a refused stay whose stay_id looks like an identifier is never named", async () => {
    const files = goodFiles();
    const rows = staysRows.map((row) => [...row]);
    setCell(rows, 1, "admission_date", "2024-13-45");
    setCell(rows, 1, "stay_id", "40123456");
    const children = childrenRows.map((row) => [...row]);
    (children[1] as string[])[1] = "40123456";
    const r = await rejected({ files: { ...files, "stays.csv": csv(rows), "children.csv": csv(children) } });
    // Whatever is said about that stay and its rows, its id is never echoed (value or message).
    expect(r.problems.length).toBeGreaterThan(0);
    expect(JSON.stringify(r.problems)).not.toContain("40123456");
  });

  it("children, assessments, follow-ups and surveys that name a stay must point to one in the batch or stored", async () => {
    const r = await rejected({
      files: {
        "children.csv": csv([...childrenRows, ["C9", "S404", "3-5", ""]]),
        "followups.csv": csv(followupRows),
        "service_surveys.csv": csv([
          ["response_id", "stay_id", "answered_on", "scale_max", "item_1"],
          ["R1", "", "2024-03-01", "5", "4"],
          ["R2", "S405", "2024-03-02", "5", "5"],
        ]),
      },
    });
    const unknown = r.problems.filter((p) => p.reason.en.includes("neither in the batch nor stored"));
    expect(unknown.map((p) => `${p.file}:${p.line}:${p.value}`).sort()).toEqual(["children.csv:2:S1", "children.csv:3:S404", "followups.csv:2:S1", "service_surveys.csv:3:S405"]);
  });

  it("dates out of order: exit before admission, follow-up before exit, assessment outside the stay, after export", async () => {
    const r = await rejected({
      files: {
        "stays.csv": csv(setCell(staysRows.map((x) => [...x]), 2, "exit_date", "2024-01-15")),
        "followups.csv": csv([...followupRows, ["S1", "2024-02-01", "visit", "false"]]),
        "assessments.csv": csv([...assessmentRows, ["S1", "rosenberg_ses", "followup_3m", "2024-02-10", "20"]]),
        "children.csv": csv(childrenRows),
      },
      manifest: { exported_on: "2024-05-31" },
    });
    const reasons = r.problems.map((p) => `${p.file}:${p.line}:${p.column}:${p.reason.en}`);
    expect(reasons).toContainEqual(expect.stringMatching(/^stays.csv:3:exit_date:exit_date is before admission_date/));
    expect(reasons).toContainEqual(expect.stringMatching(/^followups.csv:3:contact_date:.*before the exit/));
    expect(reasons).toContainEqual(expect.stringMatching(/^assessments.csv:4:assessed_on:.*followup_3m/));
    expect(reasons).toContainEqual(expect.stringMatching(/^followups.csv:2:contact_date:.*after the manifest's export date/));
  });

  it("a file that cannot be used is reported once: no count, reference or children check echoes it", async () => {
    const stays = csv(staysRows).split("\n");
    stays[1] = stays[1]?.replace("juzgado", `"${"x".repeat(2_100_000)}`) ?? ""; // a quote never closed
    const unread = await rejected({ manifest: { tables: { stays: { rows: 2 }, children: { rows: 1 } } }, files: { ...goodFiles(), "stays.csv": stays.join("\n") } });
    expect(unread.problems).toEqual([expect.objectContaining({ file: "stays.csv", column: null, value: null })]);
    expect(unread.problems[0]?.reason.en).toMatch(/cannot be read|longer than the 2 MB/);
    // A pipe-separated file: one unknown column and the required ones missing, and nothing more.
    const piped = await rejected({ files: { ...goodFiles(), "children.csv": csv(childrenRows, "|") } });
    expect(piped.problems.every((p) => p.file === "children.csv" && p.line === 1 && p.severity === "error")).toBe(true);
  });

  it("a line longer than DuckDB reads says so, with its line", async () => {
    const stays = staysRows.map((r) => [...r]);
    setCell(stays, 2, "person_key", "y".repeat(2_100_000));
    const r = await rejected({ files: { ...goodFiles(), "stays.csv": csv(stays) } });
    expect(r.problems).toEqual([expect.objectContaining({ file: "stays.csv", line: 3, reason: { es: expect.stringMatching(/la línea 3 supera los 2 MB/), en: expect.stringMatching(/line 3 is longer than the 2 MB read per line/) } })]);
  });

  it("a source that does not exist, or is neither a folder nor a zip, says which", async () => {
    const r = await ingestBatches(db.connection, [join(t.dir, "no-such-batch"), join(t.dir, "seed", "manifest.json")], { loadedBy: "test" });
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.reason.en)).toEqual(["does not exist: check the path", "not a folder or a .zip file"]);
    expect(await snapshot(db)).toEqual(before);
  });

  it("a file for a table that is not in the contract", async () => {
    const r = await rejected({ files: { ...goodFiles(), "notes.csv": "a,b\n1,2\n" } });
    expect(r.problems).toEqual([expect.objectContaining({ file: "notes.csv" })]);
    expect(r.problems[0]?.reason.en).toMatch(/not in contract v1/);
  });

  it("a stay admitted after the manifest's period is a warning, not a rejection", async () => {
    const dir = writeBatchDir(join(t.dir, "after-period"), { manifest: { period_end: "2024-01-31" }, files: goodFiles() });
    const r = await ingestBatches(db.connection, [dir], { loadedBy: "test", dryRun: true });
    expect(r.ok).toBe(true);
    expect(r.problems).toEqual([expect.objectContaining({ file: "stays.csv", line: 3, column: "admission_date", value: "2024-02-01", severity: "warning" })]);
    expect(r.problems[0]?.reason).toEqual({ es: expect.stringMatching(/posterior al fin del periodo del manifiesto \(2024-01-31\)/), en: expect.stringMatching(/after the end of the manifest's period \(2024-01-31\)/) });
  });

  it("children_in_stay that disagrees with the children rows is a warning, not a rejection", async () => {
    const dir = writeBatchDir(join(t.dir, "warn"), { files: { ...goodFiles(), "stays.csv": csv(setCell(staysRows.map((x) => [...x]), 1, "children_in_stay", "2")) } });
    const r = await ingestBatches(db.connection, [dir], { loadedBy: "test", dryRun: true });
    expect(r.ok).toBe(true);
    expect(r.batches[0]?.status).toBe("valid");
    expect(r.problems).toEqual([expect.objectContaining({ file: "stays.csv", line: 2, column: "children_in_stay", severity: "warning" })]);
    expect(r.problems[0]?.reason.en).toMatch(/says 2 .* 1 children rows/);
    expect(await snapshot(db)).toEqual(before);
  });

  it("line numbers hold deep into a large file (file order is kept), and e-mails deep in a contract column are found", async () => {
    const rows = [staysRows[0] ?? []];
    for (let i = 0; i < 40000; i++) rows.push([`L${i}`, `P${i}`, SHELTER, "2024-01-10", "", "", "", "", "", "", "", ""]);
    const bad = rows[30000];
    if (bad) bad[3] = "2024-02-31";
    const alsoBad = rows[39999];
    if (alsoBad) alsoBad[1] = "someone@example.org";
    // In a typed column too (it fails to convert, and must not be echoed).
    const typedBad = rows[35000];
    if (typedBad) typedBad[6] = "other.one@example.org";
    const r = await rejected({ files: { "stays.csv": csv(rows) } });
    expect(r.problems).toContainEqual(expect.objectContaining({ line: 30001, column: "admission_date", value: "2024-02-31" }));
    const ident = r.problems.find((p) => p.column === "person_key");
    expect(ident).toMatchObject({ value: null });
    expect(ident?.reason.en).toMatch(/direct identifier/);
    expect(r.problems.find((p) => p.column === "protection_order")).toMatchObject({ value: null });
    expect(JSON.stringify(r)).not.toContain("someone@example.org");
    expect(JSON.stringify(r)).not.toContain("other.one@example.org");
  });

  it("caps the problems listed but counts them all", async () => {
    const rows = [staysRows[0] ?? []];
    for (let i = 0; i < 1200; i++) rows.push([`Z${i}`, `P${i}`, SHELTER, "not a date", "", "", "", "", "", "", "", ""]);
    const r = await rejected({ files: { "stays.csv": csv(rows) } });
    expect(r.problems).toHaveLength(1000);
    expect(r.problem_count).toBe(1200);
  });
});
