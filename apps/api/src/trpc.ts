// tRPC setup: context, procedures (public / signed-in / role-scoped), error formatting.
// Every procedure that touches data goes through `roleProcedure`, so role checks happen on the
// server for every call, and scope (network / shelter) travels in the context to filter SQL.
import { initTRPC, TRPCError } from "@trpc/server";
import { timingSafeEqual } from "node:crypto";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Role, SessionUser } from "@refugio/schemas";
import type { Config } from "./config";
import { bilingualIssue, type SchemaIssue } from "./issues";
import type { RateLimiter, WorkGate } from "./auth/rate-limit";
import type { LruCache } from "./cache/lru";
import { checkRelease } from "./release-policy";
import type { UploadArea } from "./uploads";

export interface RequestMeta {
  ip: string;
  userAgent: string;
  /** CSRF: the header the client sent, compared to the session's token for mutations. */
  csrfHeader: string | null;
  setCookie(cookie: string): void;
  /** A response header (Retry-After on refusals). */
  setHeader(name: string, value: string): void;
  requestId: string;
}

export interface Context {
  conn: DuckDBConnection;
  config: Config;
  user: SessionUser | null;
  /** `mustChangePassword`: the account's password was set by an admin (see `assertUser`). */
  session: { tokenHash: string; csrfToken: string; mustChangePassword: boolean } | null;
  req: RequestMeta;
  services: Services;
}

/** Long-lived server pieces shared by every request. */
export interface Services {
  /** Failed sign-ins per (client address, user name). */
  loginLimiter: RateLimiter;
  /** Failed sign-ins per client address, whatever the user name. */
  loginIpLimiter: RateLimiter;
  /** Query results keyed by (procedure, input, scope, audience, k, data version). */
  cache: LruCache;
  /** Facts about the database each indicator request reads, per data version (db/lookups.ts). */
  lookups: LruCache;
  /** Loads run one at a time: DuckDB has one writer and a load is one long transaction. */
  ingestLock: { run<T>(fn: () => Promise<T>): Promise<T> };
  /** Password checks (scrypt) in flight at once, and how many may wait. */
  passwordGate: WorkGate;
  /** Private folders for uploads, removed on every path. */
  uploads: UploadArea;
}

const GENERIC_INTERNAL = "Error interno; inténtelo de nuevo o avise a la administración / Internal error; try again or tell the administrator";

function issuesOf(cause: unknown): SchemaIssue[] | null {
  if (cause && typeof cause === "object" && "issues" in cause && Array.isArray((cause as { issues: unknown }).issues)) {
    return (cause as { issues: SchemaIssue[] }).issues;
  }
  return null;
}

const t = initTRPC.context<Context>().create({
  // Never include stack traces in responses, whatever NODE_ENV says.
  isDev: false,
  errorFormatter({ shape, error }) {
    const issues = error.code === "BAD_REQUEST" ? issuesOf(error.cause) : null;
    const fieldErrors: Record<string, string[]> = {};
    const messages: string[] = [];
    for (const issue of issues ?? []) {
      const path = (issue.path ?? []).map((p) => String(typeof p === "object" && p !== null && "key" in p ? p.key : p)).join(".") || "input";
      const msg = bilingualIssue(issue);
      (fieldErrors[path] ??= []).push(msg);
      messages.push(`${path}: ${msg}`);
    }
    // Internal errors may carry driver text (SQL, file paths): clients get a generic message and
    // the request id to quote; the server log holds the detail.
    // A request whose input is not JSON: the parser's own (English) text says no more than this.
    const message =
      error.code === "INTERNAL_SERVER_ERROR"
        ? GENERIC_INTERNAL
        : error.code === "PARSE_ERROR" || (error.code === "BAD_REQUEST" && error.cause instanceof SyntaxError)
          ? "La entrada no es JSON válido / The input is not valid JSON"
          : issues
            ? messages.join("; ")
            : shape.message;
    return {
      message,
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fieldErrors: issues ? fieldErrors : null,
      },
    };
  },
});

const DISK_FULL = /No space left on device|ENOSPC|disk is full|not enough space/i;

