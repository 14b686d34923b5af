// Asking for something outside one's scope is FORBIDDEN (not an empty list); peers reach shelter
// staff only as an anonymous distribution; uploads are checked against the manifest's shelter;
// recommendation rows follow the caller's region and shelter; results are cached per scope and
// invalidated by a load.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { all, run } from "../../src/db/query";
import { bumpDataVersion } from "../../src/db/migrations";
import { indicatorInfos } from "../../src/routers/backends";
import { batchFiles } from "./batch";
import { type ApiClient, signedIn } from "./client";
import { PASSWORD, SHELTERS, startServer, type TestServer } from "./fixture";

const SCOPE_ALL = SHELTERS.map((s) => s.shelter_code);

let srv: TestServer;
let staff: ApiClient;
let director: ApiClient;
let directorBogota: ApiClient;
let staffBogota: ApiClient;
let admin: ApiClient;
let researcher: ApiClient;
let indicator = "";

beforeAll(async () => {
  srv = await startServer();
  const sign = (u: string) => signedIn(srv.url, u, PASSWORD);
  staff = await sign("shelter-hrt-01");
  director = await sign("director-aurora");
  directorBogota = await sign("director-bogota");
  staffBogota = await sign("shelter-cr-bog-1");
  admin = await sign("admin");
  researcher = await sign("researcher");
  indicator = indicatorInfos().find((i) => i.unit === "proportion" && i.dimensions.includes("shelter"))?.code ?? "";
});
afterAll(async () => {
  await srv?.close();
});

const code = (r: { error?: { data: { code: string } } }) => r.error?.data.code ?? "OK";

describe("out of scope → FORBIDDEN", () => {
  it("shelter staff naming another shelter, network, region or country", async () => {
    expect(code(await staff.query("indicators.values", { shelter: "hrt-02" }))).toBe("FORBIDDEN");
    expect(code(await staff.query("indicators.values", { network: "co-bogota" }))).toBe("FORBIDDEN");
    expect(code(await staff.query("indicators.values", { region: "PE-CUS" }))).toBe("FORBIDDEN");
    expect(code(await staff.query("indicators.trend", { country: "CO", grain: "year" }))).toBe("FORBIDDEN");
    expect(code(await staff.query("catalogue.shelters", { network: "co-bogota" }))).toBe("FORBIDDEN");
    expect(code(await staff.query("compliance.items", { shelter: "hrt-02" }))).toBe("FORBIDDEN");
    expect(code(await staff.query("compliance.summary", { shelter: "hrt-02" }))).toBe("FORBIDDEN");
    expect(code(await staff.query("benchmark.shelter", { shelter: "hrt-02" }))).toBe("FORBIDDEN");
    expect(code(await staff.query("ingest.history", { shelter: "hrt-02" }))).toBe("FORBIDDEN");
    // Their own shelter, network and region are fine.
    expect(code(await staff.query("indicators.values", { indicators: [indicator], shelter: "hrt-01", network: "pe-aurora", region: "PE-LIM" }))).toBe("OK");
  });

  it("a network director naming another network, its shelters or its regions", async () => {
    expect(code(await director.query("indicators.values", { network: "co-bogota" }))).toBe("FORBIDDEN");
    expect(code(await director.query("indicators.values", { shelter: "cr-bog-1" }))).toBe("FORBIDDEN");
    expect(code(await director.query("indicators.values", { region: "CO-DC" }))).toBe("FORBIDDEN");
    expect(code(await director.query("compare.units", { indicator, network: "co-bogota" }))).toBe("FORBIDDEN");
    expect(code(await director.query("compare.units", { indicator, country: "MX" }))).toBe("FORBIDDEN");
    expect(code(await director.query("compliance.summary", { network: "co-bogota" }))).toBe("FORBIDDEN");
    expect(code(await director.query("ingest.history", { shelter: "cr-bog-1" }))).toBe("FORBIDDEN");
    expect(code(await director.query("benchmark.shelter", { shelter: "mx-ref-01", indicators: [indicator] }))).toBe("FORBIDDEN");
  });

  it("an unknown shelter is FORBIDDEN for a scoped role (no probing of the registry)", async () => {
    expect(code(await director.query("indicators.values", { shelter: "does-not-exist" }))).toBe("FORBIDDEN");
  });

  it("recommendations belong to the Aurora network: other networks' director and staff are refused", async () => {
    expect(code(await directorBogota.query("recommendations.list"))).toBe("FORBIDDEN");
    expect(code(await staffBogota.query("recommendations.list"))).toBe("FORBIDDEN");
    directorBogota.csrf = directorBogota.csrf ?? "";
    expect(code(await directorBogota.mutate("recommendations.update", { code: "aurora-r2", scope: "national", status: "done" }))).toBe("FORBIDDEN");
  });
});

