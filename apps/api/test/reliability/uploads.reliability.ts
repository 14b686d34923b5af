// Broken uploads on POST /upload/ingest.check|load: random bytes, truncated zips, zip bombs
// (declared and lying sizes), nested zips, path traversal, odd names, huge fields and too many
// parts, and clients that go away mid-upload. Every answer is 2xx/4xx, never 5xx; nothing is
// left in the upload folder; a bomb is refused without being expanded (memory stays flat).
import fc from "fast-check";
import { strToU8, zipSync } from "fflate";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UploadArea } from "../../src/uploads";
import { batchFiles } from "../api/batch";
import { signedIn, type ApiClient } from "../api/client";
import { PASSWORD, startServer, type TestServer } from "../api/fixture";
import { upload, type UploadFile } from "../api/upload";
import { leftovers, Report, sleep } from "./harness";

const MAX_MB = 2;
const report = new Report("broken uploads");
let srv: TestServer;
let staff: ApiClient;
let uploadRoot: string;

beforeAll(async () => {
  uploadRoot = mkdtempSync(join(tmpdir(), "refugio-rel-uploads-"));
  srv = await startServer({ env: { REFUGIO_MAX_UPLOAD_MB: String(MAX_MB) }, services: { uploads: new UploadArea(uploadRoot) } });
  staff = await signedIn(srv.url, "shelter-hrt-01", PASSWORD);
});
afterAll(async () => {
  report.print();
  await srv?.close();
  rmSync(uploadRoot, { recursive: true, force: true });
});

const batch = () => batchFiles("hrt-01").map((f) => ({ name: f.name, data: new Uint8Array(Buffer.from(f.contentBase64, "base64")) }));
/** The batch's manifest.json as an upload file. */
const manifest = (): { name: string; data: Uint8Array } => batch().find((f) => f.name === "manifest.json") ?? { name: "manifest.json", data: new Uint8Array() };
const batchZip = () => zipSync(Object.fromEntries(batch().map((f) => [`lote/${f.name}`, f.data])));

/** Send, count, and check the invariants: no 5xx, nothing left on disk. */
async function attempt(what: string, files: UploadFile[], procedure = "ingest.check"): Promise<number> {
  report.inputs += 1;
  const r = await upload(staff, procedure, files);
  report.status(r.status);
  if (r.status >= 500) {
    report.losses += 1;
    report.note(`5xx on ${what}: ${r.raw.slice(0, 200)}`);
  }
  const left = leftovers(uploadRoot);
  if (left.length > 0) {
    report.losses += 1;
    report.note(`left behind after ${what}: ${left.slice(0, 3).join(", ")}`);
  }
  return r.status;
}

