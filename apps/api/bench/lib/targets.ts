// Issue 18's targets, each stated met or missed by how much from the run's entries, with why a
// missed one is missed and what would fix it (what the measurements and EXPLAIN ANALYZE showed).
import type { Entry, Target } from "./report";

const PAGES = ["page:overview", "page:compare", "page:trends", "page:benchmark"];

// What bench/exit-statements.ts showed at 1 M stays (a 40-batch database of `refugio generate
// --stays 1000000 --shelters 40 --seed 1`, 2026-12-07, two runs), after the load-time cells.
const why: Record<string, string> = {
  "page:overview":
    "its exit figures (completed stays, follow-up, self-esteem, school continuity) read the load-time cells, but its overlap statement (women, children and companions served over the period) still scans every stay that overlaps the period: 111–118 ms at 1 M stays with a warm cache (bench/exit-statements.ts, two runs), with 0.081–0.088 s of operator time in the ungrouped aggregate (the distinct count of women) and 0.043–0.044 s in the stay_facts view's joins; a count of distinct women over a period is not a sum of per-day cells; fix: for the joins, a view without them when a statement reads none of their columns; for the distinct count, nothing exact short of reading the stays.",
  "page:compare":
    "its statement reads the load-time cells: 11–13 ms at 1 M stays against 25 ms for the hand-written SQL (bench/exit-statements.ts, two runs); the look-ups of the database are read once per data version (db/lookups.ts) and the exact funnel limits search near their answer, so what remains over the reference is the session look-up, HTTP and the JavaScript of a freshly started server's first Compare (the release engine and the funnel limits with a cold JIT: 28 ms of CPU before the quantile search was narrowed, `node --cpu-prof`), which the one hand-written statement does not pay; on a warm process the same uncached request took 23–39 ms (11 requests); fix: less work per request in JavaScript (the funnel curve's 160 exact quantiles), or nothing at this size.",
  "page:trends":
    "as Compare: its statement reads the cells (11–13 ms at 1 M stays against 27–28 ms for the hand-written SQL by year, bench/exit-statements.ts, two runs); the rest is the request's fixed cost.",
  "page:benchmark":
    "its exit and admission figures read the cells, but the other relations (the overlap indicators with the distinct count of women, the length-of-stay median and the paired self-esteem change, occupancy, referrals, the surveys, compliance) are still one statement each over the stays, for the shelter and again for its peers by shelter; fix: the shelter's own figures from its row in the peers' statement where both periods agree.",
};
/** Phases of a 1 M export (`npx tsx bench/export-phases.ts --db DB`, 2026-12-07, 40-batch database of 1 M stays). */
const EXPORT_WHY =
  "missed: the reference writes the consenting rows once, as Parquet (1.7 s at 1 M); an export of the same 1 M generated stays (40 batches, seed 1) took 19.9 and 20.4 s in two runs: selecting and re-keying the consenting stays 2.2–2.5 s, the generalisation search 1.7–1.8 s, writing every table twice, CSV and Parquet, 7.7–7.9 s, and the zip 7.7–8.5 s (CSV deflated at level 1, Parquet stored as is, every file hashed, the archive built in memory); fix: write the CSV only when the researcher asks for it, and stream the zip to its file";
/**
 * Why a page is not 8× faster than PostgreSQL, from this run's own figures: the hand-written DuckDB
 * SQL for the same figures against PostgreSQL's says how much of the 8× plain DuckDB gives on this
 * machine, and so whether the rest must come from Refugio's SQL or from reading less per request.
 */
function pgNote(duck: Entry | undefined, pg: Entry): string {
  if (duck?.reference_median === undefined || pg.reference_median === undefined) return "";
  const best = Math.round((pg.reference_median / duck.reference_median) * 10) / 10;
  return best >= 8
    ? `the hand-written DuckDB SQL is ${best}× faster than PostgreSQL in this run, so what is missing is Refugio's own overhead over that SQL (the 1.5× target)`
    : `the hand-written DuckDB SQL is itself only ${best}× faster than PostgreSQL in this run (DuckDB ${duck.reference_median} ms, PostgreSQL ${pg.reference_median} ms, both scanning the stays of the period), so writing the same SQL better cannot give 8×: a request must read less than every stay, as load-time aggregates (shelters × months) would`;
}

/** What `refugio ingest --memory-limit` did to the same load in this run, if it was measured. */
function cappedNote(entries: Entry[], label: string): string {
  const ms = find(entries, `ingest:${label}:capped`, "read_csv");
  const mb = find(entries, `ingest:${label}:capped:peak-rss`, "read_csv");
  if (!ms || !mb) return "fix: a lower memory limit for the loading process (`refugio ingest --memory-limit`), so that DuckDB spills to disk instead";
  const cap = (mb.note ?? "").split(";")[0];
  return `with \`${cap}\` the same load peaked at ${Math.round(mb.median)} MB (${mb.ratio}× read_csv: ${mb.ratio !== undefined && mb.ratio <= 2 ? "within" : "still over"} the 2×) and took ${Math.round(ms.median)} ms (${ms.ratio}× read_csv, against ${find(entries, `ingest:${label}`, "read_csv")?.ratio}× without the cap): a cap trades time for memory, the operator's choice`;
}

