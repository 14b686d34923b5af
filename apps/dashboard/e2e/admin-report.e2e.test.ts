// Issue 15, Admin and Print, with real parts: the real CLI builds a demo database and prints the
// one-page network report to PDF (`refugio report`), then `refugio serve` serves the built
// dashboard and Chromium drives the report page and the admin's account actions.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveDashboard, signInAs, type RunningServer, startDemoSuite, type DemoSuite, refugio, cli, repoRoot } from "./serve";

const AURORA = "Programa Nacional Aurora";
const year = String(new Date().getUTCFullYear() - 2);

let tmp = "";
let db = "";
let dist = "";
let server: RunningServer | null = null;
let browser: Browser | null = null;

/** The PDF's metadata title (a literal or UTF-16 hex string), where Chromium writes document.title. */
function pdfTitle(pdf: Buffer): string {
  const m = /\/Title\s*(\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f]+>)/.exec(pdf.toString("latin1"));
  const raw = m?.[1] ?? "";
  if (raw.startsWith("<")) {
    const bytes = Buffer.from(raw.slice(1, -1), "hex");
    // UTF-16BE with a byte-order mark: swap to little-endian for Node's decoder.
    const body = bytes.subarray(2);
    const swapped = Buffer.alloc(body.length);
    for (let i = 0; i + 1 < body.length; i += 2) {
      swapped[i] = body[i + 1] ?? 0;
      swapped[i + 1] = body[i] ?? 0;
    }
    return swapped.toString("utf16le");
  }
  return raw.slice(1, -1);
}

let suite: DemoSuite | null = null;
beforeAll(async () => {
  // The report command takes the database itself: the server starts later, for the browser tests.
  suite = await startDemoSuite("admin-report", { scale: "0.05", seed: "7" }, { serve: false });
  ({ browser, dist, tmp, db } = suite);
});

afterAll(async () => {
  await server?.stop();
  await suite?.stop();
});

describe("refugio report", () => {
  it("prints the network report to a one-page PDF naming the network", async () => {
    const out = join(tmp, "report.pdf");
    const stdout = await refugio(["report", "--db", db, "--network", "pe-aurora", "--period", year, "--out", out, "--dashboard", dist]);
    const summary = JSON.parse(stdout) as { pages: number; shown: string; scale: number };
    expect(existsSync(out)).toBe(true);
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    // One page: one page object ("/Type /Page", not the "/Type /Pages" tree).
    expect(pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g)).toHaveLength(1);
    expect(summary.pages).toBe(1);
    // The page printed shows the network and period, and the PDF's title carries them.
    expect(summary.shown).toContain(AURORA);
    expect(summary.shown).toContain(year);
    expect(pdfTitle(pdf)).toContain(AURORA);
  });

  it("refuses a period that has not happened and an unknown network, writing nothing", async () => {
    const out = join(tmp, "never.pdf");
    await expect(refugio(["report", "--db", db, "--network", "pe-aurora", "--period", "2030-2031", "--out", out])).rejects.toMatchObject({ code: 2 });
    await expect(refugio(["report", "--db", db, "--network", "nope", "--out", out])).rejects.toMatchObject({ code: 2 });
    expect(existsSync(out)).toBe(false);
  });
});

