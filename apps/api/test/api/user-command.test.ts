// `refugio user …`: accounts from the command line, passwords never from argv, every change
// audited as cli:<os user>, and sessions ended by password and role changes.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { verifyPassword } from "../../src/auth/passwords";
import { removeUser } from "../../src/auth/users";
import { main } from "../../src/cli/main";
import { openDatabase } from "../../src/db/connection";
import { all, one, run } from "../../src/db/query";
import { setLogLevel } from "../../src/log";
import { passwordHash, writeFixture } from "./fixture";

let dir: string;
let dbPath: string;

beforeAll(async () => {
  setLogLevel("silent");
  dir = mkdtempSync(join(tmpdir(), "refugio-user-cli-"));
  dbPath = join(dir, "u.duckdb");
  const db = await openDatabase(dbPath);
  await writeFixture(db.connection, await passwordHash());
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** Run `refugio <args>` in-process, capturing stdout and stderr. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  try {
    const code = await main([...args, "--db", dbPath]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

async function withDb<T>(fn: (conn: Awaited<ReturnType<typeof openDatabase>>["connection"]) => Promise<T>): Promise<T> {
  const db = await openDatabase(dbPath);
  try {
    return await fn(db.connection);
  } finally {
    db.close();
  }
}

const ACTOR = `cli:${userInfo().username}`;

describe("refugio user", () => {
  it("add takes the password from REFUGIO_PASSWORD, stores only a hash, and audits as cli:<os user>", async () => {
    vi.stubEnv("REFUGIO_PASSWORD", "director-password-1");
    const r = await cli(["user", "add", "dir-lima", "--role", "network_director", "--network", "pe-aurora"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/dir-lima/);
    const row = await withDb((c) => one<{ password_hash: string; network_code: string }>(c, `SELECT password_hash, network_code FROM users WHERE username = 'dir-lima'`));
    expect(row?.network_code).toBe("pe-aurora");
    expect(row?.password_hash).not.toContain("director-password-1");
    expect(await verifyPassword("director-password-1", row?.password_hash ?? "")).toBe(true);
    const audit = await withDb((c) => all<{ actor: string; detail: string }>(c, `SELECT actor, CAST(detail AS VARCHAR) AS detail FROM audit_log WHERE action = 'user.add' AND target = 'dir-lima'`));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor).toBe(ACTOR);
    expect(audit[0]?.detail).not.toContain("director-password-1");
  });

  it("refuses without a password source when stdin is not a terminal (exit 2), and never accepts one in argv", async () => {
    vi.stubEnv("REFUGIO_PASSWORD", "");
    const r = await cli(["user", "add", "no-pass", "--role", "researcher"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--password-stdin/);
    const argv = await cli(["user", "add", "no-pass", "--role", "researcher", "--password", "in-argv-password"]);
    expect(argv.code).toBe(2);
    expect(await withDb((c) => one(c, `SELECT 1 AS x FROM users WHERE username = 'no-pass'`))).toBeUndefined();
  });

  it("rejects bad input with exit 2: unknown role, missing --network, unknown shelter, short password, duplicate", async () => {
    vi.stubEnv("REFUGIO_PASSWORD", "long-enough-password");
    expect((await cli(["user", "add", "x-user", "--role", "boss"])).code).toBe(2);
    expect((await cli(["user", "add", "x-user", "--role", "network_director"])).err).toMatch(/--network/);
    expect((await cli(["user", "add", "x-user", "--role", "shelter_staff", "--shelter", "nowhere"])).code).toBe(2);
    vi.stubEnv("REFUGIO_PASSWORD", "short");
    expect((await cli(["user", "add", "x-user", "--role", "researcher"])).err).toMatch(/12/);
    vi.stubEnv("REFUGIO_PASSWORD", "long-enough-password");
    expect((await cli(["user", "add", "admin", "--role", "researcher"])).err).toMatch(/already exists/);
  });

  it("list prints accounts (JSON with --json) without password hashes", async () => {
    const r = await cli(["user", "list", "--json"]);
    expect(r.code).toBe(0);
    const users = JSON.parse(r.out) as { username: string; role: string }[];
    expect(users.map((u) => u.username)).toContain("dir-lima");
    expect(r.out).not.toContain("scrypt$");
  });

  it("list marks an account still holding a one-time password, in text and JSON, until it chooses its own", async () => {
    vi.stubEnv("REFUGIO_PASSWORD", "handed-over-password-1");
    expect((await cli(["user", "add", "new-lab", "--role", "researcher", "--one-time"])).code).toBe(0);
    const text = await cli(["user", "list"]);
    const line = (name: string) => text.out.split("\n").find((l) => l.startsWith(`${name} `)) ?? "";
    expect(line("new-lab")).toMatch(/one-time password$/);
    expect(line("dir-lima")).not.toMatch(/one-time/);
    const json = JSON.parse((await cli(["user", "list", "--json"])).out) as { username: string; must_change_password: boolean; active: boolean }[];
    expect(json.find((u) => u.username === "new-lab")).toMatchObject({ must_change_password: true, active: true });
    expect(json.find((u) => u.username === "dir-lima")?.must_change_password).toBe(false);
    // Its own password (passwd without --one-time) clears the mark.
    vi.stubEnv("REFUGIO_PASSWORD", "my-own-password-22");
    expect((await cli(["user", "passwd", "new-lab"])).code).toBe(0);
    expect((await cli(["user", "list"])).out).not.toMatch(/new-lab .*one-time/);
    expect((await cli(["user", "remove", "new-lab"])).code).toBe(0);
  });

  it("passwd and role end the account's sessions; remove deletes it; all audited", async () => {
    const addSession = () =>
      withDb((c) =>
        run(c, `INSERT INTO sessions VALUES (md5(random()::VARCHAR), 'dir-lima', 'c', current_timestamp, current_timestamp + INTERVAL 1 HOUR)`),
      );
    const sessions = () => withDb((c) => all(c, `SELECT * FROM sessions WHERE username = 'dir-lima'`));
    await addSession();
    vi.stubEnv("REFUGIO_PASSWORD", "director-password-2");
    expect((await cli(["user", "passwd", "dir-lima"])).code).toBe(0);
    expect(await sessions()).toHaveLength(0);
    await addSession();
    expect((await cli(["user", "role", "dir-lima", "--role", "shelter_staff", "--shelter", "hrt-03"])).code).toBe(0);
    expect(await sessions()).toHaveLength(0);
    const u = await withDb((c) => one<{ role: string; shelter_code: string; network_code: string | null }>(c, `SELECT role, shelter_code, network_code FROM users WHERE username = 'dir-lima'`));
    expect(u).toEqual({ role: "shelter_staff", shelter_code: "hrt-03", network_code: null });
    expect((await cli(["user", "remove", "dir-lima"])).code).toBe(0);
    expect((await cli(["user", "remove", "dir-lima"])).code).toBe(2);
    const actions = await withDb((c) => all<{ action: string; actor: string }>(c, `SELECT action, actor FROM audit_log WHERE target = 'dir-lima' ORDER BY id`));
    expect(actions.map((a) => a.action)).toEqual(["user.add", "user.passwd", "user.role", "user.remove"]);
    expect(new Set(actions.map((a) => a.actor))).toEqual(new Set([ACTOR]));
  });

  it("refuses to remove or demote the last admin (exit 2), and allows it once another admin exists", async () => {
    const admins = () => withDb((c) => all<{ username: string }>(c, `SELECT username FROM users WHERE role = 'admin' ORDER BY username`));
    expect(await admins()).toEqual([{ username: "admin" }]);
    const remove = await cli(["user", "remove", "admin"]);
    expect(remove.code).toBe(2);
    expect(remove.err).toMatch(/último administrador.* \/ cannot remove the last admin/);
    const demote = await cli(["user", "role", "admin", "--role", "ministry"]);
    expect(demote.code).toBe(2);
    expect(demote.err).toMatch(/último administrador.* \/ cannot take the admin role from the last admin/);
    expect(await admins()).toEqual([{ username: "admin" }]);
    // Re-stating the role of the last admin is not a demotion.
    expect((await cli(["user", "role", "admin", "--role", "admin"])).code).toBe(0);

    vi.stubEnv("REFUGIO_PASSWORD", "second-admin-password");
    expect((await cli(["user", "add", "admin-2", "--role", "admin"])).code).toBe(0);
    expect((await cli(["user", "role", "admin", "--role", "ministry"])).code).toBe(0);
    expect((await cli(["user", "remove", "admin-2"])).code).toBe(2);
    expect(await admins()).toEqual([{ username: "admin-2" }]);
    expect((await cli(["user", "role", "admin", "--role", "admin"])).code).toBe(0);
    expect((await cli(["user", "remove", "admin-2"])).code).toBe(0);
    expect(await admins()).toEqual([{ username: "admin" }]);
  });

  it("two admins removing each other at once leave one admin (the rule guards the change itself)", async () => {
    vi.stubEnv("REFUGIO_PASSWORD", "second-admin-password");
    expect((await cli(["user", "add", "admin-b", "--role", "admin"])).code).toBe(0);
    const results = await withDb((c) => Promise.allSettled([removeUser(c, "admin"), removeUser(c, "admin-b")]));
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const left = await withDb((c) => all<{ username: string }>(c, `SELECT username FROM users WHERE role = 'admin'`));
    expect(left).toHaveLength(1);
  });

  it("--password-stdin reads the password from standard input (real `refugio` process)", async () => {
    const bin = fileURLToPath(new URL("../../bin/refugio.js", import.meta.url));
    const child = spawn(process.execPath, [bin, "user", "add", "piped", "--role", "researcher", "--password-stdin", "--db", dbPath], {
      env: { ...process.env, REFUGIO_PASSWORD: "" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    child.stdin.end("from-stdin-phrase-123\n");
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.stdout.resume();
    const code = await new Promise<number | null>((ok) => child.on("exit", ok));
    expect(code, err).toBe(0);
    const row = await withDb((c) => one<{ password_hash: string }>(c, `SELECT password_hash FROM users WHERE username = 'piped'`));
    expect(await verifyPassword("from-stdin-phrase-123", row?.password_hash ?? "")).toBe(true);
  });
});
