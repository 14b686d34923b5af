// End to end, with real parts only: the real CLI builds a small demo database, the real server
// (`refugio serve`) serves the BUILT dashboard, and Debian's Chromium signs in and reads the page.
// Numbers on the page are checked against `refugio indicators --json` on the same database.
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type Page } from "playwright-core";
import { formatValue } from "@refugio/ui";
import type { IndicatorInfo, IndicatorResult } from "@refugio/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAs, type RunningServer, startDemoSuite, type DemoSuite, refugio, repoRoot } from "./serve";

const SCALE = process.env.REFUGIO_E2E_SCALE ?? "0.1";

let tmp = "";
let server: RunningServer | null = null;
let browser: Browser | null = null;
let base = "";
let totals = new Map<string, IndicatorResult>();
let catalogue = new Map<string, IndicatorInfo>();




const signIn = (page: Page, username: string) => signInAs(page, base, username);

async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: /Cerrar sesión|Sign out/ }).click();
  await page.getByRole("heading", { level: 1, name: /Iniciar sesión|Sign in/ }).waitFor();
}

// Page-side expressions, passed as source so the test transform cannot rewrite them.
/** The focused element as "TAG text". */
const FOCUSED = `(() => { const el = document.activeElement; return (el ? el.tagName : "") + " " + (el ? (el.textContent || "").trim() : ""); })()`;
/** Heading levels inside <main>, in document order. */
const HEADING_LEVELS = `[...document.querySelectorAll("main :is(h1, h2, h3, h4, h5, h6)")].map((h) => Number(h.tagName.slice(1)))`;

function card(page: Page, code: string) {
  return page.locator(`[data-indicator="${code}"] .rf-card__value`);
}

let suite: DemoSuite | null = null;
beforeAll(async () => {
  // The test drives the production bundle; the expected figures are read before the server takes the file.
  suite = await startDemoSuite("e2e", { scale: SCALE, seed: "7" }, {
    beforeServe: async (db) => {
      const results = JSON.parse(await refugio(["indicators", "--db", db, "--json"])) as IndicatorResult[];
      totals = new Map(results.filter((r) => Object.keys(r.group).length === 0).map((r) => [r.indicator, r]));
      const infos = JSON.parse(await refugio(["indicators", "--list", "--json"])) as IndicatorInfo[];
      catalogue = new Map(infos.map((i) => [i.code, i]));
    },
  });
  browser = suite.browser;
  server = suite.server;
  base = server?.base ?? "";
  tmp = suite.tmp;
});

afterAll(async () => {
  await suite?.stop();
});

