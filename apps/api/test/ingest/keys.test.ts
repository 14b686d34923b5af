// Keys must be pseudonymous (the contract's key format, packages/schemas contract/tables.ts):
// a DNI, a phone, a full name or a street address in a key column rejects the batch, nothing is
// stored and the value is never echoed. (Before: only e-mail addresses and CURPs were refused.)
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPseudonymousKey } from "@refugio/schemas";
import type { Database } from "../../src/db/connection";
import { ingestBatches } from "../../src/ingest/ingest";
import { childrenRows, csv, dbWithRegistry, goodFiles, snapshot, staysRows, tempDir, writeBatchDir } from "./helpers";

const t = tempDir("keys");
let db: Database;
let seq = 0;
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

const identifiers = {
  dni: "40123456",
  cedula: "1023456789",
  phone: "+51 987 654 321",
  phoneDashed: "987-654-321",
  name: "Ana Pérez",
  address: "Av. Arequipa 1234",
};

const withCell = (rows: string[][], row: number, col: string, value: string) =>
  rows.map((r, i) => (i === row ? r.map((v, j) => (rows[0]?.[j] === col ? value : v)) : [...r]));

describe("pseudonymous keys", () => {
  it("the format accepts record numbers with a prefix, hex tokens and UUIDs, and refuses identifiers", () => {
    for (const ok of ["S00002012", "P603d022fff0b", "0b9e7c52-3f0a-4b8e-9d1c-6a2f1e0d4c11", "S1", "HRT01-2024_0001", "2012", "123456"]) expect(isPseudonymousKey(ok), ok).toBe(true);
    // A bare number of 7 digits or more is a DNI, a cédula or a phone, not a record number.
    for (const bad of [...Object.values(identifiers), "1234567", "987654321", "12-345", "ana@example.org", "", "x".repeat(65)]) expect(isPseudonymousKey(bad), bad).toBe(false);
  });

  for (const column of ["person_key", "stay_id"] as const) {
    for (const [kind, value] of Object.entries(identifiers)) {
      it(`${kind} in ${column}: rejected (direct and staged paths), nothing stored, value not echoed`, async () => {
        for (const staged of [false, true]) {
          seq += 1;
          const before = await snapshot(db);
          // stay_id S2 has no children or follow-ups pointing at it, so only the key is at fault.
          const dir = writeBatchDir(join(t.dir, `b${seq}`), { files: { ...goodFiles(), "stays.csv": csv(withCell(staysRows, 2, column, value)) } });
          const r = await ingestBatches(db.connection, [dir], { loadedBy: "test", staged });
          expect(r.ok).toBe(false);
          expect(r.problems).toContainEqual(expect.objectContaining({ file: "stays.csv", line: 3, column, value: null, severity: "error" }));
          expect(r.problems.find((p) => p.column === column)?.reason.en).toMatch(/not a pseudonymous key/);
          expect(JSON.stringify(r)).not.toContain(value);
          expect(await snapshot(db)).toEqual(before);
        }
      });
    }
  }

  it("a name as child_key is refused too, and the browser-side check agrees", async () => {
    seq += 1;
    const dir = writeBatchDir(join(t.dir, `b${seq}`), { files: { ...goodFiles(), "children.csv": csv(withCell(childrenRows, 1, "child_key", "Rosa Quispe")) } });
    const r = await ingestBatches(db.connection, [dir], { loadedBy: "test" });
    expect(r.ok).toBe(false);
    expect(r.problems).toContainEqual(expect.objectContaining({ file: "children.csv", column: "child_key", value: null }));
  });

  it("good keys load: a UUID, a hex token, a short record number", async () => {
    seq += 1;
    const dir = writeBatchDir(join(t.dir, `b${seq}`), { files: { ...goodFiles(), "stays.csv": csv(withCell(withCell(withCell(staysRows, 2, "stay_id", "0b9e7c52-3f0a-4b8e-9d1c-6a2f1e0d4c11"), 2, "person_key", "P603d022fff0b"), 1, "person_key", "1001")) } });
    const r = await ingestBatches(db.connection, [dir], { loadedBy: "test" });
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
  });
});