/** Where the Overview's paint time went, from this run's browser entries. */
function paintNote(entries: Entry[], paint: Entry): string {
  const sent = find(entries, "browser:overview-query-sent");
  const answered = find(entries, "browser:overview-query-answered");
  if (!sent || !answered || !Number.isFinite(sent.median) || !Number.isFinite(answered.median)) return "the cards wait for indicators.values (see page:overview)";
  return `the page sent its headline query at ${sent.median} ms (loading and running the JavaScript, then auth.me and the first render), had the answer at ${answered.median} ms (${Math.round(answered.median - sent.median)} ms: see page:overview, cold) and painted the cards ${Math.round(paint.median - answered.median)} ms later (medians); on this machine the browser and the server share the cores, and sending the query beside auth.me made no difference (docs/scaling.md); fix: a faster headline statement (page:overview) and less JavaScript before the first paint`;
}

function find(entries: Entry[], name: string, reference?: string): Entry | undefined {
  return entries.find((e) => e.name === name && (reference === undefined ? true : e.reference === reference));
}

/** A smaller run of the same harness (its report.json), for the growth target. */
export interface Baseline {
  stays: number;
  entries: Entry[];
  /** Where it was read from, for the report. */
  file: string;
}

const GROWTH = "page time at 10 M ≤ 4× page time at 1 M; server RSS < 4 GB at 10 M";

/**
 * Growth is a comparison of two runs: this one and a baseline report given with --baseline. Each
 * page's cold median is divided by the baseline's; the target holds when every page grows at most
 * 4× for 10× the stays and the server stays under 4 GB. Other size pairs are reported, not judged.
 */
