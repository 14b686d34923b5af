// The release engine is the only path: every procedure has a release policy, and every number
// that a figures procedure answers — for every indicator, breakdown and role — sits inside an
// object the engine released (or derived from released objects), checked here independently of
// the server's own guard by walking the answers in process. A leaky procedure is refused.
import type { Role, SessionUser } from "@refugio/schemas";
import { isReleased, unreleasedFigures } from "@refugio/metrics";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkRelease, releasePolicy } from "../../src/release-policy";
import { appRouter } from "../../src/router";
import { indicatorInfos } from "../../src/routers/backends";
import { createCallerFactory, roleProcedure, router, type Context } from "../../src/trpc";
import { ACCOUNTS, startServer, type TestServer } from "./fixture";

const procedures = Object.keys(appRouter._def.procedures as Record<string, unknown>).sort();

let srv: TestServer;

function contextFor(role: Role): Context {
  const a = ACCOUNTS[role];
  const user: SessionUser = { username: a.username, role, network_code: a.network_code ?? null, shelter_code: a.shelter_code ?? null } as SessionUser;
  return {
    conn: srv.db.connection,
    config: srv.config,
    user,
    session: { tokenHash: "test", csrfToken: "test", mustChangePassword: false },
    req: { ip: "127.0.0.1", userAgent: "release.test", csrfHeader: "test", setCookie: () => undefined, setHeader: () => undefined, requestId: "release-test" },
    services: srv.services,
  };
}

beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  await srv?.close();
});

describe("release policy", () => {
  it("names every procedure of the router, and nothing else", () => {
    expect(procedures.filter((p) => !releasePolicy[p])).toEqual([]);
    expect(Object.keys(releasePolicy).filter((p) => !procedures.includes(p))).toEqual([]);
  });

  it("refuses an answer with a figure that did not pass the engine, and a procedure without a policy", () => {
    expect(() => checkRelease("indicators.values", [{ indicator: "x", value: 3 }])).toThrow(/outside the release engine \(first at 0.value\)/);
    expect(() => checkRelease("exports.secret", {})).toThrow(/no release policy/);
    expect(() => checkRelease("catalogue.shelters", [{ capacity_places: 42 }])).not.toThrow();
  });

  it("the tRPC layer runs the check on every procedure: a leaky figures procedure answers INTERNAL_SERVER_ERROR", async () => {
    const leaky = router({ indicators: router({ values: roleProcedure("researcher").query(() => [{ indicator: "women_served", value: 1 }]) }) });
    const caller = createCallerFactory(leaky)(contextFor("researcher"));
    await expect(caller.indicators.values()).rejects.toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
  });
});

describe("every figure of every figures procedure passes the release engine", () => {
  const codes = () => indicatorInfos().map((i) => i.code);
  const byShelter = () => indicatorInfos().filter((i) => i.dimensions.includes("shelter")).map((i) => i.code);
  const byQuarter = () => indicatorInfos().filter((i) => i.dimensions.includes("quarter")).map((i) => i.code);

  for (const role of ["researcher", "shelter_staff", "ministry", "network_director"] as const) {
    it(`${role}: indicators, trends, compare, benchmark and recommendation indicators`, async () => {
      const caller = createCallerFactory(appRouter)(contextFor(role));
      const answers: [string, unknown][] = [];
      answers.push(["values", await caller.indicators.values({ indicators: codes() })]);
      answers.push(["values by shelter", await caller.indicators.values({ indicators: byShelter(), by: ["shelter"], from: "2024-01-01", to: "2024-12-31" })]);
      answers.push(["trend by quarter", await caller.indicators.trend({ indicators: byQuarter(), grain: "quarter", from: "2023-01-01", to: "2024-12-31" })]);
      if (role !== "shelter_staff") {
        for (const indicator of ["completed_stays", "occupancy_rate", "length_of_stay", "self_esteem_change", "followup_coverage_6m"]) {
          answers.push([`compare ${indicator}`, await caller.compare.units({ indicator, units: "shelter" })]);
        }
        // A quarter: small units are judged on the pooled window of the last four quarters.
        answers.push(["compare pooled 2024-Q1", await caller.compare.units({ indicator: "completed_stays", units: "shelter", from: "2024-01-01", to: "2024-03-31" })]);
        // Case-mix adjusted: crude and adjusted figures from one release, over a whole quarter too.
        for (const indicator of ["completed_stays", "followup_coverage_6m", "self_esteem_improved"]) {
          answers.push([`compare adjusted ${indicator}`, await caller.compare.units({ indicator, units: "shelter", adjust: true })]);
          answers.push([`compare adjusted ${indicator} by region, 2024-Q1`, await caller.compare.units({ indicator, units: "region", adjust: true, from: "2024-01-01", to: "2024-03-31" })]);
        }
      }
      if (role !== "researcher") {
        const shelter = ACCOUNTS.shelter_staff.shelter_code ?? "";
        const own = role === "shelter_staff" ? shelter : role === "network_director" ? "hrt-02" : shelter;
        answers.push(["benchmark", await caller.benchmark.shelter({ shelter: own, from: "2024-01-01", to: "2024-06-30" })]);
      }
      answers.push(["recommendation indicators", await caller.recommendations.indicators({ code: "aurora-r2" }).catch(() => [])]);
      let numbers = 0;
      const count = (v: unknown): void => {
        if (typeof v === "number") numbers++;
        else if (v && typeof v === "object") Object.values(v).forEach(count);
      };
      for (const [name, data] of answers) {
        count(data);
        const policy = name.startsWith("compare") ? ["indicator.target", "benchmark.levels"] : [];
        expect(unreleasedFigures(data, policy), `${role} ${name}`).toEqual([]);
      }
      // The walk saw real figures, inside released objects.
      expect(numbers).toBeGreaterThan(100);
      const values = answers[0]?.[1] as object[];
      expect(values.every(isReleased)).toBe(true);
    });
  }
});
