// Issue 13, the HTTP layer: malformed URLs and cookies are 4xx, uploads are multipart streams in a
// private folder removed on every path, a signed-in reader cannot crash or hang the server with
// concurrent failing queries, and the sign-in limit holds under concurrency.
import { zipSync } from "fflate";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/auth/rate-limit";
import { LruCache } from "../../src/cache/lru";
import { openDatabase } from "../../src/db/connection";
import { all } from "../../src/db/query";
import { UploadArea } from "../../src/uploads";
import { batchFiles } from "./batch";
import { ApiClient, signedIn } from "./client";
import { PASSWORD, passwordHash, startServer, writeFixture, type TestServer } from "./fixture";
import { asUploadFiles, spawnServe, upload } from "./upload";

let srv: TestServer;
let uploadRoot: string;
let admin: ApiClient;
let staff: ApiClient;

beforeAll(async () => {
  uploadRoot = mkdtempSync(join(tmpdir(), "refugio-upload-root-"));
  srv = await startServer({ env: { REFUGIO_MAX_UPLOAD_MB: "1" }, services: { uploads: new UploadArea(uploadRoot) } });
  admin = await signedIn(srv.url, "admin", PASSWORD);
  staff = await signedIn(srv.url, "shelter-hrt-01", PASSWORD);
});
afterAll(async () => {
  await srv?.close();
  rmSync(uploadRoot, { recursive: true, force: true });
});

