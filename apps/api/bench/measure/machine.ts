// Facts about the machine the run was on: the ratios travel, the absolute times do not.
import { execFileSync } from "node:child_process";
import { cpus, freemem, loadavg, totalmem } from "node:os";

export function machineFacts(extra: Record<string, unknown> = {}): Record<string, unknown> {
  let duckdb = "";
  try {
    duckdb = JSON.parse(execFileSync("npm", ["ls", "@duckdb/node-api", "--json", "--depth=0", "-w", "@refugio/api"], { stdio: ["ignore", "pipe", "ignore"] }).toString())?.dependencies?.["@refugio/api"]?.dependencies?.["@duckdb/node-api"]?.version ?? "";
  } catch {
    duckdb = "";
  }
  return {
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? "",
    memory_gb: Math.round(totalmem() / 2 ** 30),
    free_memory_gb_at_end: Math.round(freemem() / 2 ** 30),
    loadavg_1_5_15: loadavg().map((x) => Math.round(x * 100) / 100),
    duckdb_node_api: duckdb,
    ...extra,
  };
}
