// The demo network as files: contract shape, determinism, the Aurora figures and the
// realism the dashboard relies on (shelters that differ, a tiny shelter, plausible occupancy).
// Checked with plain SQL over the CSVs through DuckDB's read_csv.
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { batchTables, NOM217_TABLE_SIZES, recommendations, shelters, tableByName, type TableName } from "@refugio/schemas";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeDemoNetwork, type DemoFiles } from "../../src/demo/write";

const TODAY = "2026-11-23";
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "refugio-demo-test-"));
  dirs.push(d);
  return d;
};

let files: DemoFiles;
let conn: DuckDBConnection;
let instance: DuckDBInstance;

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowObjectsJson().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v])));
}
async function value(sql: string): Promise<unknown> {
  const r = (await rows(sql))[0] ?? {};
  return Object.values(r)[0];
}

/** Hash of every file under `dir`, by relative path. */
function digest(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else out.set(`${rel}${e.name}`, createHash("sha256").update(readFileSync(join(d, e.name))).digest("hex"));
    }
  };
  walk(dir, "");
  return out;
}

beforeAll(async () => {
  const dir = tempDir();
  files = await writeDemoNetwork(dir, { seed: 1, scale: 1, today: TODAY });
  instance = await DuckDBInstance.create(":memory:");
  conn = await instance.connect();
  // Read each table once into memory; the header decides the columns.
  for (const t of batchTables) {
    const present = files.batchDirs.filter((b) => readdirSync(b).includes(`${t.name}.csv`)).map((b) => `'${join(b, `${t.name}.csv`)}'`);
    await conn.run(`CREATE TABLE ${t.name} AS SELECT *, split_part(filename, '/', -2) AS batch_dir FROM read_csv([${present.join(", ")}], header = true, union_by_name = true, filename = true)`);
  }
  await conn.run(`CREATE TABLE registry AS SELECT * FROM read_csv('${files.registryFile}', header = true)`);
}, 120_000);

