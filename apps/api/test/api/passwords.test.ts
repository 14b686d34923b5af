// Weak passwords are refused (NIST SP 800-63B 5.1.1.2: a list of common passwords, repetitive or
// sequential characters, the user's own name; no composition rules), by the CLI (`refugio user
// add/passwd`, exit 2) and by the API (admin.addUser, admin.setPassword, auth.changePassword:
// 400). Before: 12 spaces, "aaaaaaaaaaaa", "password1234" and the user name were accepted.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { weakPasswordReason } from "../../src/auth/passwords";
import { one } from "../../src/db/query";
import { type ApiClient, signedIn } from "./client";
import { PASSWORD, startServer, type TestServer } from "./fixture";

const weak = (username: string) => [" ".repeat(12), "aaaaaaaaaaaa", "password1234", "abcdefghijklm", "abcabcabcabc", "qwertyuiop123", username, `${username}-2024!`, "refugio-refugio"];

describe("weakPasswordReason", () => {
  it("refuses common, repetitive, sequential passwords and the user's own name, with a bilingual reason", () => {
    for (const p of weak("maria.lopez")) {
      const r = weakPasswordReason(p, "maria.lopez");
      expect(r, JSON.stringify(p)).not.toBeNull();
      expect(r?.es.length).toBeGreaterThan(0);
      expect(r?.en.length).toBeGreaterThan(0);
    }
    expect(weakPasswordReason("MariaLopez-cuzco", "maria-lopez")).not.toBeNull();
  });

  it("accepts a long, uncommon passphrase (no composition rules)", () => {
    for (const p of ["correct-horse-battery-staple", "lluvia en el altiplano", "tres tristes tigres 7"]) expect(weakPasswordReason(p, "maria.lopez"), p).toBeNull();
  });
});

describe("over HTTP and the CLI", () => {
  let srv: TestServer;
  let admin: ApiClient;
  beforeAll(async () => {
    srv = await startServer();
    admin = await signedIn(srv.url, "admin", PASSWORD);
  });
  afterAll(async () => {
    await srv?.close();
  });

  it("admin.addUser and admin.setPassword refuse each weak password with 400 and store nothing", async () => {
    for (const password of weak("weak-user")) {
      const r = await admin.mutate("admin.addUser", { username: "weak-user", password, role: "researcher" });
      expect(r.status, JSON.stringify(password)).toBe(400);
      expect(r.error?.message).toMatch(/ \/ /);
    }
    expect(await one(srv.db.connection, `SELECT 1 AS x FROM users WHERE username = 'weak-user'`)).toBeUndefined();
    expect((await admin.mutate("admin.addUser", { username: "weak-user", password: "correct-horse-battery-staple", role: "researcher" })).status).toBe(200);
    for (const password of weak("weak-user")) {
      expect((await admin.mutate("admin.setPassword", { username: "weak-user", password })).status, JSON.stringify(password)).toBe(400);
    }
  });

  it("auth.changePassword refuses a weak new password with 400", async () => {
    const user = await signedIn(srv.url, "weak-user", "correct-horse-battery-staple");
    const r = await user.mutate("auth.changePassword", { current: "correct-horse-battery-staple", next: "password1234" });
    expect(r.status).toBe(400);
    expect(r.error?.message).toMatch(/common passwords/);
  });

  it("refugio user add / passwd exit 2 on a weak password, with the reason", () => {
    const bin = fileURLToPath(new URL("../../bin/refugio.js", import.meta.url));
    const db = join(srv.dir, "cli.duckdb");
    const run = (args: string[], password: string) =>
      spawnSync(process.execPath, [bin, ...args, "--db", db], { encoding: "utf8", env: { ...process.env, REFUGIO_PASSWORD: password, REFUGIO_LOG_LEVEL: "silent" } });
    for (const password of ["aaaaaaaaaaaa", "password1234", "ana-researcher"]) {
      const r = run(["user", "add", "ana-researcher", "--role", "researcher"], password);
      expect(r.status, password).toBe(2);
      expect(r.stderr).toMatch(/contraseña.* \/ .*password/);
    }
    expect(run(["user", "add", "ana-researcher", "--role", "researcher"], "correct-horse-battery-staple").status).toBe(0);
    expect(run(["user", "passwd", "ana-researcher"], " ".repeat(12)).status).toBe(2);
  });
});
