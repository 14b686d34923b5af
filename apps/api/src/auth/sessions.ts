// Sessions. By default server-side: the cookie holds a random token; the database holds only its
// SHA-256. Readers of a lake snapshot behind a balancer (docs/scaling.md) have no shared database:
// there (`refugio serve --session-dir DIR`) the cookie is a sealed session (AES-256-GCM under a key
// shared by every reader through DIR), so any reader can open it, and a sign-out is published to
// every reader through DIR's append-only revocation list (SHA-256 of tokens, never names).
import type { DuckDBConnection } from "@duckdb/node-api";
import { parseCookie, stringifySetCookie } from "cookie";
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { appendFileSync, chmodSync, closeSync, fstatSync, linkSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { SessionUser } from "@refugio/schemas";
import { one, run } from "../db/query";

export const SESSION_COOKIE = "refugio_session";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export class SessionStoreError extends Error {
  constructor(es: string, en: string) {
    super(`${es} / ${en}`);
    this.name = "SessionStoreError";
  }
}

interface SealedSession {
  /** Account name (inside the sealed token only: encrypted, never logged or stored by a reader). */
  u: string;
  /** CSRF token of the session. */
  c: string;
  /** Created at (ISO): a password changed later ends the session, as with stored sessions. */
  iat: string;
  /** Expires at (ms since the epoch). */
  exp: number;
}

const SEALED_PREFIX = "s1.";

/**
 * The folder every reader shares: `key` (32 random bytes, 0600, created once by whichever reader
 * starts first) and `revoked` (one line per sign-out: `<sha256 of the token> <when, ms>`),
 * appended with O_APPEND so concurrent readers never interleave a line.
 */
export class SharedSessions {
  private readonly key: Buffer;
  private readonly revokedFile: string;
  private readonly revoked = new Set<string>();
  private offset = 0;

  constructor(dir: string) {
    const root = resolve(dir);
    mkdirSync(root, { recursive: true, mode: 0o700 });
    const keyFile = join(root, "key");
    this.revokedFile = join(root, "revoked");
    try {
      // Written aside then hard-linked into place: link() fails if the key exists, so readers
      // starting together agree on one key and none reads a half-written file.
      const tmp = join(root, `key.${process.pid}.${randomBytes(4).toString("hex")}`);
      writeFileSync(tmp, randomBytes(32), { mode: 0o600 });
      try {
        linkSync(tmp, keyFile);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      } finally {
        rmSync(tmp, { force: true });
      }
      if ((statSync(keyFile).mode & 0o077) !== 0) {
        throw new SessionStoreError(
          `La clave de sesiones ${keyFile} es legible por otros usuarios: ejecute chmod 600`,
          `The session key ${keyFile} is readable by other users: run chmod 600`,
        );
      }
      const raw = readFileSync(keyFile);
      if (raw.length < 32) throw new SessionStoreError(`La clave de sesiones ${keyFile} tiene menos de 32 bytes`, `The session key ${keyFile} is shorter than 32 bytes`);
      this.key = Buffer.from(hkdfSync("sha256", raw, Buffer.alloc(0), "refugio session v1", 32));
      appendFileSync(this.revokedFile, "", { mode: 0o600 });
      chmodSync(this.revokedFile, 0o600);
    } catch (error) {
      if (error instanceof SessionStoreError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? "";
      throw new SessionStoreError(`No se puede usar la carpeta de sesiones ${root} (${code})`, `Cannot use the session folder ${root} (${code})`);
    }
  }

  seal(session: SealedSession): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(session), "utf8"), cipher.final()]);
    return SEALED_PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
  }

  /** The session in a token, or null when it was not sealed with this key, was altered, expired or was revoked. */
  open(token: string, now = Date.now()): SealedSession | null {
    if (!token.startsWith(SEALED_PREFIX)) return null;
    const raw = Buffer.from(token.slice(SEALED_PREFIX.length), "base64url");
    if (raw.length < 12 + 16 + 2) return null;
    let session: SealedSession;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      const text = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString("utf8");
      session = JSON.parse(text) as SealedSession;
    } catch {
      return null;
    }
    if (!(session.exp > now) || this.isRevoked(sha256(token))) return null;
    return session;
  }

  revoke(tokenHash: string): void {
    appendFileSync(this.revokedFile, `${tokenHash} ${Date.now()}\n`);
    this.revoked.add(tokenHash);
  }

  /** Reads only what other readers appended since the last look (one fstat per request). */
  private isRevoked(tokenHash: string): boolean {
    const fd = openSync(this.revokedFile, "r");
    try {
      const size = fstatSync(fd).size;
      if (size < this.offset) {
        // Rewritten (expired lines pruned): read it again from the start.
        this.revoked.clear();
        this.offset = 0;
      }
      if (size > this.offset) {
        const buf = Buffer.alloc(size - this.offset);
        readSync(fd, buf, 0, buf.length, this.offset);
        // Only whole lines: a line being appended right now is read on the next look.
        const end = buf.lastIndexOf(0x0a) + 1;
        for (const line of buf.subarray(0, end).toString("utf8").split("\n")) {
          const hash = line.split(" ")[0];
          if (hash) this.revoked.add(hash);
        }
        this.offset += end;
      }
    } finally {
      closeSync(fd);
    }
    return this.revoked.has(tokenHash);
  }
}

