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
