// Data quality in Chromium against `refugio serve` on the demo database (`refugio demo`'s
// defaults): the ministry sees exactly the demo's planted problems, a network director the grid
// for their network's shelters only, a shelter user only itself, with the planted late submission
// shown in colour and in words.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAs, type RunningServer, startDemoSuite, type DemoSuite } from "./serve";


let server: RunningServer | null = null;
let browser: Browser | null = null;

let suite: DemoSuite | null = null;
beforeAll(async () => {
  suite = await startDemoSuite("e2e-quality", { scale: "1", seed: "1" });
  browser = suite.browser;
  server = suite.server;
});
afterAll(async () => {
  await suite?.stop();
});

/** Shelter codes of the rows of one of the page's tables. */
async function rowsOf(page: Page, testId: string): Promise<string[]> {
  return page.locator(`[data-testid="${testId}"] tbody tr[data-shelter]`).evaluateAll((rows) => rows.map((r) => r.getAttribute("data-shelter") ?? ""));
}

async function openQuality(username: string): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  if (!browser || !server) throw new Error("no browser or server");
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await signInAs(page, server.base, username);
  await page.getByRole("link", { name: "Calidad de datos" }).click();
  await page.getByRole("heading", { level: 2, name: "Calidad de datos" }).waitFor({ timeout: 30_000 });
  await page.locator('[data-testid="quality-grid"]').waitFor({ timeout: 30_000 });
  return { page, errors, close: () => context.close() };
}

/** Shelter codes whose grid holds a cell of this status. */
async function withStatus(page: Page, status: string): Promise<string[]> {
  return page
    .locator(`[data-testid="quality-grid"] tbody tr[data-shelter]:has(td[data-quality-status="${status}"])`)
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-shelter") ?? ""));
}

describe("Data quality page", () => {
  it("shows the ministry exactly the demo's planted problems: two late, one missing, one half-empty follow-up table, one implausible month", async () => {
    const { page, errors, close } = await openQuality("ministry");
    try {
      expect((await rowsOf(page, "quality-grid")).length).toBe(37);
      expect((await withStatus(page, "late")).sort()).toEqual(["cr-bog-2", "hrt-04"]);
      expect(await withStatus(page, "missing")).toEqual(["hrt-07"]);
      expect(await withStatus(page, "partial")).toEqual([]);
      const fill = await page
        .locator('[data-testid="quality-completeness"] tbody tr[data-shelter]')
        .evaluateAll((rows) => rows.map((r) => [r.getAttribute("data-shelter"), Number(r.querySelector("[data-followups-filled]")?.getAttribute("data-followups-filled") || 1)] as const));
      expect(fill.filter(([, f]) => f < 0.4).map(([c]) => c)).toEqual(["mx-ref-02"]);
      expect(await rowsOf(page, "quality-findings")).toEqual(["mx-ref-07"]);
      // The half-empty table's figure opens onto the fields behind it, as counts.
      const fields = page.locator('details[data-fields="mx-ref-02"]');
      await fields.locator("summary").click();
      const mode = fields.locator('[data-table="followups"] li[data-column="mode"]');
      expect(await mode.getAttribute("data-filled")).toBe("0");
      expect(await mode.innerText()).toMatch(/^mode \(opcional clave\): 0 de [\d.,]+$/);
      expect(Number(await fields.locator('[data-table="followups"] li[data-column="safe_environment"]').getAttribute("data-filled"))).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("shows the Bogotá director the Bogotá shelters only, with the late quarter in words", async () => {
    const { page, errors, close } = await openQuality("director-bogota");
    try {
      const shelters = await rowsOf(page, "quality-grid");
      expect(shelters.length).toBeGreaterThan(0);
      expect(shelters.every((s) => s.startsWith("cr-bog-"))).toBe(true);
      const late = page.locator('[data-testid="quality-grid"] tr[data-shelter="cr-bog-2"] td[data-quality-status="late"]');
      await expect(late.count()).resolves.toBe(1);
      await expect(late.innerText()).resolves.toMatch(/Tarde \(\d+ d\)/);
      const findings = await rowsOf(page, "quality-findings").catch(() => []);
      expect(findings.every((s) => s.startsWith("cr-bog-"))).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("shows a shelter only itself", async () => {
    const { page, errors, close } = await openQuality("shelter-hrt-04");
    try {
      expect(await rowsOf(page, "quality-grid")).toEqual(["hrt-04"]);
      await expect(page.locator('[data-testid="quality-grid"] td[data-quality-status="late"]').count()).resolves.toBe(1);
      const findings = await rowsOf(page, "quality-findings").catch(() => []);
      expect(findings.every((s) => s === "hrt-04")).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("lets the shelter explain its finding: a note naming a person is refused under the field and not stored; a plain note is saved and shown", async () => {
    const { page, errors, close } = await openQuality("shelter-mx-ref-07");
    try {
      expect(await rowsOf(page, "quality-findings")).toEqual(["mx-ref-07"]);
      await page.getByRole("button", { name: /^Explicar/ }).click();
      const note = page.getByLabel(/Nota/);
      await note.fill("Ana Pérez, DNI 40123456, llegó dos veces");
      await page.getByRole("button", { name: "Guardar" }).click();
      const refusal = page.locator('[data-testid="quality-findings"] .field__error');
      await refusal.waitFor({ timeout: 30_000 });
      expect(await note.getAttribute("aria-invalid")).toBe("true");
      await note.fill("Carga duplicada del mes; se corrigió en el envío siguiente");
      await page.getByRole("button", { name: "Guardar" }).click();
      await page.locator('[data-testid="quality-findings"]').getByText("Carga duplicada del mes; se corrigió en el envío siguiente").first().waitFor({ timeout: 30_000 });
      expect(await page.locator('[data-testid="quality-findings"]').innerText()).not.toContain("40123456");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
