// `refugio registry` through the real bin: rows that contradict themselves (a region of another
// country, closing before opening) reject the whole file, and a wrong path is the user's to fix
// (exit 2 with a plain message), not an internal error.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connection";
import { all } from "../../src/db/query";
import { registryCsv, tempDir } from "./helpers";

const bin = resolve(dirname(fileURLToPath(import.meta.url)), "../../bin/refugio.js");
const t = tempDir("registry-cli");
afterAll(() => t.cleanup());

function refugio(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", timeout: 60_000, env: { ...process.env, REFUGIO_LOG_LEVEL: "silent" } });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

const header = registryCsv.split("\n")[0] ?? "";
const db = join(t.dir, "reg.duckdb");

async function stored(): Promise<unknown[]> {
  const handle = await openDatabase(db);
  try {
    return await all(handle.connection, `SELECT shelter_code, region_code, capacity_places, CAST(closed_on AS VARCHAR) AS closed_on FROM shelters ORDER BY 1`);
  } finally {
    handle.close();
  }
}

describe("refugio registry (bin)", () => {
  it("rejects rows whose region is not of their country, is not an ISO 3166-2 code, or that close before opening; nothing is written", async () => {
    const good = join(t.dir, "good.csv");
    writeFileSync(good, `${registryCsv}\n`);
    expect(refugio(["registry", "import", good, "--db", db]).code).toBe(0);
    const before = await stored();
    expect(before).toHaveLength(2);

    const bad = join(t.dir, "bad.csv");
    writeFileSync(
      bad,
      [
        header,
        "t-01,net-t,Red de prueba,PE,PE-CUS,hrt,99,8,2015-01-01,,subnational_government,true",
        "t-03,net-t,Red de prueba,PE,CO-DC,hrt,20,8,2015-01-01,,subnational_government,true",
        "t-04,net-t,Red de prueba,PE,PE-LIM,hrt,20,8,2015-01-01,2014-06-30,subnational_government,true",
        "t-05,net-t,Red de prueba,PE,Cusco,hrt,20,8,2015-01-01,,subnational_government,true",
        "t-06,net-t,Red de prueba,PE,PE-XXX,hrt,20,8,2015-01-01,,subnational_government,true",
        "t-07,net-t,Red de prueba,AR,AR-C,hrt,20,8,2015-01-01,,subnational_government,true",
        "",
      ].join("\n"),
    );
    const r = refugio(["registry", "import", bad, "--db", db]);
    expect(r.code, r.out).toBe(2);
    expect(r.out).not.toMatch(/internal error/);
    expect(r.out).toContain(`${bad}:3:region_code «CO-DC» la región no es del país de la fila`);
    expect(r.out).toContain(`the region is not in the row's country: it must start with "PE-"`);
    expect(r.out).toContain(`${bad}:4:closed_on «2014-06-30» closed_on es anterior a opened_on / closed_on is before opened_on`);
    expect(r.out).toMatch(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:5:region_code «Cusco» .*ISO 3166-2.* / .*ISO 3166-2`));
    // Peru's regions are all listed: PE-XXX is not one. Another country's region is checked for shape only.
    expect(r.out).toContain(`${bad}:6:region_code «PE-XXX» no es una región de PE según ISO 3166-2`);
    expect(r.out).not.toContain(`${bad}:7:`);
    // All or nothing: the good row's change (capacity 99) is not written either.
    expect(await stored()).toEqual(before);
  });

  it("a registry file that does not exist, or an --out folder that does not exist, is exit 2 with a plain message naming the path", () => {
    const missing = join(t.dir, "nope.csv");
    const imp = refugio(["registry", "import", missing, "--db", db]);
    expect(imp.code).toBe(2);
    expect(imp.out).toContain(`${missing} el archivo no existe / the file does not exist`);
    expect(imp.out).not.toMatch(/internal error|ENOENT/);

    const out = join(t.dir, "no-such-dir", "x.csv");
    const exp = refugio(["registry", "export", "--out", out, "--db", db]);
    expect(exp.code).toBe(2);
    expect(exp.out).toContain(`cannot write ${out}: la carpeta no existe / the folder does not exist`);
    expect(exp.out).not.toMatch(/internal error|ENOENT/);
  });
});
