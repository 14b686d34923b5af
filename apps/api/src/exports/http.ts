// Plain HTTP GET downloads on Node's request and response, registered by the server in one place
// (server.ts hands the raw request over), so it does not depend on the HTTP framework:
//   GET /exports/<id>.zip                       a finished research export (owner or admin; researcher and admin only)
//   GET /downloads/indicators.csv?input=<json>  an indicator table as the caller sees it on screen
//   GET /downloads/indicators.xlsx?input=<json> the same as a workbook
//   GET /downloads/trend.csv|xlsx, /downloads/compare.csv|xlsx   the trend and comparison tables
//   GET /downloads/benchmark.csv|xlsx, /downloads/compliance.csv|xlsx   a shelter against its peers, the NOM-217 summary
//   GET /downloads/recommendations.csv|xlsx     the Aurora recommendations with each scope's latest status
// The tables are produced by calling the tRPC procedure itself (`indicators.values` or
// `indicators.trend`, `compare.units`) with the caller's session: the same role check, scope, release engine and
// release guard as the screen, so a download can never hold an unsuppressed figure.
import ExcelJS from "exceljs";
import { createReadStream, existsSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createHash, randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import type { IndicatorResult } from "@refugio/schemas";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Config } from "../config";
import { audit } from "../auth/audit";
import { parseCookies, resolveSession, SESSION_COOKIE } from "../auth/sessions";
import { audienceFor } from "../auth/scope";
import { appRouter, type RouterOutputs } from "../router";
import { createCallerFactory, MUST_CHANGE_PASSWORD, type Context, type Services } from "../trpc";
import { toCsvText } from "../ingest/csv-write";
import { getExport } from "./store";

export interface DownloadDeps {
  /** Runs `fn` on a connection borrowed for this request (the server's pool). */
  use<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T>;
  config: Config;
  services: Services;
}

const EXPORT_PATH = /^\/exports\/([0-9a-f-]{36})\.zip$/;
const TABLE_PATH = /^\/downloads\/(indicators|trend|compare|benchmark|compliance|recommendations)\.(csv|xlsx)$/;

function send(res: ServerResponse, status: number, es: string, en: string) {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
  res.end(JSON.stringify({ error: `${es} / ${en}` }));
}

