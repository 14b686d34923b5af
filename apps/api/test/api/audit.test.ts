// The audit log: what is recorded, the admin's filtered list and CSV export, and the rule that
// nothing in the API or CLI updates or deletes audit rows.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditCsv, type AuditRow } from "../../src/routers/admin";
import { ApiClient, signedIn } from "./client";
import { PASSWORD, startServer, type TestServer } from "./fixture";

let srv: TestServer;
let admin: ApiClient;

type Row = AuditRow;

beforeAll(async () => {
  srv = await startServer();
  await new ApiClient(srv.url).login("=cmd|' /C calc'!A0", "wrong-password");
  await new ApiClient(srv.url).login("researcher", "wrong-password");
  admin = await signedIn(srv.url, "admin", PASSWORD);
  await admin.mutate("admin.addUser", { username: "audited-user", password: "audited-password", role: "ministry" });
  await admin.mutate("admin.removeUser", { username: "audited-user" });
});
afterAll(async () => {
  await srv?.close();
});

describe("audit log", () => {
  it("records sign-ins (failed and successful) and user changes, newest first", async () => {
    const r = await admin.query<Row[]>("admin.audit");
    const actions = (r.data ?? []).map((x) => `${x.action}:${x.ok}:${x.actor}`);
    expect(actions).toContain("auth.login:false:researcher");
    expect(actions).toContain("auth.login:true:admin");
    expect(actions).toContain("user.add:true:admin");
    expect(actions).toContain("user.remove:true:admin");
    const ids = (r.data ?? []).map((x) => x.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it("filters by action prefix, outcome, actor and date", async () => {
    const failed = await admin.query<Row[]>("admin.audit", { action: "auth", ok: false });
    expect(failed.data?.length).toBeGreaterThanOrEqual(2);
    expect(failed.data?.every((x) => x.action.startsWith("auth.") && !x.ok)).toBe(true);
    const byActor = await admin.query<Row[]>("admin.audit", { actor: "researcher" });
    expect(byActor.data?.every((x) => x.actor === "researcher")).toBe(true);
    // Part of a name finds it, in any case (what someone typing in the filter expects).
    const partial = await admin.query<Row[]>("admin.audit", { actor: "SEARCH" });
    expect(partial.data?.length).toBe(byActor.data?.length);
    expect(partial.data?.length).toBeGreaterThan(0);
    const future = await admin.query<Row[]>("admin.audit", { from: "2999-01-01" });
    expect(future.data).toEqual([]);
    const bad = await admin.query("admin.audit", { action: "x'; DELETE FROM audit_log; --" });
    expect(bad.status).toBe(400);
  });

  it("exports CSV (quoted, formulas neutralised), and the export is itself audited", async () => {
    const r = await admin.mutate<{ csv: string; filename: string }>("admin.auditCsv", { action: "auth" });
    expect(r.status).toBe(200);
    const csv = r.data?.csv ?? "";
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("id,at,actor,action,target,ok,detail");
    expect(lines.length).toBeGreaterThan(3);
    expect(csv).toContain(`"'=cmd|' /C calc'!A0"`);
    expect(csv).not.toMatch(/(^|,)"=/m);
    expect(r.data?.filename).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const exports = await admin.query<Row[]>("admin.audit", { action: "export" });
    expect(exports.data?.[0]?.action).toBe("export.audit");
  });

  it("auditCsv escapes quotes and keeps one line per row", () => {
    const csv = auditCsv([{ id: 1, at: "2025-01-01 00:00:00", actor: 'a"b', action: "x.y", target: null, ok: true, detail: '{"k":"v"}' }]);
    expect(csv).toBe(`id,at,actor,action,target,ok,detail\r\n"1","2025-01-01 00:00:00","a""b","x.y","","true","{""k"":""v""}"\r\n`);
  });

  it("is append-only: no source file of the API updates or deletes audit_log rows", () => {
    const root = fileURLToPath(new URL("../../src", import.meta.url));
    const files: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.ts$/.test(n)) files.push(p);
      }
    };
    walk(root);
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.filter((f) => /(UPDATE\s+audit_log|DELETE\s+FROM\s+audit_log|TRUNCATE\s+audit_log|DROP\s+TABLE\s+(IF\s+EXISTS\s+)?audit_log)/i.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });
});
