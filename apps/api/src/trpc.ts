// tRPC setup: context, procedures (public / signed-in / role-scoped), error formatting.
// Every procedure that touches data goes through `roleProcedure`, so role checks happen on the
// server for every call, and scope (network / shelter) travels in the context to filter SQL.
import { initTRPC, TRPCError } from "@trpc/server";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Role, SessionUser } from "@refugio/schemas";
import { ZodError } from "zod";
import type { Config } from "./config";

export interface RequestMeta {
  ip: string;
  userAgent: string;
  /** CSRF: the header the client sent, compared to the session's token for mutations. */
  csrfHeader: string | null;
  setCookie(cookie: string): void;
  requestId: string;
}

export interface Context {
  conn: DuckDBConnection;
  config: Config;
  user: SessionUser | null;
  session: { tokenHash: string; csrfToken: string } | null;
  req: RequestMeta;
  services: Services;
}

/** Long-lived server pieces shared by every request (caches, rate limiter, the ingest queue). */
export interface Services {
  [name: string]: unknown;
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    // Readable field messages for zod failures; never stack traces or SQL.
    const zod = error.cause instanceof ZodError ? error.cause : null;
    return {
      ...shape,
      message: zod ? zod.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ") : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fieldErrors: zod ? zod.flatten().fieldErrors : null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;
export const publicProcedure = t.procedure;

const requireUser = t.middleware(({ ctx, next }) => {
  if (!ctx.user || !ctx.session) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Inicie sesión / Please sign in" });
  }
  return next({ ctx: { ...ctx, user: ctx.user, session: ctx.session } });
});

// Mutations must echo the session's CSRF token in a header (double submit, bound to the session).
const requireCsrf = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation" && ctx.session && ctx.req.csrfHeader !== ctx.session.csrfToken) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Token CSRF no válido / Invalid CSRF token" });
  }
  return next();
});

export const authedProcedure = t.procedure.use(requireUser).use(requireCsrf);

/** A procedure open only to the given roles. */
export function roleProcedure(...roles: Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "Su rol no permite esta acción / Your role does not allow this" });
    }
    return next();
  });
}
