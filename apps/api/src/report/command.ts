// `refugio report --network X --period P --out report.pdf`: the dashboard's one-page network report
// (/report) printed to PDF by Chromium, so the PDF is the very page a director prints from the
// browser. The server runs in this process on a loopback port with the built dashboard; the page
// is read as an existing account (--user, default the first active admin) through a session made
// here and deleted afterwards, so every figure passes the same API, scope and release engine.
import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { parseReportPeriod } from "./period";
import { audit } from "../auth/audit";
import { createSession, deleteSession, resolveSession, SESSION_COOKIE } from "../auth/sessions";
import { LOCKED_PREFIX } from "../auth/users";
import { databasePath, dbOption, UsageError, type Command } from "../cli/command";
import { loadConfig } from "../config";
import { openDatabase } from "../db/connection";
import { one } from "../db/query";
import { createRefugioServer } from "../server";

const USAGE = `refugio report --network CODE --out FILE.pdf [--period YEAR|YEAR-YEAR] [--lang es|en] [--user NAME] [--dashboard DIR] [--chromium PATH] [--db PATH]

Prints the one-page network report (the dashboard's /report page) to PDF with Chromium.
--period: one year (2024) or whole years (2023-2024); default all the data.
--user: the account the report is read as (default: the first active admin).
--chromium: the browser (default $CHROMIUM_PATH, else /usr/bin/chromium).`;

/** Pages in a PDF: its page objects ("/Type /Page", not "/Type /Pages"). */
export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

export const report: Command = {
  name: "report",
  summary: "Print the one-page network report to PDF / Imprimir el informe de red de una página en PDF",
  usage: USAGE,
  options: {
    ...dbOption,
    network: { type: "string" },
    period: { type: "string" },
    out: { type: "string" },
    lang: { type: "string" },
    user: { type: "string" },
    dashboard: { type: "string" },
    chromium: { type: "string" },
  },
  async run({ values }) {
    const network = values.network === undefined ? "" : String(values.network);
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(network)) throw new UsageError("--network CODE es obligatorio / --network CODE is required");
    if (values.out === undefined) throw new UsageError("--out FILE.pdf es obligatorio / --out FILE.pdf is required");
    const out = resolve(String(values.out));
    const period = values.period === undefined ? null : String(values.period);
    if (period !== null && parseReportPeriod(period) === null) {
      throw new UsageError(`--period: un año (2024) o un rango (2023-2024) entre 2000 y este año / one year (2024) or a range (2023-2024) between 2000 and this year: ${period}`);
    }
    const lang = values.lang === undefined ? "es" : String(values.lang);
    if (lang !== "es" && lang !== "en") throw new UsageError(`--lang: es o en / es or en: ${lang}`);
    const chromiumPath = String(values.chromium ?? process.env.CHROMIUM_PATH ?? "/usr/bin/chromium");
    if (!existsSync(chromiumPath)) {
      process.stderr.write(`refugio report: Chromium no encontrado / not found: ${chromiumPath} (--chromium PATH)\n`);
      return 2;
    }

    const db = await openDatabase(databasePath(values));
    const conn = db.connection;
    const known = await one(conn, `SELECT 1 AS x FROM networks WHERE network_code = $n UNION SELECT 1 FROM shelters WHERE network_code = $n`, { n: network });
    if (!known) {
      db.close();
      process.stderr.write(`refugio report: red desconocida / unknown network: ${network}\n`);
      return 2;
    }
    // An account still on a one-time password sees only the change-password page: not one to
    // read the report as.
    const account = await one<{ username: string }>(
      conn,
      values.user === undefined
        ? `SELECT username FROM users WHERE role = 'admin' AND NOT starts_with(password_hash, '${LOCKED_PREFIX}') AND NOT coalesce(must_change_password, FALSE) ORDER BY username LIMIT 1`
        : `SELECT username FROM users WHERE username = $u AND NOT starts_with(password_hash, '${LOCKED_PREFIX}') AND NOT coalesce(must_change_password, FALSE)`,
      values.user === undefined ? {} : { u: String(values.user) },
    );
    if (!account) {
      db.close();
      process.stderr.write(`refugio report: ninguna cuenta activa, con contraseña propia, para leer el informe (--user) / no active account with its own password to read the report as (--user)\n`);
      return 2;
    }

    const { app, server } = await createRefugioServer({ db, config: loadConfig(), dashboardDir: values.dashboard as string | undefined });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const address = server.address();
    const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    const session = await createSession(conn, account.username, 1);
    // Loaded here, not at the top: playwright-core is only needed by this command.
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      // A4 portrait less the page's 10 mm margins (styles.css @page), at 96 px per inch.
      const width = Math.round(((210 - 20) / 25.4) * 96);
      const height = Math.round(((297 - 20) / 25.4) * 96);
      const context = await browser.newContext({ viewport: { width, height } });
      await context.addCookies([{ name: SESSION_COOKIE, value: session.token, url: base, httpOnly: true, sameSite: "Strict" }]);
      await context.addInitScript(`try { localStorage.setItem("refugio.lang", ${JSON.stringify(lang)}); } catch {}`);
      const page = await context.newPage();
      const query = new URLSearchParams({ network, ...(period ? { period } : {}) });
      await page.goto(`${base}/report?${query.toString()}`);
      await page.emulateMedia({ media: "print" });
      await page.locator("[data-report-ready]").waitFor({ timeout: 180_000 });
      // Charts settle after their data: wait for the browser to be idle once more.
      await page.waitForLoadState("networkidle");
      const shown = await page.locator("[data-testid=report-meta]").textContent();
      // The PDF's title (its metadata) names the network and period, as the page heading does.
      await page.evaluate(`document.title = ${JSON.stringify(`Refugio — ${shown?.trim() ?? network}`)}`);
      // Fit one page: scale down by the content's height, then check the PDF and shrink again if needed.
      const contentHeight = await page.evaluate("document.documentElement.scrollHeight");
      let scale = Math.max(0.1, Math.min(1, Math.floor((height / Number(contentHeight)) * 100) / 100));
      let pages = 0;
      for (let attempt = 0; attempt < 6; attempt++) {
        await page.pdf({ path: out, format: "A4", printBackground: true, preferCSSPageSize: true, scale });
        pages = pdfPageCount(readFileSync(out));
        if (pages <= 1 || scale <= 0.1) break;
        scale = Math.max(0.1, Math.floor(scale * 0.85 * 100) / 100);
      }
      await audit(conn, { actor: account.username, action: "export.table", target: network, ok: true, detail: { report: true, period, pages } });
      process.stdout.write(
        `${JSON.stringify({ out, bytes: statSync(out).size, pages, scale, network, period, lang, shown: shown?.trim() ?? null })}\n`,
      );
      return pages === 1 ? 0 : 1;
    } finally {
      await browser.close().catch(() => undefined);
      const resolved = await resolveSession(conn, session.token);
      if (resolved) await deleteSession(conn, resolved.session.tokenHash);
      await app.close();
      db.close();
    }
  },
};
