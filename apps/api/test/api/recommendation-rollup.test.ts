// Issue 15: a recommendation showed "Cumplida" because one region finished while others had not
// (or were blocked). Its status now rolls up per level over every unit of the level, with the
// blocked units named.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rollup } from "../../src/routers/recommendation-rollup";
import { type ApiClient, signedIn } from "./client";
import { PASSWORD, startServer, type TestServer } from "./fixture";

interface Item {
  code: string;
  rollup: { status: string; levels: { scope: string; total: number; done: number; blocked: number; in_progress: number; not_started: number; blocked_codes: string[] }[] };
}

let srv: TestServer;
let director: ApiClient;
let staff: ApiClient;
beforeAll(async () => {
  srv = await startServer();
  director = await signedIn(srv.url, "director-aurora", PASSWORD);
  staff = await signedIn(srv.url, "shelter-hrt-01", PASSWORD);
});
afterAll(async () => {
  await srv?.close();
});

describe("recommendation status roll-up", () => {
  it("one region done is not the recommendation done: counted over every region, blocked named", async () => {
    // aurora-r2 in the fixture: national in progress, PE-LIM done, PE-CUS not started (PE-ARE: no update).
    const r = await director.query<Item[]>("recommendations.list");
    expect(r.status).toBe(200);
    const r2 = r.data?.find((i) => i.code === "aurora-r2");
    expect(r2?.rollup.status).toBe("in_progress");
    const regions = r2?.rollup.levels.find((l) => l.scope === "region");
    expect(regions).toMatchObject({ total: 3, done: 1, not_started: 2, blocked: 0 });

    // Every region done except one blocked: blocked, and the blocked region is named.
    for (const [code, status] of [["PE-CUS", "done"], ["PE-ARE", "blocked"]] as const) {
      const u = await director.mutate("recommendations.update", { code: "aurora-r2", scope: "region", scopeCode: code, status, evidence: `Acta de la mesa regional ${code}` });
      expect(u.status).toBe(200);
    }
    const after = (await director.query<Item[]>("recommendations.list")).data?.find((i) => i.code === "aurora-r2");
    expect(after?.rollup.status).toBe("blocked");
    expect(after?.rollup.levels.find((l) => l.scope === "region")).toMatchObject({ total: 3, done: 2, blocked: 1, blocked_codes: ["PE-ARE"] });

    // aurora-r4: hrt-01 in progress, hrt-02 blocked, of four shelters.
    const r4 = (await director.query<Item[]>("recommendations.list")).data?.find((i) => i.code === "aurora-r4");
    expect(r4?.rollup.levels.find((l) => l.scope === "shelter")).toMatchObject({ total: 4, in_progress: 1, blocked: 1, not_started: 2, blocked_codes: ["hrt-02"] });
  });

  it("shelter staff get the roll-up over what they may see only", async () => {
    const r = await staff.query<Item[]>("recommendations.list");
    expect(r.status).toBe(200);
    const r4 = r.data?.find((i) => i.code === "aurora-r4");
    expect(r4?.rollup.levels.find((l) => l.scope === "shelter")).toMatchObject({ total: 1, in_progress: 1, blocked: 0, blocked_codes: [] });
    expect(JSON.stringify(r.data)).not.toContain("hrt-02");
  });

  it("rolls up to done only when every unit of every tracked level is done", () => {
    const units = { region: ["A", "B"], shelter: [] };
    expect(rollup([{ scope: "region", scope_code: "A", status: "done" }], units).status).toBe("in_progress");
    expect(rollup([{ scope: "region", scope_code: "A", status: "done" }, { scope: "region", scope_code: "B", status: "done" }], units).status).toBe("done");
    expect(rollup([{ scope: "national", scope_code: "", status: "done" }, { scope: "region", scope_code: "B", status: "blocked" }], units).status).toBe("blocked");
    expect(rollup([], units)).toEqual({ status: "not_started", levels: [] });
  });
});
