// Every CSV the product writes goes through one writer (src/ingest/csv-write.ts) that neutralises
// spreadsheet formulas in text cells (a leading apostrophe, as OWASP recommends) and leaves numbers
// alone. Before: admin.exportRegistry wrote "=…" cells as they were.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseCsv } from "csv-parse/sync";
import { tableByName } from "@refugio/schemas";
import { toCsv } from "../../src/demo/csv";
import { neutraliseFormula, toCsvText } from "../../src/ingest/csv-write";
import { auditCsv } from "../../src/routers/admin";
import { type ApiClient, signedIn } from "./client";
import { PASSWORD, startServer, type TestServer } from "./fixture";

/** Rows of a CSV text, header first, as an RFC 4180 reader (csv-parse) reads them. */
function parse(text: string): string[][] {
  return parseCsv(text, { bom: true, relax_column_count: true }) as string[][];
}

const FORMULAS = ["=HYPERLINK(\"http://x.invalid\",\"clic\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"];

describe("the CSV writer", () => {
  it("prefixes text cells starting with = + - @ tab or CR with an apostrophe; numbers and booleans stay as they are", () => {
    for (const f of FORMULAS) expect(neutraliseFormula(f)).toBe(`'${f}`);
    expect(neutraliseFormula("Red Aurora")).toBe("Red Aurora");
    const text = toCsvText(["a", "b", "c", "d"], [[FORMULAS[0], -3, -2.5, true], [null, "x,y", "-2", false]]);
    expect(parse(text)).toEqual([["a", "b", "c", "d"], [`'${FORMULAS[0]}`, "'-3", "'-2.5", "true"], ["", "x,y", "'-2", "false"]]);
  });

  it("the audit export and the demo's batch files use it", () => {
    const audit = auditCsv([{ id: 1, at: "2025-01-01 00:00:00", actor: "=cmd|' /C calc'!A0", action: "auth.login", target: "@x", ok: false, detail: "-1" }]);
    const [, row] = parse(audit) as string[][];
    expect(row).toEqual(["1", "2025-01-01 00:00:00", "'=cmd|' /C calc'!A0", "auth.login", "'@x", "false", "'-1"]);
    const demo = parse(toCsv(tableByName.stays, [{ stay_id: "S1", person_key: "+P1", shelter_code: "x", admission_date: "2024-01-01", children_in_stay: -1 }])) as string[][];
    expect(demo[1]?.slice(0, 2)).toEqual(["S1", "'+P1"]);
    expect(demo[1]?.[demo[0]?.indexOf("children_in_stay") ?? -1]).toBe("'-1");
  });
});

describe("admin.exportRegistry", () => {
  let srv: TestServer;
  let admin: ApiClient;
  beforeAll(async () => {
    srv = await startServer();
    admin = await signedIn(srv.url, "admin", PASSWORD);
  });
  afterAll(async () => {
    await srv?.close();
  });

  it("a network name that is a formula comes back neutralised; the capacity stays a number", async () => {
    const exported = await admin.mutate<{ csv: string }>("admin.exportRegistry");
    const [header = [], ...rows] = parse(exported.data?.csv ?? "") as string[][];
    const col = (name: string) => header.indexOf(name);
    const first = rows[0] ?? [];
    const evil = header.map((h, i) => (h === "shelter_code" ? "hrt-77" : h === "network_name" ? FORMULAS[0] : (first[i] ?? "")));
    const file = [header, ...rows, evil].map((r) => r.map((c = "") => `"${c.replaceAll('"', '""')}"`).join(",")).join("\n");
    const imported = await admin.mutate<{ ok: boolean }>("admin.importRegistry", { file: { name: "registro.csv", contentBase64: Buffer.from(`${file}\n`).toString("base64") } });
    expect(imported.data?.ok).toBe(true);
    const again = await admin.mutate<{ csv: string }>("admin.exportRegistry");
    const parsed = parse(again.data?.csv ?? "") as string[][];
    const cells = parsed.slice(1).map((r) => r[col("network_name")] ?? "");
    expect(cells.some((c) => /^[=+\-@\t\r]/.test(c))).toBe(false);
    expect(cells).toContain(`'${FORMULAS[0]}`);
    const row77 = parsed.find((r) => r[col("shelter_code")] === "hrt-77");
    expect(row77?.[col("capacity_places")]).toMatch(/^\d+$/);
  });
});
