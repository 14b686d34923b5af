// EXPLAIN every catalogue query on a large synthetic database and fail when a plan holds a
// nested-loop join, a blockwise nested-loop join or a cross product. Writes the plans and timings
// to bench/reports/explain-<date>.md.
//
//   npx tsx apps/api/bench/explain.ts [--stays 1000000] [--db PATH] [--keep]
//
// The data are inserted straight into the contract tables with SQL range() (pseudo-random via
// hash()), then the facts are refreshed with refreshStayFacts("all") as the ingester would.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { catalogue, compileIndicator, type IndicatorDefinition } from "@refugio/metrics";
import type { Dimension } from "@refugio/schemas";
import { unrestricted } from "../src/auth/scope";
import { openDatabase } from "../src/db/connection";
import { recordKeySecret, refreshStayFacts, stayFactsUpdateSql } from "../src/db/facts";
import { all, run } from "../src/db/query";

const FORBIDDEN = ["NESTED_LOOP_JOIN", "BLOCKWISE_NL_JOIN", "CROSS_PRODUCT"];
const SHELTERS = 40;
const MODELS = ["hrt", "casa_refugio", "refugio", "casa_emergencia", "casa_transicion"];

const { values } = parseArgs({
  options: { stays: { type: "string" }, db: { type: "string" }, keep: { type: "boolean" } },
});
const stays = Number(values.stays ?? 1_000_000);
if (!Number.isInteger(stays) || stays < 1000) throw new Error("--stays: a whole number ≥ 1000");

const ms = (t: number) => Math.round(performance.now() - t);

