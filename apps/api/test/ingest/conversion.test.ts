// The one set of conversion rules: the SQL the loader runs (ingest/sql.ts typedExpr and
// failureReason, over a cell as refugio_cell cleans it), checked cell by cell in DuckDB. These
// are the cases the JavaScript parsers of @refugio/schemas were tested with before they were
// removed (nothing in the app called them); the SQL is the rule, so it is what is tested.
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeLists, tableByName, type ColumnDef, type TableDef, type TableName } from "@refugio/schemas";
import { storedColumns } from "../../src/db/ddl";
import { failureReason, installValidationSql, typedExpr } from "../../src/ingest/sql";

let instance: DuckDBInstance;
let conn: DuckDBConnection;
beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  conn = await instance.connect();
  await installValidationSql(conn);
});
afterAll(() => {
  conn.closeSync();
  instance.closeSync();
});

function column(table: TableName, name: string): { table: TableDef; col: ColumnDef } {
  const t = tableByName[table];
  const col = storedColumns(t).find((c) => c.name === name);
  if (!col) throw new Error(`no column ${table}.${name}`);
  return { table: t, col };
}

/** The typed value of one cell as the loader converts it (as text: dates and numbers alike), and the reason code when it does not. */
async function convert(table: TableName, name: string, cell: string): Promise<{ value: string | null; reason: string | null }> {
  const { table: t, col } = column(table, name);
  const sql = `SELECT CAST(v AS VARCHAR) AS value, CASE WHEN v IS NULL AND x IS NOT NULL THEN ${failureReason(t, col, "x")} END AS reason
    FROM (SELECT ${typedExpr(t, col, "x")} AS v, x FROM (SELECT refugio_cell($cell) AS x))`;
  const rows = (await conn.runAndReadAll(sql, { cell })).getRowObjectsJson() as { value: string | null; reason: string | null }[];
  return rows[0] ?? { value: null, reason: null };
}
const value = async (table: TableName, name: string, cell: string) => (await convert(table, name, cell)).value;

describe("booleans (stays.protection_order)", () => {
  it.each([
    ["sí", "true"], ["SI", "true"], ["Si", "true"], ["true", "true"], ["1", "true"], ["X", "true"], ["verdadero", "true"],
    ["no", "false"], ["NO", "false"], ["falso", "false"], ["0", "false"], ["F", "false"],
  ])("%s → %s", async (cell, expected) => {
    expect(await value("stays", "protection_order", cell)).toBe(expected);
  });
  it("empty is null, other words do not convert (notBoolean)", async () => {
    expect(await convert("stays", "protection_order", "  ")).toEqual({ value: null, reason: null });
    expect(await convert("stays", "protection_order", "quizás")).toEqual({ value: null, reason: "notBoolean" });
    expect(await convert("stays", "protection_order", "2")).toEqual({ value: null, reason: "notBoolean" });
  });
});

describe("dates (stays.admission_date)", () => {
  it.each([
    ["2024-03-05", "2024-03-05"],
    ["05/03/2024", "2024-03-05"],
    ["5/3/2024", "2024-03-05"],
    ["05-03-2024", "2024-03-05"],
    ["05.03.2024", "2024-03-05"],
    ["29/02/2024", "2024-02-29"],
    ["2024-3-5", "2024-03-05"],
    ["2024-03-05T00:00:00", "2024-03-05"],
    ["2024-03-05 00:00:00.000Z", "2024-03-05"],
    [" 31/12/2023 ", "2023-12-31"],
  ])("%s → %s", async (cell, iso) => {
    expect(await value("stays", "admission_date", cell)).toBe(iso);
  });
  it.each(["31/02/2024", "29/02/2023", "2024-02-30", "31/04/2024", "00/01/2024", "12/13/2024", "2024-13-01"])("the impossible date %s does not convert (impossibleDate)", async (cell) => {
    expect(await convert("stays", "admission_date", cell)).toEqual({ value: null, reason: "impossibleDate" });
  });
  it("two-digit years, times, mixed separators, text and years outside 1900–2100 do not convert", async () => {
    for (const cell of ["05/03/24", "2024-03-05T10:30:00", "05/03-2024", "marzo 2024", "45000"]) {
      expect(await convert("stays", "admission_date", cell), cell).toEqual({ value: null, reason: "notDate" });
    }
    expect((await convert("stays", "admission_date", "1850-01-01")).value).toBeNull();
  });
});