let shared: SharedSessions | null = null;

/** From now on this process issues and accepts sealed sessions kept in `dir` (see SharedSessions). */
export function shareSessions(dir: string): SharedSessions {
  shared = new SharedSessions(dir);
  return shared;
}

export async function createSession(conn: DuckDBConnection, username: string, hours: number) {
  const csrfToken = randomBytes(24).toString("base64url");
  const now = new Date();
  const expires = new Date(now.getTime() + hours * 3600_000);
  if (shared) return { token: shared.seal({ u: username, c: csrfToken, iat: now.toISOString(), exp: expires.getTime() }), csrfToken, expires };
  const token = randomBytes(32).toString("base64url");
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
  if (shared) return resolveSealed(conn, shared, token);
  const row = await one<SessionUser & { csrf_token: string; token_hash: string; must_change_password: boolean }>(
    conn,
    `SELECT s.token_hash, s.csrf_token, u.username, u.role, u.network_code, u.shelter_code,
            coalesce(u.must_change_password, false) AS must_change_password
       FROM sessions s JOIN users u USING (username)
      WHERE s.token_hash = $h AND s.expires_at > CAST($now AS TIMESTAMP)
        AND s.created_at >= u.password_changed_at`,
    { h: sha256(token), now: new Date().toISOString() },
  );
  if (!row) return null;
  const { csrf_token, token_hash, must_change_password, ...user } = row;
  return { user: user as SessionUser, session: { tokenHash: token_hash, csrfToken: csrf_token, mustChangePassword: must_change_password } };
}

/** The account of a sealed session, as stored sessions are checked: it exists, and its password did not change since. */
async function resolveSealed(conn: DuckDBConnection, store: SharedSessions, token: string) {
  const sealed = store.open(token);
  if (!sealed) return null;
  const row = await one<SessionUser & { must_change_password: boolean }>(
    conn,
    `SELECT username, role, network_code, shelter_code, coalesce(must_change_password, false) AS must_change_password FROM users
      WHERE username = $u AND CAST($iat AS TIMESTAMP) >= password_changed_at`,
    { u: sealed.u, iat: sealed.iat },
  );
  if (!row) return null;
  const { must_change_password, ...user } = row;
  return { user, session: { tokenHash: sha256(token), csrfToken: sealed.c, mustChangePassword: must_change_password } };
}

export async function deleteSession(conn: DuckDBConnection, tokenHash: string): Promise<void> {
  // A sealed session cannot be deleted, only revoked: every reader refuses it from its next request.
  if (shared) shared.revoke(tokenHash);
  else await run(conn, `DELETE FROM sessions WHERE token_hash = $h`, { h: tokenHash });
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
