// The Compare and Trends pages' statement (completed_stays by shelter, and by year) as the
// catalogue compiles it, read from the load-time cells and from the stays, next to the hand-written
// SQL of the harness for the same figures, on one database: wall time of each (median of 5) and
// where the compiled one spends it (EXPLAIN ANALYZE, time per operator kind). Also the Overview's
// overlap statement (women, children and companions served over the whole period), which no cell
// holds. Shows what the harness's page ratios are made of.
//
//   npx tsx apps/api/bench/exit-statements.ts --db PATH
//
// PATH: a database loaded by `refugio ingest` (its cells derived: open it once for writing with
// this build, e.g. `refugio user list --db PATH`); opened read-only.
import { parseArgs } from "node:util";
import { compileIndicator, compileIndicatorBatch, getIndicator, type IndicatorDefinition } from "@refugio/metrics";
import type { Dimension } from "@refugio/schemas";
import { unrestricted } from "../src/auth/scope";
import { openDatabase } from "../src/db/connection";
import { all, one, type Params } from "../src/db/query";
import { queryState } from "../src/db/query-state";
import { median } from "./lib/report";

const { values } = parseArgs({ options: { db: { type: "string" } } });
if (!values.db) throw new Error("--db PATH is required");
const db = await openDatabase(values.db, { readOnly: true });
const conn = db.connection;

async function time(sql: string, params?: Params): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    await all(conn, sql, params);
    t.push(performance.now() - s);
  }
  return Math.round(median(t));
}

interface PlanNode {
  operator_name?: string;
  operator_timing?: number;
  children?: PlanNode[];
}
/** Seconds per operator kind over the whole plan tree. */
function byOperator(node: PlanNode, out = new Map<string, number>()): Map<string, number> {
  if (node.operator_name) out.set(node.operator_name.trim(), (out.get(node.operator_name.trim()) ?? 0) + (node.operator_timing ?? 0));
  for (const c of node.children ?? []) byOperator(c, out);
  return out;
}

/** Seconds per operator kind of one statement, the largest first. */
async function plan(sql: string, params: Params): Promise<string> {
  const rows = await all<Record<string, string>>(conn, `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
  const tree = JSON.parse(Object.values(rows[0] ?? {}).at(-1) ?? "{}") as PlanNode;
  const ops = [...byOperator(tree)].filter(([, s]) => s >= 0.001).sort((x, y) => y[1] - x[1]);
  return ops.map(([o, s]) => `${o} ${s.toFixed(3)} s`).join(", ") || "every operator under 1 ms";
}

try {
  const state = await queryState(conn);
  if (!state.cells) console.log("warning: this database's cells were not derived by this build: the cells path below reads nothing useful");
  const b = await one<{ lo: string; hi: string }>(conn, `SELECT CAST(min(first_date) AS VARCHAR) AS lo, CAST(max(last_date) AS VARCHAR) AS hi FROM stay_bounds`);
  const def = getIndicator("completed_stays");
  if (!def || !b) throw new Error("no completed_stays in the catalogue, or no stays in the database");
  const period = `s.exit_date BETWEEN CAST('${b.lo}' AS DATE) AND CAST('${b.hi}' AS DATE)`;
  const reference: Record<string, string> = {
    shelter: `SELECT s.shelter_code, count(*) FILTER (WHERE s.exit_reason = 'plan_completed'), coalesce(sum(s.record_key) FILTER (WHERE s.exit_reason = 'plan_completed'), 0) % 256, count(*), coalesce(sum(s.record_key), 0) % 256 FROM stays s WHERE ${period} GROUP BY s.shelter_code`,
    year: `SELECT extract(year FROM s.exit_date), count(*) FILTER (WHERE s.exit_reason = 'plan_completed'), coalesce(sum(s.record_key) FILTER (WHERE s.exit_reason = 'plan_completed'), 0) % 256, count(*) FROM stays s WHERE ${period} GROUP BY ROLLUP (extract(year FROM s.exit_date))`,
  };
  const base = { scope: unrestricted, from: b.lo, to: b.hi, keySecret: state.keySecret, stayMonthsUntil: state.stayMonthsUntil };
  console.log(`completed_stays over ${b.lo} … ${b.hi}, median of 5 runs\n`);
  for (const by of ["shelter", "year"] as Dimension[]) {
    const plain = await time(reference[by] ?? "");
    for (const cells of [true, false]) {
      const c = compileIndicator(def, { ...base, query: { indicators: [def.code], by: [by] }, cells });
      const compiled = await time(c.sql, c.params);
      console.log(`by ${by}, ${cells ? "from the cells" : "from the stays"}: compiled ${compiled} ms, hand-written ${plain} ms (${(compiled / plain).toFixed(2)}×); plan: ${await plan(c.sql, c.params)}`);
    }
  }
  // The Overview's overlap statement: one batch of the three overlap indicators, no grain.
  const overlap = ["women_served", "children_served", "companions_served"].map((code) => getIndicator(code)).filter((d): d is IndicatorDefinition => d !== undefined);
  const o = compileIndicatorBatch(overlap, { ...base, query: { indicators: overlap.map((d) => d.code) }, cells: state.cells });
  console.log(`\nOverview's overlap statement (${overlap.map((d) => d.code).join(", ")}): ${await time(o.sql, o.params)} ms; plan: ${await plan(o.sql, o.params)}`);
} finally {
  db.close();
}
