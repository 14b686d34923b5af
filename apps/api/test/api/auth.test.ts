// Sign-in over real HTTP: failures are 401 and audited, repeated failures are rate limited, the
// session cookie is HttpOnly + SameSite, mutations need the CSRF token, logout and password
// changes end sessions, expired sessions are refused.
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/auth/rate-limit";
import { addUser } from "../../src/auth/users";
import { all, run } from "../../src/db/query";
import { ApiClient, signedIn } from "./client";
import { PASSWORD, passwordHash, startServer, type TestServer } from "./fixture";

let srv: TestServer;

beforeAll(async () => {
  srv = await startServer();
  const hash = await passwordHash();
  for (const u of ["limited", "changer", "reset-me", "expiring"]) {
    await addUser(srv.db.connection, { username: u, password: "", role: "researcher" }, { passwordHash: hash });
  }
});
afterAll(async () => {
  await srv?.close();
});

const auditRows = (action: string, actor: string) =>
  all<{ ok: boolean; detail: string | null }>(srv.db.connection, `SELECT ok, CAST(detail AS VARCHAR) AS detail FROM audit_log WHERE action = $a AND actor = $u ORDER BY id`, {
    a: action,
    u: actor,
  });

describe("sign-in", () => {
  it("a wrong password is 401 with a bilingual message, sets no cookie, and is audited", async () => {
    const c = new ApiClient(srv.url);
    const r = await c.login("researcher", "not-the-password");
    expect(r.status).toBe(401);
    expect(r.error?.data.code).toBe("UNAUTHORIZED");
    expect(r.error?.message).toMatch(/incorrectos.*\/.*Wrong/);
    expect(r.headers.get("set-cookie")).toBeNull();
    const rows = await auditRows("auth.login", "researcher");
    expect(rows.some((x) => !x.ok && x.detail?.includes("bad_credentials"))).toBe(true);
  });

  it("an unknown user gets the same answer as a wrong password", async () => {
    const r = await new ApiClient(srv.url).login("no-such-user", "whatever-password");
    expect(r.status).toBe(401);
    expect(r.error?.message).toMatch(/Wrong username or password/);
  });

  it("signs in with a session cookie that is HttpOnly, SameSite=Strict, Path=/ and expiring", async () => {
    const c = new ApiClient(srv.url);
    const r = await c.login("ministry", PASSWORD);
    expect(r.status).toBe(200);
    expect(r.data?.role).toBe("ministry");
    const cookie = c.lastSetCookie ?? "";
    expect(cookie).toMatch(/^refugio_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Expires=/);
    // Loopback over plain HTTP: "auto" leaves Secure off so local development works.
    expect(cookie).not.toMatch(/; Secure/);
    const me = await c.query<{ username: string; csrfToken: string; k: number }>("auth.me");
    expect(me.data?.username).toBe("ministry");
    expect(me.data?.csrfToken).toBe(c.csrf);
    expect(me.data?.k).toBe(5); // the default small-cell threshold
    expect((await auditRows("auth.login", "ministry")).some((x) => x.ok)).toBe(true);
  });

  it("the database keeps only a hash of the session token", async () => {
    const c = await signedIn(srv.url, "admin", PASSWORD);
    const token = (c.cookie ?? "").split("=")[1] ?? "";
    const rows = await all<{ token_hash: string }>(srv.db.connection, `SELECT token_hash FROM sessions WHERE username = 'admin'`);
    expect(rows.map((x) => x.token_hash)).toContain(createHash("sha256").update(token).digest("hex"));
    expect(rows.map((x) => x.token_hash)).not.toContain(token);
  });

  it("locks an account out after 5 failures, even for the right password, and audits it", async () => {
    const c = new ApiClient(srv.url);
    for (let i = 0; i < 5; i++) expect((await c.login("limited", `wrong-${i}`)).status).toBe(401);
    const r = await c.login("limited", PASSWORD);
    expect(r.status).toBe(429);
    expect(r.error?.data.code).toBe("TOO_MANY_REQUESTS");
    expect((await auditRows("auth.login", "limited")).some((x) => x.detail?.includes("rate_limited"))).toBe(true);
  });
});

describe("sign-in limits per client", () => {
  it("after too many failures from one address, any account is refused (password spraying)", async () => {
    const spray = await startServer({ services: { loginIpLimiter: new RateLimiter(3) } });
    try {
      for (const u of ["admin", "ministry", "researcher"]) expect((await new ApiClient(spray.url).login(u, "spray-password")).status).toBe(401);
      const r = await new ApiClient(spray.url).login("director-aurora", PASSWORD);
      expect(r.status).toBe(429);
    } finally {
      await spray.close();
    }
  });
});

