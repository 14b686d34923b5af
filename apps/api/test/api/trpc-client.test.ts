// The typed client the dashboard uses (@trpc/client, httpBatchLink) against the real server:
// cookies and the CSRF header through a custom fetch, batched queries in one HTTP request, and
// per-call errors inside a batch.
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppRouter } from "../../src/router";
import { PASSWORD, startServer, type TestServer } from "./fixture";

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  await srv?.close();
});

function makeClient() {
  const state = { cookie: "", csrf: "", requests: 0 };
  const client = createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${srv.url}/trpc`,
        headers: () => ({ ...(state.cookie ? { cookie: state.cookie } : {}), ...(state.csrf ? { "x-csrf-token": state.csrf } : {}) }),
        fetch: async (url, init) => {
          state.requests += 1;
          const res = await fetch(url, init);
          const set = res.headers.get("set-cookie");
          if (set) state.cookie = set.split(";")[0] ?? "";
          return res;
        },
      }),
    ],
  });
  return { client, state };
}

describe("@trpc/client with httpBatchLink", () => {
  it("signs in, batches queries into one request, and sends mutations with the CSRF token", async () => {
    const { client, state } = makeClient();
    const session = await client.auth.login.mutate({ username: "director-aurora", password: PASSWORD });
    state.csrf = session.csrfToken;
    const before = state.requests;
    const [networks, shelters, me] = await Promise.all([
      client.catalogue.networks.query(),
      client.catalogue.shelters.query(),
      client.auth.me.query(),
    ]);
    expect(state.requests).toBe(before + 1);
    expect(networks.map((n) => n.network_code)).toEqual(["pe-aurora"]);
    expect(shelters.every((s) => s.network_code === "pe-aurora")).toBe(true);
    expect(me?.role).toBe("network_director");
    const r = await client.recommendations.update.mutate({ code: "aurora-r5", scope: "national", status: "in_progress", evidence: "Expediente iniciado" });
    expect(r.ok).toBe(true);
  });

  it("reports each call's error inside a batch: FORBIDDEN with its code and status, no stack", async () => {
    const { client, state } = makeClient();
    state.csrf = (await client.auth.login.mutate({ username: "shelter-hrt-01", password: PASSWORD })).csrfToken;
    const [ok, denied, outside] = await Promise.allSettled([
      client.catalogue.shelters.query(),
      client.admin.users.query(),
      client.compliance.items.query({ shelter: "hrt-02" }),
    ]);
    expect(ok.status).toBe("fulfilled");
    expect(ok.status === "fulfilled" && ok.value.map((s) => s.shelter_code)).toEqual(["hrt-01"]);
    for (const r of [denied, outside]) {
      expect(r.status).toBe("rejected");
      const e = (r as PromiseRejectedResult).reason as unknown;
      expect(e).toBeInstanceOf(TRPCClientError);
      const err = e as TRPCClientError<AppRouter>;
      expect(err.data?.code).toBe("FORBIDDEN");
      expect(err.data?.httpStatus).toBe(403);
      expect(JSON.stringify(err.shape)).not.toMatch(/stack/);
    }
  });

  it("validation errors arrive with typed field errors", async () => {
    const { client } = makeClient();
    await client.auth.login.mutate({ username: "researcher", password: PASSWORD });
    const e = await client.indicators.values.query({ from: "2024-02-30" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TRPCClientError);
    const err = e as TRPCClientError<AppRouter>;
    expect(err.data?.code).toBe("BAD_REQUEST");
    expect(err.data?.fieldErrors?.from?.[0]).toMatch(/AAAA-MM-DD \/ ISO date/);
  });
});