describe("unknown codes → BAD_REQUEST for unscoped roles", () => {
  it("a filter naming a code the registry does not know is refused, naming the code (not answered with zeros)", async () => {
    const ministry = await signedIn(srv.url, "ministry", PASSWORD);
    const cases: [ApiClient, string, Record<string, unknown>, RegExp][] = [
      [admin, "indicators.values", { indicators: [indicator], shelter: "HRT-01" }, /Refugio desconocido: HRT-01 \(¿quiso decir hrt-01\?\) \/ Unknown shelter: HRT-01 \(did you mean hrt-01\?\)/],
      [admin, "indicators.values", { indicators: [indicator], region: "XX-YY" }, /Región desconocida: XX-YY \/ Unknown region: XX-YY/],
      [admin, "indicators.values", { indicators: [indicator], region: "pe-lim" }, /did you mean PE-LIM\?/],
      [ministry, "indicators.values", { indicators: [indicator], network: "nonexistent" }, /Red desconocida: nonexistent \/ Unknown network: nonexistent/],
      [ministry, "indicators.trend", { indicators: [indicator], model: "spaceship" }, /Modelo desconocido: spaceship \/ Unknown model: spaceship/],
      [researcher, "indicators.values", { indicators: [indicator], country: "XX" }, /País desconocido: XX \/ Unknown country: XX/],
      [admin, "compare.units", { indicator, network: "Pe-Aurora" }, /did you mean pe-aurora\?/],
    ];
    for (const [client, path, input, message] of cases) {
      const r = await client.query(path, input);
      expect(r.status, `${path} ${JSON.stringify(input)}`).toBe(400);
      expect(code(r)).toBe("BAD_REQUEST");
      expect(r.error?.message).toMatch(message);
    }
    // Stored codes still answer; countries are matched in upper case.
    expect(code(await admin.query("indicators.values", { indicators: [indicator], shelter: "hrt-01", region: "PE-LIM", model: "hrt", country: "pe" }))).toBe("OK");
    // Scoped roles keep getting FORBIDDEN, which says nothing about what the registry holds.
    expect(code(await director.query("indicators.values", { shelter: "HRT-01" }))).toBe("FORBIDDEN");
  });
});

