// The overlap indicators by month read from the load-time stay_months and from the per-stay
// path (stays expanded into their months per request), on one database, alternating,
// timed in CPU (process.cpuUsage: all of DuckDB's threads) and wall-clock; also how long the
// refresh of the aggregates takes. CPU time is what a loaded, shared machine disturbs least.
//
//   npx tsx apps/api/bench/aggregates.ts --db PATH [--rounds 3] [--refresh] [--explain]
//
// --explain also prints DuckDB's EXPLAIN ANALYZE of the Overview's overlap statement (women,
// children and companions served, no grain: the stay_facts view) and of women_served by month.
// PATH: a database loaded by `refugio ingest` (e.g. `npm run bench -- --keep` keeps its own).
// --refresh rebuilds the aggregates ("all") once and so writes to the database.
import { parseArgs } from "node:util";
import { catalogue, compileIndicator, compileIndicatorBatch, getIndicator, type CompileInput, type IndicatorDefinition } from "@refugio/metrics";
import type { Dimension } from "@refugio/schemas";
import { unrestricted } from "../src/auth/scope";
import { refreshAggregates, stayMonthsHorizon } from "../src/db/aggregates";
import { openDatabase } from "../src/db/connection";
import { recordKeySecret } from "../src/db/facts";
import { all, one } from "../src/db/query";

const { values } = parseArgs({ options: { db: { type: "string" }, rounds: { type: "string" }, refresh: { type: "boolean" }, explain: { type: "boolean" } } });
if (!values.db) throw new Error("--db PATH is required");
const rounds = Number(values.rounds ?? 3);
const db = await openDatabase(values.db, { readOnly: !values.refresh });
const conn = db.connection;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};
async function measure(fn: () => Promise<unknown>): Promise<{ cpu: number; wall: number }> {
  const t = performance.now();
  const u = process.cpuUsage();
  await fn();
  const d = process.cpuUsage(u);
  return { cpu: (d.user + d.system) / 1000, wall: performance.now() - t };
}

try {
  const horizon = await stayMonthsHorizon(conn);
  if (!horizon) throw new Error("this database has no stay_months (open it read-write once with this version)");
  const keySecret = await recordKeySecret(conn, { create: false });
  const b = await one<{ lo: string; hi: string }>(conn, `SELECT CAST(min(first_date) AS VARCHAR) AS lo, CAST(max(last_date) AS VARCHAR) AS hi FROM stay_bounds`);
  const size = await one<{ stays: number; months: number }>(conn, `SELECT (SELECT count(*) FROM stays) AS stays, (SELECT count(*) FROM stay_months) AS months`);
  console.log(`${Number(size?.stays).toLocaleString("en")} stays, ${Number(size?.months).toLocaleString("en")} stay_months rows; period ${b?.lo} to ${b?.hi}; ${rounds} rounds\n`);
  console.log("| indicator | by | per-stay CPU ms | stay_months CPU ms | per-stay wall ms | stay_months wall ms |");
  console.log("|---|---|---:|---:|---:|---:|");
  for (const def of catalogue.filter((d) => d.attribution === "overlap")) {
    for (const grain of ["month"] as Dimension[]) {
      const input = (stayMonthsUntil: string | null): CompileInput => ({
        query: { indicators: [def.code], by: [grain] },
        scope: unrestricted,
        from: b?.lo ?? "",
        to: b?.hi ?? "",
        keySecret,
        stayMonthsUntil,
      });
      const slow = compileIndicator(def, input(null));
      const fast = compileIndicator(def, input(horizon));
      const t = { slow: [] as { cpu: number; wall: number }[], fast: [] as { cpu: number; wall: number }[] };
      for (let r = 0; r < rounds; r++) {
        t.slow.push(await measure(() => all(conn, slow.sql, slow.params)));
        t.fast.push(await measure(() => all(conn, fast.sql, fast.params)));
      }
      const m = (xs: { cpu: number; wall: number }[], k: "cpu" | "wall") => Math.round(median(xs.map((x) => x[k])));
      console.log(`| ${def.code} | ${grain} | ${m(t.slow, "cpu")} | ${m(t.fast, "cpu")} | ${m(t.slow, "wall")} | ${m(t.fast, "wall")} |`);
    }
  }
  if (values.explain) {
    const overlap = ["women_served", "children_served", "companions_served"].map((c) => getIndicator(c)).filter((d): d is IndicatorDefinition => d !== undefined);
    const women = getIndicator("women_served");
    if (!women || overlap.length !== 3) throw new Error("catalogue lost an overlap indicator");
    const base = { scope: unrestricted, from: b?.lo ?? "", to: b?.hi ?? "", keySecret, stayMonthsUntil: horizon };
    const statements = [
      { name: "Overview: overlap indicators, no grain", c: compileIndicatorBatch(overlap, { ...base, query: { indicators: overlap.map((d) => d.code) } }) },
      { name: "women_served by month", c: compileIndicator(women, { ...base, query: { indicators: [women.code], by: ["month"] } }) },
    ];
    for (const { name, c } of statements) {
      const plan = await all<Record<string, unknown>>(conn, `EXPLAIN ANALYZE ${c.sql}`, c.params);
      console.log(`\n## EXPLAIN ANALYZE: ${name}\n`);
      for (const row of plan) console.log(String(Object.values(row)[1] ?? ""));
    }
  }
  if (values.refresh) {
    const r = await measure(() => refreshAggregates(conn, "all"));
    console.log(`\nrefreshAggregates("all"): ${Math.round(r.cpu)} ms CPU, ${Math.round(r.wall)} ms wall`);
  }
} finally {
  db.close();
}
