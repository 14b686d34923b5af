// The truth the attacker is scored against: the service's raw computation (computeRawIndicators,
// true figures before any privacy treatment) over every shelter, run after the server stopped.
import type { DuckDBConnection } from "@duckdb/node-api";
import type { CellRef } from "./attacker";
import type { IndicatorResult } from "@refugio/schemas";
import { computeRawIndicators, trueRows } from "../../src/indicators/service";

type RawRow = IndicatorResult;

export interface Truth {
  /** The true value of the target quantity (0 when the cell has no records). */
  value: number;
  /** The count that decides whether the cell is small: the value itself, or the people/stays behind a magnitude. */
  count: number;
}

export class TruthTable {
  private cache = new Map<string, Map<string, RawRow>>();
  constructor(private readonly conn: DuckDBConnection) {}

  /** Rows by shelter ("*" = total) of one indicator over one period, all shelters, true figures. */
  private async rows(indicator: string, from: string, to: string): Promise<Map<string, RawRow>> {
    const key = `${indicator}|${from}|${to}`;
    let m = this.cache.get(key);
    if (!m) {
      const [table] = await computeRawIndicators(this.conn, { indicators: [indicator], from, to, by: ["shelter"] }, { scope: { networks: null, shelters: null } });
      m = new Map();
      for (const r of table ? trueRows(table) : []) {
        const s = r.group.shelter;
        m.set(Object.keys(r.group).length === 0 ? "*" : String(s), r);
      }
      this.cache.set(key, m);
    }
    return m;
  }

  async of(c: CellRef): Promise<Truth> {
    const r = (await this.rows(c.indicator, c.from, c.to)).get(c.shelter ?? "*");
    const n = Number(r?.n ?? 0);
    switch (c.field) {
      case "numerator":
      case "present": {
        const v = Number(r?.numerator ?? 0);
        return { value: v, count: v };
      }
      case "place_days":
        return { value: Number(r?.numerator ?? 0), count: n };
      case "denominator": {
        const v = Number(r?.denominator ?? 0);
        return { value: v, count: v };
      }
      case "n":
        return { value: n, count: n };
      case "eligible":
      case "missing": {
        const v = Number(r?.coverage?.[c.field] ?? 0);
        return { value: v, count: v };
      }
      case "sum":
        return { value: Math.round(Number(r?.stats?.mean ?? 0) * n), count: n };
    }
  }

  /** True value and n of a shelter's row (utility measurement). */
  async row(indicator: string, from: string, to: string, shelter: string): Promise<RawRow | undefined> {
    return (await this.rows(indicator, from, to)).get(shelter);
  }
}
