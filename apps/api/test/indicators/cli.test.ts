// `refugio indicators` through the real bin, on a database file written by the scenario.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { catalogue } from "@refugio/metrics";
import { indicatorInfoSchema, indicatorResultSchema } from "@refugio/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connection";
import { loadScenario } from "./scenario";

const bin = fileURLToPath(new URL("../../bin/refugio.js", import.meta.url));
let dir: string;
let dbPath: string;

function refugio(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      ok({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "refugio-ind-"));
  dbPath = join(dir, "t.duckdb");
  const db = await openDatabase(dbPath);
  await loadScenario(db);
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("refugio indicators", () => {
  it("--json prints IndicatorResult objects (internal audience, k = 5)", async () => {
    const r = await refugio(["indicators", "--db", dbPath, "--json", "--from", "2024-01-01", "--to", "2024-03-31", "--indicator", "women_served", "--indicator", "completed_stays", "--by", "network"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const rows = (JSON.parse(r.stdout) as unknown[]).map((x) => indicatorResultSchema.parse(x));
    const women = rows.filter((x) => x.indicator === "women_served");
    expect(women[0]).toMatchObject({ group: {}, value: 7, numerator: 7, suppressed: false });
    // net-a has 3 women (< 5): suppressed for the internal audience.
    expect(women.find((x) => x.group.network === "net-a")).toMatchObject({ suppressed: true, value: null });
    expect(rows.filter((x) => x.indicator === "completed_stays")[0]).toMatchObject({ numerator: 2, denominator: 6 });
  });

  it("--k and REFUGIO_K set k", async () => {
    const args = ["indicators", "--db", dbPath, "--json", "--from", "2024-01-01", "--to", "2024-03-31", "--indicator", "women_served"];
    const viaFlag = JSON.parse((await refugio([...args, "--k", "10"])).stdout) as { suppressed: boolean }[];
    expect(viaFlag[0]?.suppressed).toBe(true);
    const viaEnv = JSON.parse((await refugio(args, { REFUGIO_K: "10" })).stdout) as { suppressed: boolean }[];
    expect(viaEnv[0]?.suppressed).toBe(true);
    expect((await refugio([...args, "--k", "1"])).code).toBe(2);
  });

  it("prints an aligned table by default", async () => {
    const r = await refugio(["indicators", "--db", dbPath, "--from", "2024-01-01", "--to", "2024-03-31", "--indicator", "completed_stays", "--lang", "en"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^Indicator\s+Group\s+Value\s+95 % CI\s+Num\/Den\s+n\s+Flags$/);
    expect(lines[2]).toMatch(/^Completed stays\s+\(total\)\s+33\.3 %\s+9\.7 % – 70\.0 %\s+2\/6\s+6/);
  });

  it("--list --json prints the whole catalogue as IndicatorInfo", async () => {
    const r = await refugio(["indicators", "--list", "--json"]);
    const infos = (JSON.parse(r.stdout) as unknown[]).map((x) => indicatorInfoSchema.parse(x));
    expect(infos.map((i) => i.code)).toEqual(catalogue.map((d) => d.code));
  });

  it("rejects codes the registry does not know with exit code 2, naming them (a code in the wrong case gets a hint)", async () => {
    const cases: [string[], RegExp][] = [
      [["--shelter", "H1"], /Refugio desconocido: H1 \(¿quiso decir h1\?\) \/ Unknown shelter: H1 \(did you mean h1\?\)/],
      [["--network", "nonexistent"], /Red desconocida: nonexistent \/ Unknown network: nonexistent/],
      [["--model", "spaceship"], /Modelo desconocido: spaceship \/ Unknown model: spaceship/],
      [["--region", "pe-lim"], /Región desconocida: pe-lim \(¿quiso decir PE-LIM\?\) \/ Unknown region: pe-lim \(did you mean PE-LIM\?\)/],
      [["--country", "XX"], /País desconocido: XX \/ Unknown country: XX/],
    ];
    const runs = await Promise.all(cases.map(([args]) => refugio(["indicators", "--db", dbPath, "--indicator", "women_served", ...args])));
    for (const [i, [args, message]] of cases.entries()) {
      const r = runs[i] ?? { code: -1, stdout: "", stderr: "" };
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
    }
    // Stored codes (countries in any case) still answer.
    const ok = await refugio(["indicators", "--db", dbPath, "--json", "--indicator", "women_served", "--shelter", "h1", "--model", "hrt", "--country", "pe"]);
    expect(ok.code).toBe(0);
  });

  it("rejects a language other than es or en with exit code 2", async () => {
    const r = await refugio(["indicators", "--db", dbPath, "--indicator", "women_served", "--lang", "fr"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/--lang: se espera es o en.* \/ expected es or en, got "fr"/);
  });

  it("words invalid filters in Spanish and English, as the API does", async () => {
    const country = await refugio(["indicators", "--db", dbPath, "--country", "PER"]);
    expect(country.code).toBe(2);
    expect(country.stderr).toContain("Consulta no válida / Invalid query: country: máximo 2 caracteres / at most 2 characters\n");
    const by = await refugio(["indicators", "--db", dbPath, "--by", "colour"]);
    expect(by.code).toBe(2);
    expect(by.stderr).toMatch(/by\.0: valor no permitido; use uno de: "network", .* \/ value not allowed; use one of: "network", /);
    // A date: the schema's own bilingual message, given once.
    const date = await refugio(["indicators", "--db", dbPath, "--from", "2024-13-01"]);
    expect(date.code).toBe(2);
    expect(date.stderr).toContain("Consulta no válida / Invalid query: from: fecha ISO AAAA-MM-DD / ISO date YYYY-MM-DD\n");
  });

  it("rejects a breakdown an indicator does not allow with exit code 2 and both languages", async () => {
    const r = await refugio(["indicators", "--db", dbPath, "--indicator", "compliance_nom217", "--by", "age_band"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no admite|Desagregación/);
    expect(r.stderr).toMatch(/not allowed/);
  });

  it("carries coverage, worst–best bounds and the low-coverage flag for follow-up and pre/post proportions; --low-coverage sets the threshold", async () => {
    const args = ["indicators", "--db", dbPath, "--json", "--indicator", "safe_at_followup", "--indicator", "self_esteem_improved", "--k", "2"];
    const rows = (JSON.parse((await refugio(args)).stdout) as unknown[]).map((x) => indicatorResultSchema.parse(x));
    const bounded = rows.filter((r) => r.attrition);
    expect(bounded.length).toBeGreaterThan(0);
    for (const r of bounded) {
      const a = r.attrition as NonNullable<typeof r.attrition>;
      const x = r.numerator ?? NaN;
      const m = r.denominator ?? NaN;
      const e = r.coverage?.eligible ?? NaN;
      expect(a.coverage).toBeCloseTo(m / e, 12);
      expect(a.low).toBeCloseTo(x / e, 12);
      expect(a.high).toBeCloseTo((x + e - m) / e, 12);
      expect(a.low_coverage).toBe(m / e < 0.6);
      expect(a.threshold).toBe(0.6);
    }
    const none = (JSON.parse((await refugio([...args, "--low-coverage", "0"])).stdout) as { attrition?: { low_coverage: boolean } }[]).filter((r) => r.attrition);
    expect(none.every((r) => r.attrition?.low_coverage === false)).toBe(true);
    const all = (JSON.parse((await refugio([...args, "--low-coverage", "1"])).stdout) as { attrition?: { low_coverage: boolean; coverage: number } }[]).filter((r) => r.attrition);
    expect(all.every((r) => r.attrition?.low_coverage === (r.attrition?.coverage ?? 1) < 1)).toBe(true);
    const bad = await refugio([...args, "--low-coverage", "60"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/se espera una proporción 0–1 \/ expected a share 0–1/);
  });
});
