// Case-mix adjustment on the demo network (issue 17): two Casas Refugio of Bogotá admit mostly
// women at extreme risk. Their crude share of completed stays is "worse" than the network's, but
// adjusted for case mix they are "similar". Checked over HTTP on a real server (compare.units
// with adjust: true) and through the real bin (`refugio indicators --adjust`), which must return
// the same adjusted figures.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { openDatabase, type Database } from "../../src/db/connection";
import { all } from "../../src/db/query";
import { createDemo, DEMO_PASSWORD } from "../../src/demo/create";
import { setLogLevel } from "../../src/log";
import { createRefugioServer } from "../../src/server";
import { signedIn, type ApiClient } from "../api/client";

const bin = fileURLToPath(new URL("../../bin/refugio.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "refugio-casemix-"));
const dbPath = join(dir, "demo.duckdb");

interface Adjusted {
  group: Record<string, string>;
  observed: number | null;
  expected: number | null;
  ratio: number | null;
  adjusted: number | null;
  comparison: string;
  suppressed: boolean;
}
interface CompareAnswer {
  units: { unit: string; comparison: string; crude_comparison: string; result: { value: number }; adjusted: { result: Adjusted; limits: { low: number; high: number }[] | null } }[];
  adjustment: { method: { variables: { code: string }[]; merges: string[][]; strata: number }; curve: unknown[] };
}

let db: Database;
let server: Server;
let admin: ApiClient;
let extreme: string[] = [];

function refugio(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    execFile(process.execPath, [bin, ...args], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => ok({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

beforeAll(async () => {
  await createDemo(dbPath, { seed: 1, scale: 1 });
  setLogLevel("silent");
  db = await openDatabase(dbPath);
  // The two shelters with the largest share of extreme-risk admissions among Bogotá's exits.
  const shares = await all<{ shelter_code: string; share: number }>(
    db.connection,
    `SELECT shelter_code, avg(CAST(risk_level_at_admission = 'extreme' AS DOUBLE)) AS share
     FROM stays WHERE shelter_code LIKE 'cr-bog-%' AND exit_date IS NOT NULL GROUP BY shelter_code ORDER BY share DESC`,
  );
  extreme = shares.slice(0, 2).map((s) => s.shelter_code);
  expect((shares[1]?.share ?? 0) - (shares[2]?.share ?? 0)).toBeGreaterThan(0.2);
  const created = await createRefugioServer({ db, config: loadConfig({ REFUGIO_LOG_LEVEL: "silent" }), dashboardDir: dir });
  server = created.server;
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", () => ok()));
  admin = await signedIn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, "admin", DEMO_PASSWORD);
}, 1_200_000);

let stopped = false;
/** The server holds the database file's write lock: stop it before the CLI opens the file. */
async function stopServer(): Promise<void> {
  if (stopped) return;
  stopped = true;
  server?.closeAllConnections();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
  db?.close();
}

afterAll(async () => {
  await stopServer();
  rmSync(dir, { recursive: true, force: true });
});

describe("case-mix adjustment on the demo network", () => {
  it("the two extreme-intake Casas Refugio are crude 'worse' but adjusted 'similar'", async () => {
    const r = await admin.query<CompareAnswer>("compare.units", { indicator: "completed_stays", network: "co-bogota", adjust: true });
    expect(r.error).toBeUndefined();
    const units = r.data?.units ?? [];
    expect(units.map((u) => u.unit).sort()).toEqual(["cr-bog-1", "cr-bog-2", "cr-bog-3", "cr-bog-4", "cr-bog-5"]);
    for (const code of extreme) {
      const u = units.find((x) => x.unit === code);
      expect(u?.crude_comparison, code).toBe("worse");
      expect(u?.adjusted.result.comparison, code).toBe("similar");
      // Units are judged on the adjusted figure.
      expect(u?.comparison, code).toBe("similar");
      expect(u?.adjusted.result.ratio ?? 0).toBeGreaterThan(0.85);
      expect(u?.adjusted.result.adjusted ?? 0).toBeGreaterThan(u?.result.value ?? 1);
    }
    expect(r.data?.adjustment.method.variables.map((v) => v.code)).toEqual(["risk_level", "age_band", "children", "disability"]);
    expect(r.data?.adjustment.curve.length).toBeGreaterThan(10);
  });

  it("refuses adjustment for an indicator without case-mix variables, in both languages", async () => {
    const r = await admin.query("compare.units", { indicator: "occupancy_rate", adjust: true });
    expect(r.error?.data.code).toBe("BAD_REQUEST");
    expect(r.error?.message).toMatch(/no admite ajuste.*cannot be adjusted/);
  });
  it("`refugio indicators --adjust` returns the same adjusted figures as compare.units", async () => {
    const api = await admin.query<CompareAnswer>("compare.units", { indicator: "completed_stays", network: "co-bogota", adjust: true });
    await stopServer();
    const cli = await refugio(["indicators", "--db", dbPath, "--json", "--adjust", "--indicator", "completed_stays", "--network", "co-bogota", "--by", "shelter"]);
    expect(cli.stderr).toBe("");
    expect(cli.code).toBe(0);
    const out = JSON.parse(cli.stdout) as { adjusted: Adjusted[]; method: CompareAnswer["adjustment"]["method"] };
    expect(out.adjusted).toEqual(api.data?.units.map((u) => u.adjusted.result));
    expect(out.method).toEqual(api.data?.adjustment.method);
    const table = await refugio(["indicators", "--db", dbPath, "--adjust", "--indicator", "completed_stays", "--network", "co-bogota", "--lang", "en"]);
    expect(table.stdout).toMatch(/^Unit\s+Observed\s+Expected\s+O\/E/);
    expect(table.stdout).toMatch(/Variables: risk level at admission, age band, children in the stay, disability/);
    const refused = await refugio(["indicators", "--db", dbPath, "--adjust", "--indicator", "occupancy_rate"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/cannot be adjusted for case mix/);
  });

});