afterAll(() => {
  conn?.closeSync();
  instance?.closeSync();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("contract shape", () => {
  it("writes one batch folder per shelter with a valid manifest and only contract tables", () => {
    expect(files.batchDirs).toHaveLength(37);
    const tableNames = new Set<string>(batchTables.map((t) => t.name));
    for (const dir of files.batchDirs) {
      const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Record<string, unknown>;
      expect(manifest).toMatchObject({ contract_version: "1.1", shelter_code: basename(dir), exported_on: TODAY, period_end: TODAY });
      expect(String(manifest.period_start) >= "2019-01-01").toBe(true);
      for (const f of readdirSync(dir)) {
        if (f === "manifest.json") continue;
        expect(f.endsWith(".csv")).toBe(true);
        expect(tableNames.has(f.replace(/\.csv$/, ""))).toBe(true);
      }
      expect(readdirSync(dir)).toContain("stays.csv");
    }
  });

  it("writes exactly the descriptor's columns, in order, in every file (no column outside the contract)", () => {
    const check = (file: string, table: TableName) => {
      const header = readFileSync(file, "utf8").split("\n", 1)[0];
      expect(header, file).toBe(tableByName[table].columns.map((c) => c.name).join(","));
    };
    check(files.registryFile, "shelters");
    check(files.recommendationsFile, "recommendations");
    for (const dir of files.batchDirs) {
      for (const f of readdirSync(dir)) if (f.endsWith(".csv")) check(join(dir, f), f.replace(/\.csv$/, "") as TableName);
    }
    expect(shelters.columns.map((c) => c.name)).toContain("network_name");
    expect(recommendations.columns.length).toBeGreaterThan(0);
  });

  it("registers the three networks with their shelters, regions and models", async () => {
    const r = await rows(
      `SELECT network_code, count(*) AS n, count(DISTINCT region_code) AS regions, any_value(model) AS model, min(network_name) AS name
       FROM registry GROUP BY 1 ORDER BY 1`,
    );
    expect(r).toEqual([
      expect.objectContaining({ network_code: "co-bogota", n: 5, regions: 1, model: "casa_refugio" }),
      expect.objectContaining({ network_code: "mx-refugios", n: 10, model: "refugio" }),
      expect.objectContaining({ network_code: "pe-aurora", n: 22, regions: 17, model: "hrt" }),
    ]);
    // Five Peruvian regions hold two homes; region codes are ISO 3166-2.
    expect(await value(`SELECT count(*) FROM (SELECT region_code FROM registry WHERE network_code = 'pe-aurora' GROUP BY 1 HAVING count(*) = 2)`)).toBe(5);
    expect(await value(`SELECT count(*) FROM registry WHERE NOT regexp_matches(region_code, '^(PE|CO|MX)-[A-Z]{2,3}$')`)).toBe(0);
    expect(await value(`SELECT count(*) FROM registry WHERE network_code = 'co-bogota' AND capacity_places <> 42`)).toBe(0);
    expect(await value(`SELECT count(*) FROM registry WHERE network_code = 'mx-refugios' AND capacity_rooms IS NULL`)).toBe(0);
    expect(await value(`SELECT count(DISTINCT operator_type) FROM registry WHERE network_code = 'pe-aurora'`)).toBe(2);
    const exclusive = Number(await value(`SELECT count(*) FROM registry WHERE network_code = 'pe-aurora' AND has_exclusive_coordinator`));
    expect(exclusive).toBeGreaterThan(0);
    expect(exclusive).toBeLessThan(22);
  });
});

describe("Aurora figures (seed 001), exact at scale 1", () => {
  it("holds 4,992 women, 5,481 children and 631 companions in the 22 HRT", async () => {
    const r = await rows(
      `SELECT count(DISTINCT person_key) AS women, sum(children_in_stay) AS children_declared, sum(companions_in_stay) AS companions, count(*) AS stays
       FROM stays WHERE shelter_code LIKE 'hrt-%'`,
    );
    expect(r[0]).toMatchObject({ women: 4992, children_declared: 5481, companions: 631 });
    // Some women came back: more stays than women.
    expect(Number(r[0]?.stays)).toBeGreaterThan(4992);
    const c = await rows(`SELECT count(*) AS n, count(DISTINCT child_key) AS keys FROM children WHERE batch_dir LIKE 'hrt-%'`);
    expect(c[0]).toEqual({ n: 5481, keys: 5481 });
  });

  it("has exactly children_in_stay children rows for every stay", async () => {
    const mismatches = await value(
      `SELECT count(*) FROM stays s
       LEFT JOIN (SELECT batch_dir, stay_id, count(*) AS n FROM children GROUP BY ALL) c ON c.batch_dir = s.shelter_code AND c.stay_id = s.stay_id
       WHERE COALESCE(c.n, 0) <> s.children_in_stay`,
    );
    expect(mismatches).toBe(0);
    expect(await value(`SELECT count(*) FROM children c ANTI JOIN stays s ON s.shelter_code = c.batch_dir AND s.stay_id = c.stay_id`)).toBe(0);
  });

  it("reproduces the 2022 coordinator survey of the 22 HRT", async () => {
    const r = await rows(
      `SELECT question_code, count(*) AS answered, count(*) FILTER (WHERE answer = 'yes') AS yes, count(DISTINCT shelter_code) AS shelters
       FROM coordinator_surveys WHERE year = 2022 GROUP BY 1 ORDER BY 1`,
    );
    const got = Object.fromEntries(r.map((x) => [x.question_code, [x.yes, x.answered, x.shelters]]));
    expect(got).toEqual({
      emotional_stability: [21, 22, 22],
      self_esteem_improved: [18, 20, 20],
      mother_child_bond: [19, 22, 22],
      emotional_dependence: [22, 22, 22],
      lack_of_economic_resources: [21, 22, 22],
      resistance_irritability: [20, 22, 22],
      anxiety_depression_signs: [19, 22, 22],
      complaints_demanding: [17, 22, 22],
    });
    expect(await value(`SELECT count(*) FROM coordinator_surveys WHERE NOT starts_with(shelter_code, 'hrt-')`)).toBe(0);
  });

  it("scales proportionally", async () => {
    const half = await writeDemoNetwork(tempDir(), { seed: 1, scale: 0.5, today: TODAY });
    const hrt = half.data.shelters.filter((s) => s.spec.network === "pe-aurora");
    const stays = hrt.flatMap((s) => s.tables.stays);
    expect(new Set(stays.map((s) => s.person_key)).size).toBe(2496);
    expect(stays.reduce((n, s) => n + Number(s.children_in_stay), 0)).toBe(Math.round(5481 / 2));
    expect(stays.reduce((n, s) => n + Number(s.companions_in_stay), 0)).toBe(Math.round(631 / 2));
  });
});

describe("determinism", () => {
  it("writes identical files for the same seed and different ones for another seed", async () => {
    const write = async (seed: number) => {
      const dir = tempDir();
      await writeDemoNetwork(dir, { seed, scale: 0.2, today: TODAY });
      return digest(dir);
    };
    const a = await write(7);
    const b = await write(7);
    const c = await write(8);
    expect(a.size).toBeGreaterThan(37 * 2);
    expect(b).toEqual(a);
    expect([...a.keys()].filter((k) => a.get(k) !== c.get(k)).length).toBeGreaterThan(a.size / 2);
  });
});

describe("realism", () => {
  it("keeps dates in order, within 2019-01-01 … today, with open stays only at the end", async () => {
    expect(await value(`SELECT count(*) FROM stays WHERE admission_date < DATE '2019-01-01' OR admission_date > DATE '${TODAY}' OR exit_date > DATE '${TODAY}' OR exit_date < admission_date`)).toBe(0);
    const open = await rows(`SELECT count(*) AS n, min(admission_date) AS first FROM stays WHERE exit_date IS NULL`);
    expect(Number(open[0]?.n)).toBeGreaterThan(0);
    expect(String(open[0]?.first) > "2025-06-01").toBe(true);
    expect(await value(`SELECT count(*) FROM stays WHERE exit_date IS NULL AND exit_reason IS NOT NULL`)).toBe(0);
    expect(
      await value(`SELECT count(*) FROM followups f JOIN stays s ON s.shelter_code = f.batch_dir AND s.stay_id = f.stay_id WHERE s.exit_date IS NULL OR f.contact_date < s.exit_date OR f.contact_date > DATE '${TODAY}'`),
    ).toBe(0);
    expect(
      await value(`SELECT count(*) FROM assessments a JOIN stays s ON s.shelter_code = a.batch_dir AND s.stay_id = a.stay_id WHERE a.assessed_on < s.admission_date OR a.assessed_on > COALESCE(s.exit_date, DATE '${TODAY}') AND a.timepoint IN ('admission', 'exit')`),
    ).toBe(0);
    // Keys are unique where the contract keys them.
    expect(await value(`SELECT count(*) - count(DISTINCT (shelter_code, stay_id)) FROM stays`)).toBe(0);
    expect(await value(`SELECT count(*) - count(DISTINCT (batch_dir, stay_id, contact_date)) FROM followups`)).toBe(0);
    expect(await value(`SELECT count(*) - count(DISTINCT (batch_dir, stay_id, timepoint)) FROM assessments`)).toBe(0);
  });

  it("makes HRT shelters differ: completed-stay rates spread over more than 15 points", async () => {
    const r = await rows(
      `SELECT shelter_code, avg(CASE WHEN exit_reason = 'plan_completed' THEN 1 ELSE 0 END) AS rate, count(*) AS exits
       FROM stays WHERE exit_date IS NOT NULL AND shelter_code LIKE 'hrt-%' GROUP BY 1 HAVING count(*) >= 50`,
    );
    expect(r.length).toBeGreaterThanOrEqual(20);
    const rates = r.map((x) => Number(x.rate));
    expect(Math.max(...rates) - Math.min(...rates)).toBeGreaterThan(0.15);
  });

  it("makes follow-up coverage at 6 months and self-esteem improvement differ between shelters", async () => {
    const fu = await rows(
      `SELECT s.shelter_code, avg(CASE WHEN f.ok THEN 1 ELSE 0 END) AS cov FROM stays s
       LEFT JOIN (SELECT f2.batch_dir, f2.stay_id, true AS ok FROM followups f2 JOIN stays s2 ON s2.shelter_code = f2.batch_dir AND s2.stay_id = f2.stay_id
                  WHERE f2.contact_achieved AND f2.contact_date >= s2.exit_date + 180 GROUP BY ALL) f ON f.batch_dir = s.shelter_code AND f.stay_id = s.stay_id
       WHERE s.exit_date <= DATE '${TODAY}' - 183 GROUP BY 1 HAVING count(*) >= 50`,
    );
    const cov = fu.map((x) => Number(x.cov));
    expect(Math.max(...cov) - Math.min(...cov)).toBeGreaterThan(0.25);

    // Rosenberg total with items 2, 5, 6, 8, 9 reversed; change from admission to exit.
    const total = `item_1 + (3 - item_2) + item_3 + item_4 + (3 - item_5) + (3 - item_6) + item_7 + (3 - item_8) + (3 - item_9) + item_10`;
    const se = await rows(
      `WITH t AS (SELECT batch_dir, stay_id, timepoint, ${total} AS score FROM assessments WHERE instrument = 'rosenberg_ses')
       SELECT a.batch_dir, avg(e.score - a.score) AS change, count(*) AS n
       FROM t a JOIN t e ON a.batch_dir = e.batch_dir AND a.stay_id = e.stay_id AND a.timepoint = 'admission' AND e.timepoint = 'exit'
       GROUP BY 1 HAVING count(*) >= 50`,
    );
    const change = se.map((x) => Number(x.change));
    expect(Math.min(...change)).toBeGreaterThan(-1);
    expect(Math.max(...change) - Math.min(...change)).toBeGreaterThan(2.5);
    expect(await value(`SELECT count(*) FROM assessments WHERE item_11 IS NOT NULL OR least(item_1, item_2, item_3, item_4, item_5, item_6, item_7, item_8, item_9, item_10) < 0 OR greatest(item_1, item_2, item_3, item_4, item_5, item_6, item_7, item_8, item_9, item_10) > 3`)).toBe(0);
  });

  it("answers reverse-worded Rosenberg items low when self-esteem is high", async () => {
    // Positive items (1, 3, 4, 7, 10) correlate negatively with the reversed ones as answered.
    const r = Number(await value(`SELECT corr(item_1 + item_3 + item_4 + item_7 + item_10, item_2 + item_5 + item_6 + item_8 + item_9) FROM assessments`));
    expect(r).toBeLessThan(-0.3);
  });

  it("has a tiny shelter (few stays a year) in Peru and in Mexico", async () => {
    const r = await rows(
      `SELECT s.shelter_code, count(*) / ((DATE '${TODAY}' - greatest(DATE '2019-01-01', max(CAST(g.opened_on AS DATE)))) / 365.25) AS per_year
       FROM stays s JOIN registry g USING (shelter_code) GROUP BY 1 HAVING per_year < 6 ORDER BY 1`,
    );
    expect(r.map((x) => x.shelter_code)).toEqual(["hrt-22", "mx-ref-10"]);
  });

  it("fills Bogotá's 42 daily places to a plausible 25–40 people on average", async () => {
    const r = await rows(
      `SELECT shelter_code, sum((1 + children_in_stay + companions_in_stay) * (least(COALESCE(exit_date, DATE '${TODAY}'), DATE '${TODAY}') - greatest(admission_date, DATE '2020-01-01')))
                / (DATE '${TODAY}' - DATE '2020-01-01') AS people
       FROM stays WHERE shelter_code LIKE 'cr-bog-%' AND COALESCE(exit_date, DATE '${TODAY}') > DATE '2020-01-01' GROUP BY 1`,
    );
    expect(r).toHaveLength(5);
    for (const x of r) {
      expect(Number(x.people)).toBeGreaterThan(25);
      expect(Number(x.people)).toBeLessThan(40);
    }
  });

  it("follows each programme's referral routes, stay limits and schooling", async () => {
    const share = async (where: string, of: string) => Number(await value(`SELECT avg(CASE WHEN ${where} THEN 1 ELSE 0 END) FROM stays WHERE ${of}`));
    expect(await share(`referral_source IN ('comisaria_familia', 'juzgado') AND protection_order`, `shelter_code LIKE 'cr-bog-%'`)).toBeGreaterThan(0.9);
    expect(await share(`referral_source IN ('cem_or_external_centre', 'fiscalia_ministerio_publico')`, `shelter_code LIKE 'hrt-%'`)).toBeGreaterThan(0.7);
    const minority = await share(`indigenous_or_language_minority`, `shelter_code LIKE 'hrt-%'`);
    expect(minority).toBeGreaterThan(await share(`indigenous_or_language_minority`, `shelter_code LIKE 'cr-bog-%'`));
    const disability = await share(`disability`, `true`);
    expect(disability).toBeGreaterThan(0.05);
    expect(disability).toBeLessThan(0.1);
    // Bogotá: 120 days, up to 60 more with an extension; some stays run past 120 days, each with
    // its extension (a stay past the limit without one is a Data quality finding, and the demo
    // plants only the problems it lists), and a few past even the extension.
    const bog = (await rows(
      `SELECT avg(CASE WHEN exit_date - admission_date > 120 THEN 1 ELSE 0 END) AS over120,
              avg(CASE WHEN exit_date - admission_date > 120 AND NOT extension_granted THEN 1 ELSE 0 END) AS over_without_ext,
              avg(CASE WHEN exit_date - admission_date > 180 THEN 1 ELSE 0 END) AS over180,
              avg(CASE WHEN extension_granted THEN 1 ELSE 0 END) AS ext
       FROM stays WHERE shelter_code LIKE 'cr-bog-%' AND exit_date IS NOT NULL`,
    ))[0];
    expect(Number(bog?.over120)).toBeGreaterThan(0.05);
    expect(Number(bog?.over_without_ext)).toBe(0);
    expect(Number(bog?.over180)).toBeGreaterThan(0);
    expect(Number(bog?.over180)).toBeLessThan(0.05);
    expect(Number(bog?.ext)).toBeGreaterThan(0.05);
    // Schooling: Peru remote/flexible (no in-person school), Bogotá "aula refugio".
    const schooling = await rows(
      `SELECT substr(batch_dir, 1, 3) AS net, mode(schooling_during_stay) AS top, count(*) FILTER (WHERE schooling_during_stay = 'shelter_classroom') AS classroom
       FROM children WHERE age_band IN ('6-11', '12-14', '15-17') GROUP BY 1 ORDER BY 1`,
    );
    expect(schooling.find((x) => x.net === "hrt")).toMatchObject({ top: "remote", classroom: 0 });
    expect(schooling.find((x) => x.net === "cr-")).toMatchObject({ top: "shelter_classroom" });
    // school_year_kept only for school-age children.
    expect(await value(`SELECT count(*) FROM children WHERE school_year_kept IS NOT NULL AND age_band IN ('0-2', '3-5')`)).toBe(0);
  });

  it("checks Mexican refuges against the 91 NOM-217 items about every two years, some far better than others", async () => {
    const perCheck = await rows(
      `SELECT batch_dir, assessed_on, "table", count(*) AS n FROM compliance_checks GROUP BY ALL`,
    );
    for (const x of perCheck) expect(x.n).toBe(NOM217_TABLE_SIZES[x.table as keyof typeof NOM217_TABLE_SIZES]);
    const latest = await rows(
      `WITH last AS (SELECT batch_dir, max(assessed_on) AS d, count(DISTINCT assessed_on) AS checks FROM compliance_checks GROUP BY 1)
       SELECT c.batch_dir, any_value(checks) AS checks, avg(CASE WHEN result = 'yes' THEN 1 ELSE 0 END) FILTER (WHERE result <> 'na') AS met
       FROM compliance_checks c JOIN last l ON l.batch_dir = c.batch_dir AND l.d = c.assessed_on WHERE c.batch_dir LIKE 'mx-%' GROUP BY 1`,
    );
    expect(latest).toHaveLength(10);
    const met = latest.map((x) => Number(x.met));
    expect(Math.max(...met) - Math.min(...met)).toBeGreaterThan(0.25);
    expect(latest.filter((x) => Number(x.checks) >= 3).length).toBeGreaterThanOrEqual(5);
  });

  it("stores nothing that identifies a person: keys are pseudonymous hex with a prefix (the contract's key format)", async () => {
    expect(await value(`SELECT count(*) FROM stays WHERE NOT regexp_matches(person_key, '^P[0-9a-f]{16}$') OR NOT regexp_matches(stay_id, '^E[0-9a-f]{11}$')`)).toBe(0);
    expect(await value(`SELECT count(*) FROM children WHERE NOT regexp_matches(child_key, '^K[0-9a-f]{12}$')`)).toBe(0);
  });
});
