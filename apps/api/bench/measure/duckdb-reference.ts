// The hand-written reference SQL (lib/reference-sql.ts) in plain DuckDB over the database the
// server read. A round opens a fresh DuckDB instance (as a freshly started server does) and runs
// every page's statements once: the same "cold" as the pages' cold rounds.
import { DuckDBInstance } from "@duckdb/node-api";
import { progress } from "../lib/report";
import { referenceSql, statementFor } from "../lib/reference-sql";

export interface Bounds {
  from: string;
  to: string;
}

/** The period an open query covers: first admission to the latest exit or reference date. */
export async function dataBounds(db: string): Promise<Bounds> {
  const instance = await DuckDBInstance.create(db, { access_mode: "READ_ONLY" });
  const conn = await instance.connect();
  try {
    const r = await conn.runAndReadAll(`SELECT CAST(min(s.admission_date) AS VARCHAR) AS lo,
      CAST(max(greatest(coalesce(s.exit_date, s.admission_date), coalesce(r.reference_date, s.admission_date))) AS VARCHAR) AS hi
      FROM stays s LEFT JOIN shelter_reference_dates r ON r.shelter_code = s.shelter_code`);
    const row = r.getRowObjects()[0] as { lo: string; hi: string };
    return { from: row.lo, to: row.hi };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

export async function measureDuckdbReference(db: string, bounds: Bounds, rounds: number): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++) {
    const instance = await DuckDBInstance.create(db, { access_mode: "READ_ONLY" });
    const conn = await instance.connect();
    try {
      for (const [page, statements] of Object.entries(referenceSql)) {
        const start = performance.now();
        for (const sql of statements) await conn.runAndReadAll(statementFor(sql, "duckdb"), [bounds.from, bounds.to]);
        out.set(page, [...(out.get(page) ?? []), performance.now() - start]);
      }
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
    progress(`duckdb reference round ${round + 1}/${rounds}: ${[...out].map(([p, v]) => `${p.replace(/^(page|call):/, "")} ${Math.round(v.at(-1) ?? 0)} ms`).join(", ")}`);
  }
  return out;
}
