// Accounts: create, list, remove, change password or role. Passwords are only ever stored hashed.
import { randomBytes } from "node:crypto";
import type { DuckDBConnection } from "@duckdb/node-api";
import { passwordSchema, roleSchema, usernameSchema, type Bilingual, type Role, type SessionUser } from "@refugio/schemas";
import { all, one, run } from "../db/query";
import { hashPassword, weakPasswordReason } from "./passwords";

export class UserError extends Error {}

/** passwordSchema's length, then NIST's checks (common list, repetition, the user's own name). */
function assertStrongPassword(password: string, username: string): void {
  passwordSchema.parse(password);
  const weak = weakPasswordReason(password, username);
  if (weak) throw new UserError(`${weak.es} / ${weak.en}`);
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  network_code?: string | null;
  shelter_code?: string | null;
}

async function checkScope(conn: DuckDBConnection, role: Role, network: string | null, shelter: string | null) {
  if (role === "network_director") {
    if (!network) throw new UserError("network_director necesita --network / needs --network");
    const n = await one(conn, `SELECT 1 AS x FROM networks WHERE network_code = $n`, { n: network });
    if (!n) throw new UserError(`red desconocida / unknown network: ${network}`);
  }
  if (role === "shelter_staff") {
    if (!shelter) throw new UserError("shelter_staff necesita --shelter / needs --shelter");
    const s = await one(conn, `SELECT 1 AS x FROM shelters WHERE shelter_code = $s`, { s: shelter });
    if (!s) throw new UserError(`refugio desconocido / unknown shelter: ${shelter}`);
  }
}

/**
 * `oneTime`: the password was chosen by someone else (an admin creating or resetting the account),
 * so the account may do nothing but choose its own until it does (trpc.ts `assertUser`).
 */
export async function addUser(conn: DuckDBConnection, u: NewUser, opts: { passwordHash?: string; oneTime?: boolean } = {}): Promise<void> {
  const username = usernameSchema.parse(u.username);
  const role = roleSchema.parse(u.role);
  // A ready hash is the demo's published password (demo/create.ts): no new password is chosen.
  if (!opts.passwordHash) assertStrongPassword(u.password, username);
  const network = role === "network_director" ? (u.network_code ?? null) : null;
  const shelter = role === "shelter_staff" ? (u.shelter_code ?? null) : null;
  await checkScope(conn, role, network, shelter);
  if (await one(conn, `SELECT 1 AS x FROM users WHERE username = $u`, { u: username })) {
    throw new UserError(`el usuario ya existe / user already exists: ${username}`);
  }
  const hash = opts.passwordHash ?? (await hashPassword(u.password));
  await run(
    conn,
    `INSERT INTO users (username, password_hash, role, network_code, shelter_code, must_change_password) VALUES ($u, $h, $r, $n, $s, $m)`,
    { u: username, h: hash, r: role, n: network, s: shelter, m: opts.oneTime ?? false },
  );
}

/**
 * A deactivated account keeps its row (the audit log names it) with its hash prefixed by "!" (as
 * `passwd -l` locks a Unix account): no password matches it, and reactivation removes the prefix
 * so the account's own password works again. No schema change: readers of older versions also
 * refuse such a hash.
 */
export const LOCKED_PREFIX = "!";

/**
 * Every account, for the admin page and `refugio user list`. `must_change_password`: it still holds
 * a one-time password someone else chose (see addUser), so the admin sees who has not yet signed
 * in to choose their own.
 */
export async function listUsers(conn: DuckDBConnection): Promise<(SessionUser & { created_at: string; active: boolean; must_change_password: boolean })[]> {
  return all(
    conn,
    `SELECT username, role, network_code, shelter_code, CAST(created_at AS VARCHAR) AS created_at,
            NOT starts_with(password_hash, '${LOCKED_PREFIX}') AS active,
            coalesce(must_change_password, false) AS must_change_password
       FROM users ORDER BY username`,
  );
}

/**
 * SQL condition on a `users` row: it is the only admin left. Removing or demoting such a row would
 * leave nobody able to manage accounts. It guards the DELETE / UPDATE itself, so two changes at
 * once (admin A removing B while B removes A) cannot both see two admins and both pass.
 */
const LAST_ADMIN = `(role = 'admin' AND (SELECT count(*) FROM users WHERE role = 'admin') <= 1)`;

const lastAdmin = (username: string, action: Bilingual) =>
  new UserError(
    `no se puede ${action.es} al último administrador; cree otro admin primero / cannot ${action.en} the last admin; add another admin first: ${username}`,
  );