describe("decimals and integers", () => {
  const decimal = (): [TableName, string] => {
    for (const t of Object.values(tableByName)) {
      const c = storedColumns(t).find((x) => x.kind === "number");
      if (c) return [t.name as TableName, c.name];
    }
    throw new Error("no decimal column in the contract");
  };
  it.each([
    ["3,5", 3.5], ["3.5", 3.5], ["-2,25", -2.25], ["+4", 4], ["10", 10], [",5", 0.5], ["7,", 7],
    ["1.234,5", 1234.5], ["1,234.5", 1234.5], ["1.234.567", 1234567], ["1 234,5", 1234.5], ["0", 0], ["-0", 0],
  ])("%s → %s", async (cell, n) => {
    const [t, c] = decimal();
    // (+ 0 reads DuckDB's -0.0 as 0: the same number.)
    expect(Number(await value(t, c, cell)) + 0).toBe(n);
  });
  it.each(["abc", "3,5,1", "1,2.3,4", "1e5", "--1", ".", "12a", "1.23.4", "inf", "0x1F", "1_000"])("%s does not convert (notNumber)", async (cell) => {
    const [t, c] = decimal();
    expect(await convert(t, c, cell)).toEqual({ value: null, reason: "notNumber" });
  });
  it("integers (stays.children_in_stay): a decimal comma zero is fine, a fraction is notInteger", async () => {
    expect(await value("stays", "children_in_stay", "3,0")).toBe("3");
    expect(await value("stays", "children_in_stay", " 12 ")).toBe("12");
    expect(await convert("stays", "children_in_stay", "2,5")).toEqual({ value: null, reason: "notInteger" });
    expect(await convert("stays", "children_in_stay", "dos")).toEqual({ value: null, reason: "notNumber" });
  });
});

describe("codes", () => {
  /** A code column of the contract using the list. */
  const codeColumn = (list: string): [TableName, string] => {
    for (const t of Object.values(tableByName)) {
      const c = storedColumns(t).find((x) => x.kind === "code" && x.codes === list);
      if (c) return [t.name as TableName, c.name];
    }
    throw new Error(`no column uses ${list}`);
  };
  const code = async (list: string, cell: string) => convert(...codeColumn(list), cell);
  it("matches codes case-insensitively and returns the canonical code", async () => {
    expect((await code("risk_level", "SEVERE")).value).toBe("severe");
    expect((await code("compliance_table", "a1")).value).toBe("A1");
    expect((await code("exit_reason", "Plan Completed")).value).toBe("plan_completed");
    expect((await code("woman_age_band", "18 - 24")).value).toBe("18-24");
    expect((await code("woman_age_band", "60+")).value).toBe("60+");
  });
  it("matches Spanish labels and aliases without caring for accents", async () => {
    expect((await code("referral_source", "Comisaria de Familia")).value).toBe("comisaria_familia");
    expect((await code("referral_source", "FISCALÍA")).value).toBe("fiscalia_ministerio_publico");
    expect((await code("timepoint", "Egreso")).value).toBe("exit");
    expect((await code("compliance_result", "Sí")).value).toBe("yes");
    expect((await code("compliance_result", "no aplica")).value).toBe("na");
  });
  it("every label and alias of every list used by a column names its own code", async () => {
    for (const [list, defs] of Object.entries(codeLists)) {
      const used = Object.values(tableByName).some((t) => storedColumns(t).some((c) => c.kind === "code" && c.codes === list));
      if (!used) continue;
      for (const d of defs as readonly { code: string; es: string; en: string; aliases?: readonly string[] }[]) {
        for (const label of [d.code, d.es, d.en, ...(d.aliases ?? [])]) expect((await code(list, label)).value, `${list}: ${label}`).toBe(d.code);
      }
    }
  });
  it("an unknown value does not convert (unknownCode)", async () => {
    expect(await code("risk_level", "altísimo")).toEqual({ value: null, reason: "unknownCode" });
  });
});

describe("coordinator survey answers", () => {
  it("reads yes/no spellings and Likert points", async () => {
    expect(await value("coordinator_surveys", "answer", "Sí")).toBe("yes");
    expect(await value("coordinator_surveys", "answer", "no")).toBe("no");
    expect(await value("coordinator_surveys", "answer", "4")).toBe("4");
    for (const cell of ["6", "0", "tal vez"]) expect(await convert("coordinator_surveys", "answer", cell), cell).toEqual({ value: null, reason: "notSurveyAnswer" });
  });
});
