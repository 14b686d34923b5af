// One manifest reader (src/ingest/manifest.ts), and the scope check (`authorize`) sees exactly the
// manifest the loader loads; ambiguous or unreadable manifests, and zips with names that cannot be
// unpacked, are refused with a reason (never an exception). Before: the upload's scope check and
// the loader read the manifest differently (two BOMs; a folder named manifest.json beside a file
// MANIFEST.JSON), and odd zip names failed deep in a write.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Manifest } from "@refugio/schemas";
import type { Database } from "../../src/db/connection";
import { entryNamesProblem } from "../../src/ingest/files";
import { ingestBatches } from "../../src/ingest/ingest";
import { readManifest } from "../../src/ingest/manifest";
import { SHELTER, dbWithRegistry, defaultManifest, goodFiles, registryCsv, snapshot, tempDir, writeBatchDir } from "./helpers";

const t = tempDir("manifest");
let db: Database;
let seq = 0;
beforeAll(async () => {
  db = await dbWithRegistry(t.dir);
});
afterAll(() => {
  try {
    db?.close();
  } finally {
    t.cleanup();
  }
});

const enc = (s: string) => new TextEncoder().encode(s);
const BOM = "\uFEFF";
const manifestText = (shelter = SHELTER) => JSON.stringify({ ...defaultManifest, shelter_code: shelter });

/** Loads `dir` with an authorize callback that records what it was shown. */
async function loadAuthorized(dir: string) {
  const seen: Manifest[] = [];
  const before = await snapshot(db);
  const report = await ingestBatches(db.connection, [dir], { loadedBy: "test", authorize: (m) => void seen.push(m) });
  return { report, seen, unchanged: JSON.stringify(await snapshot(db)) === JSON.stringify(before) };
}

describe("readManifest", () => {
  it("reads one object, with at most one byte-order mark", () => {
    expect(readManifest(enc(manifestText()))).toMatchObject({ ok: true, manifest: { shelter_code: SHELTER } });
    expect(readManifest(enc(BOM + manifestText()))).toMatchObject({ ok: true, manifest: { shelter_code: SHELTER } });
  });

  it("refuses two BOMs, invalid UTF-8 and JSON that is not an object, each with its reason", () => {
    const reason = (bytes: Uint8Array) => {
      const r = readManifest(bytes);
      return r.ok ? "read" : r.problem.en;
    };
    expect(reason(enc(BOM + BOM + manifestText("t-02")))).toMatch(/more than one byte-order mark/);
    expect(reason(new Uint8Array([0x7b, 0xff, 0x7d]))).toMatch(/not UTF-8/);
    for (const json of ["[]", "null", '"t-02"', "42", `[${manifestText()}]`]) expect(reason(enc(json)), json).toMatch(/must be a JSON object/);
    expect(reason(enc("{oops"))).toMatch(/not valid JSON/);
  });
});

