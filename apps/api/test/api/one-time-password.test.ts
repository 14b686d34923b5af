// Issue 15: a password an admin set (reset, creation) is one-time. Until the account chooses its
// own, every procedure but auth.changePassword / auth.logout / auth.me fails closed with a
// bilingual FORBIDDEN (tRPC, multipart uploads and downloads alike); after, the account reads as
// before. Over HTTP against the real server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { all } from "../../src/db/query";
import { ApiClient, signedIn } from "./client";
import { PASSWORD, startServer, type TestServer } from "./fixture";
import { upload } from "./upload";

let srv: TestServer;
let admin: ApiClient;
beforeAll(async () => {
  srv = await startServer();
  admin = await signedIn(srv.url, "admin", PASSWORD);
});
afterAll(async () => {
  await srv?.close();
});

const MUST_CHANGE = /elija una propia antes de continuar \/ .*choose your own before continuing/;
const INDICATORS = { indicators: ["women_served"], from: "2023-01-01", to: "2023-12-31" };

const auditOf = (target: string) =>
  all<{ action: string; actor: string; ok: boolean; detail: string | null }>(
    srv.db.connection,
    `SELECT action, actor, ok, CAST(detail AS VARCHAR) AS detail FROM audit_log WHERE target = $t OR (target IS NULL AND actor = $t) ORDER BY id`,
    { t: target },
  );

describe("one-time passwords", () => {
  it("a reset account cannot read indicators until it chooses its own password, and can after", async () => {
    const before = await signedIn(srv.url, "ministry", PASSWORD);
    expect((await before.query("indicators.values", INDICATORS)).status).toBe(200);

    const reset = await admin.mutate<{ password: string }>("admin.resetPassword", { username: "ministry" });
    expect(reset.status).toBe(200);
    const otp = reset.data?.password ?? "";
    // The admin's list of accounts shows who still holds a password someone else chose.
    const pending = async () =>
      (await admin.query<{ username: string; must_change_password: boolean }[]>("admin.users")).data?.find((u) => u.username === "ministry")?.must_change_password;
    expect(await pending()).toBe(true);

    const user = new ApiClient(srv.url);
    const login = await user.login("ministry", otp);
    expect(login.status).toBe(200);
    expect((login.data as { mustChangePassword?: boolean } | undefined)?.mustChangePassword).toBe(true);
    expect((await user.query<{ mustChangePassword: boolean }>("auth.me")).data?.mustChangePassword).toBe(true);

    // Fails closed: queries, mutations, uploads, downloads.
    const refused = await user.query("indicators.values", INDICATORS);
    expect(refused.status).toBe(403);
    expect(refused.error?.message).toMatch(MUST_CHANGE);
    expect((await user.query("catalogue.networks")).status).toBe(403);
    const mutation = await user.mutate("recommendations.update", { code: "R1" });
    expect(mutation.status).toBe(403);
    expect(mutation.error?.message).toMatch(MUST_CHANGE);
    const up = await upload(user, "ingest.check", [{ name: "stays.csv", data: "x" }]);
    expect(up.status).toBe(403);
    expect(up.error?.message).toMatch(MUST_CHANGE);
    const download = await fetch(`${srv.url}/downloads/indicators.csv?input=${encodeURIComponent(JSON.stringify(INDICATORS))}`, {
      headers: { cookie: user.cookie ?? "" },
    });
    expect(download.status).toBe(403);
    expect(await download.text()).toMatch(MUST_CHANGE);

    // The new password follows the rules (a weak one is refused, the flag stays).
    const weak = await user.mutate("auth.changePassword", { current: otp, next: "password1234" });
    expect(weak.status).toBe(400);
    expect((await user.query("indicators.values", INDICATORS)).status).toBe(403);

    const changed = await user.mutate("auth.changePassword", { current: otp, next: "a-password-of-my-own" });
    expect(changed.status).toBe(200);
    expect(await pending()).toBe(false);
    const after = await signedIn(srv.url, "ministry", "a-password-of-my-own");
    expect((await after.query<{ mustChangePassword: boolean }>("auth.me")).data?.mustChangePassword).toBe(false);
    const values = await after.query("indicators.values", INDICATORS);
    expect(values.status).toBe(200);

    // Audited: the reset (one-time), the sign-in with it, the change that replaced it.
    const rows = await auditOf("ministry");
    expect(rows.some((r) => r.action === "user.passwd" && r.actor === "admin" && r.detail?.includes('"one_time":true'))).toBe(true);
    expect(rows.some((r) => r.action === "auth.login" && r.ok && r.detail?.includes('"must_change_password":true'))).toBe(true);
    expect(rows.some((r) => r.action === "user.passwd" && r.actor === "ministry" && r.ok && r.detail?.includes('"replaced_one_time":true'))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(otp);

    // Back to the fixture's password, chosen by the account itself.
    expect((await after.mutate("auth.changePassword", { current: "a-password-of-my-own", next: PASSWORD })).status).toBe(200);
  });

  it("an account an admin created, or whose password an admin set, must choose its own; sign-out still works", async () => {
    expect((await admin.mutate("admin.addUser", { username: "new-analyst", password: "handed-over-passphrase", role: "researcher" })).status).toBe(200);
    const fresh = await signedIn(srv.url, "new-analyst", "handed-over-passphrase");
    expect((await fresh.query("catalogue.networks")).status).toBe(403);
    expect((await fresh.mutate("auth.logout")).status).toBe(200);

    expect((await admin.mutate("admin.setPassword", { username: "researcher", password: "set-by-the-admin-1" })).status).toBe(200);
    const set = await signedIn(srv.url, "researcher", "set-by-the-admin-1");
    expect((await set.query("catalogue.networks")).status).toBe(403);
    expect((await set.mutate("auth.changePassword", { current: "set-by-the-admin-1", next: PASSWORD })).status).toBe(200);
    const own = await signedIn(srv.url, "researcher", PASSWORD);
    expect((await own.query("catalogue.networks")).status).toBe(200);
  });
});
