// The HTTP layer around tRPC: security headers and a CSP the built dashboard satisfies, request
// size limits, error bodies without stacks or SQL, bilingual validation messages, JSON logs
// without personal data, static files confined to the dashboard folder, graceful shutdown.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { run } from "../../src/db/query";
import { openDatabase } from "../../src/db/connection";
import { setLogLevel } from "../../src/log";
import { DEFAULT_DASHBOARD_DIR, createRefugioServer, redact } from "../../src/server";
import { loadConfig } from "../../src/config";
import { ApiClient, signedIn } from "./client";
import { PASSWORD, startServer, type TestServer } from "./fixture";

let srv: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  srv = await startServer({ env: { REFUGIO_MAX_UPLOAD_MB: "1" } });
  admin = await signedIn(srv.url, "admin", PASSWORD);
});
afterAll(async () => {
  await srv?.close();
});

describe("headers", () => {
  it("every response carries the security headers; API responses are not cached", async () => {
    for (const path of ["/", "/healthz", "/trpc/auth.me"]) {
      const res = await fetch(`${srv.url}${path}`);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'self'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect((await fetch(`${srv.url}/trpc/auth.me`)).headers.get("cache-control")).toBe("no-store");
  });

  const builtIndex = join(DEFAULT_DASHBOARD_DIR, "index.html");
  it.skipIf(!existsSync(builtIndex))("the Vite-built dashboard has no inline scripts or handlers, so the CSP does not block it", async () => {
    const html = readFileSync(builtIndex, "utf8");
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\/assets\//);
      expect((body ?? "").trim()).toBe("");
    }
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/javascript:/i);
    // Served by the real server from the real build, with the right types.
    const db = await openDatabase(join(mkdtempSync(join(tmpdir(), "refugio-dash-")), "d.duckdb"));
    const { server } = await createRefugioServer({ db, config: loadConfig({ REFUGIO_LOG_LEVEL: "silent" }) });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", () => ok()));
    const port = (server.address() as { port: number }).port;
    try {
      const page = await fetch(`http://127.0.0.1:${port}/panel/indicadores`);
      expect(page.headers.get("content-type")).toMatch(/text\/html/);
      const src = /src="([^"]+\.js)"/.exec(await page.text())?.[1] ?? "";
      const js = await fetch(`http://127.0.0.1:${port}${src}`);
      expect(js.status).toBe(200);
      expect(js.headers.get("content-type")).toMatch(/text\/javascript/);
      expect(js.headers.get("cache-control")).toMatch(/immutable/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      db.close();
    }
  });

  it("static files stay inside the dashboard folder (encoded ../ falls back to index.html)", async () => {
    const body = await new Promise<{ status: number; type: string; text: string }>((ok, fail) => {
      const req = request(`${srv.url}/assets/%2e%2e/%2e%2e/test.duckdb`, (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString("latin1")));
        res.on("end", () => ok({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), text }));
      });
      req.on("error", fail);
      req.end();
    });
    expect(body.type).toMatch(/text\/html/);
    expect(body.text).toContain("<!doctype html>");
    expect(body.text).not.toContain("DUCK");
  });
});