describe("the loader's manifest is the one authorized", () => {
  it("authorize gets the parsed manifest of each batch; throwing stops the call with nothing written", async () => {
    const dir = writeBatchDir(join(t.dir, `b${++seq}`), { files: goodFiles() });
    const { report, seen } = await loadAuthorized(dir);
    expect(report.ok).toBe(true);
    expect(seen.map((m) => m.shelter_code)).toEqual([SHELTER]);
    const other = writeBatchDir(join(t.dir, `b${++seq}`), { manifest: { shelter_code: "t-02" }, files: goodFiles() });
    const before = await snapshot(db);
    await expect(
      ingestBatches(db.connection, [other], {
        loadedBy: "test",
        authorize: (m) => {
          if (m.shelter_code !== SHELTER) throw new Error(`out of scope: ${m.shelter_code}`);
        },
      }),
    ).rejects.toThrow(/out of scope: t-02/);
    expect(await snapshot(db)).toEqual(before);
  });

  it("two BOMs: rejected with the reason, never loaded, authorize never asked", async () => {
    const dir = writeBatchDir(join(t.dir, `b${++seq}`), { manifest: null, files: { ...goodFiles(), "manifest.json": BOM + BOM + manifestText("t-02") } });
    const { report, seen, unchanged } = await loadAuthorized(dir);
    expect(report.ok).toBe(false);
    expect(report.problems[0]?.reason.en).toMatch(/more than one byte-order mark/);
    expect(seen).toEqual([]);
    expect(unchanged).toBe(true);
  });

  it("a folder named manifest.json beside a file MANIFEST.JSON (folder and zip): refused", async () => {
    const dir = writeBatchDir(join(t.dir, `b${++seq}`), { manifest: null, files: { ...goodFiles(), "MANIFEST.JSON": manifestText("t-02") } });
    mkdirSync(join(dir, "manifest.json"));
    writeFileSync(join(dir, "manifest.json", "manifest.json"), manifestText());
    const folder = await loadAuthorized(dir);
    expect(folder.report.ok).toBe(false);
    expect(folder.report.problems[0]?.reason.en).toMatch(/"manifest.json" is a folder/);
    expect(folder.seen).toEqual([]);
    expect(folder.unchanged).toBe(true);

    const zip = join(t.dir, `b${++seq}.zip`);
    const files = Object.fromEntries(Object.entries(goodFiles()).map(([n, c]) => [n, enc(c)]));
    writeFileSync(zip, zipSync({ ...files, "MANIFEST.JSON": enc(manifestText("t-02")), "manifest.json/": new Uint8Array() }));
    const zipped = await loadAuthorized(zip);
    expect(zipped.report.ok).toBe(false);
    // (A zip names the folder like the file, so the name clash is what refuses it here.)
    expect(zipped.report.problems[0]?.reason.en).toMatch(/is a folder|a file and a folder have that name/);
    expect(zipped.seen).toEqual([]);
  });

  it("several manifests differing only in case: refused as ambiguous", async () => {
    const dir = writeBatchDir(join(t.dir, `b${++seq}`), { files: { ...goodFiles(), "MANIFEST.JSON": manifestText("t-02") } });
    const { report, seen, unchanged } = await loadAuthorized(dir);
    expect(report.ok).toBe(false);
    expect(report.problems[0]?.reason.en).toMatch(/more than one manifest.json \(MANIFEST.JSON, manifest.json\)/);
    expect(seen).toEqual([]);
    expect(unchanged).toBe(true);
  });
});

describe("odd names in a zip", () => {
  const files = () => ({ "manifest.json": enc(manifestText()), ...Object.fromEntries(Object.entries(goodFiles()).map(([n, c]) => [n, enc(c)])) });
  const cases: [string, Record<string, Uint8Array>, RegExp][] = [
    ["a '.' entry", { ...files(), ".": enc("x") }, /an empty or "." part/],
    ["a file and a folder of the same name", { ...files(), "lote/stays.csv": enc("x"), "lote/stays.csv/x": enc("y") }, /a file and a folder have that name/],
    ["a 300-character name", { ...files(), [`${"a".repeat(296)}.csv`]: enc("x") }, /too long/],
    ["a NUL byte", { ...files(), "sta\u0000ys.csv": enc("x") }, /control character/],
    ["path traversal", { ...files(), "../x": enc("x") }, /leaves the batch folder/],
  ];

  for (const [label, entries, reason] of cases) {
    it(`${label}: rejected with a bilingual reason, nothing written`, async () => {
      const zip = join(t.dir, `z${++seq}.zip`);
      writeFileSync(zip, zipSync(entries));
      const { report, seen, unchanged } = await loadAuthorized(zip);
      expect(report.ok).toBe(false);
      expect(report.problems).toHaveLength(1);
      expect(report.problems[0]?.reason.en).toMatch(reason);
      expect(report.problems[0]?.reason.es).toMatch(/nombre no permitido/);
      expect(seen).toEqual([]);
      expect(unchanged).toBe(true);
      expect(entryNamesProblem(Object.keys(entries))?.en).toMatch(reason);
    });
  }

  it("the CLI exits 2 on such a zip, with the reason", () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const dbPath = join(t.dir, "cli.duckdb");
    const registry = join(t.dir, "registry.csv");
    writeFileSync(registry, `${registryCsv}\n`);
    const run = (args: string[]) => spawnSync(process.execPath, [resolve(here, "../../bin/refugio.js"), ...args], { encoding: "utf8", env: { ...process.env, REFUGIO_LOG_LEVEL: "silent" } });
    expect(run(["registry", "import", registry, "--db", dbPath, "--create"]).status).toBe(0);
    const zip = join(t.dir, `z${++seq}.zip`);
    writeFileSync(zip, zipSync({ ...files(), "../x": enc("x") }));
    const r = run(["ingest", zip, "--db", dbPath]);
    expect(r.status).toBe(2);
    expect(`${r.stdout}${r.stderr}`).toMatch(/leaves the batch folder/);
  });
});
