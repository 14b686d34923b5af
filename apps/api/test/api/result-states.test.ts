// Issue 15: four states, told apart in every answer. Before: a period after the data's export date
// counted open stays and answered every rate "suppressed"; 2027 was accepted; the benchmark said
// hrt-01's NOM-217 value was suppressed when it was never assessed; stays_over_limit answered an
// HRT (a model with no stay limit) as a suppressed zero.
import type { IndicatorResult } from "@refugio/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, signedIn } from "./client";
import { PASSWORD, startServer, type TestServer } from "./fixture";

let srv: TestServer;
let ministry: ApiClient;
let admin: ApiClient;
beforeAll(async () => {
  srv = await startServer();
  ministry = await signedIn(srv.url, "ministry", PASSWORD);
  admin = await signedIn(srv.url, "admin", PASSWORD);
});
afterAll(async () => {
  await srv?.close();
});

const thisYear = new Date().getUTCFullYear();

describe("result states", () => {
  it("a period after the data's export date is 'no data' for every indicator, never counted or suppressed", async () => {
    // The fixture's data end in 2025 at the latest; this year has no data.
    const r = await ministry.query<IndicatorResult[]>("indicators.values", { from: `${thisYear}-01-01`, to: `${thisYear}-12-31` });
    expect(r.status).toBe(200);
    const rows = r.data ?? [];
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      expect(row.state, row.indicator).toBe("no_data");
      expect(row.suppressed).toBe(false);
      expect([row.value, row.numerator, row.denominator]).toEqual([null, null, null]);
      expect(row.state_reason?.en).toMatch(/no data for this period/i);
      expect(row.state_reason?.es).toMatch(/sin datos para este período/i);
    }
    // A period within the data still has figures, each marked as such.
    const past = await ministry.query<IndicatorResult[]>("indicators.values", { indicators: ["women_served"], from: "2023-01-01", to: "2023-12-31" });
    expect(past.data?.[0]?.state).toBe("value");
    expect(past.data?.[0]?.value).toBeGreaterThan(0);
  });

  it("years that have not started, or before 2000, are refused with a bilingual reason", async () => {
    for (const input of [{ from: `${thisYear + 1}-01-01` }, { to: "2031-12-31" }, { from: "1999-01-01" }]) {
      const r = await ministry.query("indicators.values", input);
      expect(r.status, JSON.stringify(input)).toBe(400);
      expect(r.error?.message).toMatch(/año fuera de rango.*year out of range/);
    }
    const b = await admin.query("benchmark.shelter", { shelter: "hrt-01", from: "2030-01-01", to: "2031-12-31" });
    expect(b.status).toBe(400);
  });

  it("stays_over_limit is 'not applicable' for HRT (no stay limit) and computed for models with one", async () => {
    const r = await ministry.query<IndicatorResult[]>("indicators.values", { indicators: ["stays_over_limit"], by: ["shelter"] });
    const rows = r.data ?? [];
    const hrt = rows.filter((row) => row.group.shelter?.startsWith("hrt-"));
    expect(hrt).toHaveLength(4);
    for (const row of hrt) {
      expect(row.state).toBe("not_applicable");
      expect(row.suppressed).toBe(false);
      expect(row.state_reason?.en).toMatch(/no maximum stay/);
    }
    const bogota = rows.filter((row) => row.group.shelter?.startsWith("cr-bog"));
    expect(bogota.length).toBeGreaterThan(0);
    for (const row of bogota) expect(["value", "suppressed"]).toContain(row.state);
    const aurora = await ministry.query<IndicatorResult[]>("indicators.values", { indicators: ["stays_over_limit"], network: "pe-aurora" });
    expect(aurora.data?.[0]?.state).toBe("not_applicable");
  });

  it("the benchmark tells a shelter with no NOM-217 check in the period 'not assessed', not 'suppressed'", async () => {
    // The fixture's checks are dated 2021 and 2024: none in 2022–2023.
    const r = await admin.query<{ indicators: { indicator: string; own: IndicatorResult[] }[] }>("benchmark.shelter", {
      shelter: "hrt-01",
      indicators: ["compliance_nom217", "stays_over_limit", "completed_stays"],
      from: "2022-01-01",
      to: "2023-12-31",
    });
    expect(r.status).toBe(200);
    const own = (code: string) => r.data?.indicators.find((i) => i.indicator === code)?.own.find((o) => Object.keys(o.group).length === 0);
    expect(own("compliance_nom217")?.state).toBe("not_assessed");
    expect(own("compliance_nom217")?.suppressed).toBe(false);
    expect(own("compliance_nom217")?.state_reason?.es).toMatch(/Sin verificación NOM-217/);
    expect(own("stays_over_limit")?.state).toBe("not_applicable");
    expect(own("completed_stays")?.state).toBe("value");
    // With a check in the period, the figure is back.
    const checked = await admin.query<{ indicators: { indicator: string; own: IndicatorResult[] }[] }>("benchmark.shelter", {
      shelter: "hrt-01",
      indicators: ["compliance_nom217"],
      from: "2024-01-01",
      to: "2024-12-31",
    });
    expect(checked.data?.indicators[0]?.own[0]?.state).toBe("value");
  });
});
