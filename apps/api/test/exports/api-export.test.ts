// Research exports and table downloads over HTTP, on the demo network, through the real server:
// preview → create (progress polled) → list → GET the zip → checked from the files alone; roles
// other than researcher and admin are refused; the audit log holds the manifest's hash; an admin
// revokes a download. Indicator tables downloaded as CSV/XLSX hold exactly the released figures.
import ExcelJS from "exceljs";
import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { openDatabase, type Database } from "../../src/db/connection";
import { createDemo } from "../../src/demo/create";
import { setLogLevel } from "../../src/log";
import { createRefugioServer } from "../../src/server";
import { signedIn, type ApiClient } from "../api/client";
import { openExport, parseCsv, problems, readTruth, type Truth } from "./checker";

const dir = mkdtempSync(join(tmpdir(), "refugio-export-api-"));
const dbPath = join(dir, "demo.duckdb");
let db: Database;
let url = "";
let close: () => Promise<void>;
let truth: Truth;
const PASSWORD = "demo-password";

const get = (client: ApiClient, path: string) => fetch(`${url}${path}`, { headers: client.cookie ? { cookie: client.cookie } : {} });

beforeAll(async () => {
  setLogLevel("silent");
  await createDemo(dbPath, { scale: 0.1, seed: 5, today: "2025-06-30" });
  truth = await readTruth(dbPath);
  process.env.REFUGIO_EXPORT_DIR = join(dir, "exports");
  db = await openDatabase(dbPath);
  const { server } = await createRefugioServer({ db, config: loadConfig({ REFUGIO_LOG_LEVEL: "silent" }), dashboardDir: join(dir, "no-dashboard") });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", () => ok()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = async () => {
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
    db.close();
  };
}, 300_000);

afterAll(async () => {
  await close?.();
  delete process.env.REFUGIO_EXPORT_DIR;
  rmSync(dir, { recursive: true, force: true });
});

interface Created {
  id: string;
  manifestSha256: string;
  download: string;
  staysKept: number;
  kReached: number;
}

describe("research exports over HTTP (demo network)", () => {
  let created: Created;
  let researcher: ApiClient;

  it("a researcher previews, creates with progress, lists and downloads an export that passes the checker", async () => {
    researcher = await signedIn(url, "researcher", PASSWORD);
    const preview = await researcher.query<{ staysKept: number; staysSuppressed: number; kReached: number; generalisations: { variable: string }[]; risk: { highest: number } }>("exports.preview", { k: 5 });
    expect(preview.status).toBe(200);
    expect(preview.data?.kReached).toBeGreaterThanOrEqual(5);
    expect(preview.data?.risk.highest).toBeLessThanOrEqual(0.2);
    expect(preview.data?.generalisations.map((g) => g.variable)).toContain("admission_month");

    const ticket = randomUUID();
    const pending = researcher.mutate<Created>("exports.create", { k: 5, ticket });
    const seen: string[] = [];
    let r = await pending.then((x) => x);
    // The create ran; the last progress it reported is still readable by its ticket.
    const progress = await researcher.query<{ phase: string; done: number; total: number } | null>("exports.progress", { ticket });
    seen.push(progress.data?.phase ?? "none");
    expect(seen).toEqual(["done"]);
    expect(r.status).toBe(200);
    created = r.data as Created;
    // Same request, same anonymisation as the preview.
    expect(created.staysKept).toBe(preview.data?.staysKept);

    const list = await researcher.query<{ id: string; status: string; manifest_sha256: string; download: string }[]>("exports.list");
    expect(list.data?.find((x) => x.id === created.id)).toMatchObject({ status: "ready", manifest_sha256: created.manifestSha256, download: created.download });

    const res = await get(researcher, created.download);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    const zip = new Uint8Array(await res.arrayBuffer());
    const x = await openExport(zip);
    expect(problems(x, truth)).toEqual([]);
    expect(x.manifest.counts.stays_released).toBe(created.staysKept);
    const manifestHash = createHash("sha256").update(unzipSync(zip)["manifest.json"] as Uint8Array).digest("hex");
    expect(manifestHash).toBe(created.manifestSha256);
    r = await researcher.mutate<Created>("exports.create", { k: 5 });
    expect(r.status).toBe(200);
  });

  it("the audit log holds every export with its manifest hash, and the download", async () => {
    const admin = await signedIn(url, "admin", PASSWORD);
    const audit = await admin.query<{ action: string; target: string; detail: string; actor: string }[]>("admin.audit", { action: "export" });
    const made = audit.data?.find((a) => a.action === "export.microdata" && a.target === created.id);
    expect(made?.actor).toBe("researcher");
    expect(JSON.parse(made?.detail ?? "{}").manifest_sha256).toBe(created.manifestSha256);
    expect(audit.data?.some((a) => a.action === "export.download" && a.target === created.id)).toBe(true);
  });

  it("other roles are FORBIDDEN; anonymous is UNAUTHORIZED; k below 3 is refused", async () => {
    for (const username of ["ministry", "director-aurora", "shelter-hrt-01"]) {
      const c = await signedIn(url, username, PASSWORD);
      expect((await c.query("exports.preview", { k: 5 })).error?.data.code).toBe("FORBIDDEN");
      expect((await c.mutate("exports.create", { k: 5 })).error?.data.code).toBe("FORBIDDEN");
      expect((await get(c, created.download)).status).toBe(403);
    }
    expect((await fetch(`${url}${created.download}`)).status).toBe(401);
    const low = await researcher.query("exports.preview", { k: 2 });
    expect(low.error?.message).toMatch(/k no puede ser menor que 3 \/ k cannot be below 3/);
  });

  it("an admin sees every export and revokes a pending download (the file is gone)", async () => {
    const admin = await signedIn(url, "admin", PASSWORD);
    const list = await admin.query<{ id: string; created_by: string }[]>("exports.list");
    expect(list.data?.some((x) => x.id === created.id && x.created_by === "researcher")).toBe(true);
    expect((await admin.mutate<{ revoked: boolean }>("exports.revoke", { id: created.id })).data).toEqual({ revoked: true });
    expect((await get(researcher, created.download)).status).toBe(410);
    expect((await researcher.mutate("exports.revoke", { id: created.id })).error?.data.code).toBe("FORBIDDEN");
  });
});

