// The growth target judges two runs of the harness: every page at most 4× slower for 10× the
// stays, and the server under 4 GB. Built from entries, as the harness writes them.
import { describe, expect, it } from "vitest";
import { growthTarget, targets } from "../../bench/lib/targets";
import { entry, type Entry } from "../../bench/lib/report";

const pages = ["page:overview", "page:compare", "page:trends", "page:benchmark"];
const run = (ms: number, rssMB: number): Entry[] => [...pages.map((p) => entry(p, "ms", [ms, ms, ms])), entry("server:peak-rss", "MB", [rssMB])];

describe("growth target (10 M against a 1 M baseline)", () => {
  const baseline = { stays: 1_000_000, entries: run(100, 500), file: "reports/1m/report.json" };

  it("is met when every page grows at most 4× and RSS stays under 4 GB", () => {
    const t = growthTarget(run(390, 3000), 10_000_000, baseline);
    expect(t.met).toBe(true);
    expect(t.measured).toContain("page:benchmark 3.9×");
  });

  it("is missed, saying why, when a page grows more than 4× or RSS reaches 4 GB", () => {
    const slow = growthTarget(run(450, 3000), 10_000_000, baseline);
    expect(slow.met).toBe(false);
    expect(slow.note).toContain("4.5×");
    const fat = growthTarget(run(200, 5000), 10_000_000, baseline);
    expect(fat.met).toBe(false);
    expect(fat.note).toContain("5000 MB");
  });

  it("is not judged without a baseline, or for another pair of sizes", () => {
    expect(growthTarget(run(100, 500), 10_000_000).met).toBeNull();
    expect(growthTarget(run(100, 500), 5_000_000, baseline).met).toBeNull();
  });
});

describe("the PostgreSQL target's reason comes from the run, not from a fixed machine", () => {
  const withRefs = (duckRef: number, pgRef: number): Entry[] => [
    entry("page:overview", "ms", [400], { reference: "duckdb", samples: [duckRef] }),
    entry("page:overview", "ms", [400], { reference: "postgresql", samples: [pgRef] }),
  ];
  const pgTarget = (entries: Entry[]) => targets(entries, 1_000_000).find((t) => t.target === "page:overview ≥ 8× faster than PostgreSQL 15");

  it("says the hand-written DuckDB SQL is itself short of 8× when it is", () => {
    const t = pgTarget(withRefs(200, 760));
    expect(t?.met).toBe(false);
    expect(t?.note).toContain("only 3.8× faster than PostgreSQL in this run");
    expect(t?.note).not.toMatch(/load average|shared/);
  });

  it("puts the gap on Refugio's own overhead when plain DuckDB reaches 8×", () => {
    const t = pgTarget(withRefs(50, 1000));
    expect(t?.met).toBe(false);
    expect(t?.note).toContain("20× faster than PostgreSQL in this run, so what is missing is Refugio's own overhead");
  });
});