async function generate(conn: Parameters<typeof run>[0]): Promise<Record<string, number>> {
  const timings: Record<string, number> = {};
  const step = async (name: string, sql: string, params?: Record<string, number>) => {
    const t = performance.now();
    await run(conn, sql, params);
    timings[name] = ms(t);
  };
  await step(
    "shelters",
    `INSERT INTO shelters (shelter_code, network_code, country, region_code, model, capacity_places, opened_on, has_exclusive_coordinator)
     SELECT 'sh-' || lpad(CAST(i AS VARCHAR), 2, '0'), 'net-' || (i % 3), ['PE', 'CO', 'MX'][i % 3 + 1], 'R-' || (i % 12),
            [${MODELS.map((m) => `'${m}'`).join(", ")}][i % 5 + 1], 20 + i % 30, DATE '2012-01-01' + CAST(i * 30 AS INTEGER), i % 2 = 0
     FROM range(${SHELTERS}) t(i)`,
  );
  await step(
    "stays",
    `INSERT INTO stays (shelter_code, stay_id, person_key, admission_date, exit_date, referral_source, protection_order,
        risk_level_at_admission, age_band, disability, indigenous_or_language_minority, children_in_stay, companions_in_stay,
        extension_granted, exit_reason, exit_plan_done, safety_plan_done, legal_representation, occupational_workshop_certified,
        employment_at_exit, consent_followup, consent_research, batch_id)
     SELECT shelter, 'st-' || i, 'p-' || (hash(i, 'p') % $people), adm,
            CASE WHEN hash(i, 'open') % 40 = 0 OR adm + los > DATE '2025-06-30' THEN NULL ELSE adm + los END,
            ['comisaria_familia', 'juzgado', 'fiscalia_ministerio_publico', 'cem_or_external_centre', 'health_service', 'self', 'other'][CAST(hash(i, 'r') % 7 AS BIGINT) + 1],
            hash(i, 'po') % 3 = 0, ['moderate', 'severe', 'extreme'][CAST(hash(i, 'rl') % 3 AS BIGINT) + 1],
            ['<18', '18-24', '25-34', '35-44', '45-59', '60+'][CAST(hash(i, 'ab') % 6 AS BIGINT) + 1],
            hash(i, 'd') % 20 = 0, hash(i, 'm') % 10 = 0, CAST(hash(i, 'c') % 4 AS INTEGER), CAST(hash(i, 'co') % 5 = 0 AS INTEGER),
            hash(i, 'x') % 6 = 0, ['plan_completed', 'voluntary_early', 'transferred', 'rule_breach_transfer', 'other'][CAST(hash(i, 'e') % 5 AS BIGINT) + 1],
            hash(i, 'ep') % 2 = 0, hash(i, 'sp') % 2 = 0, hash(i, 'lr') % 2 = 0, hash(i, 'w') % 4 = 0, hash(i, 'j') % 5 = 0,
            hash(i, 'cf') % 3 <> 0, hash(i, 'cr') % 2 = 0, 'bench'
     FROM (SELECT i, 'sh-' || lpad(CAST(i % ${SHELTERS} AS VARCHAR), 2, '0') AS shelter,
                  DATE '2014-01-01' + CAST(hash(i, 'a') % 4200 AS INTEGER) AS adm, CAST(1 + hash(i, 'l') % 220 AS INTEGER) AS los
           FROM range($n) t(i))`,
    { n: stays, people: Math.round(stays * 0.85) },
  );
  await step(
    "children",
    `INSERT INTO children (shelter_code, stay_id, child_key, age_band, school_enrolled_at_admission, schooling_during_stay, school_year_kept, psychological_care, batch_id)
     SELECT s.shelter_code, s.stay_id, 'k' || c, ['0-2', '3-5', '6-11', '12-14', '15-17'][CAST(hash(s.stay_id, c) % 5 AS BIGINT) + 1],
            hash(s.stay_id, c, 'e') % 4 <> 0, 'remote', CASE WHEN hash(s.stay_id, c, 'k') % 10 = 0 THEN NULL ELSE hash(s.stay_id, c, 'k') % 10 < 8 END,
            hash(s.stay_id, c, 'p') % 2 = 0, 'bench'
     FROM (SELECT shelter_code, stay_id, unnest(range(children_in_stay)) AS c FROM stays) s`,
  );
  const items = Array.from({ length: 10 }, (_, j) => `item_${j + 1}`);
  await step(
    "assessments",
    `INSERT INTO assessments (shelter_code, stay_id, instrument, timepoint, assessed_on, ${items.join(", ")}, batch_id)
     SELECT s.shelter_code, s.stay_id, 'rosenberg_ses', tp, CASE WHEN tp = 'admission' THEN s.admission_date ELSE s.exit_date END,
            ${items.map((_, j) => `CASE WHEN hash(s.stay_id, tp, ${j}) % 30 = 0 THEN NULL ELSE CAST(hash(s.stay_id, tp, ${j}, 'v') % 4 AS INTEGER) END`).join(", ")}, 'bench'
     FROM (SELECT shelter_code, stay_id, admission_date, exit_date, unnest(['admission', 'exit']) AS tp FROM stays WHERE hash(stay_id, 'as') % 10 < 7) s
     WHERE tp = 'admission' OR s.exit_date IS NOT NULL`,
  );
  await step(
    "followups",
    `INSERT INTO followups (shelter_code, stay_id, contact_date, mode, contact_achieved, safe_environment, life_plan_progress, violence_recurrence, batch_id)
     SELECT shelter_code, stay_id, exit_date + CAST(30 + hash(stay_id, n) % 150 + n * 200 AS INTEGER), 'phone', hash(stay_id, n, 'a') % 4 <> 0,
            hash(stay_id, n, 's') % 5 <> 0, 'partial', hash(stay_id, n, 'v') % 8 = 0, 'bench'
     FROM (SELECT shelter_code, stay_id, exit_date, unnest(range(CAST(hash(stay_id, 'fn') % 3 AS INTEGER))) AS n FROM stays WHERE exit_date IS NOT NULL)`,
  );
  await step(
    "service_surveys",
    `INSERT INTO service_surveys (shelter_code, response_id, stay_id, answered_on, scale_max, ${items.join(", ")}, batch_id)
     SELECT shelter_code, 'r-' || stay_id, stay_id, exit_date, 5, ${items.map((_, j) => `CAST(1 + hash(stay_id, ${j}, 'q') % 5 AS INTEGER)`).join(", ")}, 'bench'
     FROM stays WHERE exit_date IS NOT NULL AND hash(stay_id, 'sv') % 5 = 0`,
  );
  await step(
    "coordinator_surveys",
    `INSERT INTO coordinator_surveys (shelter_code, year, question_code, answer, batch_id)
     SELECT s.shelter_code, y, q, CASE WHEN hash(s.shelter_code, y, q) % 10 < 8 THEN 'yes' ELSE 'no' END, 'bench'
     FROM shelters s, range(2015, 2025) t(y),
          (SELECT unnest(['emotional_stability', 'self_esteem_improved', 'mother_child_bond', 'emotional_dependence', 'lack_of_economic_resources',
                          'resistance_irritability', 'anxiety_depression_signs', 'complaints_demanding']) AS q) qs`,
  );
  await step(
    "compliance_checks",
    `INSERT INTO compliance_checks (shelter_code, assessed_on, "table", item_no, result, batch_id)
     SELECT s.shelter_code, make_date(y, 6, 1), t.tab, CAST(it AS INTEGER), ['yes', 'yes', 'no', 'na'][CAST(hash(s.shelter_code, y, t.tab, it) % 4 AS BIGINT) + 1], 'bench'
     FROM shelters s, range(2018, 2025) ys(y),
          (SELECT * FROM (VALUES ('A1', 33), ('A2', 16), ('A3', 10), ('A4', 14), ('A5', 18)) v(tab, size)) t, range(1, 34) its(it)
     WHERE it <= t.size`,
  );
  await step(
    "recommendation_updates",
    `INSERT INTO recommendation_updates (recommendation_code, scope, scope_code, status, updated_on, updated_by)
     SELECT 'aurora-r' || (1 + i % 5), 'shelter', 'sh-' || lpad(CAST(i % ${SHELTERS} AS VARCHAR), 2, '0'),
            ['not_started', 'in_progress', 'done', 'blocked'][i % 4 + 1], DATE '2020-01-01' + CAST(i * 7 AS INTEGER), 'bench'
     FROM range(400) t(i)`,
  );
  return timings;
}

