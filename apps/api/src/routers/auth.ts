import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { changePasswordInputSchema, loginInputSchema } from "@refugio/schemas";
import { verifyPassword } from "../auth/passwords";
import { clearSessionCookie, createSession, deleteSession, sessionCookie } from "../auth/sessions";
import { audit } from "../auth/audit";
import { one } from "../db/query";
import { passwordChangeProcedure, publicProcedure } from "../trpc";
import { secureCookies } from "../auth/cookies";
import { LOCKED_PREFIX, setPassword, UserError } from "../auth/users";
import type { RateLimiter } from "../auth/rate-limit";
import type { Context } from "../trpc";

// A fixed hash to verify against when the user does not exist, so timing does not reveal accounts.
const DUMMY_HASH =
  "scrypt$131072$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

const tooMany = (ctx: Pick<Context, "req">, seconds: number) => {
  ctx.req.setHeader("retry-after", String(seconds));
  return new TRPCError({ code: "TOO_MANY_REQUESTS", message: "Demasiados intentos; espere unos minutos / Too many attempts; wait a few minutes" });
};

/**
 * Check a password with the server's bounded scrypt slots: a flood of sign-ins waits in a short
 * queue or is refused at once (503 with Retry-After), so it cannot starve a legitimate one.
 */
async function checkPassword(ctx: Pick<Context, "req" | "services">, password: string, hash: string): Promise<boolean> {
  const out = await ctx.services.passwordGate.run(() => verifyPassword(password, hash));
  if (out) return out.value;
  ctx.req.setHeader("retry-after", "2");
  throw new TRPCError({
    code: "SERVICE_UNAVAILABLE",
    message: "Demasiados inicios de sesión a la vez; inténtelo en unos segundos / Too many sign-ins at once; try again in a few seconds",
  });
}

