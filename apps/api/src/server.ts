// HTTP server on Fastify: tRPC under /trpc (tRPC's Fastify adapter), multipart uploads under
// /upload, the built dashboard (@fastify/static, SPA fallback to index.html), /healthz, security
// headers (@fastify/helmet), graceful shutdown. The hand-written layer this replaces answered 500
// to malformed URLs and cookies (issue 13); Fastify answers 400 to the first and the `cookie`
// package parses the second.
import fastifyHelmet from "@fastify/helmet";
import fastifyMultipart from "@fastify/multipart";
import fastifyStatic from "@fastify/static";
import { adminRegistryImportInputSchema, uploadFileNameSchema, type Role } from "@refugio/schemas";
import { TRPCError } from "@trpc/server";
import { fastifyRequestHandler } from "@trpc/server/adapters/fastify";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { DuckDBConnection } from "@duckdb/node-api";
import { randomUUID } from "node:crypto";
import { createWriteStream, existsSync, statSync } from "node:fs";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { extname, join, normalize, relative, resolve, sep } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import type { Config } from "./config";
import { isInvalidated, type Database, type Lease } from "./db/connection";
import { dataVersion } from "./db/migrations";
import { QueryAbortedError } from "./db/query";
import { parseCookies, resolveSession, SESSION_COOKIE } from "./auth/sessions";
import { RateLimiter, WorkGate } from "./auth/rate-limit";
import { LruCache } from "./cache/lru";
import { log } from "./log";
import { checkRelease } from "./release-policy";
import { appRouter } from "./router";
import { handleDownloads } from "./exports/http";
import { importRegistryFromDir } from "./routers/admin";
import { INGEST_ROLES, runUploadDir, unpackZips } from "./routers/ingest";
import { assertCsrf, assertRole, assertUser, diskFullError, type Context, type Services } from "./trpc";
import { UploadArea } from "./uploads";

export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL("../../dashboard/dist", import.meta.url));

/** The dashboard's policy: no inline scripts, nothing from elsewhere, never framed. */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
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

/** Procedures that check a password: never in a batch (30 sign-ins in one POST dodged the 429s). */
const UNBATCHABLE = new Set(["auth.login", "auth.changePassword"]);

export interface ServerOptions {
  db: Database;
  config: Config;
  dashboardDir?: string;
  services?: Partial<Services>;
  /** Root of the private upload folders (default: the system temp folder's refugio-uploads). */
  uploadRoot?: string;
}

export interface RefugioServer {
  app: FastifyInstance;
  /** The underlying Node server (listen on it, or call `app.listen`). */
  server: Server;
  services: Services;
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

/** Driver messages may quote values (a duplicate key, a bad cell): keep their shape, not the values. */
export function redact(message: string): string {
  return message.replace(/'[^'\n]*'|"[^"\n]*"/g, "'…'").slice(0, 500);
}

/** An error body in tRPC's shape, so clients read every refusal the same way. */
function trpcErrorBody(code: TRPCError["code"], message: string, path?: string) {
  const httpStatus = getHTTPStatusCodeFromError(new TRPCError({ code }));
  return { httpStatus, body: { error: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus, path, fieldErrors: null } } } };
}

function sendTrpcError(reply: FastifyReply, code: TRPCError["code"], message: string, path?: string) {
  const { httpStatus, body } = trpcErrorBody(code, message, path);
  return reply.code(httpStatus).header("cache-control", "no-store").send(body);
}

const GENERIC_INTERNAL = "Error interno; inténtelo de nuevo o avise a la administración / Internal error; try again or tell the administrator";

const tooLargeMessage = (maxBytes: number) => {
  const mb = Math.round(maxBytes / 1024 / 1024);
  return `Carga demasiado grande (máximo ${mb} MB) / Upload too large (at most ${mb} MB)`;
};