/** The messages of an error and its causes (DuckDB wraps the OS error in its own text). */
function messagesOf(error: unknown): string {
  const out: string[] = [];
  for (let e: unknown = error, i = 0; e && i < 5; i++) {
    out.push(e instanceof Error ? e.message : String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return out.join("\n");
}

/**
 * A full disk (the database's or the upload folder's) as a clear refusal instead of a generic
 * 500 (issue 13). The path stays in the server log: clients never see server paths.
 */
export function diskFullError(error: unknown): TRPCError | null {
  if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") return null;
  if (!DISK_FULL.test(messagesOf(error))) return null;
  return new TRPCError({
    code: "SERVICE_UNAVAILABLE",
    message:
      "El disco del servidor está lleno: no se guardó nada; libere espacio (o avise a la administración) y vuelva a intentarlo / " +
      "The server's disk is full: nothing was saved; free some space (or tell the administrator) and try again",
    cause: error,
  });
}

const mapDiskFull = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const full = diskFullError(result.error.cause ?? result.error);
    if (full) throw full;
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

// Every answer is checked against the release policy before it leaves: a figure about people
// that did not pass the release engine, or a procedure without a policy, is an internal error
// (logged with the path of the figure), never a response.
const releaseGuard = t.middleware(async ({ path, next }) => {
  const result = await next();
  if (result.ok) {
    try {
      checkRelease(path, result.data);
    } catch (error) {
      throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: (error as Error).message, cause: error });
    }
  }
  return result;
});

export const publicProcedure = t.procedure.use(mapDiskFull).use(releaseGuard);

/** Signed in, or UNAUTHORIZED. Only for what an account whose password an admin set may still do. */
export function assertSignedIn(ctx: Pick<Context, "user" | "session">): asserts ctx is Pick<Context, "user" | "session"> & { user: SessionUser; session: NonNullable<Context["session"]> } {
  if (!ctx.user || !ctx.session) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Inicie sesión / Please sign in" });
  }
}

export const MUST_CHANGE_PASSWORD = {
  es: "Su contraseña la fijó la administración: elija una propia antes de continuar",
  en: "Your password was set by an administrator: choose your own before continuing",
} as const;

/**
 * Signed in (else UNAUTHORIZED) with a password of one's own: an account whose password an admin
 * set (creation, reset) is FORBIDDEN everything until it chooses one (shared by procedures, the
 * multipart upload route and downloads). Only `passwordChangeProcedure`s skip the second check.
 */
export function assertUser(ctx: Pick<Context, "user" | "session">): asserts ctx is Pick<Context, "user" | "session"> & { user: SessionUser; session: NonNullable<Context["session"]> } {
  assertSignedIn(ctx);
  if (ctx.session.mustChangePassword !== false) throw forbidden(MUST_CHANGE_PASSWORD.es, MUST_CHANGE_PASSWORD.en);
}

const requireUser = t.middleware(({ ctx, next }) => {
  assertUser(ctx);
  return next({ ctx: { ...ctx, user: ctx.user, session: ctx.session } });
});

const requireSignedIn = t.middleware(({ ctx, next }) => {
  assertSignedIn(ctx);
  return next({ ctx: { ...ctx, user: ctx.user, session: ctx.session } });
});

// Mutations must echo the session's CSRF token in a header (double submit, bound to the session).
const sameToken = (a: string | null, b: string) => {
  if (a === null) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};
/** A mutation's CSRF header matches the session's token, or FORBIDDEN. */
export function assertCsrf(ctx: Pick<Context, "session" | "req">): void {
  if (ctx.session && !sameToken(ctx.req.csrfHeader, ctx.session.csrfToken)) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Token CSRF no válido / Invalid CSRF token" });
  }
}

const requireCsrf = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation") assertCsrf(ctx);
  return next();
});

export const authedProcedure = publicProcedure.use(requireUser).use(requireCsrf);

/**
 * Signed in, even with a password an admin set: only what such an account needs to choose its
 * own (auth.changePassword) or leave (auth.logout). Every other procedure is `authedProcedure`.
 */
export const passwordChangeProcedure = publicProcedure.use(requireSignedIn).use(requireCsrf);

/** A procedure open only to the given roles. */
export function roleProcedure(...roles: Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    assertRole(ctx.user, roles);
    return next();
  });
}

/** The user's role is one of `roles`, or FORBIDDEN. */
export function assertRole(user: SessionUser, roles: readonly Role[]): void {
  if (!roles.includes(user.role)) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Su rol no permite esta acción / Your role does not allow this" });
  }
}

/** Every role: for procedures whose scoping is done inside (by `scopeFor`). */
export const ALL_ROLES: Role[] = ["admin", "ministry", "network_director", "researcher", "shelter_staff"];

export function forbidden(es: string, en: string): TRPCError {
  return new TRPCError({ code: "FORBIDDEN", message: `${es} / ${en}` });
}

export function badRequest(es: string, en: string): TRPCError {
  return new TRPCError({ code: "BAD_REQUEST", message: `${es} / ${en}` });
}

export function notFound(es: string, en: string): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message: `${es} / ${en}` });
}