describe("what comes back", () => {
  it("Aurora shelter staff see national rows and their own region's and shelter's, not others'", async () => {
    const r = await staff.query<{ code: string; statuses: { scope: string; scope_code: string; updated_by: string | null }[] }[]>("recommendations.list");
    const statuses = (r.data ?? []).flatMap((x) => x.statuses);
    expect(statuses.length).toBeGreaterThan(0);
    for (const s of statuses) {
      expect(s.scope === "national" || s.scope_code === "PE-LIM" || s.scope_code === "hrt-01").toBe(true);
      expect(s.updated_by).toBeNull();
    }
    const dir = await director.query<{ code: string; statuses: { scope_code: string }[] }[]>("recommendations.list");
    expect((dir.data ?? []).flatMap((x) => x.statuses).map((s) => s.scope_code)).toContain("hrt-02");
    expect(code(await staff.query("recommendations.history", { code: "aurora-r4", scope: "shelter", scopeCode: "hrt-02" }))).toBe("FORBIDDEN");
  });

  it("a recommendation update is appended (history kept), becomes the latest status, and is audited", async () => {
    const r = await director.mutate("recommendations.update", { code: "aurora-r4", scope: "shelter", scopeCode: "hrt-02", status: "in_progress", evidence: "Plaza aprobada" });
    expect(code(r)).toBe("OK");
    const list = await director.query<{ code: string; statuses: { scope_code: string; status: string }[] }[]>("recommendations.list");
    const r4 = list.data?.find((x) => x.code === "aurora-r4")?.statuses.find((s) => s.scope_code === "hrt-02");
    expect(r4?.status).toBe("in_progress");
    const hist = await director.query<{ status: string }[]>("recommendations.history", { code: "aurora-r4", scope: "shelter", scopeCode: "hrt-02" });
    expect(hist.data?.map((h) => h.status)).toEqual(["in_progress", "blocked"]);
    const audit = await all(srv.db.connection, `SELECT * FROM audit_log WHERE action = 'recommendation.update' AND target = 'aurora-r4:shelter:hrt-02'`);
    expect(audit).toHaveLength(1);
  });

  it("a recommendation update for a shelter outside the Aurora network is refused", async () => {
    const r = await admin.mutate("recommendations.update", { code: "aurora-r4", scope: "shelter", scopeCode: "cr-bog-1", status: "done" });
    expect(code(r)).toBe("BAD_REQUEST");
  });

  it("benchmark: own figures in full, peers as an anonymous, perturbed distribution without codes", async () => {
    const r = await staff.query<{
      indicators: { indicator: string; own: { group: Record<string, string>; suppressed: boolean }[]; peers: { peers: number; points: number[] | null; quantiles: Record<string, number> | null; suppressed: boolean; pooled: boolean; perturbed: boolean } }[];
    }>("benchmark.shelter", { shelter: "hrt-01", indicators: [indicator] });
    expect(code(r)).toBe("OK");
    const peerCodes = ["hrt-02", "hrt-03", "hrt-04", "cr-bog", "mx-ref"];
    for (const c of peerCodes) expect(r.raw).not.toContain(c);
    const item = r.data?.indicators[0];
    expect(item?.own.length).toBeGreaterThan(0);
    // Own figures for the shelter's own staff are not suppressed (audience "owner").
    expect(item?.own.every((o) => !o.suppressed)).toBe(true);
    const peers = item?.peers;
    expect(peers).toBeTruthy();
    // Aurora has 4 shelters in the fixture: at most 3 peers, never the shelter itself or the total.
    expect(peers?.peers).toBeLessThanOrEqual(3);
    if (peers && !peers.suppressed) {
      expect(peers.peers).toBeGreaterThanOrEqual(3);
      expect(peers.points).toHaveLength(peers.peers);
      expect(peers.points).toEqual([...(peers.points ?? [])].sort((a, b) => a - b));
      expect(peers.quantiles?.p10).toBeLessThanOrEqual(peers.quantiles?.p90 ?? 0);
    }
  });

  it("benchmark peers disclose nothing beyond the external release: the points are the researchers' per-shelter values of the other shelters", async () => {
    type Peers = { peers: number; points: number[] | null; suppressed: boolean };
    let shown = 0;
    for (const [peers, filter] of [
      ["network", { network: "pe-aurora" }],
      ["all", {}],
    ] as const) {
      const b = await staff.query<{ indicators: { peers: Peers }[] }>("benchmark.shelter", { shelter: "hrt-01", indicators: [indicator], peers });
      const r = await researcher.query<{ group: Record<string, string | null>; value: number | null; suppressed: boolean }[]>("indicators.values", {
        indicators: [indicator],
        by: ["shelter"],
        ...filter,
      });
      expect(code(b)).toBe("OK");
      expect(code(r)).toBe("OK");
      const external = (r.data ?? [])
        .filter((x) => typeof x.group.shelter === "string" && x.group.shelter !== "hrt-01" && !x.suppressed && x.value !== null)
        .map((x) => x.value as number)
        .sort((a, c) => a - c);
      const p = b.data?.indicators[0]?.peers;
      expect(p?.peers).toBe(external.length);
      if (p?.suppressed) expect(p.points).toBeNull();
      else {
        expect(p?.points).toEqual(external);
        shown += 1;
      }
    }
    expect(shown).toBeGreaterThan(0);
  });

  it("benchmark pools a short window with earlier windows of the same calendar length and flags it", async () => {
    const r = await director.query<{ indicators: { peers: { pooled: boolean; window: { from: string | null; to: string | null } } }[] }>("benchmark.shelter", {
      shelter: "hrt-02",
      indicators: [indicator],
      from: "2024-04-01",
      to: "2024-06-30",
    });
    expect(code(r)).toBe("OK");
    const p = r.data?.indicators[0]?.peers;
    expect(p?.pooled).toBe(true);
    expect(p?.window.to).toBe("2024-06-30");
    // Whole quarters back: 2024-01-01, 2023-10-01 or 2023-07-01.
    expect(["2024-01-01", "2023-10-01", "2023-07-01"]).toContain(p?.window.from);
  });

  it("benchmark reads a shelter's own thin month on the pooled window of the last four quarters (the one small-unit rule)", async () => {
    type Basis = { basis: "period" } | { basis: "pooled"; window: { from: string; to: string } } | { basis: "not_compared"; reason: { es: string; en: string } };
    // A month in which one of the director's shelters is too small (primary suppression).
    const months = await director.query<{ group: Record<string, string>; suppression_reason: string | null }[]>("indicators.trend", {
      indicators: [indicator],
      grain: "month",
      by: ["shelter"],
      from: "2023-01-01",
      to: "2024-12-31",
    });
    const thin = months.data?.find((x) => x.suppression_reason === "primary" && x.group.shelter && x.group.month);
    if (!thin) throw new Error("the fixture has no thin shelter-month to test the rule on");
    const [y, m] = (thin.group.month ?? "").split("-").map(Number) as [number, number];
    const from = `${y}-${String(m).padStart(2, "0")}-01`;
    const to = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    const r = await director.query<{ indicators: { own: { suppressed: boolean; group: Record<string, string> }[]; basis: Basis | null }[] }>("benchmark.shelter", {
      shelter: thin.group.shelter,
      indicators: [indicator],
      from,
      to,
    });
    expect(code(r)).toBe("OK");
    const entry = r.data?.indicators[0];
    const q = Math.ceil(m / 3) * 3;
    const windowFrom = new Date(Date.UTC(y, q - 12, 1)).toISOString().slice(0, 10);
    const windowTo = new Date(Date.UTC(y, q, 0)).toISOString().slice(0, 10);
    if (entry?.basis?.basis === "pooled") {
      expect(entry.basis.window).toMatchObject({ from: windowFrom, to: windowTo, quarters: 4 });
      expect(entry.own.find((x) => Object.keys(x.group).length === 0)?.suppressed).toBe(false);
    } else {
      expect(entry?.basis?.basis).toBe("not_compared");
      if (entry?.basis?.basis === "not_compared") expect(entry.basis.reason.en).toContain(`pooled window of 4 quarters (${windowFrom} to ${windowTo})`);
    }
  });

  it("benchmark peers are external figures: a window that is not whole calendar units is refused with the reason", async () => {
    const r = await director.query("benchmark.shelter", { shelter: "hrt-02", indicators: [indicator], from: "2024-06-01", to: "2024-06-07" });
    expect(code(r)).toBe("BAD_REQUEST");
    expect(r.error?.message).toMatch(/Periodo no admitido .*Period not allowed/);
  });

  it("compare gives funnel limits around the pooled value, widening as n falls", async () => {
    const r = await admin.query<{
      benchmark: { value: number | null };
      units: { unit: string; result: { denominator: number | null; value: number | null }; limits: { level: number; low: number; high: number }[] | null }[];
      curve: { n: number; limits: { low: number; high: number }[] }[];
    }>("compare.units", { indicator, units: "shelter" });
    expect(code(r)).toBe("OK");
    const theta = r.data?.benchmark.value ?? null;
    expect(theta).not.toBeNull();
    const withLimits = (r.data?.units ?? []).filter((u) => u.limits);
    expect(withLimits.length).toBeGreaterThan(1);
    for (const u of withLimits) {
      const [l95, l998] = u.limits ?? [];
      expect(l998?.low ?? 1).toBeLessThanOrEqual(l95?.low ?? 0);
      expect(l95?.low ?? 1).toBeLessThanOrEqual(theta ?? 0);
      expect(l95?.high ?? 0).toBeGreaterThanOrEqual(theta ?? 1);
    }
    const curve = r.data?.curve ?? [];
    expect(curve.length).toBeGreaterThan(5);
    const first = curve[0]?.limits[0];
    const last = curve[curve.length - 1]?.limits[0];
    expect((first?.high ?? 0) - (first?.low ?? 0)).toBeGreaterThan((last?.high ?? 0) - (last?.low ?? 0));
  });

  it("compare units are the units only: the total is the benchmark, not a unit, and does not stretch the curve", async () => {
    type R = { units: { unit: string | null; result: { group: Record<string, string | null>; denominator: number | null } }[]; benchmark: { result: { n: number | null } | null }; curve: { n: number }[] };
    for (const [client, units, expected] of [
      [directorBogota, "shelter", ["cr-bog-1", "cr-bog-2"]],
      [admin, "shelter", SCOPE_ALL],
      [admin, "region", ["CO-DC", "MX-OAX", "PE-ARE", "PE-CUS", "PE-LIM"]],
    ] as const) {
      const r = await client.query<R>("compare.units", { indicator, units });
      expect(code(r)).toBe("OK");
      const got = r.data?.units ?? [];
      expect(got.map((u) => u.unit).sort()).toEqual([...expected].sort());
      for (const u of got) expect(Object.keys(u.result.group)).toEqual([units]);
      // The curve runs a little past the largest unit, not out to the whole population.
      const largest = Math.max(...got.map((u) => u.result.denominator ?? 0));
      const lastN = Math.max(...(r.data?.curve ?? []).map((p) => p.n));
      expect(lastN).toBeLessThanOrEqual(Math.ceil(largest * 1.1));
      expect(lastN).toBeLessThan(r.data?.benchmark.result?.n ?? 0);
    }
  });

  it("a count indicator's units are not compared with the total (their sum, not a level)", async () => {
    type R = { indicator: { unit: string }; units: { comparison: string | null }[]; benchmark: { value: number | null; result: { value: number | null } | null } };
    const r = await admin.query<R>("compare.units", { indicator: "women_served", units: "region" });
    expect(code(r)).toBe("OK");
    expect(r.data?.indicator.unit).toBe("count");
    expect(r.data?.benchmark.value).toBeNull();
    expect(r.data?.benchmark.result?.value).toBeGreaterThan(0);
    expect(new Set(r.data?.units.map((u) => u.comparison))).toEqual(new Set(["not_compared"]));
  });

  it("a query may raise k but not lower it below the deployment's", async () => {
    const q = { indicators: [indicator], by: ["shelter", "age_band"] };
    type R = { suppressed: boolean; group: Record<string, string> }[];
    const base = await director.query<R>("indicators.values", q);
    const lower = await director.query<R>("indicators.values", { ...q, k: 2 });
    const higher = await director.query<R>("indicators.values", { ...q, k: 30 });
    const suppressed = (r: { data?: R }) => (r.data ?? []).filter((x) => x.suppressed).length;
    expect(code(base)).toBe("OK");
    expect(lower.data).toEqual(base.data);
    expect(suppressed(higher)).toBeGreaterThan(suppressed(base));
  });

  it("researchers get perturbed or suppressed values (audience external)", async () => {
    const r = await researcher.query<{ perturbed?: boolean; suppressed: boolean }[]>("indicators.values", { indicators: [indicator], by: ["shelter"] });
    expect(code(r)).toBe("OK");
    expect(r.data?.length).toBeGreaterThan(0);
    expect(r.data?.every((x) => x.suppressed || x.perturbed === true)).toBe(true);
  });
});

