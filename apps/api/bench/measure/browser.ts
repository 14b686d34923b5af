// The Overview in Chromium (/usr/bin/chromium through playwright-core), against a freshly started
// server each round (its result cache empty): the time from navigation until every indicator card
// of the Overview is in the page, not LCP (which fires on the intro paragraph), with when the page
// sent its headline query (indicators.values, without `by`) and when the answer came, so that a
// report can say where the time went. Also the dashboard's initial JavaScript (what index.html
// loads before any lazy page), gzipped.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { OVERVIEW_INDICATORS } from "../lib/pages";
import { startServer } from "../lib/proc";
import { progress } from "../lib/report";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Gzipped kB of the scripts index.html loads up front (entry and modulepreload). */
export function initialJsKb(dashboardDir: string): number {
  const html = readFileSync(join(dashboardDir, "index.html"), "utf8");
  const srcs = [...html.matchAll(/(?:src|href)="([^"]+\.js)"/g)].map((m) => m[1] ?? "");
  const bytes = srcs.reduce((sum, src) => sum + gzipSync(readFileSync(join(dashboardDir, src.replace(/^\//, "")))).length, 0);
  return bytes / 1024;
}

/** Per round, ms after navigation: the cards painted, the headline query sent and answered. */
export interface OverviewPaint {
  cards: number[];
  sent: number[];
  answered: number[];
}

/** The Overview's headline query: indicators.values of the headline indicators, not by region. */
const isHeadline = (url: string) => {
  if (!url.includes("/trpc/indicators.values?")) return false;
  const input = new URL(url).searchParams.get("input") ?? "";
  return !input.includes('"by"');
};

export async function measureOverviewPaint(db: string, dashboardDir: string, cookie: string, rounds: number): Promise<OverviewPaint | string> {
  if (!existsSync(CHROMIUM)) return `Chromium not found at ${CHROMIUM}: the Overview paint is not measured`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  const times: OverviewPaint = { cards: [], sent: [], answered: [] };
  try {
    for (let round = 0; round < rounds; round++) {
      const server = await startServer(db, dashboardDir);
      try {
        const context = await browser.newContext();
        const eq = cookie.indexOf("=");
        const [name, value] = [cookie.slice(0, eq), cookie.slice(eq + 1)];
        await context.addCookies([{ name, value, url: server.base }]);
        const page = await context.newPage();
        let sent = Number.NaN;
        let answered = Number.NaN;
        const start = performance.now();
        page.on("request", (r) => {
          if (Number.isNaN(sent) && isHeadline(r.url())) sent = performance.now() - start;
        });
        page.on("response", (r) => {
          if (Number.isNaN(answered) && isHeadline(r.url())) answered = performance.now() - start;
        });
        await page.goto(`${server.base}/`, { waitUntil: "commit" });
        // Every headline card present with its value (suppressed cards carry a value too).
        // (A locator, not waitForFunction: the dashboard's CSP forbids eval.)
        await page.locator(".rf-card .rf-card__value").nth(OVERVIEW_INDICATORS.length - 1).waitFor({ state: "attached", timeout: 120_000 });
        times.cards.push(performance.now() - start);
        times.sent.push(sent);
        times.answered.push(answered);
        await context.close();
      } finally {
        await server.stop();
      }
      progress(`overview in Chromium round ${round + 1}/${rounds}: headline query sent at ${Math.round(times.sent.at(-1) ?? 0)} ms, answered at ${Math.round(times.answered.at(-1) ?? 0)} ms, cards painted at ${Math.round(times.cards.at(-1) ?? 0)} ms`);
    }
  } finally {
    await browser.close();
  }
  return times;
}
