// HTTP server: tRPC under /trpc, the built dashboard, /healthz, security headers, graceful shutdown.
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { randomUUID } from "node:crypto";
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "./config";
import type { Database } from "./db/connection";
import { dataVersion } from "./db/migrations";
import { parseCookies, resolveSession, SESSION_COOKIE } from "./auth/sessions";
import { RateLimiter } from "./auth/rate-limit";
import { LruCache } from "./cache/lru";
import { log } from "./log";
import { appRouter } from "./router";
import { handleDownloads } from "./exports/http";
import type { Context, Services } from "./trpc";

export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL("../../dashboard/dist", import.meta.url));

const SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
};

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".csv": "text/csv; charset=utf-8",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".woff2": "font/woff2",
};

export interface ServerOptions {
  db: Database;
  config: Config;
  dashboardDir?: string;
  services?: Partial<Services>;
}

/** Runs tasks one after another (a promise chain); a failure does not block the next task. */
export function serialQueue(): Services["ingestLock"] {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      const next = tail.then(fn, fn);
      tail = next.catch(() => undefined);
      return next;
    },
  };
}

export function createRefugioServer(opts: ServerOptions): { server: Server; services: Services } {
  const services: Services = {
    loginLimiter: new RateLimiter(5),
    loginIpLimiter: new RateLimiter(50),
    cache: new LruCache(500),
    ingestLock: serialQueue(),
    ...opts.services,
  };
  const dashboardDir = resolve(opts.dashboardDir ?? DEFAULT_DASHBOARD_DIR);

  const trpcHandler = createHTTPHandler({
    router: appRouter,
    basePath: "/trpc/",
    maxBodySize: opts.config.REFUGIO_MAX_UPLOAD_MB * 1024 * 1024,
    async createContext({ req, res }): Promise<Context> {
      // One connection per request: DuckDB runs queries of different connections in parallel.
      const conn = await opts.db.instance.connect();
      // A client that goes away mid-request (a closed tab) must not free the connection under a
      // running query: interrupt the query, and close the connection once the procedure has had
      // time to see the interruption.
      res.once("close", () => {
        if (res.writableFinished) return conn.closeSync();
        conn.interrupt();
        setTimeout(() => conn.closeSync(), 10_000).unref();
      });
      const token = parseCookies(req.headers.cookie)[SESSION_COOKIE];
      const resolved = await resolveSession(conn, token);
      const cookies: string[] = [];
      return {
        conn,
        config: opts.config,
        user: resolved?.user ?? null,
        session: resolved?.session ?? null,
        services,
        req: {
          ip: req.socket.remoteAddress ?? "",
          userAgent: String(req.headers["user-agent"] ?? ""),
          csrfHeader: (req.headers["x-csrf-token"] as string | undefined) ?? null,
          requestId: (res.getHeader("x-request-id") as string | undefined) ?? randomUUID(),
          setCookie(cookie) {
            cookies.push(cookie);
            res.setHeader("Set-Cookie", cookies);
          },
        },
      };
    },
    onError({ error, path, ctx }) {
      // Internal errors are logged with their message (never input values); clients get a generic one.
      if (error.code === "INTERNAL_SERVER_ERROR") log("error", "trpc.error", { id: ctx?.req.requestId, path, message: redact(error.message) });
    },
  });

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const started = Date.now();
    const requestId = randomUUID();
    res.setHeader("x-request-id", requestId);
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    res.once("finish", () => {
      // Path only, never the query string: tRPC GET inputs could hold filter values.
      log("info", "http", { id: requestId, method: req.method, path: (req.url ?? "").split("?")[0], status: res.statusCode, ms: Date.now() - started });
    });
    const url = new URL(req.url ?? "/", "http://localhost");
    try {
      if (url.pathname === "/healthz") {
        const conn = await opts.db.instance.connect();
        try {
          const version = await dataVersion(conn);
          sendJson(res, 200, { status: "ok", dataVersion: version });
        } finally {
          conn.closeSync();
        }
        return;
      }
      if (url.pathname.startsWith("/trpc/")) {
        res.setHeader("Cache-Control", "no-store");
        trpcHandler(req, res);
        return;
      }
      if (await handleDownloads({ db: opts.db, config: opts.config, services }, req, res)) return;
      if (req.method !== "GET" && req.method !== "HEAD") {
        sendJson(res, 405, { error: "method not allowed" });
        return;
      }
      serveStatic(dashboardDir, url.pathname, res);
    } catch (error) {
      log("error", "http.error", { id: requestId, message: redact(error instanceof Error ? error.message : String(error)) });
      if (!res.headersSent) sendJson(res, 500, { error: "internal error / error interno" });
      else res.end();
    }
  });
  return { server, services };
}

