// Uploads over HTTP: a shelter account cannot load another shelter's batch by making the manifest
// read differently (two BOMs, a folder named manifest.json beside MANIFEST.JSON), and zips with
// odd names get a 4xx with a bilingual message, never a 500. (Uses the upload transport of
// test/api/batch.ts: base64 files in JSON.)
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { all } from "../../src/db/query";
import { batchFiles } from "./batch";
import { type ApiClient, signedIn } from "./client";
import { PASSWORD, startServer, type TestServer } from "./fixture";

let srv: TestServer;
let staff: ApiClient;
let admin: ApiClient;
beforeAll(async () => {
  srv = await startServer();
  staff = await signedIn(srv.url, "shelter-hrt-01", PASSWORD);
  admin = await signedIn(srv.url, "admin", PASSWORD);
});
afterAll(async () => {
  await srv?.close();
});

const b64 = (b: Uint8Array | string) => Buffer.from(b).toString("base64");
const bytes = (f: { contentBase64: string }) => new Uint8Array(Buffer.from(f.contentBase64, "base64"));
const code = (r: { error?: { data: { code: string } } }) => r.error?.data.code ?? "OK";
const hrt02Rows = async () => (await all<{ n: number }>(srv.db.connection, `SELECT count(*) AS n FROM stays WHERE shelter_code = 'hrt-02' AND stay_id LIKE 'up-%'`))[0]?.n;

describe("the scope check reads the manifest the loader loads", () => {
  it("two UTF-8 BOMs before another shelter's manifest: nothing is checked or loaded for hrt-02", async () => {
    const [manifest, stays] = batchFiles("hrt-02");
    if (!manifest || !stays) throw new Error("batch");
    const bom2 = [{ name: "manifest.json", contentBase64: b64(Buffer.concat([Buffer.from("\uFEFF\uFEFF"), Buffer.from(bytes(manifest))])) }, stays];
    for (const proc of ["ingest.check", "ingest.load"]) {
      const r = await staff.mutate<{ ok: boolean; batches: { status: string }[]; problems: { reason: { en: string } }[] }>(proc, { files: bom2 });
      // Refused, either as out of scope or as an unreadable manifest: never valid, never loaded.
      if (code(r) === "OK") {
        expect(r.data?.ok).toBe(false);
        expect(r.data?.batches.map((b) => b.status)).toEqual(["rejected"]);
        expect(r.data?.problems[0]?.reason.en).toMatch(/byte-order mark/);
      } else expect(code(r)).toBe("FORBIDDEN");
    }
    expect(await hrt02Rows()).toBe(0);
    // One BOM is read, so the scope check sees hrt-02 and refuses it.
    const bom1 = [{ name: "manifest.json", contentBase64: b64(Buffer.concat([Buffer.from("\uFEFF"), Buffer.from(bytes(manifest))])) }, stays];
    expect(code(await staff.mutate("ingest.load", { files: bom1 }))).toBe("FORBIDDEN");
    expect(await hrt02Rows()).toBe(0);
  });

  it("a zip with a folder named manifest.json beside MANIFEST.JSON for hrt-02: refused, nothing loaded", async () => {
    const [manifest, stays] = batchFiles("hrt-02");
    if (!manifest || !stays) throw new Error("batch");
    // The folder holds only a hidden file: it exists on disk, and no table file is left over.
    const zip = zipSync({ "lote/MANIFEST.JSON": bytes(manifest), "lote/manifest.json/.keep": new Uint8Array([1]), "lote/stays.csv": bytes(stays) });
    for (const proc of ["ingest.check", "ingest.load"]) {
      const r = await staff.mutate<{ ok: boolean }>(proc, { files: [{ name: "lote.zip", contentBase64: b64(zip) }] });
      expect([400, 403, 200]).toContain(r.status);
      if (code(r) === "OK") expect(r.data?.ok).toBe(false);
    }
    expect(await hrt02Rows()).toBe(0);
  });
});

describe("odd names in an uploaded zip → 400 with a bilingual message", () => {
  const batch = () => Object.fromEntries(batchFiles("hrt-01").map((f) => [`lote/${f.name}`, bytes(f)]));
  const cases: [string, Record<string, Uint8Array>, RegExp][] = [
    ["a '.' entry", { ...batch(), ".": new Uint8Array([1]) }, /an empty or "\." part/],
    ["a file and a folder of the same name", { ...batch(), "lote/x": new Uint8Array([1]), "lote/x/y": new Uint8Array([2]) }, /a file and a folder have that name/],
    ["a 300-character name", { ...batch(), [`lote/${"a".repeat(296)}.csv`]: new Uint8Array([1]) }, /too long/],
    ["a NUL byte", { ...batch(), "lote/st\u0000ays.csv": new Uint8Array([1]) }, /control character/],
    ["path traversal", { ...batch(), "../x": new Uint8Array([1]) }, /leaves the batch folder/],
  ];
  for (const [label, entries, reason] of cases) {
    it(label, async () => {
      const r = await admin.mutate("ingest.check", { files: [{ name: "lote.zip", contentBase64: b64(zipSync(entries)) }] });
      expect(r.status).toBe(400);
      expect(r.error?.message).toMatch(/nombre no permitido.* \/ .*name not allowed/);
      expect(r.error?.message).toMatch(reason);
    });
  }
});
