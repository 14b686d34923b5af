// Every page answers its question (issue 15), in Chromium against the real server on the demo
// network: the benchmark judges each row and says why a cell is blank, compliance is a sortable
// heat map with a network filter and a drill-down by table, trends state a trend test in words
// and split by region, and the upload page links the templates and the data dictionary.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAs, type RunningServer, startDemoSuite, type DemoSuite } from "./serve";


let server: RunningServer | null = null;
let browser: Browser | null = null;
let base = "";

let suite: DemoSuite | null = null;
beforeAll(async () => {
  suite = await startDemoSuite("e2e-pages", { scale: process.env.REFUGIO_E2E_SCALE ?? "0.1", seed: "7" });
  browser = suite.browser;
  server = suite.server;
  base = server?.base ?? "";
});
afterAll(async () => {
  await suite?.stop();
});

/** A signed-in page; page errors collected for the final check. */
async function open(username: string, width = 1366): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  if (!browser) throw new Error("no browser");
  const context = await browser.newContext({ viewport: { width, height: 1000 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await signInAs(page, base, username);
  return { page, errors, close: () => context.close() };
}

/** Texts of the data cells of a table that are empty once aria-hidden parts are ignored. */
const EMPTY_CELLS = (testId: string) =>
  `[...document.querySelectorAll('[data-testid="${testId}"] tbody td')].filter((td) => !td.querySelector("svg.strip")).filter((td) => { const c = td.cloneNode(true); c.querySelectorAll('[aria-hidden="true"]').forEach((e) => e.remove()); return (c.textContent || "").trim() === ""; }).length`;

describe("every page answers its question", () => {
  it("overview: region grid by name, coloured against the total; tiles with the change against the previous year", async () => {
    const { page, errors, close } = await open("ministry");
    try {
      await page.goto(`${base}/?from=2024&to=2024`);
      const grid = page.getByTestId("region-grid");
      await grid.waitFor({ timeout: 60_000 });
      const regions = await grid.locator("tbody th[scope=row]").allInnerTexts();
      expect(regions.length).toBeGreaterThan(1);
      // Regions by name, never a code.
      for (const name of regions) expect(name).not.toMatch(/^[A-Z]{2}-[A-Z0-9]+$/);
      const judged = await grid.locator("td.area-cell--better, td.area-cell--similar, td.area-cell--worse").count();
      expect(judged).toBeGreaterThan(0);
      for (const cell of await grid.locator("td.area-cell--better, td.area-cell--worse").all()) expect(await cell.locator("svg[data-shape]").count()).toBe(1);
      // Tiles: the change against 2023, with its interval and verdict for a proportion.
      const change = page.locator('[data-indicator="completed_stays"] .tile-extras__change');
      await change.waitFor({ timeout: 30_000 });
      expect(await change.innerText()).toMatch(/^Cambio frente a 2023: [+−-]?[\d.,]+ p\. p\. \(IC 95 % .+ a .+\)/);
      expect(["better", "similar", "worse"]).toContain(await change.getAttribute("data-change"));
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  for (const user of ["ministry", "shelter-cr-bog-1"]) {
    it(`overview as ${user}: every headline tile has its line over six years, read out as the figures the trend API releases`, async () => {
      const { page, errors, close } = await open(user);
      try {
        await page.goto(`${base}/?from=2024&to=2024`);
        const line = page.locator('[data-sparkline="women_served"] svg[role="img"]');
        await line.waitFor({ timeout: 60_000 });
        expect(await page.locator("[data-sparkline] svg[role=img]").count()).toBeGreaterThanOrEqual(5);
        const spoken = (await line.getAttribute("aria-label")) ?? "";
        expect(spoken).toMatch(/^Mujeres atendidas por año, 2019–2024: 2019 .+, 2020 .+, 2021 .+, 2022 .+, 2023 .+, 2024 .+$/);
        // The same six years from the API, as this user may see them.
        const input = { indicators: ["women_served"], grain: "year", from: "2019-01-01", to: "2024-12-31" };
        const released = (await page.evaluate(async (q) => (await fetch(`/trpc/indicators.trend?input=${encodeURIComponent(JSON.stringify(q))}`)).json(), input)) as {
          result: { data: { group: Record<string, string>; value: number | null; suppressed: boolean }[] };
        };
        const years = released.result.data.filter((x) => Object.keys(x.group).length === 1);
        expect(years.map((r) => r.group.year)).toEqual(["2019", "2020", "2021", "2022", "2023", "2024"]);
        expect(years.some((r) => r.value !== null && !r.suppressed)).toBe(true);
        for (const r of years) {
          const said = new RegExp(`${r.group.year} ([^,]+)`).exec(spoken)?.[1] ?? "";
          if (r.suppressed || r.value === null) expect(said).not.toMatch(/^\d/);
          else expect(Number(said.replace(/\./g, "").replace(/\s/g, ""))).toBe(r.value);
        }
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });
  }

  it("benchmark: each row judged with the catalogue's polarity, in words; no unexplained blank", async () => {
    const { page, errors, close } = await open("ministry");
    try {
      await page.goto(`${base}/benchmark?shelter=hrt-01`);
      const table = page.getByTestId("benchmark-table");
      await table.waitFor({ timeout: 60_000 });
      const rows = table.locator("tbody tr");
      expect(await rows.count()).toBeGreaterThan(0);
      for (const row of await rows.all()) {
        const judgement = await row.getAttribute("data-judgement");
        expect(["better", "similar", "worse", "not_compared"]).toContain(judgement);
        const text = await row.innerText();
        // The polarity in words beside every position, and the badge's words agree with the judgement.
        expect(text).toMatch(/más alto es mejor|más bajo es mejor|sin juicio|sin valor propio comparable/);
        if (judgement === "better") expect(text).toContain("Mejor que la mayoría de sus pares");
        if (judgement === "worse") expect(text).toContain("Peor que la mayoría de sus pares");
      }
      // The spine chart: one row per compared indicator, with the same judgement.
      await expect(page.locator(".rf-spine tbody tr").count()).resolves.toBe(await rows.count());
      // Occupancy as a percentage wherever it is listed.
      const occupancy = page.locator('tr[data-indicator="occupancy_rate"]').first();
      if ((await occupancy.count()) > 0) expect(await occupancy.locator("td").first().innerText()).toMatch(/%|suprimido|sin/);
      // Every blank says why in visible words (the decorative strip aside).
      expect(await page.evaluate<number>(EMPTY_CELLS("benchmark-table"))).toBe(0);
      if ((await page.getByTestId("benchmark-apart").count()) > 0) {
        await page.getByRole("heading", { level: 3, name: "Indicadores sin pares comparables" }).waitFor();
        expect(await page.evaluate<number>(EMPTY_CELLS("benchmark-apart"))).toBe(0);
      }
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("benchmark as shelter-hrt-01: NOM-217 (never checked in Peru) reads 'no evaluado', the stay limit (none for HRT) 'no aplica', never 'suprimido'", async () => {
    const { page, errors, close } = await open("shelter-hrt-01");
    try {
      await page.goto(`${base}/benchmark`);
      await page.getByTestId("benchmark-table").waitFor({ timeout: 60_000 });
      // In the tables and in the spine chart alike.
      for (const where of ['[data-testid^="benchmark-"]', ".rf-spine"]) {
        const nom = page.locator(`${where} tr[data-indicator="compliance_nom217"]`).first();
        if ((await nom.count()) > 0 || where !== ".rf-spine") {
          const text = await nom.innerText();
          expect(text, where).toMatch(/no evaluado/i);
          expect(text, where).not.toMatch(/suprimido/i);
        }
        const limit = page.locator(`${where} tr[data-indicator="stays_over_limit"]`).first();
        if ((await limit.count()) > 0 || where !== ".rf-spine") {
          const text = await limit.innerText();
          expect(text, where).toMatch(/no aplica/i);
          expect(text, where).not.toMatch(/suprimido/i);
        }
      }
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  for (const user of ["ministry", "director-aurora"]) {
    it(`recommendations as ${user}: a recommendation one region finished while another is blocked rolls up per level, the blocked one named, never "Cumplida"`, async () => {
      const { page, errors, close } = await open(user);
      try {
        await page.goto(`${base}/recommendations`);
        const line = page.getByText(/\d+ de \d+ regiones cumplidas, 1 bloqueada \(PE-[A-Z]+\)/).first();
        await line.waitFor({ timeout: 60_000 });
        const item = page.locator(".rollup", { has: line });
        const status = await item.locator(".status").first().innerText();
        expect(status).not.toMatch(/^Cumplida$/);
        expect(await item.locator(".status").first().getAttribute("data-status")).toBe("blocked");
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });
  }

  it("compliance: heat map with figures in cells, network filter, sortable, drill-down by table", async () => {
    const { page, errors, close } = await open("ministry");
    try {
      await page.goto(`${base}/compliance`);
      const map = page.getByTestId("compliance-heatmap");
      await map.waitFor({ timeout: 60_000 });
      const heatCells = map.locator("tbody td.heat");
      const n = await heatCells.count();
      expect(n).toBeGreaterThan(0);
      for (const cell of (await heatCells.all()).slice(0, 30)) {
        expect(await cell.getAttribute("class")).toMatch(/heat--([0-4]|na)/);
        expect((await cell.innerText()).trim()).toMatch(/\d+\s?%|no aplica/);
      }
      await page.getByRole("group", { name: "Escala: proporción de ítems aplicables cumplidos" }).waitFor();

      // Sort by A1: aria-sort set and the shares in order (cells without applicable items last).
      const a1 = page.getByRole("columnheader", { name: /A1/ });
      await a1.getByRole("button").click();
      await expect(a1.getAttribute("aria-sort")).resolves.toBe("ascending");
      const shares = (await map.locator("tbody tr[data-shelter] td:nth-of-type(3)").allInnerTexts()).map((t) => /(\d+)\s?%/.exec(t)?.[1]).filter((v) => v !== undefined).map(Number);
      expect(shares).toEqual([...shares].sort((x, y) => x - y));

      // Drill-down: grouped by table with applicable and not-applicable counts.
      const first = map.locator("tbody tr[data-shelter]").first();
      const shelter = (await first.getAttribute("data-shelter")) ?? "";
      await first.getByRole("button", { name: /Ver/ }).click();
      const detail = page.getByTestId(`compliance-detail-${shelter}`);
      await detail.waitFor({ timeout: 30_000 });
      await expect(detail.locator("section[data-table]").count()).resolves.toBe(5);
      for (const text of await detail.locator(".compliance-detail__counts").allInnerTexts()) expect(text).toMatch(/^\d+ ítems aplicables: \d+ cumplidos, \d+ no cumplidos · \d+ no aplicables$/);
      // Expired checks say so in the row.
      for (const row of await map.locator("tbody tr[data-expired]").all()) expect(await row.innerText()).toContain("Vencido el");

      // Network filter: every row then belongs to the chosen network.
      const select = page.getByLabel("Red", { exact: true });
      // The network of the first shelter listed (not every network runs NOM-217 checks).
      const label = (await map.locator("tbody tr[data-shelter] td:nth-of-type(1)").first().innerText()).trim();
      expect(await select.locator("option").count()).toBeGreaterThan(2);
      await select.selectOption({ label });
      await page.waitForFunction(() => location.search.includes("network="), undefined, { timeout: 30_000 });
      const networkCells = map.locator("tbody tr[data-shelter] td:nth-of-type(1)");
      await expect.poll(async () => [...new Set(await networkCells.allInnerTexts())], { timeout: 30_000 }).toEqual([label]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  for (const user of ["ministry", "director-aurora"]) {
    it(`trends as ${user}: a pre/post indicator has its coverage drawn as a second series; a completed-stay rate has none`, async () => {
      const { page, errors, close } = await open(user);
      try {
        await page.goto(`${base}/trends?indicator=self_esteem_improved`);
        const coverage = page.getByText(/^Cobertura \(medidas ÷ elegibles\) — /);
        await coverage.first().waitFor({ timeout: 60_000 });
        expect(await page.locator("figure").count()).toBeGreaterThanOrEqual(2);
        await page.goto(`${base}/trends?indicator=completed_stays`);
        await page.locator(".trend-verdict").first().waitFor({ timeout: 60_000 });
        expect(await page.getByText(/^Cobertura \(medidas ÷ elegibles\)/).count()).toBe(0);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });
  }

  it("trends: the trend test in words, quarter axes, split by region", async () => {
    const { page, errors, close } = await open("ministry");
    try {
      await page.goto(`${base}/trends?indicator=completed_stays&grain=quarter`);
      const verdict = page.locator(".trend-verdict").first();
      await verdict.waitFor({ timeout: 60_000 });
      expect(await verdict.innerText()).toMatch(/^(Tendencia (creciente|decreciente) significativa|Sin tendencia significativa|No se puede probar una tendencia)/);
      expect(["increasing", "decreasing", "none", "too_few"]).toContain(await verdict.getAttribute("data-trend"));
      // Quarter ticks read "T1"… with the year under the first tick of each year.
      await page.waitForFunction(() => [...document.querySelectorAll("figure svg text")].some((e) => /^T[1-4]$/.test((e.textContent ?? "").trim())), undefined, { timeout: 30_000 });
      const ticks = await page.locator("figure svg text").evaluateAll((els) => els.map((e) => e.textContent ?? ""));
      expect(ticks.some((t) => /^T[1-4]$/.test(t.trim()))).toBe(true);
      expect(ticks.some((t) => /^20\d\d$/.test(t.trim()))).toBe(true);

      await page.getByLabel("Separar por").selectOption("region");
      await page.locator(".small-multiples__item").nth(1).waitFor({ timeout: 60_000 });
      const items = page.locator(".small-multiples__item");
      expect(await items.count()).toBeGreaterThan(1);
      for (const item of (await items.all()).slice(0, 5)) {
        await expect(item.locator("figure").count()).resolves.toBe(1);
        await expect(item.locator(".trend-verdict").count()).resolves.toBe(1);
      }
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("compare: region and model beside every shelter, ranked chart, a warning when models are pooled", async () => {
    const { page, errors, close } = await open("ministry");
    try {
      // Every model pooled, as chosen (?pooled=1): the page's default compares one model only
      // (compare-peers.e2e.test.ts).
      await page.goto(`${base}/compare?indicator=completed_stays&pooled=1`);
      await page.locator("figure", { hasText: "ordenado por valor" }).first().waitFor({ timeout: 60_000 });
      // Every shelter row of the table reads "code · region · model".
      const table = page.locator("table", { hasText: "hrt-01" }).last();
      const names = await table.locator("tbody th[scope=row]").allInnerTexts();
      expect(names.length).toBeGreaterThan(1);
      for (const name of names) expect(name).toMatch(/^[\w.-]+ · [^·]+ · [^·]+$/);
      expect(names.some((n) => n.includes("Hogar de Refugio Temporal"))).toBe(true);
      // The ministry sees every network: Peru's HRT and Bogotá's houses pooled is said aloud.
      await expect(page.getByTestId("mixed-models").innerText()).resolves.toContain("modelos distintos");
      // Like with like: one model chosen, every shelter listed is of that model, and no notice.
      await page.getByLabel("Modelo", { exact: true }).selectOption("hrt");
      await page.waitForFunction(() => location.search.includes("model=hrt"), undefined, { timeout: 30_000 });
      await expect.poll(async () => page.getByTestId("mixed-models").count(), { timeout: 30_000 }).toBe(0);
      // The data table (the last table naming hrt-01), once the filtered answer is drawn.
      const hrtNames = () => page.locator("table", { hasText: "hrt-01" }).last().locator("tbody th[scope=row]").allInnerTexts();
      await expect.poll(async () => { const n = await hrtNames(); return n.length > 0 && n.every((x) => x.includes("Hogar de Refugio Temporal")); }, { timeout: 30_000 }).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("upload: links to the templates and the data dictionary, which the server serves", async () => {
    const { page, errors, close } = await open("shelter-hrt-01");
    try {
      await page.goto(`${base}/upload`);
      const dictionary = page.getByRole("link", { name: /Diccionario de datos/ });
      await dictionary.waitFor({ timeout: 30_000 });
      const stays = page.getByRole("link", { name: /\(stays\.csv\)/ });
      const workbook = page.getByRole("link", { name: /\.xlsx\)/ });
      await expect(workbook.count()).resolves.toBe(1);
      const fetched = await page.evaluate(
        async (hrefs) => Promise.all(hrefs.map(async (h) => { const r = await fetch(h); return { status: r.status, text: (await r.text()).slice(0, 200) }; })),
        [await dictionary.getAttribute("href"), await stays.getAttribute("href")].map(String),
      );
      expect(fetched[0]?.status).toBe(200);
      expect(fetched[0]?.text).toMatch(/^# /m);
      expect(fetched[1]?.status).toBe(200);
      expect(fetched[1]?.text.replace(/^\uFEFF/, "")).toMatch(/^stay_id,person_key,shelter_code/);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
