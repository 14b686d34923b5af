// Case-mix adjustment on the Compare page, with real parts only: the real CLI builds the demo
// network (seed 1, scale 1), `refugio indicators --adjust` gives the expected figures, the real
// server serves the BUILT dashboard and Debian's Chromium chooses "ajustado por perfil de ingreso".
// Two Casas Refugio of Bogotá admit mostly extreme-risk women: crude "Peor", adjusted "Similar".
import { type Browser } from "playwright-core";
import { formatValue, setFormatCountry } from "@refugio/ui";
import type { IndicatorResult } from "@refugio/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startDemoSuite, type DemoSuite, refugio } from "./serve";


interface Adjusted {
  group: Record<string, string>;
  ratio: number | null;
  comparison: string;
}

let server: RunningServer | null = null;
let browser: Browser | null = null;
let base = "";
let crude: IndicatorResult[] = [];
let adjusted: Adjusted[] = [];



let suite: DemoSuite | null = null;
beforeAll(async () => {
  // The expected figures, before the server takes the database file.
  suite = await startDemoSuite("e2e-adjusted", { scale: "1", seed: "1" }, {
    beforeServe: async (db) => {
      const out = JSON.parse(await refugio(["indicators", "--db", db, "--json", "--adjust", "--indicator", "completed_stays", "--network", "co-bogota", "--k", "5"])) as {
        crude: IndicatorResult[];
        adjusted: Adjusted[];
      };
      crude = out.crude;
      adjusted = out.adjusted;
    },
  });
  browser = suite.browser;
  server = suite.server;
  base = server?.base ?? "";
});

afterAll(async () => {
  await suite?.stop();
});

describe("Compare, adjusted for case mix, in Chromium", () => {
  it("shows crude and adjusted side by side: the extreme-intake shelters are crude 'Peor' and adjusted 'Similar'", async () => {
    if (!browser) throw new Error("no browser");
    // The CLI's own verdicts: which units turn from worse to similar once adjusted.
    const turned = adjusted.filter((a) => a.comparison === "similar" && crude.find((c) => c.group.shelter === a.group.shelter)?.comparison === "worse");
    expect(turned.length).toBeGreaterThanOrEqual(2);

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(`${base}/`);
    await page.getByLabel("Usuario").fill("admin");
    await page.getByLabel("Contraseña").fill("demo-password");
    await page.getByRole("button", { name: "Ingresar" }).click();
    await page.getByRole("navigation").waitFor({ timeout: 30_000 });
    await page.goto(`${base}/compare?indicator=completed_stays&network=co-bogota`);
    await page.getByRole("heading", { level: 2, name: "Comparar" }).waitFor({ timeout: 30_000 });
    // The choice is offered, and chosen as a person would.
    await page.getByLabel("Ajuste").selectOption({ label: "ajustado por perfil de ingreso" });
    const table = page.getByTestId("adjusted-table");
    await table.waitFor({ timeout: 60_000 }).catch(async (e: unknown) => {
      throw new Error(`no adjusted table at ${page.url()}: ${String(e)}\n${await page.locator("main").innerText()}\n${errors.join("\n")}\n${server?.log() ?? ""}`);
    });
    expect(page.url()).toContain("adjust=1");
    for (const a of turned) {
      const row = table.locator(`tr[data-unit="${a.group.shelter}"]`);
      await expect(row.locator('[data-col="crude-verdict"]').innerText()).resolves.toMatch(/Peor/);
      await expect(row.locator('[data-col="adjusted-verdict"]').innerText()).resolves.toMatch(/Similar/);
      // O/E as the CLI computed it on the same data, written as in Colombia (the network in view).
      setFormatCountry("CO");
      const expectedRatio = formatValue(a.ratio ?? NaN, "rate", "es");
      setFormatCountry(null);
      await expect(row.innerText()).resolves.toContain(expectedRatio);
    }
    const method = await page.getByTestId("adjusted-method").innerText();
    expect(method).toContain("nivel de riesgo al ingreso, grupo de edad, hijas e hijos en la estancia, discapacidad");
    await page.locator("figure", { hasText: "Embudo ajustado por perfil de ingreso" }).waitFor();
    expect(errors).toEqual([]);
  });
});