/** Variants explained per indicator: no breakdown, each time grain it allows, and shelter. */
function variants(def: IndicatorDefinition): Dimension[][] {
  const out: Dimension[][] = [[]];
  for (const d of ["month", "year", "shelter", "age_band"] as const) if (def.dimensions.includes(d)) out.push([d]);
  return out;
}

async function explainText(conn: Parameters<typeof all>[0], sql: string, params: Record<string, unknown>): Promise<string> {
  const rows = await all<{ explain_key: string; explain_value: string }>(conn, `EXPLAIN ${sql}`, params as never);
  return rows.map((r) => r.explain_value).join("\n");
}

async function main(): Promise<number> {
  const date = new Date().toISOString().slice(0, 10);
  const path = values.db ?? join(tmpdir(), `refugio-explain-${process.pid}.duckdb`);
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  const db = await openDatabase(path);
  const conn = db.connection;
  const report: string[] = [];
  let failures = 0;
  try {
    const tGen = performance.now();
    const gen = await generate(conn);
    const genMs = ms(tGen);
    const counts = await all<{ t: string; n: number }>(
      conn,
      `SELECT 'stays' AS t, count(*) AS n FROM stays UNION ALL SELECT 'children', count(*) FROM children
       UNION ALL SELECT 'assessments', count(*) FROM assessments UNION ALL SELECT 'followups', count(*) FROM followups
       UNION ALL SELECT 'service_surveys', count(*) FROM service_surveys UNION ALL SELECT 'coordinator_surveys', count(*) FROM coordinator_surveys
       UNION ALL SELECT 'compliance_checks', count(*) FROM compliance_checks`,
    );
    process.stdout.write(`generated in ${genMs} ms: ${counts.map((c) => `${c.t} ${c.n}`).join(", ")}\n`);

    // The facts rebuild itself: timed runs, then its plan.
    const tRefresh = performance.now();
    await refreshStayFacts(conn, "all");
    const refreshMs = ms(tRefresh);
    const tRefresh2 = performance.now();
    await refreshStayFacts(conn, "all");
    const refreshAgainMs = ms(tRefresh2);
    const tOne = performance.now();
    await refreshStayFacts(conn, ["sh-07"]);
    const refreshOneMs = ms(tOne);
    const factParams: Record<string, string> = { key_secret: await recordKeySecret(conn) };
    const factPlan = await explainText(conn, stayFactsUpdateSql("all", factParams), factParams);
    const factBad = FORBIDDEN.filter((op) => factPlan.includes(op));
    failures += factBad.length > 0 ? 1 : 0;
    process.stdout.write(`refreshStayFacts("all"): ${refreshMs} ms (first), ${refreshAgainMs} ms (again); one shelter: ${refreshOneMs} ms${factBad.length ? `  ✗ ${factBad.join(", ")}` : ""}\n`);

    const keySecret = await recordKeySecret(conn, { create: false });
    const rows: string[] = [];
    const plans: string[] = [];
    for (const def of catalogue) {
      for (const by of variants(def)) {
        const compiled = compileIndicator(def, { query: { by }, scope: unrestricted, from: "2014-01-01", to: "2025-06-30", keySecret });
        const plan = await explainText(conn, compiled.sql, compiled.params);
        const bad = FORBIDDEN.filter((op) => plan.includes(op));
        const t = performance.now();
        const result = await all(conn, compiled.sql, compiled.params);
        const elapsed = ms(t);
        if (bad.length > 0) failures++;
        const label = `${def.code} by [${by.join(", ")}]`;
        rows.push(`| ${label} | ${elapsed} | ${result.length} | ${bad.length ? `✗ ${bad.join(", ")}` : "ok"} |`);
        plans.push(`<details><summary>${label}</summary>\n\n\`\`\`\n${plan}\n\`\`\`\n</details>\n`);
        process.stdout.write(`${label.padEnd(60)} ${String(elapsed).padStart(6)} ms ${bad.length ? `✗ ${bad.join(", ")}` : "ok"}\n`);
      }
    }

    report.push(
      `# EXPLAIN of the catalogue queries (${date})`,
      "",
      `Synthetic database: ${counts.map((c) => `${c.n.toLocaleString("en")} ${c.t}`).join(", ")}; ${SHELTERS} shelters. Generated in ${genMs} ms ` +
        `(${Object.entries(gen).map(([k, v]) => `${k} ${v} ms`).join(", ")}). DuckDB ${(await all<{ v: string }>(conn, "SELECT version() AS v"))[0]?.v ?? "?"}, ` +
        `Node ${process.version}, ${cpus().length} CPU(s), load average at the end ${loadavg().map((x) => x.toFixed(1)).join(" / ")} ` +
        `(timings on a shared machine scale with the load). Period 2014-01-01 … 2025-06-30, unrestricted scope.`,
      "",
      `Forbidden operators: ${FORBIDDEN.join(", ")}. Result: ${failures === 0 ? "**none found**" : `**${failures} plan(s) with a forbidden operator**`}.`,
      "",
      "## stay_facts refresh (derived columns of stays)",
      "",
      `- refreshStayFacts(conn, "all"), first run: ${refreshMs} ms`,
      `- refreshStayFacts(conn, "all"), again: ${refreshAgainMs} ms`,
      `- refreshStayFacts(conn, ["sh-07"]) (one shelter of ${SHELTERS}): ${refreshOneMs} ms`,
      `- plan: ${factBad.length ? `✗ ${factBad.join(", ")}` : "ok"}`,
      "",
      `<details><summary>UPDATE stays SET (derived facts) … plan</summary>\n\n\`\`\`\n${factPlan}\n\`\`\`\n</details>`,
      "",
      "## Indicator queries (execution time of the compiled query, one run, warm)",
      "",
      "| query | ms | rows | plan |",
      "|---|---:|---:|---|",
      ...rows,
      "",
      "## Plans",
      "",
      ...plans,
    );
  } finally {
    db.close();
    if (!values.keep && !values.db) {
      rmSync(path, { force: true });
      rmSync(`${path}.wal`, { force: true });
    }
  }
  const here = dirname(fileURLToPath(import.meta.url));
  mkdirSync(join(here, "reports"), { recursive: true });
  const out = join(here, "reports", `explain-${date}.md`);
  writeFileSync(out, report.join("\n") + "\n");
  process.stdout.write(`report: ${out}\n${failures === 0 ? "no forbidden operators" : `${failures} plan(s) with forbidden operators`}\n`);
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main();