describe("indicator table downloads", () => {
  it("CSV and XLSX hold exactly the released figures the caller sees, suppression intact, with the rule in the header", async () => {
    const researcher = await signedIn(url, "researcher", PASSWORD);
    const input = { indicators: ["completed_stays", "exit_plan_rate"], by: ["shelter"], from: "2024-01-01", to: "2024-12-31" };
    const screen = await researcher.query<{ indicator: string; group: Record<string, string>; value: number | null; suppressed: boolean }[]>("indicators.values", input);
    expect(screen.status).toBe(200);
    const suppressed = screen.data?.filter((r) => r.suppressed) ?? [];
    expect(suppressed.length).toBeGreaterThan(0);

    const res = await get(researcher, `/downloads/indicators.csv?input=${encodeURIComponent(JSON.stringify(input))}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/# Regla de supresión \/ suppression rule,.*1 a 4 suprimidos.*perturbadas/);
    expect(text).toContain("# Filtros / filters");
    const rows = parseCsv(text);
    const headerAt = rows.findIndex((r) => r[0] === "indicator");
    const body = rows.slice(headerAt + 1).filter((r) => r.length > 1);
    expect(body.length).toBe(screen.data?.length);
    screen.data?.forEach((s, i) => {
      const row = body[i] as string[];
      expect(row[0]).toBe(s.indicator);
      expect(row[2]).toBe(s.value === null ? "" : String(s.value));
      expect(row[8]).toBe(String(s.suppressed));
      if (s.suppressed) expect(row.slice(2, 8).every((c) => c === "")).toBe(true);
    });

    const xlsx = await get(researcher, `/downloads/indicators.xlsx?input=${encodeURIComponent(JSON.stringify(input))}`);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const ws = wb.getWorksheet("indicators");
    const values: unknown[][] = [];
    ws?.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    const start = values.findIndex((r) => r[0] === "indicator");
    const xrows = values.slice(start + 1);
    expect(xrows.length).toBe(screen.data?.length);
    screen.data?.forEach((s, i) => expect((xrows[i] as unknown[])[2] ?? null).toEqual(s.value === null ? null : s.value));
  });

  it("the Benchmark and Compliance tables download as the caller sees them, and only for the roles that see them", async () => {
    const director = await signedIn(url, "director-aurora", PASSWORD);
    const input = { shelter: "hrt-02", indicators: ["completed_stays", "occupancy_rate"], from: "2024-01-01", to: "2024-12-31" };
    const screen = await director.query<{ indicators: { indicator: string; peers: { quantiles: { p50: number } | null } | null }[] }>("benchmark.shelter", input);
    expect(screen.status).toBe(200);
    const res = await get(director, `/downloads/benchmark.csv?input=${encodeURIComponent(JSON.stringify(input))}`);
    expect(res.status).toBe(200);
    const rows = parseCsv(await res.text());
    const headerAt = rows.findIndex((r) => r[0] === "shelter");
    const header = rows[headerAt] as string[];
    const body = rows.slice(headerAt + 1).filter((r) => r.length > 1);
    expect(body.map((r) => r[1])).toEqual(screen.data?.indicators.map((i) => i.indicator));
    screen.data?.indicators.forEach((i, n) => {
      const p50 = (body[n] as string[])[header.indexOf("peer_p50")];
      expect(p50).toBe(i.peers?.quantiles ? String(i.peers.quantiles.p50) : "");
    });
    // A researcher does not see the Benchmark page: the download is refused as the procedure is.
    const researcher = await signedIn(url, "researcher", PASSWORD);
    expect((await get(researcher, `/downloads/benchmark.csv?input=${encodeURIComponent(JSON.stringify(input))}`)).status).toBe(403);

    const staff = await signedIn(url, "shelter-mx-ref-01", PASSWORD);
    const compliance = await get(staff, `/downloads/compliance.xlsx?input=${encodeURIComponent("{}")}`);
    expect(compliance.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await compliance.arrayBuffer()) as never);
    const shelters: unknown[] = [];
    wb.getWorksheet("compliance")?.eachRow((row) => shelters.push((row.values as unknown[])[1]));
    const start = shelters.indexOf("shelter");
    // Shelter staff see their own shelter's checks only, in the file as on the page.
    expect(shelters.slice(start + 1)).toEqual(["mx-ref-01"]);

    const recs = await get(director, "/downloads/recommendations.csv?input=%7B%7D");
    expect(recs.status).toBe(200);
    const recRows = parseCsv(await recs.text());
    const recHeader = recRows.findIndex((r) => r[0] === "recommendation");
    const listed = await director.query<{ code: string; statuses: unknown[] }[]>("recommendations.list", {});
    const expected = (listed.data ?? []).reduce((n, r) => n + Math.max(1, r.statuses.length), 0);
    expect(recRows.slice(recHeader + 1).filter((r) => r.length > 1).length).toBe(expected);
  });
});