export function growthTarget(entries: Entry[], stays: number, baseline?: Baseline): Target {
  const rss = find(entries, "server:peak-rss");
  if (!baseline)
    return {
      target: GROWTH,
      measured: rss ? `server peak RSS ${rss.median} MB at ${stays.toLocaleString("en")} stays; growth needs two runs (1 M and 10 M)` : "not measured",
      met: null,
      note: "run npm run bench -- --stays 10000000 --baseline <the 1 M run's report.json>: the report then states each page's growth",
    };
  const growth = PAGES.flatMap((page) => {
    const now = find(entries, page);
    const before = find(baseline.entries, page);
    return now && before && before.median > 0 ? [{ page, factor: Math.round((now.median / before.median) * 100) / 100, now: now.median, before: before.median }] : [];
  });
  const scale = stays / baseline.stays;
  const worst = growth.reduce((m, g) => Math.max(m, g.factor), 0);
  const words = growth.map((g) => `${g.page} ${g.factor}× (${g.before} → ${g.now} ms)`).join("; ");
  const rssText = rss ? `server peak RSS ${rss.median} MB` : "server RSS not measured";
  const judged = scale === 10 && growth.length === PAGES.length && rss !== undefined;
  const met = judged ? worst <= 4 && rss.median < 4096 : null;
  return {
    target: GROWTH,
    measured: `${scale}× the stays of ${baseline.file} (${baseline.stays.toLocaleString("en")}): ${words}; ${rssText}`,
    met,
    ...(met === false
      ? { note: `missed: ${worst > 4 ? `the slowest page grew ${worst}× (allowed 4×): figures read from the load-time cells grow with shelters × days, but the statements no cell holds (distinct women, medians, occupancy, surveys) scan every stay of the period per request, so their time grows with the data` : ""}${rss && rss.median >= 4096 ? `${worst > 4 ? "; " : ""}server RSS ${rss.median} MB ≥ 4 GB: cap DuckDB's memory_limit` : ""}` }
      : met === null
        ? { note: judged ? "" : "judged only for a 10 M run against a 1 M baseline" }
        : {}),
  };
}

export function targets(entries: Entry[], stays: number, baseline?: Baseline): Target[] {
  const out: Target[] = [];
  const at = stays === 1_000_000 ? "" : ` (this run: ${stays.toLocaleString("en")} stays, not 1 M)`;
  for (const page of PAGES) {
    const d = find(entries, page, "duckdb");
    out.push(
      d?.ratio === undefined
        ? { target: `${page} uncached within 1.5× of hand-written DuckDB SQL`, measured: "not measured", met: null }
        : {
            target: `${page} uncached within 1.5× of hand-written DuckDB SQL`,
            measured: `${d.ratio}× (${d.median} ms vs ${d.reference_median} ms)`,
            met: d.ratio <= 1.5,
            ...(d.ratio > 1.5 ? { note: `missed by ${Math.round((d.ratio / 1.5) * 10) / 10}× the allowance; ${why[page] ?? ""}` } : {}),
          },
    );
    const p = find(entries, page, "postgresql");
    out.push(
      p?.reference_median === undefined
        ? { target: `${page} ≥ 8× faster than PostgreSQL 15`, measured: "PostgreSQL not measured in this run", met: null }
        : {
            target: `${page} ≥ 8× faster than PostgreSQL 15`,
            measured: `${Math.round((p.reference_median / p.median) * 10) / 10}× faster (${p.median} ms vs ${p.reference_median} ms)`,
            met: p.reference_median / p.median >= 8,
            ...(p.reference_median / p.median < 8 ? { note: `missed: needs ${Math.round((8 / (p.reference_median / p.median)) * 10) / 10}× less time; ${pgNote(d, p)}; ${why[page] ?? ""}` } : {}),
          },
    );
    const any = find(entries, page);
    if (any)
      out.push({
        target: `${page} p95 uncached < 150 ms at 1 M stays${at}`,
        measured: `p95 ${any.p95} ms`,
        met: any.p95 < 150,
        ...(any.p95 >= 150 ? { note: `missed by ${Math.round(any.p95 - 150)} ms; ${why[page] ?? ""}` } : {}),
      });
  }
  out.push({
    target: "Benchmark page: peers' distributions in one pass, not 70 queries",
    measured: "peers: one statement per fact relation and attribution (~6, was ~35), computed once per peer group and period and shared by every shelter of the group",
    met: true,
    note: "structural, checked by tests, not by a time: apps/api/test/indicators/catalogue-scale.test.ts (one statement per relation gives each indicator its own rows) and apps/api/test/api/benchmark-peers.test.ts (a second shelter of the group computes no peer rows)",
  });
  out.push(growthTarget(entries, stays, baseline));
  for (const label of ["1-batch", "40-batches"]) {
    const t = find(entries, `ingest:${label}`, "read_csv");
    if (t?.ratio !== undefined)
      out.push({
        target: `ingest ${label} within 2× of plain read_csv`,
        measured: `${t.ratio}× (${Math.round(t.median)} ms vs ${Math.round(t.reference_median ?? 0)} ms)`,
        met: t.ratio <= 2,
        ...(t.ratio > 2
          ? { note: `missed by ${Math.round((t.ratio / 2) * 10) / 10}× the allowance: one read and one INSERT per table, but every cell is converted by the SQL macros, the checks scan the loaded rows (keys, references, ranges) and the stay facts are refreshed before the commit, none of which a plain read_csv does; fix: let DuckDB's CSV parser type more columns (integers written as plain digits) and derive facts from the loaded rows in the same pass` }
          : {}),
      });
    const m = find(entries, `ingest:${label}:peak-rss`, "read_csv");
    if (m?.ratio !== undefined)
      out.push({
        target: `ingest ${label} peak RSS within 2× of plain read_csv`,
        measured: `${m.ratio}× (${Math.round(m.median)} MB vs ${Math.round(m.reference_median ?? 0)} MB)`,
        met: m.ratio <= 2,
        ...(m.ratio > 2 ? { note: `missed with DuckDB's default memory limit (80 % of RAM): it holds the load's uncommitted rows (and, for a rejected call, the staged rows) in its buffer pool; ${cappedNote(entries, label)}` } : {}),
      });
  }
  const js = find(entries, "dashboard:initial-js");
  out.push(
    js
      ? { target: "dashboard initial JS ≤ 300 kB gzip", measured: `${js.median} kB`, met: js.median <= 300 }
      : { target: "dashboard initial JS ≤ 300 kB gzip", measured: "not measured in this run", met: null, note: "measured with the browser; see Skipped" },
  );
  const paint = find(entries, "browser:overview-cards");
  out.push(
    paint
      ? {
          target: `Overview cards painted < 1 s cold at 1 M stays${at}`,
          measured: `median ${paint.median} ms, p95 ${paint.p95} ms`,
          met: paint.median < 1000,
          ...(paint.median >= 1000 ? { note: `missed by ${Math.round(paint.median - 1000)} ms: ${paintNote(entries, paint)}` } : {}),
        }
      : { target: "Overview cards painted < 1 s cold at 1 M stays", measured: "not measured in this run", met: null, note: "see Skipped" },
  );
  const exp = find(entries, "export");
  out.push(
    exp?.ratio !== undefined
      ? {
          target: "research export at k = 5 within 3× of DuckDB COPY",
          measured: `${exp.ratio}× (${Math.round(exp.median)} ms vs ${Math.round(exp.reference_median ?? 0)} ms)`,
          met: exp.ratio <= 3,
          ...(exp.ratio > 3 ? { note: EXPORT_WHY } : {}),
        }
      : { target: "research export at k = 5 within 3× of DuckDB COPY", measured: "not measured in this run", met: null, note: "the target is for 1 M stays; see Skipped" },
  );
  return out;
}
