// Past one machine (docs/scaling.md, "Several readers behind nginx, one writer"): a writer
// (`refugio serve --db FILE --publish ROOT`) publishes a lake snapshot after every load; two readers
// (`refugio serve --lake ROOT/current --session-dir DIR`) follow ROOT/current behind Debian's
// nginx (the configuration of docs/scaling.md). Signed in once through nginx, a client keeps calling
// through nginx while a batch is uploaded through nginx to the writer, and every call succeeds while both readers move to the new data
// version. Sessions are shared: the cookie nginx's sign-in got works on each reader directly, and a
// sign-out through nginx is refused by both.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SharedSessions } from "../../src/auth/sessions";
import { createDemo, DEMO_PASSWORD } from "../../src/demo/create";
import { ApiClient, signedIn } from "../api/client";
import { batchFiles } from "../api/batch";
import { asUploadFiles, upload } from "../api/upload";

const NGINX = "/usr/sbin/nginx";
const hasNginx = existsSync(NGINX);
if (!hasNginx) console.warn(`readers.test.ts: skipped: ${NGINX} is absent (apt-get install nginx; CI installs it)`);

const bin = fileURLToPath(new URL("../../bin/refugio.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "refugio-readers-"));
const writerDb = join(dir, "writer.duckdb");
const root = join(dir, "lake");
const sessionDir = join(dir, "sessions");
const INDICATORS = ["women_served", "children_served", "completed_stays"];

interface Proc {
  child: ChildProcess;
  url: string;
  output(): string;
}
const procs: ChildProcess[] = [];

/** `refugio serve ARGS --port 0`, resolved with its URL once it listens. */
function serve(args: string[]): Promise<Proc> {
  const child = spawn(process.execPath, [bin, "serve", ...args, "--port", "0"], {
    env: { ...process.env, REFUGIO_LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  procs.push(child);
  let out = "";
  child.stderr?.on("data", (c: Buffer) => (out += c.toString()));
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`refugio serve ${args.join(" ")} did not start:\n${out}`)), 120_000);
    child.once("exit", (code) => fail(new Error(`refugio serve ${args.join(" ")} exited (${code}):\n${out}`)));
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /"event":"server.listening","url":"(http:\/\/[^"]+)"/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        ok({ child, url: m[1], output: () => out });
      }
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() => ok(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * The configuration of docs/scaling.md: loads, administration and exports to the writer, the rest
 * round robin to the readers, sign-ins limited per client for all readers together.
 */
function nginxConf(o: { listen: number; readers: string[]; writer: string }): string {
  const hostPort = (url: string) => url.replace("http://", "");
  return `upstream refugio_readers {
${o.readers.map((r) => `  server ${hostPort(r)} max_fails=0;`).join("\n")}
  keepalive 16;
}
upstream refugio_writer { server ${hostPort(o.writer)}; }
# Each reader counts sign-in attempts in its own memory: limit them here too, for all readers.
limit_req_zone $binary_remote_addr zone=refugio_login:10m rate=10r/m;
server {
  listen 127.0.0.1:${o.listen};
  client_max_body_size 200m;
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_set_header Host $host;
  # Loads, administration, research exports and recommendation updates write: the writer's.
  location /upload/ { proxy_pass http://refugio_writer; }
  location /exports/ { proxy_pass http://refugio_writer; }
  location ~ "^/trpc/(.*,)?(ingest\\.|admin\\.|exports\\.|recommendations\\.update)" { proxy_pass http://refugio_writer; }
  location = /trpc/auth.login { limit_req zone=refugio_login burst=5 nodelay; proxy_pass http://refugio_readers; }
  location / {
    proxy_pass http://refugio_readers;
    # A reader that is restarting: the request goes to the other one.
    proxy_next_upstream error timeout;
  }
}
`;
}

/** Debian's nginx on a free loopback port, with a private prefix and configuration, in the foreground. */
async function startNginx(readers: string[], writerUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const prefix = join(dir, "nginx");
  mkdirSync(join(prefix, "logs"), { recursive: true });
  const port = await freePort();
  const conf = join(prefix, "nginx.conf");
  writeFileSync(
    conf,
    `# Run as the current user (as root only to keep the workers able to read this private prefix).
${process.getuid?.() === 0 ? "user root;\n" : ""}daemon off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${prefix}/client_body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
${nginxConf({ listen: port, readers, writer: writerUrl })}
}
`,
  );
  const child = spawn(NGINX, ["-p", prefix, "-c", conf], { stdio: ["ignore", "ignore", "pipe"] });
  procs.push(child);
  let err = "";
  child.stderr?.on("data", (c: Buffer) => (err += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) break;
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return { url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  const log = existsSync(join(prefix, "logs", "error.log")) ? readFileSync(join(prefix, "logs", "error.log"), "utf8") : "";
  throw new Error(`nginx did not start:\n${err}\n${log}`);
}

const version = async (base: string) => ((await (await fetch(`${base}/healthz`)).json()) as { dataVersion: number }).dataVersion;

let writer: Proc;
let readers: Proc[] = [];
let nginx: { url: string; child: ChildProcess };

beforeAll(async () => {
  if (!hasNginx) return;
  await createDemo(writerDb, { seed: 1, scale: 0.1 });
  // The writer publishes the data it starts with before it listens.
  writer = await serve(["--db", writerDb, "--publish", root, "--session-dir", sessionDir]);
  readers = await Promise.all([0, 1].map(() => serve(["--lake", join(root, "current"), "--accounts", join(root, "accounts.duckdb"), "--session-dir", sessionDir])));
  nginx = await startNginx(
    readers.map((r) => r.url),
    writer.url,
  );
}, 600_000);

afterAll(async () => {
  await Promise.all(
    procs.map(
      (c) =>
        new Promise<void>((ok) => {
          if (c.exitCode !== null || c.signalCode !== null) return ok();
          c.once("exit", () => ok());
          c.kill("SIGTERM");
          setTimeout(() => {
            c.kill("SIGKILL");
            ok();
          }, 10_000).unref();
        }),
    ),
  );
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasNginx)("two readers behind nginx, one writer", () => {
  it("a session made through nginx works on each reader; a batch through the writer reaches both readers with no failed request", async () => {
    const before = await version(writer.url);
    for (const r of readers) expect(await version(r.url)).toBe(before);

    const client = await signedIn(nginx.url, "ministry", DEMO_PASSWORD);
    // The same cookie, sent to each reader directly: both know the session.
    for (const r of readers) {
      const direct = new ApiClient(r.url);
      direct.cookie = client.cookie;
      const me = await direct.query<{ username: string; role: string } | null>("auth.me");
      expect(me.data, r.url).toMatchObject({ username: "ministry", role: "ministry" });
    }

    // Requests through nginx the whole time: the figures (signed in) and /healthz, one after another.
    const failures: string[] = [];
    const seen = new Set<number>();
    let calls = 0;
    let running = true;
    const loop = (async () => {
      while (running) {
        const figures = await client.query("indicators.values", { indicators: INDICATORS }).catch((e: unknown) => ({ status: 0, raw: String(e) }));
        calls += 1;
        if (figures.status !== 200) failures.push(`indicators.values ${figures.status} ${figures.raw.slice(0, 200)}`);
        const health = await fetch(`${nginx.url}/healthz`).catch((e: unknown) => e as Error);
        calls += 1;
        if (health instanceof Error || !health.ok) failures.push(`healthz ${health instanceof Error ? health.message : health.status}`);
        else seen.add(((await health.json()) as { dataVersion: number }).dataVersion);
      }
    })();

    try {
      // A batch uploaded through nginx, which sends it to the writer; signed in through nginx too.
      const staff = await signedIn(nginx.url, "admin", DEMO_PASSWORD);
      const loaded = await upload<{ ok: boolean }>(staff, "ingest.load", asUploadFiles(batchFiles("hrt-01", 12)));
      expect(loaded.status, loaded.raw).toBe(200);
      expect(loaded.data?.ok, loaded.raw).toBe(true);
      const loadedAt = Date.now();
      const after = await version(writer.url);
      expect(after).toBeGreaterThan(before);

      // Both readers move to the new version (they look at ROOT/current every 500 ms).
      const deadline = Date.now() + 60_000;
      while ((await Promise.all(readers.map((r) => version(r.url)))).some((v) => v !== after)) {
        if (Date.now() > deadline) throw new Error(`readers did not switch:\n${readers.map((r) => r.output().slice(-2000)).join("\n")}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const switchedMs = Date.now() - loadedAt;
      // Keep calling a little longer on the new snapshot, then stop.
      await new Promise((r) => setTimeout(r, 1_000));
      running = false;
      await loop;
      expect(failures).toEqual([]);
      expect(calls).toBeGreaterThan(10);
      expect(seen).toContain(before);
      expect(seen).toContain(after);
      // For docs/scaling.md (no time is asserted).
      console.log(`readers.test: ${calls} calls through nginx, 0 failed; both readers on version ${after} ${switchedMs} ms after the load answered`);

      // Through nginx, the figures are now the writer's own (the new batch included).
      const fromWriter = await (await signedIn(writer.url, "ministry", DEMO_PASSWORD)).query("indicators.values", { indicators: INDICATORS });
      for (let i = 0; i < 4; i++) {
        const viaNginx = await client.query("indicators.values", { indicators: INDICATORS });
        expect(viaNginx.data).toEqual(fromWriter.data);
      }
    } finally {
      running = false;
      await loop;
    }

    // A sign-out through nginx reaches both readers: the cookie is refused by each.
    const cookie = client.cookie;
    const out = await client.mutate("auth.logout");
    expect(out.status).toBe(200);
    for (const r of readers) {
      const direct = new ApiClient(r.url);
      direct.cookie = cookie;
      expect((await direct.query("auth.me")).data, r.url).toBeNull();
      expect((await direct.query("indicators.values", { indicators: INDICATORS })).status).toBe(401);
    }
  }, 600_000);

  it("refuses a sealed session altered by one byte, and a session from another key", async () => {
    const client = await signedIn(nginx.url, "ministry", DEMO_PASSWORD);
    const [name, value] = (client.cookie ?? "").split("=");
    expect(value).toMatch(/^s1\./);
    const last = value?.at(-5) === "A" ? "B" : "A";
    const altered = `${name}=${value?.slice(0, -5)}${last}${value?.slice(-4)}`;
    const other = mkdtempSync(join(tmpdir(), "refugio-other-sessions-"));
    try {
      const foreign = new SharedSessions(other).seal({ u: "ministry", c: "x", iat: new Date().toISOString(), exp: Date.now() + 3600_000 });
      for (const cookie of [altered, `${name}=${foreign}`]) {
        for (const r of readers) {
          const direct = new ApiClient(r.url);
          direct.cookie = cookie;
          expect((await direct.query("auth.me")).data).toBeNull();
        }
      }
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
