// Like with like on Compare: `compare.units` narrowed to one shelter model returns shelters of
// that model only, and the same shelters' figures as without the filter's other models pooled in.
import type { SessionUser } from "@refugio/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../../src/router";
import { createCallerFactory, type Context } from "../../src/trpc";
import { SHELTERS, startServer, type TestServer } from "./fixture";

let srv: TestServer;

function ministry(): Context {
  const user = { username: "ministry", role: "ministry", network_code: null, shelter_code: null } as SessionUser;
  return {
    conn: srv.db.connection,
    config: srv.config,
    user,
    session: { tokenHash: "test", csrfToken: "test", mustChangePassword: false },
    req: { ip: "127.0.0.1", userAgent: "compare-model.test", csrfHeader: "test", setCookie: () => undefined, setHeader: () => undefined, requestId: "compare-model" },
    services: srv.services,
  };
}

beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  await srv?.close();
});

describe("compare.units by model", () => {
  it("keeps shelters of the chosen model only", async () => {
    const caller = createCallerFactory(appRouter)(ministry());
    const all = await caller.compare.units({ indicator: "women_served", units: "shelter" });
    const hrt = await caller.compare.units({ indicator: "women_served", units: "shelter", model: "hrt" });
    const modelOf = new Map<string, string>(SHELTERS.map((s) => [s.shelter_code, s.model]));
    const codes = (answer: typeof all) => answer.units.map((u) => String(u.result.group.shelter));
    expect(new Set(codes(all).map((c) => modelOf.get(c))).size).toBeGreaterThan(1);
    expect(codes(hrt).length).toBeGreaterThan(0);
    expect(codes(hrt).every((c) => modelOf.get(c) === "hrt")).toBe(true);
    expect(codes(hrt).sort()).toEqual(codes(all).filter((c) => modelOf.get(c) === "hrt").sort());
  });
});