describe("dashboard in Chromium against refugio serve", () => {
  it("shows the ministry the demo network's real figures, in Spanish then English", async () => {
    if (!browser) throw new Error("no browser");
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    try {
      await signIn(page, "ministry");
      await expect(page.getByRole("heading", { level: 2, name: "Resumen" }).isVisible()).resolves.toBe(true);

      // Counts and a proportion with its interval, each as the CLI computes it on the same data.
      for (const code of ["women_served", "children_served", "completed_stays"]) {
        const expected = totals.get(code);
        const info = catalogue.get(code);
        expect(expected, `CLI result for ${code}`).toBeDefined();
        expect(info, `catalogue entry for ${code}`).toBeDefined();
        if (!expected || !info || expected.value === null) throw new Error(`no value for ${code}`);
        expect(expected.suppressed).toBe(false);
        if (info.unit === "count") expect(expected.value).toBeGreaterThan(0);
        const shown = (await card(page, code).innerText({ timeout: 30_000 })).trim();
        expect(shown).toBe(formatValue(expected.value, info.unit, "es"));
      }
      const completed = totals.get("completed_stays");
      if (completed?.ci_low != null && completed.ci_high != null) {
        const text = await page.locator('[data-indicator="completed_stays"]').innerText();
        expect(text).toContain(`${formatValue(completed.ci_low, "proportion", "es")}–${formatValue(completed.ci_high, "proportion", "es")}`);
        expect(text).toContain(`n = ${new Intl.NumberFormat("es-PE").format(completed.n ?? -1)}`);
      }
      const spanishLabel = catalogue.get("women_served")?.label.es ?? "";
      await expect(page.locator('[data-indicator="women_served"] h4').innerText()).resolves.toBe(spanishLabel);

      // The network filter's "all" agrees with "la red".
      await expect(page.getByLabel("Red", { exact: true }).locator("option").first().innerText()).resolves.toBe("Todas");

      if (process.env.UPDATE_SCREENSHOT === "1") {
        mkdirSync(join(repoRoot, "docs"), { recursive: true });
        await page.screenshot({ path: join(repoRoot, "docs/screenshot.png"), fullPage: true });
      }

      // Keyboard: the first Tab reaches the skip link, which moves focus into <main>.
      await page.keyboard.press("Tab");
      await expect(page.evaluate(() => document.activeElement?.textContent ?? "")).resolves.toBe("Saltar al contenido");
      await page.keyboard.press("Enter");
      await expect(page.evaluate(() => document.activeElement?.id ?? "")).resolves.toBe("rf-main");

      // English: labels from the catalogue and the dashboard's dictionary, kept after a reload.
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { level: 2, name: "Overview" }).waitFor();
      const englishLabel = catalogue.get("women_served")?.label.en ?? "";
      expect(englishLabel).not.toBe(spanishLabel);
      await expect(page.locator('[data-indicator="women_served"] h4').innerText()).resolves.toBe(englishLabel);
      await expect(page.getByRole("link", { name: "Compare" }).isVisible()).resolves.toBe(true);
      await expect(page.locator("html").getAttribute("lang")).resolves.toBe("en");
      await page.reload();
      await page.getByRole("heading", { level: 2, name: "Overview" }).waitFor({ timeout: 30_000 });

      // Navigation moves focus to the new page's heading (screen readers announce it), also the
      // first time a lazily loaded page opens (after the reload, Compare's code is not loaded yet).
      await page.getByRole("link", { name: "Compare" }).click();
      await page.getByRole("heading", { level: 2, name: "Compare" }).waitFor();
      await expect(page.evaluate<string>(FOCUSED)).resolves.toBe("H2 Compare");
      // Shelters against the total: an interval chart and a funnel plot, each with its data table.
      await page.locator("figure", { hasText: "Funnel plot" }).waitFor({ timeout: 30_000 });
      await expect(page.locator("figure", { hasText: "confidence intervals" }).count()).resolves.toBe(1);
      await expect(page.locator("table", { hasText: "hrt-01" }).first().isVisible()).resolves.toBe(true);

      // Signing out is a mutation: it only works if the client sends the CSRF header.
      await signOut(page);
      const me = await page.evaluate(async () => (await fetch("/trpc/auth.me")).json());
      expect((me as { result: { data: unknown } }).result.data).toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("hides the admin page from shelter staff, and the server refuses it too", async () => {
    if (!browser) throw new Error("no browser");
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await signIn(page, "shelter-hrt-01");
      const nav = page.getByRole("navigation");
      await expect(nav.getByRole("link", { name: "Cargar datos" }).isVisible()).resolves.toBe(true);
      await expect(nav.getByRole("link", { name: "Administración" }).count()).resolves.toBe(0);
      await expect(nav.getByRole("link", { name: "Comparar" }).count()).resolves.toBe(0);

      await page.goto(`${base}/admin`);
      await page.getByRole("heading", { level: 2, name: "Su rol no permite ver esta página." }).waitFor({ timeout: 30_000 });
      await expect(page.title()).resolves.toBe("Página no permitida · Refugio");
      await expect(page.locator('[data-testid="users"]').count()).resolves.toBe(0);
      const status = await page.evaluate(async () => (await fetch("/trpc/admin.users")).status);
      expect(status).toBe(403);

      // Upload: a batch with one impossible date, checked without loading; the report names
      // file, line and column, with the reason in the reader's language.
      const batch = join(tmp, "upload");
      await refugio(["generate", "--out", batch, "--stays", "12", "--shelter", "hrt-01", "--seed", "3"]);
      const bad = join(tmp, "bad");
      cpSync(join(batch, "hrt-01"), bad, { recursive: true });
      const stays = readFileSync(join(bad, "stays.csv"), "utf8").split("\n");
      const header = (stays[0] ?? "").split(",");
      const col = header.indexOf("admission_date");
      const row = (stays[2] ?? "").split(",");
      expect(col).toBeGreaterThan(-1);
      row[col] = "2023-02-30";
      stays[2] = row.join(",");
      writeFileSync(join(bad, "stays.csv"), stays.join("\n"));

      await page.getByRole("navigation").getByRole("link", { name: "Cargar datos" }).click();
      await page.getByRole("heading", { level: 2, name: "Cargar datos" }).waitFor();
      await page.setInputFiles('input[type="file"]', readdirSync(bad).map((f) => join(bad, f)));
      await page.getByRole("button", { name: "Revisar sin cargar" }).click();
      const problem = page.locator('[data-testid="problems"] tbody tr').first();
      await problem.waitFor({ timeout: 60_000 });
      // Grouped by column × reason: one sentence with the rows, the value and the line.
      await expect(problem.locator("th").innerText()).resolves.toBe("admission_date: 1 fila con «2023-02-30» (línea 3)");
      const cells = await problem.locator("td").allInnerTexts();
      expect(cells.slice(1, 3)).toEqual(["stays.csv", "1"]);
      const reasonEs = cells[0] ?? "";
      expect(reasonEs.length).toBeGreaterThan(5);
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { level: 2, name: "Upload data" }).waitFor();
      await expect(problem.locator("th").innerText()).resolves.toBe("admission_date: 1 row with “2023-02-30” (line 3)");
      const reasonEn = (await problem.locator("td").nth(0).innerText()).trim();
      expect(reasonEn.length).toBeGreaterThan(5);
      expect(reasonEn).not.toBe(reasonEs);
    } finally {
      await context.close();
    }
  });

  it("shows the admin page to an admin, with the demo accounts", async () => {
    if (!browser) throw new Error("no browser");
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await signIn(page, "admin");
      await page.getByRole("navigation").getByRole("link", { name: "Administración" }).click();
      const users = page.locator('[data-testid="users"]');
      await users.waitFor({ timeout: 30_000 });
      const text = await users.innerText();
      for (const name of ["ministry", "director-aurora", "shelter-hrt-01"]) expect(text).toContain(name);
      // Networks by name (as in the network filter), not by code.
      const directorRow = users.locator("tr", { has: page.getByRole("rowheader", { name: "director-aurora", exact: true }) });
      await expect(directorRow.locator("td").nth(1).innerText()).resolves.toContain("Programa Nacional Aurora");
      expect(text).not.toContain("pe-aurora");

      // Removing takes two steps; focus follows the buttons as they swap (cancel: nothing removed).
      await directorRow.getByRole("button", { name: /Eliminar/ }).click();
      await expect(page.evaluate<string>(FOCUSED)).resolves.toBe("BUTTON Confirmar: eliminar director-aurora");
      await directorRow.getByRole("button", { name: /Cancelar/ }).click();
      await expect(page.evaluate<string>(FOCUSED)).resolves.toMatch(/^BUTTON Eliminar\s*director-aurora$/);

      // The registry: download it, send back a broken copy (its problems, nothing changed), then the copy as is.
      const [saved] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Descargar el registro (CSV)" }).click()]);
      const registry = readFileSync((await saved.path()) ?? "", "utf8");
      const rows = registry.trim().split(/\r?\n/);
      expect(rows[0]).toMatch(/^shelter_code,/);
      const model = (rows[0] ?? "").split(",").indexOf("model");
      const broken = rows.map((r, i) => (i === 2 ? r.split(",").map((c, j) => (j === model ? "nave_espacial" : c)).join(",") : r)).join("\n");
      const registryFile = page.getByLabel("Archivo del registro");
      await registryFile.setInputFiles({ name: "registro.csv", mimeType: "text/csv", buffer: Buffer.from(broken) });
      await page.getByRole("button", { name: "Importar el registro" }).click();
      const problems = page.locator('[data-testid="registry-problems"]');
      await problems.waitFor({ timeout: 30_000 });
      // The shared problem table, grouped: column, rows, value and lines in one sentence; then reason, file, rows.
      const firstProblem = problems.locator("tbody tr").first();
      await expect(firstProblem.locator("th").innerText()).resolves.toBe("model: 1 fila con «nave_espacial» (línea 3)");
      await expect(firstProblem.locator("td").nth(1).innerText()).resolves.toBe("registro.csv");
      await expect(page.getByText("El archivo tiene 1 problema; no se cambió nada.").count()).resolves.toBe(1);
      await registryFile.setInputFiles({ name: "registro.csv", mimeType: "text/csv", buffer: Buffer.from(registry) });
      await page.getByRole("button", { name: "Importar el registro" }).click();
      await page.getByText(`Registro importado: ${rows.length - 1} refugios.`, { exact: false }).waitFor({ timeout: 60_000 });
      // A backup of the database the server holds, written beside it.
      await page.getByRole("button", { name: "Hacer una copia de seguridad" }).click();
      await page.getByText(/Copia escrita: refugio-[0-9T-]+Z\.duckdb/).waitFor({ timeout: 60_000 });

      // The next person to sign in does not land on the admin page the admin left open.
      await signOut(page);
      await expect(page.evaluate(() => location.pathname)).resolves.toBe("/");
      await page.getByLabel("Usuario").fill("researcher");
      await page.getByLabel("Contraseña").fill("demo-password");
      await page.getByRole("button", { name: "Ingresar" }).click();
      await page.getByRole("heading", { level: 2, name: "Resumen" }).waitFor({ timeout: 30_000 });
      await expect(page.getByRole("heading", { name: "Su rol no permite ver esta página." }).count()).resolves.toBe(0);
      // A researcher's figures are perturbed, and the page says so in words.
      await page.getByText("Cifras levemente alteradas para proteger la confidencialidad.").first().waitFor({ timeout: 30_000 });
      // As on a first load: the first Tab reaches the skip link.
      await page.keyboard.press("Tab");
      await expect(page.evaluate<string>(FOCUSED)).resolves.toBe("A Saltar al contenido");
    } finally {
      await context.close();
    }
  });

  it("keeps focus on the form after a wrong password", async () => {
    if (!browser) throw new Error("no browser");
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${base}/`);
      await page.getByLabel("Usuario").fill("ministry");
      await page.getByLabel("Contraseña").fill("not-the-password");
      await page.getByRole("button", { name: "Ingresar" }).click();
      await page.getByRole("alert").waitFor({ timeout: 30_000 });
      const where = await page.evaluate(() => {
        const el = document.activeElement;
        return { tag: el?.tagName, name: el?.getAttribute("name"), describedBy: el?.getAttribute("aria-describedby") };
      });
      expect(where.tag).toBe("INPUT");
      expect(where.name).toBe("password");
      await expect(page.getByRole("alert").getAttribute("id")).resolves.toBe(where.describedBy);
      // The error follows the language.
      const es = await page.getByRole("alert").innerText();
      await page.getByRole("button", { name: "English" }).click();
      await expect(page.getByRole("alert").innerText()).resolves.not.toBe(es);
      await expect(page.getByRole("alert").innerText()).resolves.toMatch(/^Could not sign in/);
    } finally {
      await context.close();
    }
  });

  it("fits a 375 px wide screen, and keeps the outline and filters usable", async () => {
    if (!browser) throw new Error("no browser");
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    try {
      await signIn(page, "director-aurora");
      // The intro names the network, as the network filter does.
      const intro = page.locator(".page__intro", { hasText: "Programa Nacional Aurora" });
      await intro.waitFor({ timeout: 30_000 });
      await expect(intro.innerText()).resolves.not.toContain("pe-aurora");

      const paths = ["/", "/compare?by=region&indicator=women_served", "/trends", "/benchmark", "/recommendations", "/compliance", "/upload"];
      for (const path of paths) {
        await page.goto(`${base}${path}`);
        await page.locator("[data-page-heading]").waitFor({ timeout: 30_000 });
        // Wait for the page's data (tables, cards or charts), then measure.
        await page.locator(".rf-progress__bar--indeterminate").first().waitFor({ state: "detached", timeout: 30_000 });
        await page.waitForTimeout(300);
        const size = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
        expect(size.scroll, `${path} scrolls sideways`).toBeLessThanOrEqual(375);
        // Navigation above the content, the sign-out button inside the screen.
        const nav = await page.getByRole("navigation").boundingBox();
        const main = await page.locator("main").boundingBox();
        expect(nav && main && nav.y + nav.height <= main.y + 1, `${path}: navigation above content`).toBe(true);
        const signOutBox = await page.getByRole("button", { name: "Cerrar sesión" }).boundingBox();
        expect(signOutBox && signOutBox.x + signOutBox.width <= 375, `${path}: header fits`).toBe(true);
      }

      // A count by region: the groups add up to the total, so no total line (nor its caption).
      await page.goto(`${base}/compare?by=region&indicator=women_served`);
      const intervals = page.locator("figure", { hasText: "intervalo de confianza" }).first();
      await intervals.waitFor({ timeout: 30_000 });
      await expect(intervals.innerText()).resolves.not.toContain("Línea vertical discontinua");

      // A reversed year range is refused in the form, with the field names, and not sent.
      await page.goto(`${base}/trends`);
      await page.getByLabel("Desde (año)").fill("2024");
      await page.getByLabel("Hasta (año)").fill("2023");
      await page.getByRole("button", { name: "Aplicar" }).click();
      const alert = page.getByRole("alert");
      await expect(alert.innerText()).resolves.toContain("«Hasta (año)» no puede ser anterior a «Desde (año)»");
      await expect(page.getByLabel("Hasta (año)").getAttribute("aria-invalid")).resolves.toBe("true");
      await expect(page.getByLabel("Hasta (año)").getAttribute("aria-describedby")).resolves.toBe(await alert.getAttribute("id"));
      await expect(page.evaluate(() => location.search.includes("from="))).resolves.toBe(false);
      // A year that has not started: the translated error under that year only (not the
      // browser's own bubble, which would block the form before it could say why), and not sent.
      await page.getByLabel("Desde (año)").fill("2020");
      await page.getByLabel("Hasta (año)").fill(String(new Date().getUTCFullYear() + 5));
      await page.getByRole("button", { name: "Aplicar" }).click();
      await expect(page.getByRole("alert").innerText()).resolves.toContain("Los años van de 2000 a");
      await expect(page.getByLabel("Hasta (año)").getAttribute("aria-describedby")).resolves.toBe(await page.getByRole("alert").getAttribute("id"));
      await expect(page.getByLabel("Desde (año)").getAttribute("aria-invalid")).resolves.toBeNull();
      await expect(page.evaluate(() => document.activeElement?.getAttribute("aria-invalid"))).resolves.toBe("true");
      await expect(page.evaluate(() => location.search.includes("from="))).resolves.toBe(false);

      // Recommendations: opening a history keeps the heading outline without skipped levels.
      await page.goto(`${base}/recommendations`);
      const withLinked = page.locator("tr[data-recommendation]").filter({ has: page.locator("td:nth-child(6):not(:empty)") }).first();
      await withLinked.getByRole("button").click();
      await page.getByRole("heading", { level: 3, name: "Valores actuales de los indicadores vinculados" }).waitFor({ timeout: 30_000 });
      const levels = await page.evaluate<number[]>(HEADING_LEVELS);
      for (let i = 1; i < levels.length; i += 1) expect(levels[i] ?? 0, levels.join(",")).toBeLessThanOrEqual((levels[i - 1] ?? 0) + 1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
