// Sealed sessions shared by lake readers (auth/sessions.ts, docs/scaling.md): two readers opening
// the same session folder agree on one key, each opens the other's sessions, a sign-out on one is
// refused by the other from its next look, and a key other users can read is refused.
import { createHash } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SessionStoreError, SharedSessions } from "../../src/auth/sessions";

const root = mkdtempSync(join(tmpdir(), "refugio-shared-sessions-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const session = (over: Partial<{ exp: number }> = {}) => ({ u: "ministry", c: "csrf", iat: new Date().toISOString(), exp: Date.now() + 3600_000, ...over });

describe("SharedSessions", () => {
  it("gives two readers of one folder one key (0600): each opens the other's sessions", () => {
    const dir = join(root, "a");
    const one = new SharedSessions(dir);
    const two = new SharedSessions(dir);
    expect(statSync(join(dir, "key")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, "key"))).toHaveLength(32);
    const token = one.seal(session());
    expect(two.open(token)).toMatchObject({ u: "ministry", c: "csrf" });
    // Sealed: the account name is not readable in the cookie.
    expect(Buffer.from(token.slice(3), "base64url").toString("latin1")).not.toContain("ministry");
  });

  it("refuses an expired session and one revoked by another reader", () => {
    const dir = join(root, "b");
    const one = new SharedSessions(dir);
    const two = new SharedSessions(dir);
    expect(two.open(one.seal(session({ exp: Date.now() - 1 })))).toBeNull();
    const token = one.seal(session());
    expect(two.open(token)).not.toBeNull();
    one.revoke(createHash("sha256").update(token).digest("hex"));
    expect(two.open(token)).toBeNull();
    // Only the hash was written, never the token or the name.
    const revoked = readFileSync(join(dir, "revoked"), "utf8");
    expect(revoked).not.toContain(token);
    expect(revoked).not.toContain("ministry");
  });

  it("refuses a key file other users can read, saying how to fix it", () => {
    const dir = join(root, "c");
    new SharedSessions(dir);
    chmodSync(join(dir, "key"), 0o644);
    expect(() => new SharedSessions(dir)).toThrow(SessionStoreError);
    expect(() => new SharedSessions(dir)).toThrow(/chmod 600.*\/.*chmod 600/);
  });
});