describe("request limits", () => {
  it("a body over REFUGIO_MAX_UPLOAD_MB is refused with 413 before reaching the procedure", async () => {
    const big = "A".repeat(1.5 * 1024 * 1024);
    const r = await admin.mutate("ingest.check", { files: [{ name: "stays.csv", contentBase64: big }] });
    expect(r.status).toBe(413);
    expect(r.error?.data.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("a decoded upload (e.g. a zip) over the limit is refused too", async () => {
    const { zipSync } = await import("fflate");
    // 3 MB of zeros compresses to a few KB: the limit must apply to what is unpacked.
    const zip = zipSync({ "b/manifest.json": new Uint8Array(3 * 1024 * 1024) }, { level: 9 });
    const r = await admin.mutate("ingest.check", { files: [{ name: "b.zip", contentBase64: Buffer.from(zip).toString("base64") }] });
    expect(r.status).toBe(413);
  });
});

describe("error bodies", () => {
  it("validation failures are BAD_REQUEST with field messages in Spanish and English, and no stack", async () => {
    const r = await admin.query("indicators.values", { from: "2024-13-45", by: ["nonsense"], k: 1 });
    expect(r.status).toBe(400);
    expect(r.error?.data.code).toBe("BAD_REQUEST");
    const f = r.error?.data.fieldErrors ?? {};
    expect(Object.keys(f).sort()).toEqual(["by.0", "from", "k"]);
    for (const msgs of Object.values(f)) for (const m of msgs) expect(m).toMatch(/ \/ /);
    expect(f.k?.[0]).toMatch(/debe ser ≥ 2 \/ must be ≥ 2/);
    expect(r.raw).not.toMatch(/stack|at [A-Za-z]+ \(|\.ts:\d+/);
  });

  it("an input that is not JSON gets a bilingual message, not the parser's", async () => {
    const res = await fetch(`${srv.url}/trpc/indicators.values?input=${encodeURIComponent("{indicators: [x]}")}`, { headers: { cookie: admin.cookie ?? "" } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string; data: { code: string } } };
    expect(body.error).toMatchObject({ message: "La entrada no es JSON válido / The input is not valid JSON", data: { code: "BAD_REQUEST" } });
  });

  it("unknown fields are refused rather than ignored (strict inputs)", async () => {
    const r = await admin.query("compliance.summary", { shelter: "hrt-01", sql: "1; DROP TABLE users" });
    expect(r.status).toBe(400);
    expect(r.error?.message).toMatch(/campos no reconocidos: sql \/ unrecognised fields: sql/);
  });

  it("internal errors get a generic bilingual message: no SQL, no table names, no stack", async () => {
    await run(srv.db.connection, `ALTER TABLE load_log RENAME TO load_log_hidden`);
    try {
      const r = await admin.query("ingest.history");
      expect(r.status).toBe(500);
      expect(r.error?.data.code).toBe("INTERNAL_SERVER_ERROR");
      expect(r.error?.message).toMatch(/Error interno.*\/ Internal error/);
      expect(r.raw).not.toMatch(/load_log|SELECT|Catalog|stack|\.ts:\d+/i);
    } finally {
      await run(srv.db.connection, `ALTER TABLE load_log_hidden RENAME TO load_log`);
    }
  });

  it("mutations cannot be triggered by a GET (a link or an image) nor by a cross-site form post", async () => {
    const get = await fetch(`${srv.url}/trpc/auth.logout`, { headers: { cookie: admin.cookie ?? "" } });
    expect(get.status).toBe(405);
    const form = await fetch(`${srv.url}/trpc/admin.addUser`, {
      method: "POST",
      headers: { cookie: admin.cookie ?? "", "content-type": "application/x-www-form-urlencoded" },
      body: "username=evil&password=evil-password-123&role=admin",
    });
    expect(form.status).toBe(415);
    expect((await admin.query<{ username: string }[]>("admin.users")).data?.map((u) => u.username)).not.toContain("evil");
  });

  it("unknown procedures are NOT_FOUND", async () => {
    const r = await admin.query("nope.nothing");
    expect(r.status).toBe(404);
  });
});

describe("logs", () => {
  it("are JSON lines with the path only: no usernames, passwords, inputs or query strings", async () => {
    const lines: string[] = [];
    const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    setLogLevel("info");
    try {
      await new ApiClient(srv.url).login("ministry", "secret-wrong-password");
      await admin.query("indicators.values", { shelter: "hrt-03", from: "2023-02-01" });
      await run(srv.db.connection, `ALTER TABLE load_log RENAME TO load_log_hidden`);
      await admin.query("ingest.history", { shelter: "hrt-04" });
      await run(srv.db.connection, `ALTER TABLE load_log_hidden RENAME TO load_log`);
    } finally {
      setLogLevel("silent");
      out.mockRestore();
      err.mockRestore();
    }
    const logs = lines.join("").trim().split("\n").filter(Boolean);
    expect(logs.length).toBeGreaterThanOrEqual(3);
    for (const l of logs) {
      const entry = JSON.parse(l) as Record<string, unknown>;
      expect(typeof entry.t).toBe("string");
      expect(typeof entry.event).toBe("string");
    }
    const text = logs.join("\n");
    expect(text).toContain('"path":"/trpc/auth.login"');
    expect(text).toContain('"event":"trpc.error"');
    for (const secret of ["ministry", "secret-wrong-password", "hrt-03", "2023-02-01", "hrt-04", "input="]) expect(text).not.toContain(secret);
  });
});

describe("redact", () => {
  it("keeps the shape of a driver message but not the values it quotes", () => {
    const m = redact(`Constraint Error: Duplicate key "username: ana.perez" violates primary key; value 'hrt-07'`);
    expect(m).toBe(`Constraint Error: Duplicate key '…' violates primary key; value '…'`);
  });
});

describe("graceful shutdown", () => {
  it("`refugio serve` stops on SIGTERM: finishes the request in flight, exits 0, closes the database", async () => {
    const dir = mkdtempSync(join(tmpdir(), "refugio-serve-"));
    const dbPath = join(dir, "s.duckdb");
    const bin = fileURLToPath(new URL("../../bin/refugio.js", import.meta.url));
    const child = spawn(process.execPath, [bin, "serve", "--db", dbPath, "--port", "0"], {
      env: { ...process.env, REFUGIO_LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stderr.resume();
    const url = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`serve did not start: ${stdout}`)), 60_000);
      child.stdout.on("data", (c: Buffer) => {
        stdout += c.toString();
        const m = /"url":"(http:\/\/[^"]+)"/.exec(stdout);
        if (m?.[1]) {
          clearTimeout(timer);
          ok(m[1]);
        }
      });
    });
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    // A request in flight when the signal arrives: headers sent, body not yet.
    const { port } = new URL(url);
    const socket = connect(Number(port), "127.0.0.1");
    await new Promise<void>((ok) => socket.once("connect", () => ok()));
    const body = JSON.stringify({ username: "nobody", password: "nothing-here" });
    socket.write(`POST /trpc/auth.login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`);
    let answer = "";
    socket.on("data", (c: Buffer) => (answer += c.toString()));
    const answered = new Promise<void>((ok) => socket.once("end", () => ok()));
    await new Promise((ok) => setTimeout(ok, 200));
    const exited = new Promise<number | null>((ok) => child.on("exit", (code) => ok(code)));
    child.kill("SIGTERM");
    await new Promise((ok) => setTimeout(ok, 300));
    socket.write(body);
    await answered;
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
    expect(answer).toContain("Wrong username or password");
    expect(await exited).toBe(0);
    expect(stdout).toContain('"event":"server.stopped"');
    const db = await openDatabase(dbPath);
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
