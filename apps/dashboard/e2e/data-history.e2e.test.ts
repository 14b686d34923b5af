// Issue 15, Data page: a load the server refuses stays in the page's history as "rejected" (when,
// who, which shelter, how many problems) next to the loaded batches. Real parts: the CLI builds a
// demo and a batch, `refugio serve` serves the built dashboard, Chromium uploads through the page.
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refugio, signInAs, startDemoSuite, type DemoSuite } from "./serve";

let suite: DemoSuite | null = null;
beforeAll(async () => {
  suite = await startDemoSuite("data-history", { scale: "0.05", seed: "5" });
});
afterAll(async () => {
  await suite?.stop();
});

describe("Data page history", () => {
  it("lists a rejected load attempt next to the loaded batches", async () => {
    if (!suite?.server) throw new Error("not started");
    const { browser, tmp } = suite;
    const base = suite.server.base;
    // A batch of hrt-01 with one impossible date: the server refuses all of it.
    const batch = join(tmp, "upload");
    await refugio(["generate", "--out", batch, "--stays", "12", "--shelter", "hrt-01", "--seed", "3"]);
    const bad = join(tmp, "bad");
    cpSync(join(batch, "hrt-01"), bad, { recursive: true });
    const stays = readFileSync(join(bad, "stays.csv"), "utf8").split("\n");
    const col = (stays[0] ?? "").split(",").indexOf("admission_date");
    const row = (stays[2] ?? "").split(",");
    row[col] = "2023-02-30";
    stays[2] = row.join(",");
    writeFileSync(join(bad, "stays.csv"), stays.join("\n"));

    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    try {
      await signInAs(page, base, "shelter-hrt-01");
      await page.getByRole("navigation").getByRole("link", { name: "Cargar datos" }).click();
      await page.getByRole("heading", { level: 2, name: "Cargar datos" }).waitFor();
      const history = page.getByRole("table", { name: /Cargas anteriores/ });
      await history.waitFor({ timeout: 30_000 });
      const loadedBefore = await history.locator('tbody tr[data-status="loaded"]').count();
      expect(loadedBefore).toBeGreaterThan(0);
      expect(await history.locator('tbody tr[data-status="rejected"]').count()).toBe(0);

      await page.setInputFiles('input[type="file"]', readdirSync(bad).map((f) => join(bad, f)));
      await page.getByRole("button", { name: "Cargar", exact: true }).click();
      await page.locator('[data-testid="problems"] tbody tr').first().waitFor({ timeout: 60_000 });

      const rejected = history.locator('tbody tr[data-status="rejected"]');
      await rejected.first().waitFor({ timeout: 30_000 });
      expect(await rejected.count()).toBe(1);
      const text = await rejected.first().innerText();
      expect(text).toContain("rechazado");
      expect(text).toContain("hrt-01");
      expect(text).toContain("shelter-hrt-01");
      // Its problem count is the report's: the impossible date, and that stay's rows in other
      // tables named on its line (issue 15's follow-on problems).
      const summary = (await page.getByText(/Se encontr(ó|aron) \d+ problema/).first().innerText()).match(/(\d+) problema/)?.[1] ?? "";
      expect(Number(summary)).toBeGreaterThanOrEqual(1);
      const problems = await rejected.first().locator("td").nth(6).innerText();
      expect(problems.trim()).toBe(summary);
      expect(await page.locator('[data-testid="problems"]').innerText()).toMatch(/estancia .*rechazada \(línea 3\): (su fila|sus \d+ filas) de \w+ tampoco se carg/);
      // Next to the loaded batches (the history shows the latest 20 rows).
      expect(await history.locator('tbody tr[data-status="loaded"]').count()).toBeGreaterThanOrEqual(Math.min(loadedBefore, 19));
    } finally {
      await context.close();
    }
  });
});
