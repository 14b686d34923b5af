// Server-side sessions: the cookie holds a random token; the database holds only its SHA-256.
import type { DuckDBConnection } from "@duckdb/node-api";
import { parseCookie, stringifySetCookie } from "cookie";
import { createHash, randomBytes } from "node:crypto";
import type { SessionUser } from "@refugio/schemas";
import { one, run } from "../db/query";

export const SESSION_COOKIE = "refugio_session";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export async function createSession(conn: DuckDBConnection, username: string, hours: number) {
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  const now = new Date();
  const expires = new Date(now.getTime() + hours * 3600_000);
  await run(conn, `DELETE FROM sessions WHERE expires_at < $now`, { now: now.toISOString() });
  await run(
    conn,
    `INSERT INTO sessions VALUES ($h, $u, $c, CAST($now AS TIMESTAMP), CAST($exp AS TIMESTAMP))`,
    { h: sha256(token), u: username, c: csrfToken, now: now.toISOString(), exp: expires.toISOString() },
  );
  return { token, csrfToken, expires };
}

export async function resolveSession(conn: DuckDBConnection, token: string | undefined) {
  if (!token) return null;
  const row = await one<SessionUser & { csrf_token: string; token_hash: string }>(
    conn,
    `SELECT s.token_hash, s.csrf_token, u.username, u.role, u.network_code, u.shelter_code
       FROM sessions s JOIN users u USING (username)
      WHERE s.token_hash = $h AND s.expires_at > CAST($now AS TIMESTAMP)
        AND s.created_at >= u.password_changed_at`,
    { h: sha256(token), now: new Date().toISOString() },
  );
  if (!row) return null;
  const { csrf_token, token_hash, ...user } = row;
  return { user: user as SessionUser, session: { tokenHash: token_hash, csrfToken: csrf_token } };
}

export async function deleteSession(conn: DuckDBConnection, tokenHash: string): Promise<void> {
  await run(conn, `DELETE FROM sessions WHERE token_hash = $h`, { h: tokenHash });
}

/**
 * The request's cookies, parsed by the `cookie` package: a malformed cookie set on the host by
 * another application (`a=%E0%A4%A`) is kept undecoded instead of throwing (it made every /trpc
 * call 500, issue 13).
 */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(parseCookie(header ?? ""))) if (value !== undefined) out[name] = value;
  return out;
}

export function sessionCookie(token: string, expires: Date, secure: boolean): string {
  return stringifySetCookie({ name: SESSION_COOKIE, value: token, path: "/", httpOnly: true, sameSite: "strict", expires, secure });
}

export function clearSessionCookie(secure: boolean): string {
  return stringifySetCookie({ name: SESSION_COOKIE, value: "", path: "/", httpOnly: true, sameSite: "strict", maxAge: 0, secure });
}