export async function removeUser(conn: DuckDBConnection, username: string): Promise<void> {
  if (!(await one(conn, `SELECT 1 AS x FROM users WHERE username = $u`, { u: username }))) {
    throw new UserError(`usuario desconocido / unknown user: ${username}`);
  }
  const removed = await all(conn, `DELETE FROM users WHERE username = $u AND NOT ${LAST_ADMIN} RETURNING username`, { u: username });
  if (removed.length === 0) throw lastAdmin(username, { es: "eliminar", en: "remove" });
  await run(conn, `DELETE FROM sessions WHERE username = $u`, { u: username });
}

/** `oneTime`: set by someone else (an admin), so the account must choose its own next (see addUser). */
export async function setPassword(conn: DuckDBConnection, username: string, password: string, opts: { oneTime?: boolean } = {}): Promise<void> {
  assertStrongPassword(password, username);
  const hash = await hashPassword(password);
  if (!(await one(conn, `SELECT 1 AS x FROM users WHERE username = $u`, { u: username }))) {
    throw new UserError(`usuario desconocido / unknown user: ${username}`);
  }
  // Changing a password ends the user's existing sessions; a deactivated account stays so.
  await run(
    conn,
    `UPDATE users SET password_hash = CASE WHEN starts_with(password_hash, '${LOCKED_PREFIX}') THEN '${LOCKED_PREFIX}' || $h ELSE $h END,
       password_changed_at = current_timestamp, must_change_password = $m WHERE username = $u`,
    { u: username, h: hash, m: opts.oneTime ?? false },
  );
  await run(conn, `DELETE FROM sessions WHERE username = $u`, { u: username });
}

/**
 * A one-time password for an account (an admin's reset): 20 random characters (≈119 bits), set
 * as the account's password and returned once to be handed over; it is stored only hashed and
 * never logged. The account's sessions end, and it must choose its own password at its next sign-in.
 */
export async function resetPassword(conn: DuckDBConnection, username: string): Promise<string> {
  const password = randomBytes(15).toString("base64url");
  await setPassword(conn, username, password, { oneTime: true });
  return password;
}

/** Deactivate (`active` false) or reactivate an account. Deactivating ends its sessions, sealed ones included. */
export async function setActive(conn: DuckDBConnection, username: string, active: boolean): Promise<void> {
  if (!(await one(conn, `SELECT 1 AS x FROM users WHERE username = $u`, { u: username }))) {
    throw new UserError(`usuario desconocido / unknown user: ${username}`);
  }
  if (active) {
    await run(conn, `UPDATE users SET password_hash = substr(password_hash, 2) WHERE username = $u AND starts_with(password_hash, '${LOCKED_PREFIX}')`, { u: username });
    return;
  }
  // The last active admin cannot be deactivated (nobody could manage accounts any more).
  const changed = await all(
    conn,
    `UPDATE users SET password_hash = '${LOCKED_PREFIX}' || password_hash, password_changed_at = current_timestamp
      WHERE username = $u AND NOT starts_with(password_hash, '${LOCKED_PREFIX}')
        AND NOT (role = 'admin' AND (SELECT count(*) FROM users WHERE role = 'admin' AND NOT starts_with(password_hash, '${LOCKED_PREFIX}')) <= 1)
      RETURNING username`,
    { u: username },
  );
  const already = await one(conn, `SELECT 1 AS x FROM users WHERE username = $u AND starts_with(password_hash, '${LOCKED_PREFIX}')`, { u: username });
  if (changed.length === 0 && !already) throw lastAdmin(username, { es: "desactivar", en: "deactivate" });
  // Stored sessions are deleted; sealed ones are refused because password_changed_at moved on.
  await run(conn, `DELETE FROM sessions WHERE username = $u`, { u: username });
}

export async function setRole(
  conn: DuckDBConnection,
  username: string,
  role: Role,
  scope: { network_code?: string | null; shelter_code?: string | null } = {},
): Promise<void> {
  roleSchema.parse(role);
  const network = role === "network_director" ? (scope.network_code ?? null) : null;
  const shelter = role === "shelter_staff" ? (scope.shelter_code ?? null) : null;
  await checkScope(conn, role, network, shelter);
  if (!(await one(conn, `SELECT 1 AS x FROM users WHERE username = $u`, { u: username }))) {
    throw new UserError(`usuario desconocido / unknown user: ${username}`);
  }
  const changed = await all(
    conn,
    `UPDATE users SET role = $r, network_code = $n, shelter_code = $s WHERE username = $u AND ($r = 'admin' OR NOT ${LAST_ADMIN}) RETURNING username`,
    { u: username, r: role, n: network, s: shelter },
  );
  if (changed.length === 0) throw lastAdmin(username, { es: "quitar el rol admin", en: "take the admin role from" });
  await run(conn, `DELETE FROM sessions WHERE username = $u`, { u: username });
}