describe("in the browser", () => {
  beforeAll(async () => {
    server = await serveDashboard(cli, repoRoot, db, dist);
  });

  it("the report page shows tiles, the region grid and the period; print hides the app's chrome", async () => {
    if (!browser || !server) throw new Error("not started");
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    try {
      await signInAs(page, server.base, "director-aurora");
      await page.goto(`${server.base}/report?network=pe-aurora&period=${year}`);
      await page.locator("[data-report-ready]").waitFor({ timeout: 60_000 });
      expect(await page.getByTestId("report-meta").textContent()).toContain(`${AURORA}`);
      expect(await page.locator(".report__tiles [data-indicator]").count()).toBeGreaterThanOrEqual(5);
      expect(await page.getByTestId("region-grid").locator("tbody tr").count()).toBeGreaterThan(1);
      await page.emulateMedia({ media: "print" });
      expect(await page.locator(".rf-shell__nav").isVisible()).toBe(false);
      expect(await page.locator(".rf-shell__header").isVisible()).toBe(false);
      expect(await page.getByTestId("region-grid").isVisible()).toBe(true);
      // A future period is refused on the page, not printed as zeros.
      await page.emulateMedia({ media: "screen" });
      await page.goto(`${server.base}/report?network=pe-aurora&period=2031`);
      await page.getByRole("alert").waitFor();
      expect(await page.getByRole("alert").textContent()).toContain("Período no válido");
    } finally {
      await context.close();
    }
  });

  it("an admin resets a password (shown once), deactivates and reactivates an account, and reads the registry table", async () => {
    if (!browser || !server) throw new Error("not started");
    const base = server.base;
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    try {
      await signInAs(page, base, "admin");
      await page.goto(`${base}/admin`);
      await page.getByTestId("registry").locator("tbody tr").first().waitFor();
      expect(await page.getByTestId("registry").locator("tbody tr").count()).toBeGreaterThan(10);

      const row = (username: string) => page.getByTestId("users").locator("tr", { has: page.getByRole("rowheader", { name: username, exact: true }) });
      await row("researcher").getByRole("button", { name: /Gestionar/ }).click();
      await row("researcher").getByRole("button", { name: /Restablecer contraseña/ }).click();
      const otpBox = row("researcher").getByTestId("one-time-password");
      await otpBox.waitFor();
      const otp = (await otpBox.locator("code").textContent()) ?? "";
      expect(otp.length).toBeGreaterThanOrEqual(20);
      // The accounts table marks the account as holding a password someone else chose.
      await row("researcher").getByText("Contraseña de un solo uso: aún sin cambiar").waitFor();
      expect(await page.getByTestId("users").getByText("Contraseña de un solo uso: aún sin cambiar").count()).toBe(1);
      // The researcher signs in with it in another browser: it is sent to choose a password of
      // its own (the server refuses it everything else), then reaches the overview.
      const other = await browser.newContext();
      const p2 = await other.newPage();
      await p2.goto(`${base}/`);
      await p2.getByLabel("Usuario").fill("researcher");
      await p2.getByLabel("Contraseña").fill(otp);
      await p2.getByRole("button", { name: "Ingresar" }).click();
      await p2.getByRole("heading", { name: "Elija su contraseña" }).waitFor({ timeout: 30_000 });
      expect(new URL(p2.url()).pathname).toBe("/password");
      expect(await p2.getByRole("navigation").count()).toBe(0);
      const form = p2.getByTestId("change-password");
      await form.getByLabel(/^Contraseña actual/).fill(otp);
      await form.getByLabel(/^Nueva contraseña/).fill("mi-propia-contraseña-larga");
      await form.getByLabel(/^Repita la nueva contraseña/).fill("otra-cosa-distinta-larga");
      await form.getByRole("button", { name: "Guardar y continuar" }).click();
      await form.getByText("Las dos contraseñas nuevas no coinciden.").waitFor();
      await form.getByLabel(/^Repita la nueva contraseña/).fill("mi-propia-contraseña-larga");
      await form.getByRole("button", { name: "Guardar y continuar" }).click();
      await p2.getByRole("navigation").waitFor({ timeout: 30_000 });
      expect(new URL(p2.url()).pathname).toBe("/");
      await p2.getByRole("heading", { level: 2, name: "Resumen" }).waitFor({ timeout: 30_000 });

      // Deactivate the ministry account: its sign-in is refused; reactivate: it works again.
      await row("ministry").getByRole("button", { name: /Gestionar/ }).click();
      await row("ministry").getByRole("button", { name: /Desactivar/ }).click();
      await row("ministry").getByText("Desactivada").waitFor();
      await p2.getByRole("button", { name: /Cerrar sesión/ }).click();
      await p2.getByLabel("Usuario").fill("ministry");
      await p2.getByLabel("Contraseña").fill("demo-password");
      await p2.getByRole("button", { name: "Ingresar" }).click();
      await p2.getByText(/Usuario o contraseña incorrectos/).waitFor();
      await row("ministry").getByRole("button", { name: /Reactivar/ }).click();
      await row("ministry").getByText("Activa", { exact: true }).waitFor();
      await signInAs(p2, base, "ministry");
      await other.close();

      // Every change is in the audit log shown on the page; the researcher chose its own password.
      await page.reload();
      await row("researcher").waitFor();
      expect(await page.getByTestId("users").getByText("Contraseña de un solo uso: aún sin cambiar").count()).toBe(0);
      const audit = page.locator("table", { has: page.getByRole("columnheader", { name: "Acción" }) });
      for (const action of ["Cuenta desactivada", "Cuenta reactivada", "Contraseña cambiada"]) {
        await audit.getByText(action).first().waitFor();
      }
    } finally {
      await context.close();
    }
  });
});
