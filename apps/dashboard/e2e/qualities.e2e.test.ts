// The qualities every page shares (issue 15), in Chromium against `refugio serve` on a demo
// database: filters typed in the address (reload keeps them, Back undoes a change, they carry to
// the next page, a bad value falls back), the access rules, charts and tables at 375 px, and
// numbers written per country (es-PE, es-CO, en) exactly as the CLI's figures formatted.
import type { Browser, Page } from "playwright-core";
import { formatValue, setFormatCountry } from "@refugio/ui";
import type { IndicatorResult } from "@refugio/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAs, type RunningServer, startDemoSuite, type DemoSuite, refugio } from "./serve";


let server: RunningServer | null = null;
let browser: Browser | null = null;
let base = "";
/** completed_stays per network, as the CLI computes it (the directors' overview shows these). */
const completed = new Map<string, IndicatorResult>();


let suite: DemoSuite | null = null;
beforeAll(async () => {
  suite = await startDemoSuite("qualities", { scale: "0.1", seed: "7" }, {
    beforeServe: async (db) => {
      for (const network of ["pe-aurora", "co-bogota"]) {
        const rows = JSON.parse(await refugio(["indicators", "--db", db, "--network", network, "--indicator", "completed_stays", "--json"])) as IndicatorResult[];
        const total = rows.find((r) => Object.keys(r.group).length === 0);
        if (total) completed.set(network, total);
      }
    },
  });
  browser = suite.browser;
  server = suite.server;
  base = server?.base ?? "";
});
afterAll(async () => {
  await suite?.stop();
});

async function withPage(width: number, fn: (page: Page, errors: string[]) => Promise<void>): Promise<void> {
  if (!browser) throw new Error("no browser");
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  try {
    await fn(page, errors);
  } finally {
    await context.close();
  }
}

const search = (page: Page) => new URL(page.url()).searchParams;

