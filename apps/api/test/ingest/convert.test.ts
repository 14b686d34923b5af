// The fast paths of cell conversion (typedExpr) never change a result: an integer in canonical
// form and a code as written skip trimming and folding, and must convert exactly as the full path
// (refugio_int / the folded label lookup over the trimmed cell) does, for every cell.
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { batchTables, type ColumnDef, type TableDef } from "@refugio/schemas";
import { seededRandom } from "@refugio/metrics";
import { all } from "../../src/db/query";
import { cleanCell, installValidationSql, typedExpr } from "../../src/ingest/sql";

function column(table: string, name: string): { table: TableDef; col: ColumnDef } {
  const t = batchTables.find((x) => x.name === table);
  const col = t?.columns.find((c) => c.name === name);
  if (!t || !col) throw new Error(`${table}.${name} is not in the contract`);
  return { table: t, col };
}

/** Pairs (fast, full) of every cell, converted in DuckDB. */
async function convert(cells: string[], fast: string, full: string): Promise<{ cell: string; fast: unknown; full: unknown }[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    await installValidationSql(conn);
    await conn.run("CREATE TABLE cells (x VARCHAR)");
    const appender = await conn.createAppender("cells");
    for (const c of cells) {
      appender.appendVarchar(c);
      appender.endRow();
    }
    appender.closeSync();
    return await all(conn, `SELECT x AS cell, ${fast} AS fast, ${full} AS full FROM cells`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

describe("conversion fast paths", () => {
  it("integers: the canonical-text cast agrees with refugio_int on the trimmed cell", async () => {
    const { table, col } = column("stays", "children_in_stay");
    const edge = ["0", "7", "-4", "+3", "007", "-0", "00", "12345678", "123456789", "-99999999", "1234567890", "2147483646", "2147483647", "-2147483648", "2147483648"];
    const loose = ["1e3", "1E3", "0x1F", "0b101", "1_000", "1.5", "1.0", "3,0", ".5", "5.", " 5", "5 ", "\t5", "5\n", "5\u00a0", "", "  ", "abc", "1.000", "1 000", "١", "−1", "+", "-", "inf", "nan"];
    const rng = seededRandom(7);
    const random = Array.from({ length: 3000 }, () => {
      const n = Math.floor(rng() * 10 ** Math.floor(rng() * 11));
      const sign = rng() < 0.2 ? "-" : rng() < 0.05 ? "+" : "";
      return `${sign}${rng() < 0.05 ? "0" : ""}${n}`;
    });
    const rows = await convert([...edge, ...loose, ...random], typedExpr(table, col, "x"), `refugio_int(${cleanCell("x")})`);
    for (const r of rows) expect({ cell: r.cell, value: r.fast }).toEqual({ cell: r.cell, value: r.full });
    // The test means something: both paths took part.
    expect(rows.filter((r) => r.full !== null).length).toBeGreaterThan(2500);
    expect(rows.find((r) => r.cell === "1.5")?.full).toBeNull();
    expect(rows.find((r) => r.cell === " 5")?.full).toBe(5);
  });

  it("codes: the code as written agrees with the folded label lookup on the trimmed cell", async () => {
    const { table, col } = column("assessments", "timepoint");
    const cells = ["admission", "exit", "followup_3m", " exit", "exit ", "Exit", "EXIT", "egreso", "Seguimiento 3 meses", "followup 3m", "followup-3m", "", " ", "nope", "exit\u00a0"];
    const expr = typedExpr(table, col, "x");
    // The full path alone: the second argument of the fast path's COALESCE.
    const full = expr.slice(expr.indexOf(", x)], ") + ", x)], ".length, -1);
    expect(full).toContain(cleanCell("x"));
    const rows = await convert(cells, expr, full);
    for (const r of rows) expect({ cell: r.cell, value: r.fast }).toEqual({ cell: r.cell, value: r.full });
    expect(rows.find((r) => r.cell === " exit")?.fast).toBe("exit");
    expect(rows.find((r) => r.cell === "nope")?.fast).toBeNull();
  });
});