/** What each multipart upload route runs, and who may send it (checked before any byte is read). */
interface UploadTarget {
  roles: readonly Role[];
  /** Names accepted for a file part (as the JSON procedures accept them). */
  name: { safeParse(v: unknown): { success: boolean } };
  maxFiles: number;
  run(ctx: Context & { user: NonNullable<Context["user"]> }, dir: string, names: string[], maxBytes: number): Promise<unknown>;
}

const UPLOAD_TARGETS: Record<string, UploadTarget> = {
  "ingest.check": {
    roles: INGEST_ROLES,
    name: uploadFileNameSchema,
    maxFiles: 50,
    run: (ctx, dir, _names, maxBytes) => (unpackZips(dir, maxBytes), runUploadDir(ctx, dir, true)),
  },
  "ingest.load": {
    roles: INGEST_ROLES,
    name: uploadFileNameSchema,
    maxFiles: 50,
    run: (ctx, dir, _names, maxBytes) => (unpackZips(dir, maxBytes), runUploadDir(ctx, dir, false)),
  },
  "admin.importRegistry": {
    roles: ["admin"],
    name: adminRegistryImportInputSchema.shape.file.shape.name,
    maxFiles: 1,
    run: (ctx, dir, names) => importRegistryFromDir(ctx, dir, names[0] ?? ""),
  },
};

