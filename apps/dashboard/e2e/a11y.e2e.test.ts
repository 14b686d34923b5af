// axe-core on every page each demo role may open (lib/access.ts pagesFor), in the real bundle
// served by `refugio serve`, in Chromium: zero violations of WCAG 2.x A/AA rules. axe's source is
// injected into the page (playwright-core addScriptTag), so what is checked is the page as built.
// Before: "Cerrar sesión" failed colour contrast (1.59:1) on every page.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Role } from "@refugio/schemas";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pagesFor } from "../src/lib/access";
import { signInAs, type RunningServer, startDemoSuite, type DemoSuite } from "./serve";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** One demo account per role, with the network its pages depend on. */
const accounts: { username: string; role: Role; network: string | null }[] = [
  { username: "admin", role: "admin", network: null },
  { username: "ministry", role: "ministry", network: null },
  { username: "director-aurora", role: "network_director", network: "pe-aurora" },
  { username: "researcher", role: "researcher", network: null },
  { username: "shelter-hrt-01", role: "shelter_staff", network: "pe-aurora" },
];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

// Page-side: run axe on the whole document against the WCAG 2.x A and AA rules.
const RUN_AXE = `axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] }, resultTypes: ["violations"] })
  .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })))`;

let server: RunningServer | null = null;
let browser: Browser | null = null;

let suite: DemoSuite | null = null;
beforeAll(async () => {
  suite = await startDemoSuite("a11y", { scale: "0.05", seed: "7" });
  browser = suite.browser;
  server = suite.server;
});
afterAll(async () => {
  await suite?.stop();
});

/** The pages checked again with their panels open (at least one each for the pages that have them). */
const expanded: string[] = [];

describe("axe-core on every page, for every role", () => {
  for (const account of accounts) {
    it(`${account.role}: no violations on ${pagesFor(account.role, account.network).map((p) => p.id).join(", ")}`, async () => {
      if (!browser || !server) throw new Error("not started");
      // bypassCSP: the page's CSP (script-src 'self') would refuse the injected axe source; only the test bypasses it.
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, bypassCSP: true });
      const page = await context.newPage();
      try {
        await signInAs(page, server.base, account.username);
        const found: string[] = [];
        for (const p of pagesFor(account.role, account.network)) {
          await page.goto(`${server.base}${p.path}`);
          await page.getByRole("navigation").waitFor();
          await page.locator("main h2").first().waitFor();
          // Every query settled: no request in flight, no "Cargando" left.
          await page.waitForLoadState("networkidle");
          await page.waitForFunction(`!document.querySelector('[aria-busy="true"]')`, undefined, { timeout: 60_000 }).catch(() => undefined);
          await page.addScriptTag({ content: axeSource });
          const check = async (state: string) => {
            const violations = (await page.evaluate(RUN_AXE)) as AxeViolation[];
            for (const v of violations) {
              found.push(`${p.path}${state} ${v.id} (${v.impact ?? "?"}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(" ")}${n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, " ")}]` : ""}`).slice(0, 4).join("; ")}`);
            }
          };
          await check("");
          // Then with its panels open: a drill-down, an account's actions, a finding's note form,
          // a recommendation's history, a <details> section (a shelter's field counts). The first
          // two of each: the rest are the same component.
          const toggles = page.locator('main button[aria-expanded="false"]');
          const opened = Math.min(2, await toggles.count());
          for (let i = 0; i < opened; i++) await toggles.first().click();
          const details = (await page.locator("main details:not([open]) > summary").all()).slice(0, 2);
          for (const summary of details) await summary.click();
          if (opened + details.length > 0) {
            expanded.push(`${account.username} ${p.path}: ${opened} toggles, ${details.length} details`);
            await page.waitForLoadState("networkidle");
            await page.waitForFunction(`!document.querySelector('[aria-busy="true"]')`, undefined, { timeout: 60_000 }).catch(() => undefined);
            await check(" (panels open)");
          }
        }
        expect(found, found.join("\n")).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it("opened the panels of the pages that have them (compliance drill-down, admin account actions, recommendation history)", () => {
    expect(expanded.some((e) => e.startsWith("admin /admin"))).toBe(true);
    expect(expanded.some((e) => e.includes("/compliance"))).toBe(true);
    expect(expanded.some((e) => e.includes("/recommendations"))).toBe(true);
  });
});
