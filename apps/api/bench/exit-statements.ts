// The Compare and Trends pages' statement (completed_stays by shelter, and by year) as the
// catalogue compiles it, next to the hand-written SQL of the harness for the same figures, on one
// database: wall time of each (median of 5) and where the compiled one spends it (EXPLAIN ANALYZE,
// time per operator kind). Shows what the harness's page:compare and page:trends ratios are made of.
//
//   npx tsx apps/api/bench/exit-statements.ts --db PATH
//
// PATH: a database loaded by `refugio ingest`; opened read-only.
import { parseArgs } from "node:util";
import { compileIndicator, getIndicator } from "@refugio/metrics";
import type { Dimension } from "@refugio/schemas";
import { unrestricted } from "../src/auth/scope";
import { stayMonthsHorizon } from "../src/db/aggregates";
import { openDatabase } from "../src/db/connection";
import { recordKeySecret } from "../src/db/facts";
import { all, one, type Params } from "../src/db/query";
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

try {
  const horizon = await stayMonthsHorizon(conn);
  const keySecret = await recordKeySecret(conn, { create: false });
  const b = await one<{ lo: string; hi: string }>(conn, `SELECT CAST(min(first_date) AS VARCHAR) AS lo, CAST(max(last_date) AS VARCHAR) AS hi FROM stay_bounds`);
  const def = getIndicator("completed_stays");
  if (!def || !b) throw new Error("no completed_stays in the catalogue, or no stays in the database");
  const period = `s.exit_date BETWEEN CAST('${b.lo}' AS DATE) AND CAST('${b.hi}' AS DATE)`;
  const reference: Record<string, string> = {
    shelter: `SELECT s.shelter_code, count(*) FILTER (WHERE s.exit_reason = 'plan_completed'), coalesce(sum(s.record_key) FILTER (WHERE s.exit_reason = 'plan_completed'), 0) % 256, count(*), coalesce(sum(s.record_key), 0) % 256 FROM stays s WHERE ${period} GROUP BY s.shelter_code`,
    year: `SELECT extract(year FROM s.exit_date), count(*) FILTER (WHERE s.exit_reason = 'plan_completed'), coalesce(sum(s.record_key) FILTER (WHERE s.exit_reason = 'plan_completed'), 0) % 256, count(*) FROM stays s WHERE ${period} GROUP BY ROLLUP (extract(year FROM s.exit_date))`,
  };
  console.log(`completed_stays over ${b.lo} … ${b.hi}, median of 5 runs\n`);
  for (const by of ["shelter", "year"] as Dimension[]) {
    const c = compileIndicator(def, { query: { indicators: [def.code], by: [by] }, scope: unrestricted, from: b.lo, to: b.hi, keySecret, stayMonthsUntil: horizon });
    const compiled = await time(c.sql, c.params);
    const plain = await time(reference[by] ?? "");
    const plan = await all<Record<string, string>>(conn, `EXPLAIN (ANALYZE, FORMAT JSON) ${c.sql}`, c.params);
    const tree = JSON.parse(Object.values(plan[0] ?? {}).at(-1) ?? "{}") as PlanNode;
    const ops = [...byOperator(tree)].filter(([, s]) => s >= 0.001).sort((x, y) => y[1] - x[1]);
    console.log(`by ${by}: compiled ${compiled} ms, hand-written ${plain} ms (${(compiled / plain).toFixed(2)}×); compiled plan: ${ops.map(([o, s]) => `${o} ${s.toFixed(3)} s`).join(", ")}`);
  }
} finally {
  db.close();
}
