// The crash cases of issue 13 and their variants, against `refugio serve` in a child process: a
// signed-in reader repeats failing queries (unknown network, country, indicator, shelter; a
// reversed period) from parallel loops, sends tRPC batches whose calls fail at different
// moments on one connection, and abandons heavy requests at random moments. The server must
// keep answering (max stall reported), never log a native crash, and on SIGTERM in the middle of
// it exit 0 and release the database file.
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connection";
import { indicatorInfos } from "../../src/routers/backends";
import { signedIn, type ApiClient } from "../api/client";
import { PASSWORD } from "../api/fixture";
import { fixtureDb, Report, sleep, spawnServe } from "./harness";

const LOOPS = 4;
const PER_LOOP = Number(process.env.REFUGIO_CRASH_PER_LOOP ?? 60);
const report = new Report("crash cases: concurrent failing queries, batches, aborts, SIGTERM");
afterAll(() => report.print());

const proportion = indicatorInfos().find((i) => i.unit === "proportion" && i.dimensions.includes("shelter"))?.code ?? "";

/** Failing inputs (each a 4xx) for the procedures that run several queries. */
function failing(i: number): [string, unknown] {
  const n = `no-such-${i}`;
  switch (i % 6) {
    case 0:
      return ["compare.units", { indicator: proportion, network: n }];
    case 1:
      return ["compare.units", { indicator: proportion, units: "region", country: "ZZ" }];
    case 2:
      return ["compare.units", { indicator: n }];
    case 3:
      return ["indicators.values", { indicators: [proportion], shelter: n, by: ["shelter"] }];
    case 4:
      return ["indicators.values", { indicators: [proportion], network: n, by: ["region"] }];
    default:
      return ["indicators.trend", { indicators: [proportion], network: n, grain: "month" }];
  }
}

async function storm(url: string, reader: ApiClient, perLoop: number, until?: { stop: boolean }) {
  const loop = async (k: number) => {
    for (let i = 0; i < perLoop && !until?.stop; i++) {
      const [path, input] = failing(k * 1000 + i);
      try {
        const r = await reader.query(path, input);
        report.status(r.status);
        if (!until && r.status >= 500) report.losses += 1;
      } catch {
        if (!until) report.losses += 1;
        return;
      }
    }
  };
  // Batches: several calls on one request's connection, failing at different moments.
  const batches = async () => {
    for (let i = 0; i < perLoop / 4 && !until?.stop; i++) {
      const calls = [failing(i), failing(i + 1), ["compare.units", { indicator: proportion, units: "region" }] as [string, unknown], failing(i + 2)];
      const input = Object.fromEntries(calls.map(([, v], j) => [String(j), v]));
      try {
        const res = await fetch(`${url}/trpc/${calls.map(([p]) => p).join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { cookie: reader.cookie ?? "" } });
        report.status(res.status);
        const body = (await res.json()) as { error?: { data?: { httpStatus?: number } } }[];
        // During shutdown new requests are refused with 503 on purpose; before it, never a 5xx.
        if (!until && body.some((b) => (b.error?.data?.httpStatus ?? 200) >= 500)) report.losses += 1;
      } catch {
        if (!until) report.losses += 1;
        return;
      }
    }
  };
  // Heavy requests abandoned at random moments (a closed tab).
  const aborts = async () => {
    for (let i = 0; i < perLoop / 2 && !until?.stop; i++) {
      const ctl = new AbortController();
      const input = encodeURIComponent(JSON.stringify({ indicators: [proportion], by: ["shelter"], grain: "month" }));
      const p = fetch(`${url}/trpc/indicators.trend?input=${input}`, { headers: { cookie: reader.cookie ?? "" }, signal: ctl.signal })
        .then((r) => r.arrayBuffer())
        .catch(() => null);
      setTimeout(() => ctl.abort(), Math.floor(Math.random() * 40));
      report.faults += 1;
      await p;
    }
  };
  // A probe: how long does a trivial request wait while all this runs?
  let probing = true;
  const probe = async () => {
    while (probing) {
      const t0 = Date.now();
      try {
        const r = await fetch(`${url}/healthz`);
        report.status(r.status);
        await r.arrayBuffer();
      } catch {
        if (!until) report.losses += 1;
        return;
      }
      report.stall(Date.now() - t0);
      await sleep(50);
    }
  };
  const probing$ = probe();
  await Promise.all([...Array.from({ length: LOOPS }, (_, k) => loop(k)), batches(), aborts()]);
  probing = false;
  await probing$;
}

describe("a signed-in reader cannot crash or hang the server", () => {
  it(`${LOOPS} loops × ${PER_LOOP} failing queries, batches and aborted requests; then SIGTERM in the middle of more`, async () => {
    const { dir, path } = await fixtureDb();
    const serve = await spawnServe(path);
    try {
      const reader = await signedIn(serve.url, "researcher", PASSWORD);
      await storm(serve.url, reader, PER_LOOP);
      expect(report.losses).toBe(0);
      expect((await reader.query("compare.units", { indicator: proportion, units: "region" })).status).toBe(200);

      // SIGTERM while the storm goes on: a clean exit that releases the database file.
      const until = { stop: false };
      const more = storm(serve.url, reader, PER_LOOP, until);
      await sleep(300);
      const t0 = Date.now();
      serve.child.kill("SIGTERM");
      report.faults += 1;
      const code = await Promise.race([serve.exited, sleep(20_000).then(() => "hung")]);
      until.stop = true;
      await more;
      report.note(`SIGTERM under load: exit ${String(code)} after ${Date.now() - t0} ms`);
      expect(code).toBe(0);
      expect(serve.output()).not.toMatch(/malloc|tcache|double free|Segmentation|core dumped/i);
      const again = await openDatabase(path);
      again.close();
      report.note("database reopened by another process after SIGTERM (file lock released)");
    } finally {
      if (serve.child.exitCode === null && serve.child.signalCode === null) serve.child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
