// Everything reachable from the package entry must run in the browser (the dashboard imports
// it): no `node:` modules. Walks the relative imports from src/index.ts.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = dirname(fileURLToPath(import.meta.url));

function reachable(entry: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop() ?? "";
    if (out.has(file)) continue;
    const text = readFileSync(file, "utf8");
    const specs = [...text.matchAll(/^\s*(?:import|export)\s(?!type\s)[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1] ?? "");
    out.set(file, specs);
    for (const s of specs) {
      if (!s.startsWith(".")) continue;
      const base = resolve(dirname(file), s);
      const candidates = [`${base}.ts`, `${base}/index.ts`];
      const found = candidates.find((c) => {
        try {
          readFileSync(c);
          return true;
        } catch {
          return false;
        }
      });
      if (found) stack.push(found);
    }
  }
  return out;
}

describe("package entry", () => {
  it("reaches the reference data and normalisers, and no node: module", () => {
    const graph = reachable(resolve(src, "index.ts"));
    const files = [...graph.keys()].map((f) => f.slice(src.length + 1));
    expect(files).toEqual(expect.arrayContaining(["normalise/identifiers.ts", "reference/nom217.items.ts", "reference/aurora.ts"]));
    expect(files).not.toContain("reference/extract-nom217.ts");
    for (const [file, specs] of graph) {
      for (const s of specs) expect(s.startsWith("node:") || s === "fs" || s === "path", `${file} imports ${s}`).toBe(false);
    }
  });
});