describe("uploads", () => {
  it("shelter staff loading another shelter's batch get FORBIDDEN, nothing is written, and it is audited", async () => {
    const before = await all(srv.db.connection, `SELECT * FROM load_log`);
    const r = await staff.mutate("ingest.load", { files: batchFiles("hrt-02") });
    expect(code(r)).toBe("FORBIDDEN");
    expect(r.error?.message).toMatch(/hrt-02/);
    expect(await all(srv.db.connection, `SELECT * FROM load_log`)).toEqual(before);
    const audit = await all(srv.db.connection, `SELECT * FROM audit_log WHERE action = 'ingest.load' AND actor = 'shelter-hrt-01' AND NOT ok`);
    expect(audit.length).toBeGreaterThan(0);
  });

  it("a shelter's check of a batch whose manifest cannot be read gets the report, not a refusal; a foreign check is audited as a check", async () => {
    const before = await all(srv.db.connection, `SELECT * FROM load_log`);
    const broken = [{ name: "manifest.json", contentBase64: Buffer.from('{"shelter_code": "hrt-01", oops}').toString("base64") }, ...batchFiles("hrt-01").slice(1)];
    const r = await staff.mutate<{ ok: boolean; problems: { file: string; reason: { en: string } }[] }>("ingest.check", { files: broken });
    expect(code(r)).toBe("OK");
    expect(r.data?.ok).toBe(false);
    expect(r.data?.problems[0]?.reason.en).toMatch(/^manifest.json is not valid JSON/);
    expect(await all(srv.db.connection, `SELECT * FROM load_log`)).toEqual(before);
    expect(code(await staff.mutate("ingest.check", { files: batchFiles("hrt-02") }))).toBe("FORBIDDEN");
    const audit = await all<{ action: string }>(srv.db.connection, `SELECT action FROM audit_log WHERE actor = 'shelter-hrt-01' AND NOT ok AND target = 'hrt-02' ORDER BY id DESC LIMIT 1`);
    expect(audit).toEqual([{ action: "ingest.check" }]);
  });

  it("a director cannot load another network's batch, even inside a zip", async () => {
    const { zipSync } = await import("fflate");
    const files = batchFiles("cr-bog-1");
    const zip = zipSync(Object.fromEntries(files.map((f) => [`lote/${f.name}`, Buffer.from(f.contentBase64, "base64")])));
    const r = await director.mutate("ingest.load", { files: [{ name: "lote.zip", contentBase64: Buffer.from(zip).toString("base64") }] });
    expect(code(r)).toBe("FORBIDDEN");
  });

  it("a zip with a path escaping the upload folder is refused", async () => {
    const { zipSync } = await import("fflate");
    const zip = zipSync({ "../evil/manifest.json": new TextEncoder().encode("{}") });
    const r = await admin.mutate("ingest.check", { files: [{ name: "evil.zip", contentBase64: Buffer.from(zip).toString("base64") }] });
    expect(code(r)).toBe("BAD_REQUEST");
  });

  it("file names are validated (no paths, known extensions), with es/en messages", async () => {
    const r = await admin.mutate("ingest.check", { files: [{ name: "../../etc/passwd", contentBase64: "" }] });
    expect(code(r)).toBe("BAD_REQUEST");
    expect(r.error?.data.fieldErrors?.["files.0.name"]?.[0]).toMatch(/no permitido.*\/.*not allowed/);
  });

  it("shelter staff load their own batch: load_log row, bumped data version, audit, no temp paths in the report", async () => {
    const versionBefore = (await (await fetch(`${srv.url}/healthz`)).json()) as { dataVersion: number };
    const check = await staff.mutate<{ ok: boolean; batches: { status: string }[] }>("ingest.check", { files: batchFiles("hrt-01") });
    expect(code(check)).toBe("OK");
    expect(check.data?.batches[0]?.status).toBe("valid");
    const r = await staff.mutate<{ ok: boolean; batches: { shelter_code: string; status: string }[] }>("ingest.load", { files: batchFiles("hrt-01") });
    expect(code(r)).toBe("OK");
    expect(r.raw).not.toContain("refugio-upload-");
    expect(r.data?.ok).toBe(true);
    expect(r.data?.batches.map((b) => [b.shelter_code, b.status])).toEqual([["hrt-01", "loaded"]]);
    const versionAfter = (await (await fetch(`${srv.url}/healthz`)).json()) as { dataVersion: number };
    expect(versionAfter.dataVersion).toBeGreaterThan(versionBefore.dataVersion);
    const hist = await staff.query<{ shelter_code: string; loaded_by: string }[]>("ingest.history");
    expect(hist.data?.some((h) => h.loaded_by === "shelter-hrt-01")).toBe(true);
    expect(new Set(hist.data?.map((h) => h.shelter_code))).toEqual(new Set(["hrt-01"]));
    const audit = await all(srv.db.connection, `SELECT * FROM audit_log WHERE action = 'ingest.load' AND actor = 'shelter-hrt-01' AND ok`);
    expect(audit).toHaveLength(1);
  });
});