/** Handles the request if it is one of the downloads (returns true), else leaves it (false). */
export async function handleDownloads(deps: DownloadDeps, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const exportMatch = EXPORT_PATH.exec(url.pathname);
  const tableMatch = TABLE_PATH.exec(url.pathname);
  if (!exportMatch && !tableMatch) return false;
  if (req.method !== "GET") {
    send(res, 405, "método no permitido", "method not allowed");
    return true;
  }
  return deps.use(async (conn) => {
    const session = await resolveSession(conn, parseCookies(req.headers.cookie)[SESSION_COOKIE]);
    if (!session) {
      send(res, 401, "Inicie sesión", "Please sign in");
      return true;
    }
    // A password an admin set opens nothing until the account chooses its own (trpc.ts assertUser).
    if (session.session.mustChangePassword !== false) {
      send(res, 403, MUST_CHANGE_PASSWORD.es, MUST_CHANGE_PASSWORD.en);
      return true;
    }
    const user = session.user;
    if (exportMatch) {
      if (user.role !== "researcher" && user.role !== "admin") {
        send(res, 403, "Su rol no permite esta acción", "Your role does not allow this");
        return true;
      }
      const row = await getExport(conn, exportMatch[1] as string);
      // Someone else's export reads as unknown: its existence is not the caller's to learn.
      if (!row || (row.created_by !== user.username && user.role !== "admin")) {
        send(res, 404, "exportación desconocida", "unknown export");
        return true;
      }
      if (row.status !== "ready" || !row.file || !existsSync(row.file)) {
        send(res, 410, `exportación no disponible (${row.status})`, `export no longer available (${row.status})`);
        return true;
      }
      await audit(conn, { actor: user.username, action: "export.download", target: row.id, ok: true, detail: { manifest_sha256: row.manifest_sha256 } });
      res.writeHead(200, {
        "Content-Type": "application/zip",
        "Content-Length": String(statSync(row.file).size),
        "Content-Disposition": `attachment; filename="refugio-export-${row.id.slice(0, 8)}.zip"`,
        "Cache-Control": "no-store",
      });
      await new Promise<void>((ok, fail) => createReadStream(row.file as string).on("error", fail).on("end", ok).pipe(res));
      return true;
    }
    const [, kind, format] = tableMatch as RegExpExecArray;
    let input: unknown;
    try {
      input = JSON.parse(url.searchParams.get("input") ?? "{}");
    } catch {
      send(res, 400, "La entrada no es JSON válido", "The input is not valid JSON");
      return true;
    }
    const ctx: Context = {
      conn,
      config: deps.config,
      user,
      session: session.session,
      services: deps.services,
      req: { ip: req.socket.remoteAddress ?? "", userAgent: String(req.headers["user-agent"] ?? ""), csrfHeader: null, requestId: randomUUID(), setCookie: () => undefined, setHeader: (name, value) => res.setHeader(name, value) },
    };
    const caller = createCallerFactory(appRouter)(ctx);
    let table: PlainTable;
    try {
      if (kind === "trend") table = indicatorTable(await caller.indicators.trend(input as never));
      else if (kind === "compare") table = indicatorTable((await caller.compare.units(input as never)).units.map((u) => ({ ...u.result, comparison: u.comparison })));
      else if (kind === "benchmark") table = benchmarkTable(await caller.benchmark.shelter(input as never));
      else if (kind === "compliance") table = complianceTable(await caller.compliance.summary(input as never));
      else if (kind === "recommendations") table = recommendationsTable(await caller.recommendations.list(input as never));
      else table = indicatorTable(await caller.indicators.values(input as never));
    } catch (error) {
      if (error instanceof TRPCError) {
        const status = { BAD_REQUEST: 400, FORBIDDEN: 403, UNAUTHORIZED: 401, NOT_FOUND: 404 }[error.code as string] ?? 500;
        if (status === 500) throw error;
        res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
        res.end(JSON.stringify({ error: error.message }));
        return true;
      }
      throw error;
    }
    const k = Math.max(deps.config.REFUGIO_K, Number((input as { k?: number }).k ?? 0));
    const header = tableHeader(input, k, audienceFor(user) === "external", new Date());
    const name = `refugio-${kind}-${new Date().toISOString().slice(0, 10)}.${format}`;
    const body = format === "csv" ? Buffer.from(tableCsv(header, table), "utf8") : await tableXlsx(header, table);
    // Audited with the file's hash, as a microdata export is with its manifest's.
    await audit(conn, { actor: user.username, action: "export.table", target: kind as string, ok: true, detail: { format, input, sha256: createHash("sha256").update(body).digest("hex") } });
    res.writeHead(200, {
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
    });
    res.end(body);
    return true;
  });
}

/** The lines above the table: filters, date, and the suppression rule the figures passed. */
export function tableHeader(input: unknown, k: number, perturbed: boolean, now: Date): string[][] {
  return [
    ["Refugio: indicadores / indicators"],
    ["Filtros / filters", JSON.stringify(input ?? {})],
    ["Fecha / date", now.toISOString()],
    [
      "Regla de supresión / suppression rule",
      `Recuentos y denominadores de 1 a ${k - 1} suprimidos (primaria y complementaria)${perturbed ? "; cifras perturbadas por el método de clave de celda" : ""} / counts and denominators of 1 to ${k - 1} suppressed (primary and complementary)${perturbed ? "; figures perturbed by the cell-key method" : ""} (k = ${k})`,
    ],
    [],
  ];
}

/** A table as written to a file: column names and rows of plain cells (null = an empty cell). */
export interface PlainTable {
  /** The workbook's sheet name. */
  sheet: string;
  columns: readonly string[];
  rows: (string | number | boolean | null)[][];
}

const COLUMNS = ["indicator", "group", "value", "ci_low", "ci_high", "numerator", "denominator", "n", "suppressed", "suppression_reason", "perturbed", "statistic", "state"] as const;

