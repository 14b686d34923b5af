import type { Context } from "../trpc";

/** Secure cookies unless explicitly disabled or served on loopback over plain HTTP. */
export function secureCookies(ctx: Pick<Context, "config" | "req">): boolean {
  const setting = ctx.config.REFUGIO_SECURE_COOKIES;
  if (setting !== "auto") return setting === "true";
  return !/^(127\.|::1$|::ffff:127\.)/.test(ctx.req.ip);
}
