// Issue 15, "signed in as each role": every page, for one demo account of every role (and a
// director and a shelter of two networks), in Chromium against `refugio serve`. A page the role may
// open (lib/access.ts pagesFor, the module the routers' rules are written beside) answers its
// question with this account's figures; a page it may not open says so and is not in the
// navigation; and no page names a shelter outside the account's scope, in any text, option or
// attribute (an attack on the scope rules through the screens, not only through the API).
import type { Role } from "@refugio/schemas";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pages, pagesFor, recommendationEditors, type PageId } from "../src/lib/access";
import { es } from "../src/i18n/es";
import { signInAs, type RunningServer, startDemoSuite, type DemoSuite } from "./serve";

interface Account {
  username: string;
  role: Role;
  /** The network of the account's pages (a director's own, a shelter's). */
  network: string | null;
  /** Which shelter codes the account may see named: all, a network's (by prefix), or one. */
  sees: (code: string) => boolean;
}

// The demo's shelter codes: pe-aurora hrt-NN, co-bogota cr-bog-N, mx-refugios mx-ref-NN.
const SHELTER_CODE = /\b(?:hrt-\d+|cr-bog-\d+|mx-ref-\d+)\b/g;
const everyShelter = () => true;
const accounts: Account[] = [
  { username: "admin", role: "admin", network: null, sees: everyShelter },
  { username: "ministry", role: "ministry", network: null, sees: everyShelter },
  { username: "researcher", role: "researcher", network: null, sees: everyShelter },
  { username: "director-aurora", role: "network_director", network: "pe-aurora", sees: (c) => c.startsWith("hrt-") },
  { username: "director-bogota", role: "network_director", network: "co-bogota", sees: (c) => c.startsWith("cr-bog-") },
  { username: "shelter-hrt-01", role: "shelter_staff", network: "pe-aurora", sees: (c) => c === "hrt-01" },
  { username: "shelter-cr-bog-1", role: "shelter_staff", network: "co-bogota", sees: (c) => c === "cr-bog-1" },
];

const T = 60_000;
const NO_CHECKS = es["compliance.none"];

/** What each page must show once its data has loaded: the answer to its question, for this account. */
const answers: Record<PageId, (page: Page, account: Account) => Promise<void>> = {
  async overview(page) {
    // The headline tiles, each with a figure or a blank that says why, and its line over the years.
    await page.locator("main [data-sparkline] svg[role=img]").nth(4).waitFor({ timeout: T });
    expect(await page.locator("main .cards [data-indicator]").count()).toBeGreaterThanOrEqual(5);
  },
  async compare(page) {
    // The ranked chart; every shelter row of its table reads "code · region · model".
    await page.locator("figure", { hasText: "ordenado por valor" }).first().waitFor({ timeout: T });
    const names = await page.locator("main table").last().locator("tbody th[scope=row]").allInnerTexts();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toMatch(/^[\w.-]+ · [^·]+ · [^·]+$/);
  },
  async trends(page) {
    const verdict = page.locator(".trend-verdict").first();
    await verdict.waitFor({ timeout: T });
    expect(await verdict.innerText()).toMatch(/^(Tendencia (creciente|decreciente) significativa|Sin tendencia significativa|No se puede probar una tendencia)/);
  },
  async benchmark(page, account) {
    const table = page.getByTestId("benchmark-table");
    await table.waitFor({ timeout: T });
    const rows = table.locator("tbody tr");
    expect(await rows.count()).toBeGreaterThan(0);
    for (const row of (await rows.all()).slice(0, 10)) expect(["better", "similar", "worse", "not_compared"]).toContain(await row.getAttribute("data-judgement"));
    // A shelter reads its own benchmark, with no choice of shelter to make.
    if (account.role === "shelter_staff") expect(await page.getByLabel("Refugio", { exact: true }).count()).toBe(0);
  },
  async recommendations(page, account) {
    await page.locator("tr[data-recommendation]").first().waitFor({ timeout: T });
    // The form to record progress only for the roles that may record it (the server refuses the rest).
    const form = page.getByRole("heading", { level: 3, name: "Registrar avance" });
    expect(await form.count()).toBe(recommendationEditors.includes(account.role) ? 1 : 0);
  },
  async compliance(page, account) {
    // The heat map holds exactly the shelters the server releases to this account (all in its
    // scope); where it releases none (the demo assesses no Bogotá house), the notice says so.
    const map = page.getByTestId("compliance-heatmap");
    await map.or(page.locator("main p.notice", { hasText: NO_CHECKS })).waitFor({ timeout: T });
    const released = (await page.evaluate(async () => (await (await fetch("/trpc/compliance.summary")).json()) as { result: { data: { shelter_code: string }[] } })).result.data.map((r) => r.shelter_code);
    const shown = await map.locator("tbody tr[data-shelter]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-shelter") ?? ""));
    expect(shown.sort()).toEqual(released.sort());
    if (released.length === 0) expect(await map.count()).toBe(0);
    for (const code of shown) expect(account.sees(code), code).toBe(true);
    // Network-wide scopes with assessments on record see a map, not the notice.
    if (account.network === "pe-aurora" && account.role !== "shelter_staff") expect(shown.length).toBeGreaterThan(0);
  },
  async upload(page) {
    await page.getByRole("link", { name: /Diccionario de datos/ }).waitFor({ timeout: T });
    await page.getByRole("link", { name: /\(stays\.csv\)/ }).waitFor();
  },
  async exports(page) {
    await page.getByRole("button", { name: "Vista previa" }).waitFor({ timeout: T });
  },
  async admin(page) {
    await page.getByTestId("users").locator("tbody tr").nth(4).waitFor({ timeout: T });
    await page.getByTestId("registry").locator("tbody tr").first().waitFor({ timeout: T });
  },
  async quality(page) {
    await page.getByTestId("quality-grid").locator("tbody tr").first().waitFor({ timeout: T });
  },
  async report(page) {
    await page.locator("[data-report-ready]").waitFor({ timeout: T });
    expect(await page.getByTestId("region-grid").locator("tbody tr").count()).toBeGreaterThan(0);
  },
};

