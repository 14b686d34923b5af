// Research exports and table downloads in Chromium, with real parts only: the real CLI builds a
// demo database, `refugio serve` serves a dashboard built from this source, and Chromium signs in
// as the researcher. (1) Exportaciones: preview, create, download the zip, open it and check it
// from its files alone (apps/api/test/exports/checker.ts, which imports nothing that wrote them).
// (2) Compare by shelter: download the table as CSV and find its suppressed rows still suppressed.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAs, type RunningServer, startDemoSuite, type DemoSuite } from "./serve";
import { openExport, parseCsv, problems, readTruth, type Truth } from "../../api/test/exports/checker";


let server: RunningServer | null = null;
let browser: Browser | null = null;
let base = "";
let truth: Truth;



const signIn = (page: Page, username: string) => signInAs(page, base, username);

let tmp = "";
let suite: DemoSuite | null = null;
beforeAll(async () => {
  suite = await startDemoSuite("e2e-exports", { scale: "0.1", seed: "7" }, { beforeServe: async (db) => void (truth = await readTruth(db)) });
  browser = suite.browser;
  server = suite.server;
  base = server?.base ?? "";
  tmp = suite.tmp;
});
afterAll(async () => {
  await suite?.stop();
});

describe("research exports and table downloads in Chromium", () => {
  it("the researcher previews an export, creates it, downloads the zip and it passes the checker", async () => {
    if (!browser) throw new Error("no browser");
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    try {
      await signIn(page, "researcher");
      await page.getByRole("link", { name: "Exportaciones" }).click();
      await page.getByRole("heading", { level: 2, name: "Exportaciones", exact: true }).waitFor();
      await page.getByLabel("k (tamaño mínimo de clase, 3 o más)").fill("5");
      await page.getByRole("button", { name: "Vista previa" }).click();
      const preview = page.getByTestId("export-preview");
      await preview.waitFor({ timeout: 60_000 });
      const kept = Number((await preview.locator('[data-figure="kept"]').innerText()).replace(/\D/g, ""));
      expect(kept).toBeGreaterThan(0);
      expect(Number(await preview.locator('[data-figure="k"]').innerText())).toBeGreaterThanOrEqual(5);
      await expect(page.getByRole("table", { name: "Generalización elegida" }).locator("tbody tr").count()).resolves.toBe(9);

      await page.getByRole("button", { name: "Crear exportación" }).click();
      const link = page.getByTestId("export-download");
      await link.waitFor({ timeout: 120_000 });
      const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
      const path = join(tmp, "downloaded.zip");
      await download.saveAs(path);
      const x = await openExport(new Uint8Array(readFileSync(path)));
      expect(problems(x, truth)).toEqual([]);
      expect(x.manifest.counts.stays_released).toBe(kept);
      expect(Object.keys(x.files).sort()).toEqual(
        ["assessments", "children", "followups", "stays"].flatMap((t) => [`${t}.csv`, `${t}.parquet`]).concat(["codebook.en.md", "codebook.es.md", "manifest.json"]).sort(),
      );
      // The list shows it, ready, with its manifest hash.
      await expect(page.getByRole("table", { name: "Exportaciones recientes" }).getByText("lista").first().isVisible()).resolves.toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("a suppressed comparison table downloads as CSV with the suppression intact", async () => {
    if (!browser) throw new Error("no browser");
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    try {
      await signIn(page, "researcher");
      // One month by shelter: small shelters have counts of 1 … k−1 there.
      await page.goto(`${base}/compare?by=shelter&indicator=completed_stays&from=2024-03-01&to=2024-03-31`);
      // The data table is the one the download links belong to.
      const table = page.locator("p.rf-table__downloads + table");
      await table.locator("tbody tr").first().waitFor({ timeout: 60_000 });
      const suppressedOnScreen = await table.locator("tbody tr[data-suppressed]").count();
      const rowsOnScreen = await table.locator("tbody tr").count();
      expect(suppressedOnScreen).toBeGreaterThan(0);

      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Descargar CSV" }).click()]);
      const path = join(tmp, "table.csv");
      await download.saveAs(path);
      const text = readFileSync(path, "utf8");
      expect(text).toMatch(/suppression rule/);
      const rows = parseCsv(text);
      const at = rows.findIndex((r) => r[0] === "indicator");
      const body = rows.slice(at + 1).filter((r) => r.length > 1);
      expect(body.length).toBe(rowsOnScreen);
      const suppressed = body.filter((r) => r[8] === "true");
      expect(suppressed.length).toBe(suppressedOnScreen);
      // value, ci_low, ci_high, numerator, denominator, n: all empty for every suppressed row.
      for (const r of suppressed) expect(r.slice(2, 8)).toEqual(["", "", "", "", "", ""]);
    } finally {
      await context.close();
    }
  });
});
