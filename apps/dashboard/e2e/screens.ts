// `npm run screens`: screenshots of every page of the dashboard at 1366 px and 375 px wide, on
// the demo network, into docs/screens/ (committed; the README shows them). It builds the
// dashboard, makes a small demo database, starts `refugio serve` (the same helpers as the
// browser tests) and signs in as a role that may open each page (lib/access.ts decides).
// Viewport shots, not full pages: they show what a person sees first and stay small.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import type { Role } from "@refugio/schemas";
import { canOpen, pages } from "../src/lib/access";
import { chromiumPath, cli, dashboardDir, launchChromium, refugio, repoRoot, serveDashboard, signInAs } from "./serve";

const run = promisify(execFile);
const outDir = join(repoRoot, "docs/screens");

export const widths = [
  { width: 1366, height: 900 },
  { width: 375, height: 812 },
] as const;

/** Demo accounts, in the order tried: the first that may open a page takes its screenshots. */
const accounts: readonly { username: string; role: Role; network: string | null }[] = [
  { username: "ministry", role: "ministry", network: null },
  { username: "researcher", role: "researcher", network: null },
  { username: "admin", role: "admin", network: null },
];

/** Views that differ by role: a network director's own network, a shelter's benchmark against its peers. */
const roleViews: readonly { name: string; path: string; username: string }[] = [
  { name: "overview-director-bogota", path: "/", username: "director-bogota" },
  { name: "benchmark-shelter", path: "/benchmark", username: "shelter-hrt-01" },
  { name: "upload-shelter", path: "/upload", username: "shelter-hrt-01" },
];

/** Waits until the page shows figures: no skeleton, no loading bar (a progress figure may stay), fonts settled. */
async function settled(page: Page): Promise<void> {
  await page.getByRole("heading", { level: 2 }).first().waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => !document.querySelector('[data-skeleton], [role="progressbar"]:not([aria-valuenow])'), undefined, { timeout: 60_000 });
  await page.waitForLoadState("networkidle");
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.waitForTimeout(300);
}

async function shoot(browser: Browser, base: string, name: string, path: string, username: string | null): Promise<string[]> {
  const written: string[] = [];
  for (const size of widths) {
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, deviceScaleFactor: 1, reducedMotion: "reduce" });
    const page = await context.newPage();
    try {
      if (username) await signInAs(page, base, username);
      await page.goto(`${base}${path}`);
      if (username) await settled(page);
      else await page.getByRole("heading", { level: 1 }).first().waitFor();
      const file = join(outDir, `${name}-${size.width}.png`);
      await page.screenshot({ path: file, type: "png" });
      written.push(file);
    } finally {
      await context.close();
    }
  }
  return written;
}

async function main(): Promise<void> {
  console.log("building the dashboard…");
  await run("npx", ["vite", "build"], { cwd: dashboardDir, timeout: 300_000 });
  const tmp = mkdtempSync(join(tmpdir(), "refugio-screens-"));
  const db = join(tmp, "refugio.duckdb");
  console.log("making the demo database…");
  await refugio(["demo", "--db", db, "--scale", "0.1", "--seed", "7"]);
  const server = await serveDashboard(cli, repoRoot, db, join(dashboardDir, "dist"));
  const browser = await launchChromium(chromiumPath);
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  try {
    written.push(...(await shoot(browser, server.base, "signin", "/", null)));
    for (const page of pages) {
      const account = accounts.find((a) => canOpen(a.role, page.id, a.network));
      if (!account) continue;
      console.log(`${page.id} as ${account.username}…`);
      written.push(...(await shoot(browser, server.base, page.id, page.path, account.username)));
    }
    for (const view of roleViews) {
      console.log(`${view.name} as ${view.username}…`);
      written.push(...(await shoot(browser, server.base, view.name, view.path, view.username)));
    }
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  for (const file of written) console.log(`wrote ${file.slice(repoRoot.length + 1)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
