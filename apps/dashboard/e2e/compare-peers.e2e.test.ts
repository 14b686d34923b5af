// Compare compares like with like (issue 15), in Chromium against the real server on the demo
// network (Peru's HRT, Bogotá's Casas Refugio, Mexico's refugios): opened with no model chosen it
// ranks one model's shelters only and says so; every model pooled is a choice, with its notice,
// that Back undoes; the spine view profiles one shelter on every catalogue indicator that can be
// broken down by shelter, against its peers, and passes axe-core.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { IndicatorInfo } from "@refugio/schemas";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAs, startDemoSuite, type DemoSuite, type RunningServer } from "./serve";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const RUN_AXE = `axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] }, resultTypes: ["violations"] })
  .then((r) => r.violations.map((v) => v.id + ": " + v.help + " — " + v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join("; ")))`;

/** Model names as the dashboard writes them beside each shelter (codeLists.model, Spanish). */
const MODEL_NAMES = ["Hogar de Refugio Temporal", "Casa Refugio", "Refugio"];

let suite: DemoSuite | null = null;
let server: RunningServer | null = null;
let browser: Browser | null = null;
let base = "";

beforeAll(async () => {
  suite = await startDemoSuite("e2e-compare-peers", { scale: "0.05", seed: "7" });
  browser = suite.browser;
  server = suite.server;
  base = server?.base ?? "";
});
afterAll(async () => {
  await suite?.stop();
});

async function open(username: string): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  if (!browser) throw new Error("no browser");
  // bypassCSP: only so the axe check can inject its source (script-src 'self').
  const context = await browser.newContext({ viewport: { width: 1366, height: 1000 }, bypassCSP: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await signInAs(page, base, username);
  return { page, errors, close: () => context.close() };
}

/** The data table under the charts (the one its downloads belong to). */
const dataTable = (page: Page) => page.locator("p.rf-table__downloads + table");

/** The model named in each shelter row ("code · region · model"), once the table has rows. */
async function rowModels(page: Page): Promise<string[]> {
  await dataTable(page).locator("tbody tr").first().waitFor({ timeout: 60_000 });
  const names = await dataTable(page).locator("tbody th[scope=row]").allInnerTexts();
  return names.map((n) => {
    const model = n.split(" · ")[2] ?? "";
    expect(MODEL_NAMES, n).toContain(model);
    return model;
  });
}

/** axe-core on the page as it stands, once every request has settled. */
async function expectNoAxeViolations(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle");
  await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(RUN_AXE)) as string[];
  expect(violations, violations.join("\n")).toEqual([]);
}

const distinct = (xs: readonly string[]) => [...new Set(xs)].sort();

/** Waits until the table shows rows of exactly `count` models (a filter's answer drawn). */
async function waitForModels(page: Page, count: (n: number) => boolean): Promise<string[]> {
  let models: string[] = [];
  await expect
    .poll(async () => {
      models = distinct(await rowModels(page));
      return count(models.length);
    }, { timeout: 60_000 })
    .toBe(true);
  return models;
}

/** Catalogue indicators that can be broken down by shelter: what a shelter's spine should list. */
async function shelterIndicators(page: Page): Promise<string[]> {
  const infos = (await page.evaluate(async () => {
    const r = await fetch("/trpc/catalogue.indicators", { credentials: "same-origin" });
    const body = (await r.json()) as { result: { data: unknown } };
    const data = body.result.data as { json?: unknown };
    return data.json ?? data;
  })) as IndicatorInfo[];
  return infos.filter((i) => i.dimensions.includes("shelter")).map((i) => i.code).sort();
}

/** Picks the first shelter of the spine view's list and checks its rows against the catalogue. */
async function checkSpine(page: Page, expectedModel: string | null): Promise<void> {
  const spine = page.getByTestId("compare-spine");
  const select = page.getByLabel("Refugio del perfil");
  const options = await select.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  expect(options.length).toBeGreaterThan(0);
  const shelter = options[0] as string;
  await select.selectOption(shelter);
  await page.waitForURL((u) => u.searchParams.get("shelter") === shelter);
  const rows = spine.locator("table tbody tr[data-indicator]");
  await rows.first().waitFor({ timeout: 60_000 });
  const codes = (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-indicator") ?? ""))).sort();
  expect(codes).toEqual(await shelterIndicators(page));
  // The caption names the shelter and, like with like, its model's shelters as the peers.
  const caption = await spine.locator("caption").innerText();
  expect(caption).toContain(shelter);
  if (expectedModel) expect(caption).toContain(`modelo ${expectedModel}`);
  // At least one indicator has a peer range drawn, and every row says where the shelter stands.
  expect(await spine.locator("svg.rf-spine__svg").count()).toBeGreaterThan(0);
  for (const j of await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-judgement")))) {
    expect(["better", "similar", "worse", "not_compared"]).toContain(j);
  }
}

describe("Compare: like with like", () => {
  it("ministry: opens on one model, pools only when asked (with the notice, undone by Back), profiles a shelter", async () => {
    const { page, errors, close } = await open("ministry");
    try {
      await page.goto(`${base}/compare?indicator=completed_stays`);
      await page.getByRole("heading", { level: 2, name: "Comparar" }).waitFor({ timeout: 30_000 });
      // The scope spans several models (known once the shelter list is in): the choice is offered,
      // with pooling as its last option.
      const notice = page.getByTestId("peer-group");
      await notice.waitFor({ timeout: 30_000 });
      const modelSelect = page.getByLabel("Modelo", { exact: true });
      await modelSelect.waitFor({ timeout: 30_000 });
      const choices = await modelSelect.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      expect(choices.filter((c) => c !== "pooled").length).toBeGreaterThan(1);
      expect(choices).toContain("pooled");

      // Default: one model, said in words, and every ranked shelter is of that model.
      await expect(notice.getAttribute("data-default")).resolves.toBe("true");
      await expect(notice.innerText()).resolves.toMatch(/^Comparación entre iguales: solo refugios de modelo .+ \(\d+ en su ámbito\)/);
      const [only] = await waitForModels(page, (n) => n === 1);
      expect(await notice.innerText()).toContain(`modelo ${only}`);
      await expect(page.getByTestId("mixed-models").count()).resolves.toBe(0);
      expect(new URL(page.url()).searchParams.has("model")).toBe(false);
      // The ranked chart says whose ranking it is.
      await page.locator("figure", { hasText: `ordenado por valor) · solo ${only}` }).first().waitFor({ timeout: 30_000 });

      // Pooled, chosen: every model ranked together, and the notice says so.
      await modelSelect.selectOption("pooled");
      await page.waitForURL((u) => u.searchParams.get("pooled") === "1");
      const pooled = await waitForModels(page, (n) => n > 1);
      await expect(page.getByTestId("mixed-models").innerText()).resolves.toContain("modelos distintos");
      for (const m of pooled) await expect(page.getByTestId("mixed-models").innerText()).resolves.toContain(m);
      await expect(page.getByTestId("peer-group").count()).resolves.toBe(0);

      // Back undoes the choice: one model again, no pooled notice.
      await page.goBack();
      await page.waitForURL((u) => !u.searchParams.has("pooled"));
      await waitForModels(page, (n) => n === 1);
      await expect(page.getByTestId("mixed-models").count()).resolves.toBe(0);

      // Another model, chosen: only that model, and the notice names the choice.
      const defaultModel = await notice.getAttribute("data-model");
      const other = choices.find((c) => c !== "pooled" && c !== defaultModel) as string;
      await modelSelect.selectOption(other);
      await page.waitForURL((u) => u.searchParams.get("model") === other && !u.searchParams.has("pooled"));
      await expect.poll(() => page.getByTestId("peer-group").getAttribute("data-model"), { timeout: 30_000 }).toBe(other);
      const [chosen] = await waitForModels(page, (n) => n === 1);
      expect(chosen).not.toBe(only);

      // The spine view of one shelter of that model, against the shelters of its model; axe on the page.
      await checkSpine(page, chosen ?? null);
      await expectNoAxeViolations(page);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("network director: one model in scope, never pooled, and a shelter's spine against its model", async () => {
    const { page, errors, close } = await open("director-aurora");
    try {
      await page.goto(`${base}/compare?indicator=completed_stays`);
      await page.getByRole("heading", { level: 2, name: "Comparar" }).waitFor({ timeout: 30_000 });
      const models = await waitForModels(page, (n) => n >= 1);
      expect(models).toEqual(["Hogar de Refugio Temporal"]);
      await expect(page.getByTestId("mixed-models").count()).resolves.toBe(0);
      // Nothing to pool in a one-model scope: no model choice is offered.
      await expect(page.getByLabel("Modelo", { exact: true }).count()).resolves.toBe(0);
      await checkSpine(page, "Hogar de Refugio Temporal");
      await expectNoAxeViolations(page);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("ministry, by region: a region's spine lists every indicator that breaks down by region, its own figures the released ones, and passes axe-core", async () => {
    const { page, errors, close } = await open("ministry");
    try {
      await page.goto(`${base}/compare?by=region&model=hrt`);
      const select = page.getByLabel("Región del perfil");
      await select.waitFor({ timeout: 60_000 });
      await expect.poll(async () => (await select.locator("option").count()) > 2, { timeout: 60_000 }).toBe(true);
      const region = (await select.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean)))[0] as string;
      await select.selectOption(region);
      await page.waitForURL((u) => u.searchParams.get("region") === region);
      const spine = page.getByTestId("compare-spine");
      const rows = spine.locator("table tbody tr[data-indicator]");
      await rows.first().waitFor({ timeout: 60_000 });
      const infos = (await page.evaluate(async () => {
        const body = (await (await fetch("/trpc/catalogue.indicators")).json()) as { result: { data: unknown } };
        return body.result.data;
      })) as IndicatorInfo[];
      const byRegion = infos.filter((i) => i.dimensions.includes("region")).map((i) => i.code);
      expect((await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-indicator") ?? ""))).sort()).toEqual([...byRegion].sort());
      expect(await spine.locator("caption").innerText()).toContain("solo refugios de modelo Hogar de Refugio Temporal");
      // The region's own count of women served is the figure indicators.values releases for it.
      const released = (await page.evaluate(
        async (q) => (await (await fetch(`/trpc/indicators.values?input=${encodeURIComponent(JSON.stringify(q))}`)).json()) as unknown,
        { indicators: ["women_served"], by: ["region"], model: "hrt" },
      )) as { result: { data: { group: Record<string, string>; value: number | null; suppressed: boolean }[] } };
      const mine = released.result.data.find((r) => r.group.region === region);
      const shown = await spine.locator('tr[data-indicator="women_served"] td').first().innerText();
      if (mine && !mine.suppressed && mine.value !== null) expect(Number(shown.replace(/[.\s]/g, ""))).toBe(mine.value);
      else expect(shown).toMatch(/suprimido|sin datos/);
      expect(await spine.locator("svg.rf-spine__svg").count()).toBeGreaterThan(0);
      await expectNoAxeViolations(page);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
