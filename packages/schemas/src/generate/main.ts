// `npm run generate` writes the data dictionary, JSON Schemas, templates and NOM-217 items;
// `npm run generate -- --check` writes nothing and exits 1 if any of them is stale.
import { existsSync, mkdirSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { GENERATED_DIRS, REPO_ROOT, buildOutputs } from "./outputs";

function same(path: string, content: string | Buffer): boolean {
  if (!existsSync(path)) return false;
  const current = readFileSync(path);
  return Buffer.isBuffer(content) ? current.equals(content) : current.equals(Buffer.from(content, "utf8"));
}

async function main() {
  // `npm run generate -- --check` at the root reaches the workspace's npm as a config flag,
  // which npm passes on as npm_config_check rather than as an argument.
  const check = process.argv.includes("--check") || process.env.npm_config_check === "true";
  const { outputs, notes } = await buildOutputs();
  for (const n of notes) console.warn(`note: ${n}`);
  const stale = outputs.filter((o) => !same(join(REPO_ROOT, o.path), o.content)).map((o) => o.path);
  const expected = new Set(outputs.map((o) => o.path));
  const extra = GENERATED_DIRS.flatMap((dir) =>
    existsSync(join(REPO_ROOT, dir))
      ? readdirSync(join(REPO_ROOT, dir))
          .map((f) => `${dir}/${f}`)
          .filter((p) => !expected.has(p))
      : [],
  );

  if (check) {
    if (stale.length === 0 && extra.length === 0) {
      console.log(`generated files are current (${outputs.length} files)`);
      return;
    }
    for (const p of stale) console.error(`stale: ${p}`);
    for (const p of extra) console.error(`not generated any more: ${p}`);
    console.error("run `npm run generate` and commit the result");
    process.exitCode = 1;
    return;
  }
  for (const o of outputs) {
    if (!stale.includes(o.path)) continue;
    const path = join(REPO_ROOT, o.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, o.content);
    console.log(`wrote ${o.path}`);
  }
  for (const p of extra) {
    unlinkSync(join(REPO_ROOT, p));
    console.log(`removed ${p}`);
  }
  console.log(`${outputs.length} generated files, ${stale.length} written`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