export async function createRefugioServer(opts: ServerOptions): Promise<RefugioServer> {
  const maxBytes = opts.config.REFUGIO_MAX_UPLOAD_MB * 1024 * 1024;
  const services: Services = {
    loginLimiter: new RateLimiter(5),
    loginIpLimiter: new RateLimiter(50),
    cache: new LruCache(500),
    lookups: new LruCache(200, 16 * 1024 * 1024),
    ingestLock: serialQueue(),
    passwordGate: new WorkGate(2, 4),
    uploads: new UploadArea(opts.uploadRoot),
    ...opts.services,
  };
  // Uploads of a process that was killed (SIGKILL, power loss) are still on disk: remove them.
  const swept = services.uploads.sweep();
  if (swept > 0) log("info", "uploads.swept", { folders: swept });
  const dashboardDir = resolve(opts.dashboardDir ?? DEFAULT_DASHBOARD_DIR);
  const pool = opts.db.pool;

  const app = Fastify({
    logger: false,
    bodyLimit: maxBytes,
    genReqId: () => randomUUID(),
    // tRPC batches name every procedure in one path segment ("a,b,c").
    routerOptions: { maxParamLength: 2000 },
    // A URL that does not decode (GET /%E0%A4%A): a 400 that says so, not a 500.
    frameworkErrors(error, req, rawReply) {
      const reply = rawReply as unknown as FastifyReply;
      reply.header("x-request-id", req.id).header("x-content-type-options", "nosniff").header("content-security-policy", "default-src 'none'");
      if (error.code === "FST_ERR_BAD_URL") {
        return reply.code(400).send({ error: "La dirección (URL) no es válida / The URL is not valid" });
      }
      return reply.code(400).send({ error: "Petición no válida / Invalid request" });
    },
  });

  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    crossOriginOpenerPolicy: { policy: "same-origin" },
  });

  app.addHook("onRequest", async (req, reply) => {
    reply.header("x-request-id", req.id);
    reply.header("permissions-policy", "camera=(), microphone=(), geolocation=()");
    (req as RequestState).started = Date.now();
  });
  app.addHook("onResponse", async (req, reply) => {
    // Path only, never the query string: tRPC GET inputs could hold filter values.
    log("info", "http", { id: req.id, method: req.method, path: req.url.split("?")[0], status: reply.statusCode, ms: Date.now() - ((req as RequestState).started ?? Date.now()) });
  });

  app.setErrorHandler((error: FastifyError, req, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) return reply.code(413).send({ error: tooLargeMessage(maxBytes) });
    if (status === 415) return reply.code(415).send({ error: "Tipo de contenido no admitido / Unsupported content type" });
    if (status >= 400 && status < 500) return reply.code(status).send({ error: `Petición no válida / Invalid request (${error.code ?? status})` });
    log("error", "http.error", { id: req.id, message: redact(error.message) });
    return reply.code(500).send({ error: "internal error / error interno" });
  });

  /** The tRPC context for one request: a pooled connection, the session from the cookie. */
  async function contextFor(req: FastifyRequest, reply: FastifyReply, lease: Lease): Promise<Context> {
    const token = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    const resolved = await resolveSession(lease.conn, token);
    const cookies: string[] = [];
    return {
      conn: lease.conn,
      config: opts.config,
      user: resolved?.user ?? null,
      session: resolved?.session ?? null,
      services,
      req: {
        ip: req.socket.remoteAddress ?? "",
        userAgent: String(req.headers["user-agent"] ?? ""),
        csrfHeader: (req.headers["x-csrf-token"] as string | undefined) ?? null,
        requestId: req.id,
        setCookie(cookie) {
          cookies.push(cookie);
          reply.header("set-cookie", cookies);
        },
        setHeader(name, value) {
          reply.header(name, value);
        },
      },
    };
  }

  /**
   * Borrow a connection for this request. A client that goes away mid-request interrupts its
   * running query; the connection goes back to the pool once its last query has ended, never
   * closed under one.
   */
  async function leaseFor(reply: FastifyReply): Promise<Lease> {
    const lease = await pool.acquire();
    if (reply.raw.destroyed && !reply.raw.writableFinished) lease.abort();
    else reply.raw.once("close", () => {
      if (!reply.raw.writableFinished) lease.abort();
    });
    return lease;
  }

  // Research export zips (GET /exports/<id>.zip) and indicator tables as CSV/XLSX
  // (GET /downloads/<table>.<csv|xlsx>): exports/http.ts answers on the raw request, with the
  // headers set so far (helmet's) and a pooled connection.
  const downloads = { use: <T>(fn: (conn: DuckDBConnection) => Promise<T>) => pool.use(fn), config: opts.config, services };
  for (const path of ["/exports/:file", "/downloads/:file"]) {
    app.get(path, async (req, reply) => {
      for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value as string | string[]);
      reply.hijack();
      if (!(await handleDownloads(downloads, req.raw, reply.raw))) {
        reply.raw.writeHead(404, { "Content-Type": "application/json; charset=utf-8" });
        reply.raw.end(JSON.stringify({ error: "no encontrado / not found" }));
      }
    });
  }

  app.get("/healthz", async (_req, reply) => {
    const version = await pool.use((conn) => dataVersion(conn)).catch((error: unknown) => {
      if (isInvalidated(error)) pool.invalidate();
      throw error;
    });
    return reply.header("cache-control", "no-store").send({ status: "ok", dataVersion: version });
  });

  // tRPC: the adapter's request handler in a scope that parses only JSON (as text, for tRPC), so
  // a cross-site form post is a 415 and never reaches a procedure.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => done(null, body));
    scope.setErrorHandler((error: FastifyError, req, reply) => {
      const path = (req.params as { path?: string } | undefined)?.path;
      if (error.statusCode === 413) return sendTrpcError(reply, "PAYLOAD_TOO_LARGE", tooLargeMessage(maxBytes), path);
      if (error.statusCode === 415) return sendTrpcError(reply, "UNSUPPORTED_MEDIA_TYPE", "Tipo de contenido no admitido: envíe JSON / Unsupported content type: send JSON", path);
      if (error.statusCode && error.statusCode < 500) return sendTrpcError(reply, "BAD_REQUEST", "Petición no válida / Invalid request", path);
      log("error", "trpc.error", { id: req.id, path, message: redact(error.message) });
      return sendTrpcError(reply, "INTERNAL_SERVER_ERROR", GENERIC_INTERNAL, path);
    });
    scope.all<{ Params: { path: string } }>("/trpc/:path", async (req, reply) => {
      reply.header("cache-control", "no-store");
      const path = req.params.path;
      const calls = path.split(",");
      if (calls.length > 1 && calls.some((c) => UNBATCHABLE.has(c))) {
        return sendTrpcError(reply, "BAD_REQUEST", "El inicio de sesión no puede ir en un lote / Sign-in cannot be sent in a batch", path);
      }
      let lease: Lease | undefined;
      try {
        await fastifyRequestHandler({
          router: appRouter,
          req,
          res: reply,
          path,
          async createContext() {
            lease = await leaseFor(reply);
            return contextFor(req, reply, lease);
          },
          onError({ error, path: p, ctx }) {
            if (isInvalidated(error)) pool.invalidate();
            // Internal errors are logged with their message (never input values); clients get a generic one.
            if (error.code === "INTERNAL_SERVER_ERROR") log("error", "trpc.error", { id: ctx?.req.requestId ?? req.id, path: p, message: redact(error.message) });
          },
        });
      } finally {
        // After a 5xx, the pool checks whether the database survived (a full disk invalidates it).
        await lease?.release({ check: reply.statusCode >= 500 || reply.statusCode === 503 });
      }
      return reply;
    });
  });

  // Uploads as multipart streams, written straight to a private folder (never a base64 string in
  // memory); the caller's session, CSRF token and role are checked before a byte is read.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      throwFileSizeLimit: true,
      limits: { fileSize: maxBytes, files: 50, fields: 0, parts: 50, fieldNameSize: 100, headerPairs: 100 },
    });
    scope.post<{ Params: { procedure: string } }>("/upload/:procedure", async (req, reply) => {
      reply.header("cache-control", "no-store");
      const name = req.params.procedure;
      const target = Object.hasOwn(UPLOAD_TARGETS, name) ? UPLOAD_TARGETS[name] : undefined;
      if (!target) return sendTrpcError(reply, "NOT_FOUND", `No existe la carga ${JSON.stringify(name.slice(0, 60))} / No such upload: ${JSON.stringify(name.slice(0, 60))}`);
      let lease: Lease | undefined;
      let dir: string | undefined;
      try {
        lease = await leaseFor(reply);
        const ctx = await contextFor(req, reply, lease);
        assertUser(ctx);
        assertCsrf(ctx);
        assertRole(ctx.user, target.roles);
        if (!req.isMultipart()) throw new TRPCError({ code: "UNSUPPORTED_MEDIA_TYPE", message: "Envíe los archivos como multipart/form-data / Send the files as multipart/form-data" });
        // A slow client's upload must not hold a database connection while its bytes arrive.
        await lease.release();
        lease = undefined;
        dir = services.uploads.create();
        const names = await receiveFiles(req, dir, target, maxBytes);
        lease = await leaseFor(reply);
        const data = await target.run({ ...ctx, conn: lease.conn, user: ctx.user }, dir, names, maxBytes);
        // The same release check as every tRPC answer (fail closed).
        checkRelease(name, data);
        return reply.send({ result: { data } });
      } catch (error) {
        if (isInvalidated(error)) pool.invalidate();
        return sendUploadError(reply, error, name, req.id, maxBytes);
      } finally {
        if (dir) services.uploads.remove(dir);
        await lease?.release({ check: reply.statusCode >= 500 });
      }
    });
  });

  // The dashboard: files of the build, anything else is the single-page app's index.html.
  await app.register(fastifyStatic, {
    root: dashboardDir,
    serve: false,
    // After @fastify/send's own headers: our types (text/javascript, as browsers expect) and caching.
    setHeaders(reply: FastifyReply, path: string) {
      const type = MIME[extname(path)];
      if (type) reply.header("content-type", type);
      const immutable = relative(dashboardDir, path).startsWith(`assets${sep}`);
      reply.header("cache-control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
  const serveDashboard = (req: FastifyRequest, reply: FastifyReply) => {
    const index = join(dashboardDir, "index.html");
    if (!existsSync(index)) {
      return reply
        .code(503)
        .type("text/plain; charset=utf-8")
        .send("El panel no está compilado: ejecute `npm run build`.\nThe dashboard is not built: run `npm run build`.\n");
    }
    const pathname = req.url.split("?")[0] ?? "/";
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return reply.code(400).send({ error: "La dirección (URL) no es válida / The URL is not valid" });
    }
    const candidate = normalize(join(dashboardDir, decoded));
    // Stay inside the dashboard folder; unknown paths fall back to the SPA's index.html.
    const inside = candidate.startsWith(dashboardDir + sep) && !decoded.includes("\0") && existsSync(candidate) && statSync(candidate).isFile();
    const file = inside ? relative(dashboardDir, candidate) : "index.html";
    return reply.sendFile(file, { cacheControl: false, dotfiles: "deny" });
  };
  app.get("/*", serveDashboard);
  app.setNotFoundHandler((req, reply) => {
    if (req.method !== "GET" && req.method !== "HEAD") return reply.code(405).send({ error: "método no permitido / method not allowed" });
    return serveDashboard(req, reply);
  });

  await app.ready();
  return { app, server: app.server, services };
}

interface RequestState {
  started?: number;
}

/** A refusal of the multipart body itself (cut short, malformed, wrong boundary): the client's. */
class MultipartError extends TRPCError {
  constructor(cause: unknown) {
    const status = (cause as { statusCode?: number } | null)?.statusCode;
    super(
      status === 413
        ? { code: "PAYLOAD_TOO_LARGE", message: "Carga demasiado grande / Upload too large", cause }
        : { code: "BAD_REQUEST", message: "Carga multipart no válida o incompleta / Invalid or incomplete multipart upload", cause },
    );
  }
}

/** Errors of the disk (ENOSPC, EACCES…) carry a syscall; anything else from the body is the client's. */
const clientSide = (error: unknown) => (error instanceof TRPCError ? error : (error as { syscall?: string } | null)?.syscall ? error : new MultipartError(error));

/** Stream each file part to `dir`, counting bytes against the limit as they arrive. */
async function receiveFiles(req: FastifyRequest, dir: string, target: UploadTarget, maxBytes: number): Promise<string[]> {
  const names: string[] = [];
  let total = 0;
  // A client that goes away mid-upload does not always make the multipart parser fail: without
  // this, the request waited forever, holding its folder and its database connection.
  const gone = new AbortController();
  const onClose = () => {
    if (!req.raw.complete) gone.abort(new MultipartError(new Error("client went away")));
  };
  req.raw.once("close", onClose);
  // It may have gone already, while the session was looked up.
  if (req.raw.destroyed || req.socket.destroyed) onClose();
  const aborted = new Promise<never>((_, fail) => gone.signal.addEventListener("abort", () => fail(gone.signal.reason as Error), { once: true }));
  aborted.catch(() => undefined);
  if (gone.signal.aborted) throw gone.signal.reason as Error;
  try {
    return await receiveParts(req, dir, target, maxBytes, names, (n) => (total += n) > maxBytes, gone.signal, aborted);
  } finally {
    req.raw.off("close", onClose);
  }
}

async function receiveParts(
  req: FastifyRequest,
  dir: string,
  target: UploadTarget,
  maxBytes: number,
  names: string[],
  over: (bytes: number) => boolean,
  signal: AbortSignal,
  aborted: Promise<never>,
): Promise<string[]> {
  const parts = req.parts()[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<Awaited<ReturnType<typeof parts.next>>["value"]>;
    try {
      next = await Promise.race([parts.next(), aborted]);
    } catch (error) {
      throw clientSide(error);
    }
    if (next.done) break;
    const part = next.value;
    const file = part.type === "file" ? part.file : undefined;
    if (!file) throw new TRPCError({ code: "BAD_REQUEST", message: "Solo se aceptan archivos / Only files are accepted" });
    const filename = part.filename ?? "";
    const refuse = (es: string, en: string) => {
      file.resume();
      const shown = JSON.stringify(filename.slice(0, 80));
      return new TRPCError({ code: "BAD_REQUEST", message: `${es}: ${shown} / ${en}: ${shown}` });
    };
    if (!target.name.safeParse(filename).success) throw refuse("nombre de archivo no permitido", "file name not allowed");
    if (names.some((n) => n.toLowerCase() === filename.toLowerCase())) throw refuse("archivo repetido", "repeated file");
    if (names.length >= target.maxFiles) throw refuse("demasiados archivos", "too many files");
    names.push(filename);
    const budget = new Transform({
      transform(chunk: Buffer, _enc, done) {
        if (over(chunk.length)) done(new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: tooLargeMessage(maxBytes) }));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(file, budget, createWriteStream(join(dir, filename), { flags: "wx", mode: 0o600 }), { signal });
    } catch (error) {
      throw clientSide(error);
    }
  }
  if (names.length === 0) throw new TRPCError({ code: "BAD_REQUEST", message: "La carga no trae archivos / The upload has no files" });
  return names;
}

function sendUploadError(reply: FastifyReply, error: unknown, path: string, id: string, maxBytes: number) {
  if (reply.raw.destroyed) return reply;
  // The client went away and its queries were cancelled: nothing went wrong on the server.
  if (error instanceof QueryAbortedError) return sendTrpcError(reply, "CLIENT_CLOSED_REQUEST", error.message, path);
  const full = diskFullError(error);
  if (full) {
    log("error", "upload.disk_full", { id, path, message: redact(error instanceof Error ? error.message : String(error)) });
    return sendTrpcError(reply, full.code, full.message, path);
  }
  if (error instanceof TRPCError) {
    if (error.code === "PAYLOAD_TOO_LARGE") return sendTrpcError(reply, "PAYLOAD_TOO_LARGE", tooLargeMessage(maxBytes), path);
    if (error.code === "INTERNAL_SERVER_ERROR") log("error", "upload.error", { id, path, message: redact(error.message) });
    return sendTrpcError(reply, error.code, error.code === "INTERNAL_SERVER_ERROR" ? GENERIC_INTERNAL : error.message, path);
  }
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 413) return sendTrpcError(reply, "PAYLOAD_TOO_LARGE", tooLargeMessage(maxBytes), path);
  if (status && status >= 400 && status < 500) {
    return sendTrpcError(reply, "BAD_REQUEST", "Carga multipart no válida o incompleta / Invalid or incomplete multipart upload", path);
  }
  log("error", "upload.error", { id, path, message: redact(error instanceof Error ? error.message : String(error)) });
  return sendTrpcError(reply, "INTERNAL_SERVER_ERROR", GENERIC_INTERNAL, path);
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
    drained: () =>
      new Promise<void>((ok) => {
        waiters.push(ok);
        check();
      }),
    closing: () => {
      closing = true;
    },
  };
}

/**
 * Stop accepting connections, let in-flight requests finish (their queries end and their
 * connections return to the pool), then close the database, which releases its file lock.
 */
export function installGracefulShutdown(app: FastifyInstance, db: Database, timeoutMs = 10_000): void {
  const server = app.server;
  const requests = trackRequests(server);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    requests.closing();
    log("info", "server.stopping", { signal, inFlight: requests.active() });
    const force = setTimeout(() => {
      log("warn", "server.forced", { inFlight: requests.active(), connections: db.pool.inUse });
      process.exit(1);
    }, timeoutMs);
    force.unref();
    void app.close();
    server.closeIdleConnections();
    await requests.drained();
    await db.pool.drained();
    db.close();
    log("info", "server.stopped", {});
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}