/** Driver messages may quote values (a duplicate key, a bad cell): keep their shape, not the values. */
export function redact(message: string): string {
  return message.replace(/'[^'\n]*'|"[^"\n]*"/g, "'…'").slice(0, 500);
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

function serveStatic(root: string, pathname: string, res: ServerResponse) {
  const index = join(root, "index.html");
  if (!existsSync(index)) {
    res.writeHead(503, { "Content-Type": "text/plain; charset=utf-8" });
    res.end("El panel no está compilado: ejecute `npm run build`.\nThe dashboard is not built: run `npm run build`.\n");
    return;
  }
  const decoded = decodeURIComponent(pathname);
  const candidate = normalize(join(root, decoded));
  // Stay inside the dashboard folder; unknown paths fall back to the SPA's index.html.
  let file = candidate.startsWith(root + sep) && existsSync(candidate) && statSync(candidate).isFile() ? candidate : index;
  if (file !== index && !candidate.startsWith(root)) file = index;
  const type = MIME[extname(file)] ?? "application/octet-stream";
  const immutable = file.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    "Content-Type": type,
    "Cache-Control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
  });
  createReadStream(file).pipe(res);
}

/**
 * Track requests and connections so shutdown can wait for them: `server.close()`'s callback does
 * not (Node ≥ 19 closes idle connections and may report "closed" while a request's body is still
 * arriving), closing the database under a running query would fail it, and exiting before a
 * socket has flushed would cut the last answer off.
 */
export function trackRequests(server: Server): { active(): number; drained(): Promise<void>; closing(): void } {
  let active = 0;
  let closing = false;
  const sockets = new Set<Socket>();
  let waiters: (() => void)[] = [];
  const check = () => {
    if (active === 0 && sockets.size === 0) {
      for (const w of waiters) w();
      waiters = [];
    }
  };
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => {
      sockets.delete(socket);
      check();
    });
  });
  server.on("request", (_req: IncomingMessage, res: ServerResponse) => {
    active += 1;
    // Once stopping, answers end their connection instead of keeping it alive.
    if (closing && !res.headersSent) res.setHeader("Connection", "close");
    res.once("close", () => {
      active -= 1;
      // Keep-alive sockets that just became idle are closed now.
      if (closing) setImmediate(() => server.closeIdleConnections());
      check();
    });
  });
  return {
    active: () => active,
    drained: () => new Promise<void>((ok) => {
      waiters.push(ok);
      check();
    }),
    closing: () => {
      closing = true;
    },
  };
}

/** Stop accepting connections, let in-flight requests finish, then close the database. */
export function installGracefulShutdown(server: Server, db: Database, timeoutMs = 10_000): void {
  const requests = trackRequests(server);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    requests.closing();
    log("info", "server.stopping", { signal, inFlight: requests.active() });
    const force = setTimeout(() => {
      log("warn", "server.forced", { inFlight: requests.active() });
      process.exit(1);
    }, timeoutMs);
    force.unref();
    server.close();
    server.closeIdleConnections();
    await requests.drained();
    db.close();
    log("info", "server.stopped", {});
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}
