// The registry over the API: an administrator adds a shelter while the server holds the database
// (the CLI cannot write to it then), and a rejected registry file answers with its problems.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { all } from "../../src/db/query";
import { batchFiles } from "./batch";
import { type ApiClient, signedIn } from "./client";
import { PASSWORD, startServer, type TestServer } from "./fixture";

let srv: TestServer;
let admin: ApiClient;
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

beforeAll(async () => {
  srv = await startServer();
  admin = await signedIn(srv.url, "admin", PASSWORD);
});
afterAll(async () => {
  await srv?.close();
});

type ImportResult = { ok: boolean; shelters: number; networks: number; problems: { file: string; line: number | null; column: string | null; reason: { es: string; en: string } }[] };

describe("registry over the API (admin)", () => {
  it("export, add a shelter, import: a batch for the new shelter is then accepted", async () => {
    const exported = await admin.mutate<{ filename: string; csv: string }>("admin.exportRegistry");
    expect(exported.status).toBe(200);
    const lines = exported.data?.csv.trim().split(/\r?\n/) ?? [];
    const header = (lines[0] ?? "").split(",");
    expect(header).toContain("shelter_code");
    expect(lines.some((l) => l.startsWith("hrt-01,"))).toBe(true);

    expect((await admin.mutate<{ ok: boolean; problems: { reason: { en: string } }[] }>("ingest.check", { files: batchFiles("hrt-09") })).data?.problems[0]?.reason.en).toMatch(/"hrt-09" is not in the registry/);
    const hrt01 = (lines.find((l) => l.startsWith("hrt-01,")) ?? "").split(",");
    const added = header.map((h, i) => (h === "shelter_code" ? "hrt-09" : (hrt01[i] ?? ""))).join(",");
    const r = await admin.mutate<ImportResult>("admin.importRegistry", { file: { name: "registro.csv", contentBase64: b64(`${[...lines, added].join("\n")}\n`) } });
    expect(r.data).toMatchObject({ ok: true, problems: [] });
    expect(r.data?.shelters).toBe(lines.length);
    expect(await all(srv.db.connection, `SELECT shelter_code FROM shelters WHERE shelter_code = 'hrt-09'`)).toEqual([{ shelter_code: "hrt-09" }]);
    const check = await admin.mutate<{ ok: boolean }>("ingest.check", { files: batchFiles("hrt-09") });
    expect(check.data?.ok).toBe(true);
    const audited = await all<{ action: string; ok: boolean }>(srv.db.connection, `SELECT action, ok FROM audit_log WHERE actor = 'admin' AND action IN ('registry.import', 'export.registry') ORDER BY id`);
    expect(audited).toEqual([
      { action: "export.registry", ok: true },
      { action: "registry.import", ok: true },
    ]);
  });

  it("a rejected file answers with its problems under the uploaded name, and nothing changes", async () => {
    const before = await all(srv.db.connection, `SELECT * FROM shelters ORDER BY shelter_code`);
    const csv = "shelter_code,network_code,country,region_code,model\nnew-1,pe-aurora,PE,PE-LIM,hrt\nnew-2,pe-aurora,PE,PE-LIM,spaceship\n";
    const r = await admin.mutate<ImportResult>("admin.importRegistry", { file: { name: "registro.csv", contentBase64: b64(csv) } });
    expect(r.status).toBe(200);
    expect(r.data?.ok).toBe(false);
    expect(r.data?.problems).toContainEqual(expect.objectContaining({ file: "registro.csv", line: 3, column: "model" }));
    expect(JSON.stringify(r.data)).not.toMatch(/refugio-registry-|\/tmp\//);
    expect(await all(srv.db.connection, `SELECT * FROM shelters ORDER BY shelter_code`)).toEqual(before);
    const audited = await all<{ ok: boolean }>(srv.db.connection, `SELECT ok FROM audit_log WHERE action = 'registry.import' ORDER BY id DESC LIMIT 1`);
    expect(audited).toEqual([{ ok: false }]);
  });

  it("only a .csv or .parquet file is taken, with a bilingual reason", async () => {
    const r = await admin.mutate("admin.importRegistry", { file: { name: "registro.xlsx", contentBase64: b64("x") } });
    expect(r.status).toBe(400);
    expect(r.error?.message).toMatch(/\.csv o \.parquet \/ the registry must be a \.csv or \.parquet file/);
  });
});
