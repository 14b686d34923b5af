// A large commit and the statements other connections run while it commits (db/query.ts, the
// commit gate). Without the gate DuckDB 1.5.6 let a concurrent statement see part of a commit:
// one table's new rows and not another's, or some of a table's new rows. This test commits
// transactions that each add 1,000 rows to one table and 400,000 to another (more than a row
// group, as a load adds to stay_months) while another connection counts both without pause:
// every count must be a whole number of commits, the same in both tables.
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { all, commit, run } from "../../src/db/query";
import { tempDir } from "../ingest/helpers";

const tmp = tempDir("commit-gate");
afterAll(() => tmp.cleanup());

describe("the commit gate", () => {
  it("a statement on another connection sees a commit whole or not at all", async () => {
    const instance = await DuckDBInstance.create(join(tmp.dir, "gate.duckdb"));
    const writer = await instance.connect();
    const reader = await instance.connect();
    const PER_COMMIT = 400_000;
    await run(writer, "CREATE TABLE src AS SELECT range AS id FROM range(40000)");
    await run(writer, "CREATE TABLE small (id BIGINT)");
    await run(writer, "CREATE TABLE big (id BIGINT, m INTEGER)");
    const COMMITS = 12;
    let done = false;
    const writes = (async () => {
      for (let i = 0; i < COMMITS; i++) {
        await run(writer, "BEGIN TRANSACTION");
        await run(writer, "INSERT INTO small SELECT range FROM range(1000)");
        await run(writer, "INSERT INTO big SELECT id, unnest(generate_series(1, 10)) FROM src");
        await commit(writer);
      }
    })().finally(() => {
      done = true;
    });
    const seen: { small: number; big: number }[] = [];
    while (!done) {
      const [row] = await all<{ small: number; big: number }>(reader, "SELECT (SELECT count(*) FROM small) AS small, (SELECT count(*) FROM big) AS big");
      if (row) seen.push(row);
    }
    await writes;
    const torn = seen.filter((r) => r.small % 1000 !== 0 || r.big !== (r.small / 1000) * PER_COMMIT);
    expect(torn).toEqual([]);
    // The reads did overlap the commits: some saw a state between the first and the last.
    expect(seen.some((r) => r.small > 0 && r.small < COMMITS * 1000)).toBe(true);
    expect(seen.length).toBeGreaterThan(COMMITS);
    reader.closeSync();
    writer.closeSync();
    instance.closeSync();
  }, 120_000);
});