describe("qualities on every page", () => {
  it("keeps filters in the address: reload keeps them, Back undoes a change, they carry to the next page", async () => {
    await withPage(1366, async (page, errors) => {
      await signInAs(page, base, "ministry");
      await page.goto(`${base}/compare?indicator=completed_stays`);
      await page.getByRole("heading", { level: 2, name: "Comparar" }).waitFor();
      const network = page.getByLabel("Red", { exact: true });
      const by = page.getByLabel("Comparar por");

      await network.selectOption("co-bogota");
      await page.waitForURL(/network=co-bogota/);
      await by.selectOption("region");
      await page.waitForURL(/by=region/);
      expect(search(page).get("network")).toBe("co-bogota");

      // A reload shows the same view.
      await page.reload();
      await page.getByRole("heading", { level: 2, name: "Comparar" }).waitFor();
      await expect(page.getByLabel("Red", { exact: true }).inputValue()).resolves.toBe("co-bogota");
      await expect(page.getByLabel("Comparar por").inputValue()).resolves.toBe("region");

      // Back undoes the last filter change only.
      await page.goBack();
      await page.waitForURL((u) => !u.searchParams.has("by"));
      await expect(page.getByLabel("Comparar por").inputValue()).resolves.toBe("shelter");
      await expect(page.getByLabel("Red", { exact: true }).inputValue()).resolves.toBe("co-bogota");
      await page.goBack();
      await page.waitForURL((u) => !u.searchParams.has("network"));
      await expect(page.getByLabel("Red", { exact: true }).inputValue()).resolves.toBe("");

      // The network and the period carry to another page; Compare's own "by" does not.
      await page.getByLabel("Red", { exact: true }).selectOption("co-bogota");
      await page.getByLabel("Comparar por").selectOption("region");
      await page.getByLabel("Desde (año)").fill("2020");
      await page.getByRole("button", { name: "Aplicar" }).click();
      await page.waitForURL(/from=2020/);
      await page.getByRole("navigation").getByRole("link", { name: "Resumen" }).click();
      await page.getByRole("heading", { level: 2, name: "Resumen" }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/");
      expect(search(page).get("network")).toBe("co-bogota");
      expect(search(page).get("from")).toBe("2020");
      expect(search(page).has("by")).toBe(false);
      await expect(page.getByLabel("Red", { exact: true }).inputValue()).resolves.toBe("co-bogota");
      await expect(page.getByLabel("Desde (año)").inputValue()).resolves.toBe("2020");
      expect(errors).toEqual([]);
    });
  });

  it("falls back to defaults for invalid filters, shows not-found and forbidden states", async () => {
    await withPage(1366, async (page, errors) => {
      await signInAs(page, base, "researcher");
      await page.goto(`${base}/trends?grain=week&from=1800&indicator=no%20such&network=%27;drop`);
      await page.getByRole("heading", { level: 2, name: "Tendencias" }).waitFor();
      await expect(page.getByLabel("Agrupar por").inputValue()).resolves.toBe("year");
      await expect(page.getByLabel("Desde (año)").inputValue()).resolves.toBe("");
      await page.locator("figure").first().waitFor({ timeout: 30_000 });

      await page.goto(`${base}/benchmark`);
      await page.getByRole("heading", { level: 2, name: "Su rol no permite ver esta página." }).waitFor();
      await page.goto(`${base}/no-such-page?network=pe-aurora`);
      await page.getByRole("heading", { level: 2, name: "Página no encontrada" }).waitFor();
      await expect(page.title()).resolves.toBe("Página no encontrada · Refugio");
      expect(errors).toEqual([]);
    });
  });

  it("says why a view is empty (a period with no data) and offers the way back", async () => {
    await withPage(1366, async (page, errors) => {
      await signInAs(page, base, "ministry");
      // Years before the demo's first stay (years after this one are refused by the year fields).
      await page.goto(`${base}/trends?from=2001&to=2002&grain=quarter`);
      const empty = page.locator('[data-empty="period"]');
      await empty.waitFor({ timeout: 30_000 });
      await expect(empty.innerText()).resolves.toContain("No hay datos para el período elegido (2001–2002).");
      await empty.getByRole("button", { name: "Ver todo el período" }).click();
      await page.waitForURL((u) => !u.searchParams.has("from") && !u.searchParams.has("to"));
      expect(search(page).get("grain")).toBe("quarter");
      await page.locator("figure").first().waitFor({ timeout: 30_000 });
      await expect(page.locator("[data-empty]").count()).resolves.toBe(0);
      expect(errors).toEqual([]);
    });
  });

  it("draws Compare's bars at 375 px (non-zero width) and marks wide tables as scrollable", async () => {
    await withPage(375, async (page, errors) => {
      await signInAs(page, base, "ministry");
      await page.goto(`${base}/compare?indicator=completed_stays`);
      const bars = page.locator(".recharts-bar-rectangle path");
      await bars.first().waitFor({ timeout: 30_000 });
      const widths = await bars.evaluateAll((paths) => paths.map((p) => (p as SVGGraphicsElement).getBBox().width));
      expect(widths.length).toBeGreaterThan(10);
      expect(widths.filter((w) => w > 2).length).toBe(widths.length);
      // Each chart fits the screen.
      const chartWidths = await page.locator(".recharts-wrapper").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right));
      for (const right of chartWidths) expect(right).toBeLessThanOrEqual(375);

      // The shelters' table is wider than the screen: a named region, focusable, with its hint shown.
      const wide = page.locator(".table-wrap[data-overflow]").first();
      await wide.waitFor({ timeout: 10_000 });
      await expect(wide.getAttribute("tabindex")).resolves.toBe("0");
      await expect(wide.getAttribute("aria-label")).resolves.toContain("deslice");
      const hint = await wide.evaluate((el) => getComputedStyle(el, "::before").content);
      expect(hint).toContain("deslice hacia el lado");

      // Changing a filter further down keeps the reader where they are (no jump to the top).
      await page.evaluate(() => window.scrollTo(0, 400));
      const before = await page.evaluate(() => window.scrollY);
      expect(before).toBeGreaterThan(300);
      await page.getByLabel("Límites del embudo").selectOption("normal");
      await page.waitForURL(/method=normal/);
      await page.waitForTimeout(300);
      await expect(page.evaluate(() => window.scrollY)).resolves.toBeGreaterThan(before - 50);
      expect(errors).toEqual([]);
    });
  });

  it("writes numbers in the country's convention: es-PE for Aurora, es-CO for Bogotá, English in English", async () => {
    for (const [user, network, country] of [
      ["director-aurora", "pe-aurora", "PE"],
      ["director-bogota", "co-bogota", "CO"],
    ] as const) {
      const expected = completed.get(network);
      if (!expected || expected.value === null) throw new Error(`no CLI figure for ${network}`);
      await withPage(1366, async (page) => {
        await signInAs(page, base, user);
        const value = page.locator('[data-indicator="completed_stays"] .rf-card__value');
        const shown = (await value.innerText({ timeout: 30_000 })).trim();
        setFormatCountry(country);
        try {
          expect(shown).toBe(formatValue(expected.value ?? -1, "proportion", "es"));
          // The two countries really differ: Colombia writes a decimal comma.
          expect(shown.includes(",")).toBe(country === "CO" && !Number.isInteger(Math.round((expected.value ?? 0) * 1000) / 10));
          await page.getByRole("button", { name: "English" }).click();
          await page.getByRole("heading", { level: 2, name: "Overview" }).waitFor();
          await expect(value.innerText()).resolves.toBe(formatValue(expected.value ?? -1, "proportion", "en"));
        } finally {
          setFormatCountry(null);
        }
      });
    }
  });
});
