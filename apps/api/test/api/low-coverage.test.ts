// REFUGIO_LOW_COVERAGE sets the threshold of the "cobertura baja / low coverage" flag for every
// indicator answer of the API (default 60 %, docs/methods.md §3).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedIn } from "./client";
import { ACCOUNTS, PASSWORD, startServer, type TestServer } from "./fixture";

let strict: TestServer;
let plain: TestServer;
beforeAll(async () => {
  [strict, plain] = await Promise.all([startServer({ env: { REFUGIO_LOW_COVERAGE: "0.99" } }), startServer()]);
});
afterAll(async () => {
  await Promise.all([strict?.close(), plain?.close()]);
});

type Row = { indicator: string; attrition?: { threshold: number; coverage: number; low_coverage: boolean } };

describe("REFUGIO_LOW_COVERAGE", () => {
  it("sets the threshold the API flags low coverage with", async () => {
    const query = { indicators: ["followup_coverage_6m", "self_esteem_improved"] };
    const a = await (await signedIn(strict.url, ACCOUNTS.ministry.username, PASSWORD)).query<Row[]>("indicators.values", query);
    const b = await (await signedIn(plain.url, ACCOUNTS.ministry.username, PASSWORD)).query<Row[]>("indicators.values", query);
    const withAttrition = (rows: Row[] | undefined) => (rows ?? []).filter((r) => r.attrition);
    expect(withAttrition(a.data).length).toBeGreaterThan(0);
    for (const r of withAttrition(a.data)) {
      expect(r.attrition?.threshold).toBe(0.99);
      expect(r.attrition?.low_coverage).toBe((r.attrition?.coverage ?? 1) < 0.99);
    }
    for (const r of withAttrition(b.data)) expect(r.attrition?.threshold).toBe(0.6);
  });
});
