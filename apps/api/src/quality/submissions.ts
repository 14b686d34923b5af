// Submission statuses read from the store: the networks' calendars, the registry's shelters (open
// in a period) and the load log. The status logic itself is status.ts.
import type { DuckDBConnection } from "@duckdb/node-api";
import { scopeWhere } from "../auth/guard";
import type { Scope } from "../auth/scope";
import { all } from "../db/query";
import { DEFAULT_DUE_DAYS, DEFAULT_REPORTING_PERIOD } from "./ddl";
import { periodStatus, recentPeriods, type Calendar, type LoadRecord, type PeriodSpan, type PeriodStatus, type ReportingPeriod } from "./status";

export interface RegistryShelter {
  shelter_code: string;
  network_code: string;
  opened_on: string | null;
  closed_on: string | null;
  calendar: Calendar;
}

/** How many ended periods the grid shows besides the current one. */
export const RECENT_PERIODS: Record<ReportingPeriod, number> = { monthly: 12, quarterly: 4 };

const asPeriod = (v: string | null): ReportingPeriod => (v === "monthly" || v === "quarterly" ? v : DEFAULT_REPORTING_PERIOD);

/** The registry's shelters in a scope (optionally one network), with their network's calendar. */
export async function registryShelters(conn: DuckDBConnection, scope: Scope, network?: string): Promise<RegistryShelter[]> {
  const f = scopeWhere(scope, "s");
  const rows = await all<{ shelter_code: string; network_code: string; opened_on: string | null; closed_on: string | null; period: string | null; due: number | null }>(
    conn,
    `SELECT s.shelter_code, s.network_code, CAST(s.opened_on AS VARCHAR) AS opened_on, CAST(s.closed_on AS VARCHAR) AS closed_on,
            n.reporting_period AS period, n.reporting_due_days AS due
     FROM shelters AS s LEFT JOIN networks AS n USING (network_code)
     WHERE ${f.sql} AND ($network IS NULL OR s.network_code = $network)
     ORDER BY s.network_code, s.shelter_code`,
    { ...f.params, network: network ?? null },
  );
  return rows.map((r) => ({
    shelter_code: r.shelter_code,
    network_code: r.network_code,
    opened_on: r.opened_on,
    closed_on: r.closed_on,
    calendar: { period: asPeriod(r.period), dueDays: r.due ?? DEFAULT_DUE_DAYS },
  }));
}

/** The load log of some shelters, with the tables each batch held. */
export async function loadRecords(conn: DuckDBConnection, shelterCodes: readonly string[]): Promise<LoadRecord[]> {
  if (shelterCodes.length === 0) return [];
  const rows = await all<{ batch_id: string; shelter_code: string; loaded_at: string; period_start: string | null; period_end: string | null; exported_on: string | null; tables: string }>(
    conn,
    `SELECT batch_id, shelter_code, CAST(loaded_at AS VARCHAR) AS loaded_at, CAST(period_start AS VARCHAR) AS period_start,
            CAST(period_end AS VARCHAR) AS period_end, CAST(exported_on AS VARCHAR) AS exported_on, CAST(json_keys(counts) AS VARCHAR) AS tables
     FROM load_log WHERE list_contains(string_split($codes, '\u0001'), shelter_code) ORDER BY loaded_at, batch_id`,
    { codes: shelterCodes.join("\u0001") },
  );
  return rows.map((r) => ({ ...r, tables: parseList(r.tables) }));
}

/** DuckDB's VARCHAR[] cast ("[a, b]") as a list of names (table names have no commas or brackets). */
function parseList(text: string): string[] {
  return text
    .replace(/^\[|\]$/g, "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Whether a shelter was open for part of a period (unknown dates: open). */
export const openDuring = (s: RegistryShelter, span: PeriodSpan): boolean => (s.opened_on ?? "0000") <= span.end && (s.closed_on ?? "9999") >= span.start;

export interface ShelterSubmissions {
  shelter: RegistryShelter;
  periods: PeriodStatus[];
}

/** Per shelter, the status of each recent period of its network's calendar it was open for. */
export async function submissionGrid(conn: DuckDBConnection, scope: Scope, opts: { asOf: string; network?: string }): Promise<ShelterSubmissions[]> {
  const shelters = await registryShelters(conn, scope, opts.network);
  const loads = await loadRecords(conn, shelters.map((s) => s.shelter_code));
  const byShelter = new Map<string, LoadRecord[]>();
  for (const l of loads) byShelter.set(l.shelter_code, [...(byShelter.get(l.shelter_code) ?? []), l]);
  return shelters.map((shelter) => {
    const spans = recentPeriods(opts.asOf, shelter.calendar.period, RECENT_PERIODS[shelter.calendar.period]).filter((p) => openDuring(shelter, p));
    const mine = byShelter.get(shelter.shelter_code) ?? [];
    return { shelter, periods: spans.map((p) => periodStatus(shelter.shelter_code, p, mine, shelter.calendar, opts.asOf)) };
  });
}