describe("malformed requests are 4xx with a message", () => {
  it("a URL that does not decode (GET /%E0%A4%A) is 400, not 500", async () => {
    for (const path of ["/%E0%A4%A", "/assets/%E0%A4%A.js", "/trpc/%E0%A4%A", "/%"]) {
      const res = await fetch(`${srv.url}${path}`);
      expect(res.status, path).toBe(400);
      expect(await res.text(), path).toMatch(/no es válida|not valid|Invalid request/);
    }
    // The server still answers afterwards.
    expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
  });

  it("a malformed cookie set on the host by another application does not break /trpc calls", async () => {
    const res = await fetch(`${srv.url}/trpc/auth.me`, { headers: { cookie: `a=%E0%A4%A; ${admin.cookie ?? ""}; b="unterminated` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: { username: string } | null } };
    expect(body.result.data?.username).toBe("admin");
    const anon = await fetch(`${srv.url}/trpc/auth.me`, { headers: { cookie: "a=%E0%A4%A" } });
    expect(anon.status).toBe(200);
  });
});

describe("multipart uploads", () => {
  const leftovers = () => new UploadArea(uploadRoot).list();

  it("a batch sent as multipart is checked and loaded like the JSON upload, and its folder is gone afterwards", async () => {
    const check = await upload<{ ok: boolean }>(staff, "ingest.check", asUploadFiles(batchFiles("hrt-01")));
    expect(check.status, check.raw).toBe(200);
    expect(check.data?.ok).toBe(true);
    const zip = zipSync(Object.fromEntries(batchFiles("hrt-01").map((f) => [`lote/${f.name}`, new Uint8Array(Buffer.from(f.contentBase64, "base64"))])));
    const load = await upload<{ ok: boolean; batches: { status: string }[] }>(staff, "ingest.load", [{ name: "lote.zip", data: zip }]);
    expect(load.status, load.raw).toBe(200);
    expect(load.data?.ok).toBe(true);
    expect(leftovers()).toEqual([]);
  });

  it("the upload folder is private (0700) while the upload is processed", async () => {
    // Observe the folder from inside: a slow ingest lock holds the request while we look.
    let release!: () => void;
    const gate = new Promise<void>((ok) => (release = ok));
    const lock = srv.services.ingestLock;
    const hold = lock.run(() => gate);
    const pending = upload(staff, "ingest.check", asUploadFiles(batchFiles("hrt-01")));
    let seen: string[] = [];
    for (let i = 0; i < 200 && seen.length === 0; i++) {
      await new Promise((ok) => setTimeout(ok, 20));
      seen = leftovers();
    }
    expect(seen).toHaveLength(1);
    expect(statSync(join(uploadRoot, seen[0] ?? "")).mode & 0o777).toBe(0o700);
    expect(statSync(uploadRoot).mode & 0o777).toBe(0o700);
    release();
    await hold;
    expect((await pending).status).toBe(200);
    expect(leftovers()).toEqual([]);
  });

  it("every kind of refusal answers 4xx with a message and leaves no file behind", async () => {
    const bomb = zipSync({ "b/manifest.json": new Uint8Array(3 * 1024 * 1024) }, { level: 9 });
    const cases: { what: string; client: ApiClient; procedure: string; files: { name: string; data: Uint8Array | string }[]; status: number; csrf?: false }[] = [
      { what: "too large", client: staff, procedure: "ingest.check", files: [{ name: "stays.csv", data: "a".repeat(1.5 * 1024 * 1024) }], status: 413 },
      { what: "zip bomb", client: staff, procedure: "ingest.check", files: [{ name: "b.zip", data: bomb }], status: 413 },
      { what: "bad zip", client: staff, procedure: "ingest.check", files: [{ name: "b.zip", data: "PK\u0003\u0004 not really a zip" }], status: 400 },
      { what: "traversal", client: staff, procedure: "ingest.check", files: [{ name: "t.zip", data: zipSync({ "../../evil.csv": new Uint8Array([1]) }) }], status: 400 },
      { what: "dot entry", client: staff, procedure: "ingest.check", files: [{ name: "d.zip", data: zipSync({ "a/./b.csv": new Uint8Array([1]) }) }], status: 400 },
      { what: "long name", client: staff, procedure: "ingest.check", files: [{ name: "l.zip", data: zipSync({ [`${"x".repeat(300)}.csv`]: new Uint8Array([1]) }) }], status: 400 },
      { what: "NUL in name", client: staff, procedure: "ingest.check", files: [{ name: "n.zip", data: zipSync({ "a\0b.csv": new Uint8Array([1]) }) }], status: 400 },
      { what: "bad file name", client: staff, procedure: "ingest.check", files: [{ name: "../x.csv", data: "x" }], status: 400 },
      { what: "repeated name", client: staff, procedure: "ingest.check", files: [{ name: "a.csv", data: "x" }, { name: "a.csv", data: "y" }], status: 400 },
      { what: "no manifest", client: staff, procedure: "ingest.check", files: [{ name: "stays.csv", data: "x\n" }], status: 400 },
      { what: "out of scope", client: staff, procedure: "ingest.load", files: asUploadFiles(batchFiles("hrt-02")), status: 403 },
      { what: "role", client: staff, procedure: "admin.importRegistry", files: [{ name: "r.csv", data: "x" }], status: 403 },
      { what: "no CSRF", client: staff, procedure: "ingest.check", files: asUploadFiles(batchFiles("hrt-01")), status: 403, csrf: false },
      { what: "signed out", client: new ApiClient(srv.url), procedure: "ingest.check", files: asUploadFiles(batchFiles("hrt-01")), status: 401 },
      { what: "unknown target", client: staff, procedure: "ingest.nothing", files: [{ name: "a.csv", data: "x" }], status: 404 },
    ];
    for (const c of cases) {
      const r = await upload(c.client, c.procedure, c.files, { csrf: c.csrf });
      expect(r.status, `${c.what}: ${r.raw}`).toBe(c.status);
      expect(r.error?.message, c.what).toMatch(/ \/ /);
      expect(leftovers(), c.what).toEqual([]);
    }
    // Nothing was loaded by the refused uploads.
    expect(await all(srv.db.connection, `SELECT * FROM load_log WHERE shelter_code = 'hrt-02' AND loaded_by = 'shelter-hrt-01'`)).toEqual([]);
  });

  it("a client that goes away mid-upload (at any point) leaves no file behind and gives its connection back", async () => {
    const { port } = new URL(srv.url);
    const boundary = "----refugio-abort";
    const body = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="stays.csv"\r\nContent-Type: text/csv\r\n\r\n${"a".repeat(600_000)}\r\n--${boundary}--\r\n`);
    const inUseWhilePending: number[] = [];
    for (const cut of [60, 200, 5000, 300_000]) {
      await new Promise<void>((ok) => {
        const req = request({
          host: "127.0.0.1",
          port: Number(port),
          method: "POST",
          path: "/upload/ingest.check",
          headers: { "content-type": `multipart/form-data; boundary=${boundary}`, cookie: staff.cookie ?? "", "x-csrf-token": staff.csrf ?? "" },
        });
        req.on("error", () => ok());
        req.write(body.subarray(0, cut));
        // While its bytes trickle in, a slow upload holds no database connection. Sampled once
        // its folder exists, i.e. once the server is receiving the bytes: before that it is still
        // checking the session on a borrowed connection (a fixed 200 ms sample caught that check
        // on a loaded CI machine). -1: the server never started receiving.
        const deadline = Date.now() + 10_000;
        const sample = () => {
          const receiving = leftovers().length > 0;
          if (!receiving && Date.now() < deadline) return void setTimeout(sample, 5);
          inUseWhilePending.push(receiving ? srv.db.pool.inUse : -1);
          req.destroy();
          ok();
        };
        setTimeout(sample, 5);
      });
      // Up to 5 s for the server to notice the close and clean up (1 s was not always enough on a
      // loaded 2-core machine); the assertions below are unchanged.
      for (let i = 0; i < 250 && (leftovers().length > 0 || srv.db.pool.inUse > 0); i++) await new Promise((ok) => setTimeout(ok, 20));
      expect(leftovers(), `cut at ${cut}`).toEqual([]);
      expect(srv.db.pool.inUse, `cut at ${cut}`).toBe(0);
    }
    expect(inUseWhilePending).toEqual([0, 0, 0, 0]);
    expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
  });

  it("a malformed multipart body is a 400, not a 500", async () => {
    for (const [what, body, boundary] of [
      ["no closing boundary", `------x\r\nContent-Disposition: form-data; name="file"; filename="stays.csv"\r\n\r\na\r\n`, "----x"],
      ["garbage", "not multipart at all", "----x"],
      ["wrong boundary", `------x\r\nContent-Disposition: form-data; name="file"; filename="stays.csv"\r\n\r\na\r\n------x--\r\n`, "other"],
      ["empty file name", `------x\r\nContent-Disposition: form-data; name="file"; filename=""\r\n\r\na\r\n------x--\r\n`, "----x"],
    ] as const) {
      const res = await fetch(`${srv.url}/upload/ingest.check`, {
        method: "POST",
        headers: { "content-type": `multipart/form-data; boundary=${boundary}`, cookie: staff.cookie ?? "", "x-csrf-token": staff.csrf ?? "" },
        body,
      });
      expect(res.status, what).toBe(400);
      expect(await res.text(), what).toMatch(/ \/ /);
      expect(leftovers(), what).toEqual([]);
    }
  });

  it("upload folders left by a killed process are swept when the server starts; a live process's are kept", async () => {
    const root = mkdtempSync(join(tmpdir(), "refugio-sweep-"));
    try {
      mkdirSync(join(root, "999999999-dead"), { recursive: true });
      writeFileSync(join(root, "999999999-dead", "stays.csv"), "identifiers");
      mkdirSync(join(root, `${process.pid}-alive`));
      const s = await startServer({ fixture: false, services: { uploads: new UploadArea(root) } });
      await s.close();
      expect(existsSync(join(root, "999999999-dead"))).toBe(false);
      expect(existsSync(join(root, `${process.pid}-alive`))).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("sign-in under concurrency", () => {
  it("a burst of 40 wrong passwords and the right one in the same second: 429s, at most 5 checked, no session", async () => {
    const s = await startServer();
    try {
      const wrong = Array.from({ length: 40 }, (_, i) => new ApiClient(s.url).login("researcher", `wrong-password-${i}`));
      const right = new ApiClient(s.url);
      const started = Date.now();
      const rightAnswer = right.login("researcher", PASSWORD);
      const answers = await Promise.all(wrong);
      const r = await rightAnswer;
      expect(Date.now() - started).toBeLessThan(60_000);
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((x) => x === 401).length).toBeLessThanOrEqual(5);
      expect(statuses.filter((x) => x === 429 || x === 503).length).toBeGreaterThanOrEqual(35);
      expect(statuses.every((x) => x === 401 || x === 429 || x === 503)).toBe(true);
      expect(answers.find((a) => a.status === 429)?.headers.get("retry-after")).toMatch(/^\d+$/);
      // The right password, sent within the burst, does not sign in once the budget is spent.
      if (r.status === 200) {
        // Only possible if it was among the first five checked: then fewer than five wrong ones were.
        expect(statuses.filter((x) => x === 401).length).toBeLessThan(5);
      } else {
        expect([429, 503]).toContain(r.status);
        expect(right.cookie).toBeNull();
      }
      const sessions = await all<{ n: number }>(s.db.connection, `SELECT count(*) AS n FROM sessions WHERE username = 'researcher'`);
      expect(sessions[0]?.n).toBe(r.status === 200 ? 1 : 0);
    } finally {
      await s.close();
    }
  });

  it("the right password sent after the burst is refused too (the account is locked for the window)", async () => {
    const s = await startServer();
    try {
      await Promise.all(Array.from({ length: 40 }, (_, i) => new ApiClient(s.url).login("ministry", `wrong-password-${i}`)));
      const r = await new ApiClient(s.url).login("ministry", PASSWORD);
      expect(r.status).toBe(429);
      expect(r.raw).not.toContain("csrfToken");
    } finally {
      await s.close();
    }
  });

  it("sign-in cannot be batched: a tRPC batch holding auth.login is refused with 400 and checks nothing", async () => {
    const paths = Array.from({ length: 30 }, () => "auth.login").join(",");
    const body = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [String(i), { username: "director-aurora", password: `guess-${i}` }]));
    const res = await fetch(`${srv.url}/trpc/${paths}?batch=1`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/lote \/ .*batch/);
    const mixed = await fetch(`${srv.url}/trpc/auth.me,auth.login?batch=1`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ 1: { username: "admin", password: PASSWORD } }) });
    expect(mixed.status).toBe(400);
    const audited = await all(srv.db.connection, `SELECT * FROM audit_log WHERE actor = 'director-aurora' AND action = 'auth.login'`);
    expect(audited).toEqual([]);
  });

  it("the limiter's memory stays bounded after a flood of distinct keys, and the cache is bounded by entries and bytes", () => {
    const limiter = new RateLimiter(5);
    for (let i = 0; i < 25_000; i++) limiter.take(`10.0.${i >> 8}.${i & 255}|user-${i}`);
    expect(limiter.size).toBeLessThanOrEqual(10_000);
    const cache = new LruCache(500, 1024 * 1024);
    for (let i = 0; i < 2000; i++) cache.set(`k${i}`, { rows: "x".repeat(10_000) });
    expect(cache.size).toBeLessThanOrEqual(500);
    expect(cache.bytes).toBeLessThanOrEqual(1024 * 1024);
    cache.set("null", null);
    expect(cache.get("null")).toBeNull();
  });
});

describe("concurrent failing queries from a signed-in reader", () => {
  it("4 parallel loops of compare.units with an unknown network (400 each), plus aborted requests: the server keeps answering and SIGTERM releases the database", async () => {
    const dir = mkdtempSync(join(tmpdir(), "refugio-crash-"));
    const dbPath = join(dir, "c.duckdb");
    const db = await openDatabase(dbPath);
    await writeFixture(db.connection, await passwordHash());
    db.close();
    const serve = await spawnServe(dbPath);
    try {
      const reader = await signedIn(serve.url, "researcher", PASSWORD);
      const indicators = await reader.query<{ code: string; unit: string }[]>("catalogue.indicators");
      const indicator = indicators.data?.find((i) => i.unit === "proportion")?.code ?? "exit_plan_completion";
      const statuses = new Map<number, number>();
      const loop = async (n: number) => {
        for (let i = 0; i < 50; i++) {
          const r = await reader.query("compare.units", { indicator, network: `no-such-${n}-${i}` });
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        }
      };
      const aborts = async () => {
        for (let i = 0; i < 30; i++) {
          const ctl = new AbortController();
          const input = encodeURIComponent(JSON.stringify({ indicator, units: i % 2 ? "region" : "shelter" }));
          const p = fetch(`${serve.url}/trpc/compare.units?input=${input}`, { headers: { cookie: reader.cookie ?? "" }, signal: ctl.signal }).catch(() => null);
          setTimeout(() => ctl.abort(), 5 + (i % 7) * 3);
          await p;
        }
      };
      await Promise.all([loop(0), loop(1), loop(2), loop(3), aborts()]);
      expect([...statuses.keys()]).toEqual([400]);
      expect(statuses.get(400)).toBe(200);
      // Still alive and answering real queries.
      expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
      const ok = await reader.query("compare.units", { indicator });
      expect(ok.status).toBe(200);
      // SIGTERM during more of the same: a clean exit that releases the file lock.
      const more = Promise.all([loop(4), loop(5)]).catch(() => undefined);
      await new Promise((ok2) => setTimeout(ok2, 100));
      serve.child.kill("SIGTERM");
      const code = await Promise.race([serve.exited, new Promise<string>((ok2) => setTimeout(() => ok2("hung"), 20_000))]);
      await more;
      // The server's log says why if not (e.g. "server.forced" with what was still in flight).
      expect(code, serve.output().slice(-4000)).toBe(0);
      expect(serve.output()).not.toMatch(/malloc|tcache|Segmentation|Abort/i);
      const again = await openDatabase(dbPath);
      expect((await all(again.connection, `SELECT count(*) AS n FROM users`))[0]).toBeDefined();
      again.close();
    } finally {
      if (serve.child.exitCode === null) serve.child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("Promise.all over one pooled connection runs the queries one at a time, and the pool never closes a connection under a query", async () => {
    const lease = await srv.db.pool.acquire();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => all<{ n: number }>(lease.conn, `SELECT $i::INTEGER AS n FROM range(20000) LIMIT 1`, { i })));
    expect(results.map((r) => r[0]?.n)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // An aborted lease: queued queries are refused, the connection comes back usable.
    const slow = all(lease.conn, `SELECT count(*) AS n FROM range(300000000)`).catch((e: Error) => e);
    const queued = all(lease.conn, `SELECT 1 AS n`).catch((e: Error) => e);
    await new Promise((ok) => setTimeout(ok, 50));
    lease.abort();
    expect(await queued).toBeInstanceOf(Error);
    await slow;
    await lease.release();
    const again = await srv.db.pool.acquire();
    expect(await all(again.conn, `SELECT 42 AS n`)).toEqual([{ n: 42 }]);
    await again.release();
  });
});
