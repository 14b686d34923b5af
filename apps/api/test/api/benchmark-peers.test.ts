// The Benchmark page's peers are computed once per peer group and period, not once per shelter:
// a second shelter of the same network reads the first one's released peer rows from the cache,
// and its answer is identical to the one computed with an empty cache (its own row is still left
// out of its distribution). Same server both times: the record-key secret, hence the
// perturbation, belongs to the database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LruCache } from "../../src/cache/lru";
import { PEER_ROWS } from "../../src/routers/benchmark";
import { signedIn } from "./client";
import { PASSWORD, startServer, type TestServer } from "./fixture";

/** An LruCache that remembers which cache names were computed (set), in order. */
class RecordingCache extends LruCache {
  computed: string[] = [];
  override set(key: string, value: unknown): void {
    this.computed.push(String(JSON.parse(key)[0]));
    super.set(key, value);
  }
}

const input = (shelter: string) => ({ shelter, peers: "network", from: "2024-01-01", to: "2024-12-31" });

describe("benchmark.shelter: peers computed once per group", () => {
  let warm: TestServer;
  const cache = new RecordingCache(500);
  beforeAll(async () => {
    warm = await startServer({ services: { cache } });
  }, 120_000);
  afterAll(async () => {
    await warm?.close();
  });

  it("a second shelter of the network reuses the peer rows and gets the same answer as an empty cache", async () => {
    const a = await signedIn(warm.url, "ministry", PASSWORD);
    const first = await a.query("benchmark.shelter", input("hrt-01"));
    expect(first.status).toBe(200);
    const peerComputations = cache.computed.filter((n) => n === PEER_ROWS).length;
    expect(peerComputations).toBeGreaterThan(0);

    const second = await a.query("benchmark.shelter", input("hrt-02"));
    expect(second.status).toBe(200);
    // No new peer computation: hrt-02's peers came from hrt-01's request.
    expect(cache.computed.filter((n) => n === PEER_ROWS).length).toBe(peerComputations);

    cache.clear();
    const reference = await a.query("benchmark.shelter", input("hrt-02"));
    expect(second.data).toEqual(reference.data);
  });
});

// Compare's spine view reads a shelter against the shelters of its own model (every network):
// Peru's HRTs never have Bogotá's houses or Mexico's refugio among their peers.
describe("benchmark.shelter: peers of the same model", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  type Answer = { shelter: { model: string }; peerGroup: string; indicators: { indicator: string; peers: { peers: number } | null }[] };
  const peerCounts = (a: Answer) => new Map(a.indicators.map((i) => [i.indicator, i.peers?.peers ?? 0]));

  it("counts only the other shelters of the model, fewer than every shelter", async () => {
    const c = await signedIn(server.url, "ministry", PASSWORD);
    const byModel = await c.query<Answer>("benchmark.shelter", { ...input("hrt-01"), peers: "model" });
    const all = await c.query<Answer>("benchmark.shelter", { ...input("hrt-01"), peers: "all" });
    expect(byModel.status).toBe(200);
    expect(byModel.data?.peerGroup).toBe("model");
    expect(byModel.data?.shelter.model).toBe("hrt");
    const m = peerCounts(byModel.data as Answer);
    const a = peerCounts(all.data as Answer);
    // Three other HRTs at most (hrt-02..04); every shelter has up to six peers.
    for (const n of m.values()) expect(n).toBeLessThanOrEqual(3);
    expect([...a.entries()].some(([code, n]) => n > (m.get(code) ?? 0))).toBe(true);
  });

  it("keeps the caller's scope: shelter staff may ask for their own shelter only", async () => {
    const c = await signedIn(server.url, "shelter-hrt-01", PASSWORD);
    expect((await c.query("benchmark.shelter", { ...input("hrt-01"), peers: "model" })).status).toBe(200);
    expect((await c.query("benchmark.shelter", { ...input("cr-bog-1"), peers: "model" })).status).toBe(403);
  });
});
