// Submission coverage on indicator values over HTTP: each value says how many shelters of its
// scope were expected (open in the registry) and how many have exports reaching its period's end.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/db/query";
import { signedIn } from "./client";
import { ACCOUNTS, PASSWORD, startServer, type TestServer } from "./fixture";

let srv: TestServer;
type Row = { indicator: string; group: Record<string, string | null>; reporting?: { shelters_expected: number; shelters_reporting: number } };

beforeAll(async () => {
  srv = await startServer();
  // Instead of the fixture's load log (every shelter up to 2024): Aurora's hrt-01…03 sent exports
  // up to mid-2024, hrt-04 only up to the end of 2023; Bogotá's cr-bog-1 sent one, the rest none.
  await run(srv.db.connection, `DELETE FROM load_log`);
  const load = (batch: string, shelter: string, start: string, end: string) =>
    run(
      srv.db.connection,
      `INSERT INTO load_log (batch_id, shelter_code, loaded_by, loaded_at, content_hash, contract_version, exported_on, period_start, period_end, counts, replaced_stays)
       VALUES ($b, $s, 'test', CAST($e AS TIMESTAMP), 'h', '1', CAST($e AS DATE), CAST($st AS DATE), CAST($e AS DATE), CAST('{}' AS JSON), 0)`,
      { b: batch, s: shelter, st: start, e: end },
    );
  for (const s of ["hrt-01", "hrt-02", "hrt-03"]) await load(`${s}:a`, s, "2020-01-01", "2024-06-30");
  await load("hrt-04:a", "hrt-04", "2020-01-01", "2023-12-31");
  await load("cr-bog-1:a", "cr-bog-1", "2020-01-01", "2024-06-30");
});
afterAll(async () => {
  await srv?.close();
});

describe("reporting coverage on indicator values", () => {
  it("a director's total: 3 of the network's 4 shelters reported for 2024 Q1", async () => {
    const director = await signedIn(srv.url, ACCOUNTS.network_director.username, PASSWORD);
    const r = await director.query<Row[]>("indicators.values", { indicators: ["women_served"], from: "2024-01-01", to: "2024-03-31" });
    expect(r.error).toBeUndefined();
    expect(r.data?.[0]?.reporting).toEqual({ shelters_expected: 4, shelters_reporting: 3 });
  });

  it("a trend marks the period whose coverage differs; a breakdown by shelter has each shelter's own", async () => {
    const ministry = await signedIn(srv.url, ACCOUNTS.ministry.username, PASSWORD);
    const trend = await ministry.query<Row[]>("indicators.trend", { indicators: ["women_served"], network: "pe-aurora", grain: "quarter", from: "2023-10-01", to: "2024-06-30" });
    expect(trend.error).toBeUndefined();
    const byQuarter = Object.fromEntries((trend.data ?? []).filter((x) => x.group.quarter).map((x) => [x.group.quarter, x.reporting?.shelters_reporting]));
    expect(byQuarter).toEqual({ "2023-Q4": 4, "2024-Q1": 3, "2024-Q2": 3 });
    const all = await ministry.query<Row[]>("indicators.values", { indicators: ["women_served"], by: ["shelter"], from: "2024-01-01", to: "2024-03-31" });
    const shelters = Object.fromEntries((all.data ?? []).filter((x) => x.group.shelter).map((x) => [x.group.shelter, x.reporting]));
    expect(shelters["hrt-01"]).toEqual({ shelters_expected: 1, shelters_reporting: 1 });
    expect(shelters["hrt-04"]).toEqual({ shelters_expected: 1, shelters_reporting: 0 });
    const total = (all.data ?? []).find((x) => Object.keys(x.group).length === 0);
    expect(total?.reporting).toEqual({ shelters_expected: 7, shelters_reporting: 4 });
  });

  it("a shelter reads its own coverage only", async () => {
    const staff = await signedIn(srv.url, ACCOUNTS.shelter_staff.username, PASSWORD);
    const r = await staff.query<Row[]>("indicators.values", { indicators: ["women_served"], from: "2024-01-01", to: "2024-03-31" });
    expect(r.data?.[0]?.reporting).toEqual({ shelters_expected: 1, shelters_reporting: 1 });
  });
});
