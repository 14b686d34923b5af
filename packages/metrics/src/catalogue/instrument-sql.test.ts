// The SQL scoring text follows the instrument definition (its equality with scoreInstrument on
// real DuckDB is tested in apps/api/test/indicators/facts.test.ts).
import { describe, expect, it } from "vitest";
import { rosenbergSes } from "../instruments/registry";
import { instrumentScoreSql } from "./instrument-sql";

describe("instrumentScoreSql", () => {
  it("reverses exactly the declared items and prorates up to maxMissing", () => {
    const sql = instrumentScoreSql(rosenbergSes, "a");
    for (const i of rosenbergSes.reversed) expect(sql).toContain(`(3 - a.item_${i})`);
    for (const i of [1, 3, 4, 7, 10]) expect(sql).not.toContain(`(3 - a.item_${i})`);
    expect(sql).not.toContain("a.item_11");
    expect(sql).toContain(`<= ${rosenbergSes.maxMissing}`);
  });

  it("rejects non-finite constants", () => {
    expect(() => instrumentScoreSql({ ...rosenbergSes, maxMissing: Number.NaN }, "a")).toThrow(/finite/);
  });
});
