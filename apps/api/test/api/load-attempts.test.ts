// Issue 15, Data page: a refused load stays in the history as "rejected" (when, who, which
// shelter, how many problems) next to the loaded batches, while the data tables are exactly as
// before; the attempt log holds no file contents, cell values or file names. Over HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { all } from "../../src/db/query";
import { batchFiles } from "./batch";
import { signedIn, type ApiClient } from "./client";
import { PASSWORD, startServer, type TestServer } from "./fixture";

let srv: TestServer;
let staff: ApiClient;
let staffBogota: ApiClient;
let ministry: ApiClient;
beforeAll(async () => {
  srv = await startServer();
  staff = await signedIn(srv.url, "shelter-hrt-01", PASSWORD);
  staffBogota = await signedIn(srv.url, "shelter-cr-bog-1", PASSWORD);
  ministry = await signedIn(srv.url, "ministry", PASSWORD);
});
afterAll(async () => {
  await srv?.close();
});

interface HistoryRow {
  status: "loaded" | "rejected";
  batch_id: string | null;
  shelter_code: string | null;
  loaded_by: string;
  loaded_at: string;
  problems: number | null;
}

const DATA_TABLES = ["stays", "children", "assessments", "followups", "service_surveys", "coordinator_surveys", "compliance_checks", "referrals_not_admitted", "load_log", "findings", "stay_months", "meta"];

/** Every data table's rows, as text, to compare before and after. */
async function snapshot(): Promise<string> {
  const out: Record<string, unknown> = {};
  for (const t of DATA_TABLES) out[t] = await all(srv.db.connection, `SELECT * FROM ${t} ORDER BY ALL`);
  return JSON.stringify(out, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v));
}

/** A batch for `shelter` whose stays.csv holds a bad date and an unknown exit reason (with a tell-tale value). */
function badBatch(shelter: string) {
  const files = batchFiles(shelter, 4);
  const rows = Buffer.from(files[1]?.contentBase64 ?? "", "base64").toString("utf8").trimEnd().split("\n");
  rows.push(`bad-1,pk-secret-person-x,${shelter},2024-13-45,2024-02-01,plan_completed`);
  rows.push(`bad-2,pk-secret-person-y,${shelter},2024-01-01,2024-02-01,NOT-A-REASON-zzz`);
  return [files[0] as { name: string; contentBase64: string }, { name: "stays.csv", contentBase64: Buffer.from(`${rows.join("\n")}\n`).toString("base64") }];
}

describe("rejected load attempts", () => {
  it("a rejected upload appears in the history as rejected, and the data tables are unchanged", async () => {
    const before = await snapshot();
    const r = await staff.mutate<{ ok: boolean; problem_count: number; batches: { status: string }[] }>("ingest.load", { files: badBatch("hrt-01") });
    expect(r.status).toBe(200);
    expect(r.data?.ok).toBe(false);
    expect(r.data?.problem_count).toBeGreaterThanOrEqual(2);
    expect(await snapshot()).toBe(before);

    const hist = await staff.query<HistoryRow[]>("ingest.history");
    expect(hist.status).toBe(200);
    const rejected = (hist.data ?? []).filter((h) => h.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ status: "rejected", shelter_code: "hrt-01", loaded_by: "shelter-hrt-01", problems: r.data?.problem_count, batch_id: null });
    expect(Date.parse(`${rejected[0]?.loaded_at.replace(" ", "T")}Z`)).toBeGreaterThan(Date.now() - 10 * 60_000);
    // Next to the loaded batches (the fixture's), newest first.
    expect((hist.data ?? []).some((h) => h.status === "loaded")).toBe(true);
    expect(hist.data?.[0]?.status).toBe("rejected");

    // The attempt log keeps counts and contract names only: no value, key or file content.
    const stored = JSON.stringify(await all(srv.db.connection, `SELECT *, CAST(kinds AS VARCHAR) AS k FROM load_attempts`), (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v));
    for (const secret of ["pk-secret", "bad-1", "2024-13-45", "NOT-A-REASON"]) expect(stored).not.toContain(secret);
    expect(stored).toContain("stays.");

    // Scoped like the loaded batches: another shelter's staff does not see it; the ministry does.
    const other = await staffBogota.query<HistoryRow[]>("ingest.history");
    expect((other.data ?? []).some((h) => h.status === "rejected")).toBe(false);
    const all_ = await ministry.query<HistoryRow[]>("ingest.history");
    expect((all_.data ?? []).filter((h) => h.status === "rejected").map((h) => h.shelter_code)).toEqual(["hrt-01"]);
  });

  it("a dry run (check) that finds problems is not an attempt to load", async () => {
    const before = (await all(srv.db.connection, `SELECT count(*) AS n FROM load_attempts`))[0];
    const r = await staff.mutate<{ ok: boolean }>("ingest.check", { files: badBatch("hrt-01") });
    expect(r.data?.ok).toBe(false);
    expect((await all(srv.db.connection, `SELECT count(*) AS n FROM load_attempts`))[0]).toEqual(before);
  });
});
