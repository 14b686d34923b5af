// The demo network through the real bin: the Aurora evaluation's headline figures come back
// (4,992 women, 5,481 children, 631 companions; coordinator survey 2022: 21/22, 18/20, 19/22).
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { indicatorResultSchema, type IndicatorResult } from "@refugio/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemo } from "../../src/demo/create";

const bin = fileURLToPath(new URL("../../bin/refugio.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "refugio-ind-demo-"));
const dbPath = join(dir, "demo.duckdb");

function indicators(args: string[]): Promise<IndicatorResult[]> {
  return new Promise((ok, fail) => {
    execFile(process.execPath, [bin, "indicators", "--db", dbPath, "--json", ...args], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`refugio indicators failed (${String(error.code)}): ${stderr}`));
      else ok((JSON.parse(stdout) as unknown[]).map((x) => indicatorResultSchema.parse(x)));
    });
  });
}
const totalOf = (rows: IndicatorResult[], code: string) => {
  const r = rows.find((x) => x.indicator === code && Object.keys(x.group).length === 0);
  if (!r) throw new Error(`no total row for ${code}`);
  return r;
};

// Building the full demo network runs the real ingester over every batch: give it time on a busy machine.
beforeAll(async () => {
  await createDemo(dbPath, { seed: 1, scale: 1 });
}, 1_200_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("refugio indicators on the demo network", () => {
  it("reports the people served by the 22 HRT over the full period", async () => {
    const rows = await indicators(["--network", "pe-aurora", "--indicator", "women_served", "--indicator", "children_served", "--indicator", "companions_served"]);
    expect(totalOf(rows, "women_served").value).toBe(4992);
    expect(totalOf(rows, "children_served").value).toBe(5481);
    expect(totalOf(rows, "companions_served").value).toBe(631);
  });

  it.each([
    ["over the full period", []],
    ["for 2022", ["--from", "2022-01-01", "--to", "2022-12-31"]],
  ])("reports the 2022 coordinator survey %s", async (_label, period) => {
    const rows = await indicators([
      "--network", "pe-aurora", ...period,
      "--indicator", "coordinator_emotional_stability", "--indicator", "coordinator_self_esteem_improved", "--indicator", "coordinator_mother_child_bond",
    ]);
    const nd = (code: string) => [totalOf(rows, code).numerator, totalOf(rows, code).denominator];
    expect(nd("coordinator_emotional_stability")).toEqual([21, 22]);
    expect(nd("coordinator_self_esteem_improved")).toEqual([18, 20]);
    expect(nd("coordinator_mother_child_bond")).toEqual([19, 22]);
    expect(totalOf(rows, "coordinator_emotional_stability").value).toBeCloseTo(0.955, 3);
  });

  it("every indicator runs on the demo, and shelters are compared with the network with small cells suppressed", async () => {
    const rows = await indicators(["--network", "pe-aurora"]);
    expect(new Set(rows.map((r) => r.indicator)).size).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(30);
    const byShelter = await indicators(["--network", "pe-aurora", "--indicator", "completed_stays", "--by", "shelter"]);
    expect(byShelter).toHaveLength(23); // the total and 22 shelters
    for (const r of byShelter) {
      if (r.suppressed) expect(r.value).toBeNull();
      else expect(r.denominator ?? 0).toBeGreaterThanOrEqual(5);
      if (Object.keys(r.group).length > 0) expect(["better", "similar", "worse", "not_compared"]).toContain(r.comparison);
    }
  });
});