function indicatorTable(rows: IndicatorResult[]): PlainTable {
  return {
    sheet: "indicators",
    columns: COLUMNS,
    rows: rows.map((r) => {
      const group = Object.entries(r.group).map(([d, v]) => `${d}=${v ?? ""}`).join(" ");
      return [r.indicator, group, r.value, r.ci_low, r.ci_high, r.numerator, r.denominator, r.n, r.suppressed, r.suppression_reason, r.perturbed ?? false, r.statistic ?? null, r.state ?? (r.suppressed ? "suppressed" : "value")];
    }),
  };
}

type BenchmarkAnswer = RouterOutputs["benchmark"]["shelter"];
type ComplianceAnswer = RouterOutputs["compliance"]["summary"];
type RecommendationsAnswer = RouterOutputs["recommendations"]["list"];

/** The Recommendations page's table: one row per recommendation and scope with its latest status. */
function recommendationsTable(answer: RecommendationsAnswer): PlainTable {
  return {
    sheet: "recommendations",
    columns: ["recommendation", "title_es", "title_en", "scope", "scope_code", "status", "updated_on", "linked_indicators"],
    rows: answer.flatMap((r) => {
      const links = r.linked_indicators.map((l) => l.code).join(" ");
      const base = [r.code, r.title.es, r.title.en] as const;
      if (r.statuses.length === 0) return [[...base, null, null, null, null, links]];
      return r.statuses.map((s) => [...base, s.scope, s.scope_code, s.status, s.updated_on, links]);
    }),
  };
}

/** The Benchmark page's table: the shelter's own figure and its peers' distribution, as released. */
function benchmarkTable(answer: BenchmarkAnswer): PlainTable {
  return {
    sheet: "benchmark",
    columns: ["shelter", "indicator", "own_value", "own_n", "own_suppressed", "basis", "peers", "peer_p10", "peer_p25", "peer_p50", "peer_p75", "peer_p90", "peers_withheld", "peers_pooled", "window_from", "window_to"],
    rows: answer.indicators.map((i) => {
      const own = i.own.find((r) => Object.keys(r.group).length === 0);
      const q = i.peers?.quantiles ?? null;
      return [
        answer.shelter.shelter_code,
        i.indicator,
        own && !own.suppressed ? own.value : null,
        own && !own.suppressed ? own.n : null,
        own?.suppressed ?? null,
        i.basis?.basis ?? null,
        i.peers?.peers ?? null,
        q?.p10 ?? null,
        q?.p25 ?? null,
        q?.p50 ?? null,
        q?.p75 ?? null,
        q?.p90 ?? null,
        i.peers?.suppressed ?? null,
        i.peers?.pooled ?? null,
        i.peers?.window.from ?? null,
        i.peers?.window.to ?? null,
      ];
    }),
  };
}

/** The Compliance page's table: each shelter's latest NOM-217 check, share met per table. */
function complianceTable(answer: ComplianceAnswer): PlainTable {
  const tables = ["A1", "A2", "A3", "A4", "A5"] as const;
  return {
    sheet: "compliance",
    columns: ["shelter", "network", "assessed_on", "valid_until", "valid", ...tables.map((t) => `${t}_met_share`), "overall_met", "overall_applicable", "overall_met_share"],
    rows: answer.map((s) => [s.shelter_code, s.network_code, s.assessed_on, s.valid_until, s.valid, ...tables.map((t) => s.tables[t].share), s.overall.met, s.overall.applicable, s.overall.share]),
  };
}

export function tableCsv(header: string[][], table: PlainTable): string {
  const lines = [...header.map((h) => (h.length ? [`# ${h[0]}`, ...h.slice(1)] : [])), [...table.columns], ...table.rows];
  return toCsvText(null, lines, { eol: "\r\n" });
}

export async function tableXlsx(header: string[][], table: PlainTable): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(table.sheet);
  for (const h of header) ws.addRow(h);
  ws.addRow([...table.columns]);
  // Suppressed figures stay empty cells (null), as on screen.
  for (const r of table.rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