describe("CSRF", () => {
  it("a mutation without the CSRF header, or with a wrong one, is FORBIDDEN; with it, it passes", async () => {
    const c = await signedIn(srv.url, "director-aurora", PASSWORD);
    const input = { code: "aurora-r1", scope: "national", status: "in_progress", evidence: "Oficio enviado" };
    const missing = await c.mutate("recommendations.update", input, { csrf: false });
    expect(missing.status).toBe(403);
    expect(missing.error?.message).toMatch(/CSRF/);
    const wrong = await c.mutate("recommendations.update", input, { csrf: randomBytes(24).toString("base64url") });
    expect(wrong.status).toBe(403);
    const before = await all(srv.db.connection, `SELECT * FROM recommendation_updates WHERE recommendation_code = 'aurora-r1'`);
    expect(before).toHaveLength(0);
    const ok = await c.mutate("recommendations.update", input);
    expect(ok.status).toBe(200);
    expect(await all(srv.db.connection, `SELECT * FROM recommendation_updates WHERE recommendation_code = 'aurora-r1'`)).toHaveLength(1);
  });

  it("logout also needs the token", async () => {
    const c = await signedIn(srv.url, "researcher", PASSWORD);
    expect((await c.mutate("auth.logout", undefined, { csrf: false })).status).toBe(403);
    expect((await c.query("auth.me")).data).not.toBeNull();
  });
});

describe("ending sessions", () => {
  it("logout invalidates the session on the server (a replayed cookie no longer works) and is audited", async () => {
    const c = await signedIn(srv.url, "researcher", PASSWORD);
    const stolen = c.cookie;
    const r = await c.mutate("auth.logout");
    expect(r.status).toBe(200);
    expect(c.lastSetCookie).toMatch(/Max-Age=0/);
    const replay = new ApiClient(srv.url);
    replay.cookie = stolen;
    expect((await replay.query("auth.me")).data).toBeNull();
    expect((await replay.query("catalogue.networks")).status).toBe(401);
    expect((await auditRows("auth.logout", "researcher")).length).toBeGreaterThan(0);
  });

  it("an expired session is rejected", async () => {
    const token = randomBytes(32).toString("base64url");
    await run(
      srv.db.connection,
      `INSERT INTO sessions VALUES ($h, 'expiring', 'csrf', current_timestamp - INTERVAL 10 HOUR, current_timestamp - INTERVAL 1 HOUR)`,
      { h: createHash("sha256").update(token).digest("hex") },
    );
    const c = new ApiClient(srv.url);
    c.cookie = `refugio_session=${token}`;
    expect((await c.query("auth.me")).data).toBeNull();
    const r = await c.query("catalogue.networks");
    expect(r.status).toBe(401);
    expect(r.error?.message).toMatch(/Inicie sesión \/ Please sign in/);
  });

  it("changing one's password ends every session of the account, and the new password works", async () => {
    const a = await signedIn(srv.url, "changer", PASSWORD);
    const b = await signedIn(srv.url, "changer", PASSWORD);
    const wrong = await a.mutate("auth.changePassword", { current: "not-it", next: "a-new-long-password" });
    expect(wrong.status).toBe(400);
    expect((await b.query("auth.me")).data).not.toBeNull();
    const r = await a.mutate("auth.changePassword", { current: PASSWORD, next: "a-new-long-password" });
    expect(r.status).toBe(200);
    expect((await a.query("catalogue.networks")).status).toBe(401);
    expect((await b.query("catalogue.networks")).status).toBe(401);
    expect((await new ApiClient(srv.url).login("changer", PASSWORD)).status).toBe(401);
    expect((await new ApiClient(srv.url).login("changer", "a-new-long-password")).status).toBe(200);
    const rows = await auditRows("user.passwd", "changer");
    expect(rows.map((x) => x.ok)).toEqual([false, true]);
  });

  it("an administrator's password reset ends the account's sessions", async () => {
    const victim = await signedIn(srv.url, "reset-me", PASSWORD);
    const admin = await signedIn(srv.url, "admin", PASSWORD);
    const r = await admin.mutate("admin.setPassword", { username: "reset-me", password: "reset-long-password" });
    expect(r.status).toBe(200);
    expect((await victim.query("catalogue.networks")).status).toBe(401);
  });

  it("a role change ends the account's sessions (the old role's session cannot linger)", async () => {
    const admin = await signedIn(srv.url, "admin", PASSWORD);
    await admin.mutate("admin.addUser", { username: "promoted", password: "handed-over-passphrase", role: "researcher" });
    // The admin chose that password: the account chooses its own first (one-time-password.test.ts).
    const first = await signedIn(srv.url, "promoted", "handed-over-passphrase");
    expect((await first.mutate("auth.changePassword", { current: "handed-over-passphrase", next: "elevated-rank-passphrase" })).status).toBe(200);
    const user = await signedIn(srv.url, "promoted", "elevated-rank-passphrase");
    expect((await user.query("catalogue.networks")).status).toBe(200);
    const r = await admin.mutate("admin.setRole", { username: "promoted", role: "shelter_staff", shelter: "hrt-02" });
    expect(r.status).toBe(200);
    expect((await user.query("catalogue.networks")).status).toBe(401);
    const again = await signedIn(srv.url, "promoted", "elevated-rank-passphrase");
    const shelters = await again.query<{ shelter_code: string }[]>("catalogue.shelters");
    expect(shelters.data?.map((s) => s.shelter_code)).toEqual(["hrt-02"]);
  });
});

describe("the deployment's k", () => {
  it("auth.me reports REFUGIO_K, so the dashboard words suppression with the deployment's threshold", async () => {
    const strict = await startServer({ env: { REFUGIO_K: "7" } });
    try {
      const c = await signedIn(strict.url, "ministry", PASSWORD);
      expect((await c.query<{ k: number }>("auth.me")).data?.k).toBe(7);
    } finally {
      await strict.close();
    }
  });
});