export const authRouter = {
  login: publicProcedure.input(loginInputSchema).mutation(async ({ ctx, input }) => {
    const limiter: RateLimiter = ctx.services.loginLimiter;
    const ipLimiter: RateLimiter = ctx.services.loginIpLimiter;
    const key = `${ctx.req.ip}|${input.username}`;
    // Per (client, account) against guessing one password; per client against spraying many
    // accounts. The attempt is counted now, synchronously, before any await: 40 parallel guesses
    // were all checked when failures were only counted after the (slow) password check.
    const allowed = limiter.take(key);
    const ipAllowed = allowed && ipLimiter.take(ctx.req.ip);
    if (!allowed || !ipAllowed) {
      if (allowed) limiter.refund(key);
      await audit(ctx.conn, { actor: input.username, action: "auth.login", ok: false, detail: { reason: "rate_limited" } });
      throw tooMany(ctx, Math.max(limiter.retryAfter(key), allowed ? ipLimiter.retryAfter(ctx.req.ip) : 0));
    }
    let ok = false;
    let locked = false;
    let user: { username: string; password_hash: string; role: string; must_change_password: boolean } | undefined;
    try {
      user = await one<{ username: string; password_hash: string; role: string; must_change_password: boolean }>(
        ctx.conn,
        `SELECT username, password_hash, role, coalesce(must_change_password, false) AS must_change_password FROM users WHERE username = $u`,
        { u: input.username },
      );
      // A deactivated account's hash is checked like any other (same time), then refused.
      locked = user?.password_hash.startsWith(LOCKED_PREFIX) ?? false;
      ok = (await checkPassword(ctx, input.password, locked ? (user?.password_hash.slice(LOCKED_PREFIX.length) ?? DUMMY_HASH) : (user?.password_hash ?? DUMMY_HASH))) && !locked;
    } catch (error) {
      // Not checked (busy, or an error): the attempt does not count against the account.
      limiter.refund(key);
      ipLimiter.refund(ctx.req.ip);
      throw error;
    }
    if (!user || !ok) {
      await audit(ctx.conn, { actor: input.username, action: "auth.login", ok: false, detail: { reason: locked ? "deactivated" : "bad_credentials" } });
      throw new TRPCError({ code: "UNAUTHORIZED", message: "Usuario o contraseña incorrectos / Wrong username or password" });
    }
    limiter.reset(key);
    ipLimiter.refund(ctx.req.ip);
    const s = await createSession(ctx.conn, user.username, ctx.config.REFUGIO_SESSION_HOURS);
    ctx.req.setCookie(sessionCookie(s.token, s.expires, secureCookies(ctx)));
    // A password an admin set signs in, but only to choose one's own (trpc.ts assertUser).
    await audit(ctx.conn, { actor: user.username, action: "auth.login", ok: true, ...(user.must_change_password ? { detail: { must_change_password: true } } : {}) });
    return { username: user.username, role: user.role, csrfToken: s.csrfToken, expiresAt: s.expires.toISOString(), mustChangePassword: user.must_change_password };
  }),

  logout: passwordChangeProcedure.mutation(async ({ ctx }) => {
    await deleteSession(ctx.conn, ctx.session.tokenHash);
    ctx.req.setCookie(clearSessionCookie(secureCookies(ctx)));
    await audit(ctx.conn, { actor: ctx.user.username, action: "auth.logout", ok: true });
    return { ok: true };
  }),

  /**
   * Change one's own password: every session of the account ends, this one included. Open to an
   * account whose password an admin set (the one thing it may do): its own password lifts that.
   */
  changePassword: passwordChangeProcedure.input(changePasswordInputSchema).mutation(async ({ ctx, input }) => {
    const limiter: RateLimiter = ctx.services.loginLimiter;
    const key = `${ctx.req.ip}|${ctx.user.username}`;
    if (!limiter.take(key)) throw tooMany(ctx, limiter.retryAfter(key));
    const row = await one<{ password_hash: string }>(ctx.conn, `SELECT password_hash FROM users WHERE username = $u`, { u: ctx.user.username });
    let ok: boolean;
    try {
      ok = !!row && (await checkPassword(ctx, input.current, row.password_hash));
    } catch (error) {
      limiter.refund(key);
      throw error;
    }
    if (!ok) {
      await audit(ctx.conn, { actor: ctx.user.username, action: "user.passwd", target: ctx.user.username, ok: false, detail: { reason: "bad_current_password" } });
      throw new TRPCError({ code: "BAD_REQUEST", message: "La contraseña actual no es correcta / The current password is wrong" });
    }
    limiter.refund(key);
    if (input.next === input.current) {
      throw new TRPCError({ code: "BAD_REQUEST", message: "La nueva contraseña debe ser distinta / The new password must differ" });
    }
    // A weak new password (common, repetitive, holding the user name) is the caller's to fix.
    await setPassword(ctx.conn, ctx.user.username, input.next).catch((error: unknown) => {
      throw error instanceof UserError ? new TRPCError({ code: "BAD_REQUEST", message: error.message }) : error;
    });
    ctx.req.setCookie(clearSessionCookie(secureCookies(ctx)));
    await audit(ctx.conn, {
      actor: ctx.user.username,
      action: "user.passwd",
      target: ctx.user.username,
      ok: true,
      ...(ctx.session.mustChangePassword ? { detail: { replaced_one_time: true } } : {}),
    });
    return { ok: true as const };
  }),

  /**
   * The signed-in user, the session's CSRF token and the deployment's k (the dashboard words
   * suppression with it); `mustChangePassword` sends the dashboard to its change-password page.
   */
  me: publicProcedure.query(({ ctx }) =>
    ctx.user && ctx.session
      ? { ...ctx.user, csrfToken: ctx.session.csrfToken, k: ctx.config.REFUGIO_K, mustChangePassword: ctx.session.mustChangePassword }
      : null,
  ),
} satisfies TRPCRouterRecord;