let server: RunningServer | null = null;
let browser: Browser | null = null;
let suite: DemoSuite | null = null;
beforeAll(async () => {
  suite = await startDemoSuite("roles", { scale: "0.05", seed: "7" });
  browser = suite.browser;
  server = suite.server;
});
afterAll(async () => {
  await suite?.stop();
});

/** Every shelter code the page names: visible text, option labels, and data-* attributes. */
const NAMED_SHELTERS = `(() => {
  const main = document.querySelector("main");
  if (!main) return [];
  const texts = [main.innerText, ...[...main.querySelectorAll("option")].map((o) => o.textContent + " " + o.value)];
  for (const el of main.querySelectorAll("*")) for (const a of el.attributes) if (a.name.startsWith("data-") || a.name === "aria-label" || a.name === "title") texts.push(a.value);
  return texts;
})()`;

describe("every page, signed in as each role", () => {
  for (const account of accounts) {
    const allowed = pagesFor(account.role, account.network);
    it(`${account.username} (${account.role}): ${allowed.map((p) => p.id).join(", ")} answer with its own scope; the other pages are refused`, async () => {
      if (!browser || !server) throw new Error("not started");
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      try {
        await signInAs(page, server.base, account.username);
        // The navigation lists exactly the pages the role may open (a shelter's network, which
        // decides Recommendations, comes from the registry a moment after sign-in).
        const links = () => page.getByRole("navigation").getByRole("link").evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname).sort());
        await expect.poll(links, { timeout: T }).toEqual(allowed.map((p) => p.path).sort());

        const outOfScope: string[] = [];
        for (const p of allowed) {
          await page.goto(`${server.base}${p.path}`);
          await page.locator("main h2").first().waitFor({ timeout: T });
          await answers[p.id](page, account);
          await page.waitForLoadState("networkidle");
          const texts = (await page.evaluate(NAMED_SHELTERS)) as string[];
          for (const code of new Set(texts.flatMap((t) => t.match(SHELTER_CODE) ?? []))) if (!account.sees(code)) outOfScope.push(`${p.path}: ${code}`);
        }
        expect(outOfScope, outOfScope.join("\n")).toEqual([]);

        for (const p of pages.filter((x) => !allowed.includes(x))) {
          await page.goto(`${server.base}${p.path}`);
          await page.getByRole("heading", { level: 2, name: "Su rol no permite ver esta página." }).waitFor({ timeout: T });
        }
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