describe("broken uploads are refused cleanly", () => {
  it("random bytes under every accepted extension", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.constantFrom("stays.csv", "manifest.json", "b.zip", "x.parquet", "f.jsonl"), async (bytes, name) => {
        const status = await attempt(`random ${name}`, [{ name, data: bytes }, ...(name === "manifest.json" ? [] : [])]);
        return status < 500;
      }),
      { numRuns: 40, seed: 3 },
    );
    // A random stays.csv beside a valid manifest reaches the ingester: a report, not a crash.
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => (await attempt("random stays.csv with manifest", [manifest(), { name: "stays.csv", data: bytes }])) < 500),
      { numRuns: 15, seed: 4 },
    );
    expect(report.losses).toBe(0);
  });

  it("truncated zips, at random cut points", async () => {
    const zip = batchZip();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: zip.length - 1 }), async (cut) => (await attempt(`zip cut at ${cut}`, [{ name: "lote.zip", data: zip.subarray(0, cut) }])) < 500),
      { numRuns: 30, seed: 5 },
    );
    expect(report.losses).toBe(0);
  });

  it("zip bombs are refused before they are expanded: declared sizes over the limit, and an entry lying about its size", async () => {
    const before = process.memoryUsage().rss;
    // 64 MB of zeros in a few KB: declared size over the limit.
    const bomb = zipSync({ "b/manifest.json": new Uint8Array(64 * 1024 * 1024) }, { level: 9 });
    expect(await attempt("declared bomb", [{ name: "b.zip", data: bomb }])).toBe(413);
    // Many entries that each fit but together do not.
    const many = zipSync(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`b/f${i}.csv`, new Uint8Array(256 * 1024)])), { level: 9 });
    expect(await attempt("many small entries", [{ name: "b.zip", data: many }])).toBe(413);
    // An entry that declares 10 bytes but inflates to 64 MB: the central and local headers lie.
    const liar = zipSync({ "b/stays.csv": new Uint8Array(64 * 1024 * 1024) }, { level: 9 });
    const view = Buffer.from(liar);
    for (let i = 0; i < view.length - 4; i++) {
      const sig = view.readUInt32LE(i);
      if (sig === 0x04034b50) view.writeUInt32LE(10, i + 22);
      if (sig === 0x02014b50) view.writeUInt32LE(10, i + 24);
    }
    expect(await attempt("lying bomb", [{ name: "b.zip", data: new Uint8Array(view) }])).toBeLessThan(500);
    const grew = (process.memoryUsage().rss - before) / 1024 / 1024;
    report.note(`zip bombs: server memory grew ${Math.round(grew)} MB (64 MB bombs, ${MAX_MB} MB limit)`);
    expect(grew).toBeLessThan(120);
    expect(report.losses).toBe(0);
  });

  it("nested zips, traversal and odd names", async () => {
    const inner = batchZip();
    const nested = zipSync({ "outer/inner.zip": inner, "outer/manifest.json": manifest().data });
    await attempt("nested zip", [{ name: "n.zip", data: nested }]);
    await attempt("zip of zip of zip", [{ name: "n.zip", data: zipSync({ "a.zip": zipSync({ "b.zip": inner }) }) }]);
    const names = [
      "../evil.csv",
      "../../etc/passwd",
      "/abs/evil.csv",
      "a/../../evil.csv",
      "a\\..\\evil.csv",
      "C:\\evil.csv",
      ".",
      "..",
      "a/./b.csv",
      "a//b.csv",
      `${"x".repeat(300)}.csv`,
      `${"d/".repeat(60)}deep.csv`,
      "nul\0byte.csv",
      "ñandú café.csv",
      "emoji-🙂.csv",
      "spaces   .csv",
      "CON.csv",
      ".hidden.csv",
    ];
    for (const name of names) {
      await attempt(`zip entry ${JSON.stringify(name.slice(0, 40))}`, [{ name: "z.zip", data: zipSync({ [name]: strToU8("x\n"), "manifest.json": manifest().data }) }]);
    }
    // A file and a folder of the same name.
    await attempt("file and folder of one name", [{ name: "z.zip", data: zipSync({ "a/b": strToU8("1"), "a/b/c.csv": strToU8("2") }) }]);
    await attempt("folder manifest.json beside MANIFEST.JSON", [{ name: "z.zip", data: zipSync({ "l/manifest.json/x.csv": strToU8("1"), "l/MANIFEST.JSON": manifest().data }) }]);
    // Odd names of the uploaded files themselves.
    for (const name of ["../x.csv", "a/b.csv", "", ".csv", "x".repeat(500) + ".csv", "x.exe", "x.csv\0.zip", "ü.csv"]) {
      await attempt(`file name ${JSON.stringify(name.slice(0, 40))}`, [{ name, data: strToU8("x") }]);
    }
    expect(report.losses).toBe(0);
  });

  it("huge fields, huge headers, too many parts and clients that go away are refused, leaving nothing", async () => {
    const { port } = new URL(srv.url);
    const raw = async (what: string, body: Buffer | string, opts: { cut?: number; boundary?: string } = {}) => {
      const boundary = opts.boundary ?? "----rel";
      report.inputs += 1;
      const status = await new Promise<number>((ok) => {
        const req = request(
          { host: "127.0.0.1", port: Number(port), method: "POST", path: "/upload/ingest.check", headers: { "content-type": `multipart/form-data; boundary=${boundary}`, cookie: staff.cookie ?? "", "x-csrf-token": staff.csrf ?? "" } },
          (res) => {
            res.resume();
            res.on("end", () => ok(res.statusCode ?? 0));
          },
        );
        req.on("error", () => ok(0));
        const data = Buffer.from(body);
        if (opts.cut !== undefined) {
          req.write(data.subarray(0, opts.cut));
          report.faults += 1;
          setTimeout(() => {
            req.destroy();
            ok(0);
          }, 50);
        } else req.end(data);
      });
      if (status) report.status(status);
      if (status >= 500) {
        report.losses += 1;
        report.note(`5xx on ${what}`);
      }
      for (let i = 0; i < 50 && leftovers(uploadRoot).length > 0; i++) await sleep(20);
      if (leftovers(uploadRoot).length > 0) {
        report.losses += 1;
        report.note(`left behind after ${what}`);
      }
      return status;
    };
    const part = (name: string, filename: string | null, content: string) =>
      `------rel\r\nContent-Disposition: form-data; name="${name}"${filename === null ? "" : `; filename="${filename}"`}\r\n\r\n${content}\r\n`;
    expect(await raw("a 3 MB text field", `${part("note", null, "x".repeat(3 * 1024 * 1024))}------rel--\r\n`)).toBeGreaterThanOrEqual(400);
    expect(await raw("a 100 KB file name", `${part("file", "x".repeat(100_000) + ".csv", "a")}------rel--\r\n`)).toBeGreaterThanOrEqual(400);
    expect(await raw("200 parts", `${Array.from({ length: 200 }, (_, i) => part("file", `f${i}.csv`, "a")).join("")}------rel--\r\n`)).toBeGreaterThanOrEqual(400);
    expect(await raw("no closing boundary", part("file", "stays.csv", "a"))).toBeGreaterThanOrEqual(400);
    expect(await raw("garbage body", "not multipart at all")).toBeGreaterThanOrEqual(400);
    expect(await raw("wrong boundary", `${part("file", "stays.csv", "a")}------rel--\r\n`, { boundary: "other" })).toBeGreaterThanOrEqual(400);
    const big = `${part("file", "stays.csv", "a".repeat(1024 * 1024))}------rel--\r\n`;
    for (const cut of [10, 200, 5000, 300_000, 900_000]) await raw(`client gone after ${cut} bytes`, big, { cut });
    expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
    expect(report.losses).toBe(0);
  });
});
