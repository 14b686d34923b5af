// Issue 15, Admin: change role, reset password (a one-time password shown once, weak ones
// refused), deactivate and reactivate an account (a deactivated user cannot sign in and their
// sessions end), every change audited; over HTTP against the real server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { all } from "../../src/db/query";
import { ApiClient, signedIn } from "./client";
import { PASSWORD, startServer, type TestServer } from "./fixture";

let srv: TestServer;
let admin: ApiClient;
beforeAll(async () => {
  srv = await startServer();
  admin = await signedIn(srv.url, "admin", PASSWORD);
});
afterAll(async () => {
  await srv?.close();
});

const auditRows = (target: string) =>
  all<{ action: string; ok: boolean; detail: string | null; actor: string }>(
    srv.db.connection,
    `SELECT action, ok, CAST(detail AS VARCHAR) AS detail, actor FROM audit_log WHERE target = $t ORDER BY id`,
    { t: target },
  );
/** The account a client's session belongs to, or null once the session has ended. */
const sessionOf = async (c: ApiClient) => (await c.query<{ username: string } | null>("auth.me")).data?.username ?? null;
const login = (username: string, password: string) => new ApiClient(srv.url).login(username, password);

describe("admin: accounts", () => {
  it("resets a password to a one-time password returned once, ending the account's sessions; nothing of it is stored in clear or audited", async () => {
    const user = await signedIn(srv.url, "researcher", PASSWORD);
    expect(await sessionOf(user)).not.toBeNull();
    const r = await admin.mutate<{ ok: true; password: string }>("admin.resetPassword", { username: "researcher" });
    expect(r.status).toBe(200);
    const otp = r.data?.password ?? "";
    expect(otp.length).toBeGreaterThanOrEqual(20);
    // The old session ended; the old password no longer works; the new one does.
    expect(await sessionOf(user)).toBeNull();
    expect((await login("researcher", PASSWORD)).status).toBe(401);
    expect((await login("researcher", otp)).status).toBe(200);
    // A second reset gives a different password.
    const again = await admin.mutate<{ password: string }>("admin.resetPassword", { username: "researcher" });
    expect(again.data?.password).not.toBe(otp);
    const audit = await auditRows("researcher");
    expect(audit.filter((a) => a.action === "user.passwd" && a.actor === "admin")).toHaveLength(2);
    const stored = JSON.stringify(await all(srv.db.connection, `SELECT * FROM users`)) + JSON.stringify(await all(srv.db.connection, `SELECT * FROM audit_log`));
    expect(stored).not.toContain(otp);
    // Back to the fixture's password for the other tests (a strong one is accepted).
    expect((await admin.mutate("admin.setPassword", { username: "researcher", password: PASSWORD })).status).toBe(200);
  });

  it("refuses weak passwords with the reason, and changes nothing", async () => {
    for (const password of ["password1234", "aaaaaaaaaaaaaaaa", "researcher-2024!"]) {
      const r = await admin.mutate("admin.setPassword", { username: "researcher", password });
      expect(r.status, password).toBe(400);
      expect(r.error?.message).toMatch(/ \/ /);
    }
    expect((await login("researcher", PASSWORD)).status).toBe(200);
  });

  it("changes a role, ending the account's sessions, audited", async () => {
    const user = await signedIn(srv.url, "shelter-cr-bog-1", PASSWORD);
    const r = await admin.mutate("admin.setRole", { username: "shelter-cr-bog-1", role: "network_director", network: "co-bogota" });
    expect(r.status).toBe(200);
    expect(await sessionOf(user)).toBeNull();
    const again = await signedIn(srv.url, "shelter-cr-bog-1", PASSWORD);
    expect((await again.query<{ role: string }>("auth.me")).data?.role).toBe("network_director");
    expect((await auditRows("shelter-cr-bog-1")).some((a) => a.action === "user.role" && a.ok)).toBe(true);
    // A role that needs a scope without one is refused with the reason.
    const bad = await admin.mutate("admin.setRole", { username: "shelter-cr-bog-1", role: "shelter_staff" });
    expect(bad.status).toBe(400);
    expect(bad.error?.message).toMatch(/needs --shelter/);
  });

  it("deactivates an account: it cannot sign in and its sessions end; reactivating restores its own password; both audited", async () => {
    const user = await signedIn(srv.url, "director-bogota", PASSWORD);
    expect(await sessionOf(user)).not.toBeNull();
    expect((await admin.mutate("admin.deactivateUser", { username: "director-bogota" })).status).toBe(200);
    expect(await sessionOf(user)).toBeNull();
    const refused = await login("director-bogota", PASSWORD);
    expect(refused.status).toBe(401);
    expect(refused.error?.message).toMatch(/Wrong username or password/);
    const users = await admin.query<{ username: string; active: boolean }[]>("admin.users");
    expect(users.data?.find((u) => u.username === "director-bogota")?.active).toBe(false);
    expect(users.data?.find((u) => u.username === "admin")?.active).toBe(true);

    expect((await admin.mutate("admin.reactivateUser", { username: "director-bogota" })).status).toBe(200);
    expect((await login("director-bogota", PASSWORD)).status).toBe(200);
    const audit = await auditRows("director-bogota");
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["user.deactivate", "user.reactivate"]));
    const attempts = await all<{ detail: string }>(
      srv.db.connection,
      `SELECT CAST(detail AS VARCHAR) AS detail FROM audit_log WHERE actor = 'director-bogota' AND action = 'auth.login' AND NOT ok`,
    );
    expect(attempts.map((a) => a.detail)).toContain(JSON.stringify({ reason: "deactivated" }));
  });

  it("an admin cannot deactivate their own account; other roles cannot call any of it", async () => {
    const self = await admin.mutate("admin.deactivateUser", { username: "admin" });
    expect(self.status).toBe(400);
    const ministry = await signedIn(srv.url, "ministry", PASSWORD);
    for (const [path, input] of [
      ["admin.resetPassword", { username: "researcher" }],
      ["admin.deactivateUser", { username: "researcher" }],
      ["admin.reactivateUser", { username: "researcher" }],
    ] as const) {
      expect((await ministry.mutate(path, input)).status, path).toBe(403);
    }
    expect((await login("researcher", PASSWORD)).status).toBe(200);
  });
});
