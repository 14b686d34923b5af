// The first load's JavaScript (the entry script and every module it preloads, as the built
// index.html lists them) stays within 300 kB gzip: the budget of issue 15. Pages and the chart
// library load later, on first use.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { builtDashboard } from "./serve";

const dashboardDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const budget = 300 * 1024;

/** The scripts a browser fetches before the first page shows: the entry and its modulepreloads. */
export function initialScripts(indexHtml: string): string[] {
  const entry = [...indexHtml.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1] ?? "");
  const preloads = [...indexHtml.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1] ?? "");
  return [...entry, ...preloads];
}

describe("first load", () => {
  it("is at most 300 kB of gzipped JavaScript, without the chart library", async () => {
    const dist = await builtDashboard(dashboardDir);
    const html = readFileSync(join(dist, "index.html"), "utf8");
    const scripts = initialScripts(html);
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.some((s) => /charts-/.test(s))).toBe(false);
    const sizes = scripts.map((s) => ({ s, gz: gzipSync(readFileSync(join(dist, s.replace(/^\//, "")))).length }));
    const total = sizes.reduce((sum, x) => sum + x.gz, 0);
    expect(total, sizes.map((x) => `${x.s}: ${x.gz}`).join(", ")).toBeLessThanOrEqual(budget);
  });
});
