// `refugio generate`: synthetic batches in contract v1 (tests, benchmark, demos).
import { dbOption, UsageError, type Command } from "../cli/command";
import { generateBatches } from "./generate";

const int = (v: unknown, name: string, fallback?: number): number => {
  if (v === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required / es obligatorio`);
    return fallback;
  }
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name}: not a whole number / no es un número entero`);
  return n;
};

export const generate: Command = {
  name: "generate",
  summary: "Write synthetic batches in contract v1 (and shelters.csv) / Generar lotes sintéticos.",
  usage: "refugio generate --out DIR --stays N [--seed S] [--messy] [--shelter CODE] [--shelters K]",
  options: { ...dbOption, out: { type: "string" }, stays: { type: "string" }, seed: { type: "string" }, messy: { type: "boolean" }, shelter: { type: "string" }, shelters: { type: "string" } },
  async run({ values }) {
    const out = values.out as string | undefined;
    if (!out) throw new UsageError("--out DIR is required / es obligatorio");
    const shelter = values.shelter as string | undefined;
    if (shelter !== undefined && !/^[a-z0-9][a-z0-9_-]*$/i.test(shelter)) throw new UsageError("--shelter: letters, digits, - and _ only");
    const started = Date.now();
    const result = generateBatches(out, {
      stays: int(values.stays, "stays"),
      seed: int(values.seed, "seed", 1),
      messy: values.messy === true,
      shelter,
      shelters: int(values.shelters, "shelters", 1),
    });
    process.stdout.write(
      `${result.batchDirs.length} lote(s) / batch(es) in ${((Date.now() - started) / 1000).toFixed(1)}s\n` +
        `registry: ${result.registryFile}\n${result.batchDirs.map((d) => `batch: ${d}`).join("\n")}\n`,
    );
    return 0;
  },
};