describe("cache", () => {
  it("serves repeated queries from the cache, separately per scope, and misses after the data version changes", async () => {
    const q = { indicators: [indicator], by: ["shelter"] };
    const cache = srv.services.cache;
    await bumpDataVersion(srv.db.connection);
    const h0 = cache.hits;
    const a = await director.query("indicators.values", q);
    const b = await director.query("indicators.values", q);
    expect(b.data).toEqual(a.data);
    expect(cache.hits).toBe(h0 + 1);
    // Same input, another scope: not served the director's entry.
    const s = await staff.query<{ group: Record<string, string> }[]>("indicators.values", q);
    expect(cache.hits).toBe(h0 + 1);
    expect(s.data?.filter((x) => x.group.shelter).every((x) => x.group.shelter === "hrt-01")).toBe(true);
    await bumpDataVersion(srv.db.connection);
    await director.query("indicators.values", q);
    expect(cache.hits).toBe(h0 + 1);
  });

  it("reads the registry, the data's bounds and the load periods once per data version, and again after a change", async () => {
    const lookups = srv.services.lookups;
    type Row = { group: Record<string, string>; reporting?: { shelters_expected: number } };
    const expected = (rows: Row[] | undefined) => rows?.find((r) => Object.keys(r.group).length === 0)?.reporting?.shelters_expected;
    await bumpDataVersion(srv.db.connection);
    const m0 = lookups.misses;
    const first = await director.query<Row[]>("indicators.values", { indicators: [indicator] });
    expect(first.status).toBe(200);
    const read = lookups.misses - m0;
    expect(read).toBeGreaterThanOrEqual(4); // query state, bounds, registry, load periods
    // Another uncached request of the same version: every look-up is a hit, none is read again.
    const h1 = lookups.hits;
    const second = await director.query<Row[]>("indicators.values", { indicators: [indicator], by: ["region"] });
    expect(second.status).toBe(200);
    expect(lookups.misses - m0).toBe(read);
    expect(lookups.hits).toBeGreaterThanOrEqual(h1 + 4);
    // A registry change comes with a new data version (as a registry import makes): the next
    // request sees the new shelter among those expected to report.
    const before = expected(first.data);
    expect(before).toBeGreaterThan(0);
    try {
      await run(srv.db.connection, `INSERT INTO shelters SELECT * REPLACE ('hrt-98' AS shelter_code) FROM shelters WHERE shelter_code = 'hrt-01'`);
      await bumpDataVersion(srv.db.connection);
      const after = await director.query<Row[]>("indicators.values", { indicators: [indicator], by: ["shelter"] });
      expect(expected(after.data)).toBe((before ?? 0) + 1);
    } finally {
      await run(srv.db.connection, `DELETE FROM shelters WHERE shelter_code = 'hrt-98'`);
      await bumpDataVersion(srv.db.connection);
    }
  });
});
