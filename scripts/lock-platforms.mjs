// The registry reachable here serves only the Linux builds of turbo, so `npm install` leaves the
// other platforms' optional packages out of package-lock.json and `npm ci` then refuses the lock.
// This adds those entries back (version only: npm never fetches a package for another platform).
// Run after any `npm install` that rewrites the lock: `node scripts/lock-platforms.mjs`.
import { readFileSync, writeFileSync } from "node:fs";

const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
const turbo = lock.packages["node_modules/turbo"];
const platforms = { "darwin-64": ["darwin", "x64"], "darwin-arm64": ["darwin", "arm64"], "windows-64": ["win32", "x64"], "windows-arm64": ["win32", "arm64"] };
let added = 0;
for (const [name, [os, cpu]] of Object.entries(platforms)) {
  const key = `node_modules/@turbo/${name}`;
  if (lock.packages[key] || !turbo?.optionalDependencies?.[`@turbo/${name}`]) continue;
  lock.packages[key] = { version: turbo.version, cpu: [cpu], dev: true, license: "MIT", optional: true, os: [os] };
  added++;
}
const sorted = {};
for (const k of Object.keys(lock.packages).sort((a, b) => a.localeCompare(b, "en"))) sorted[k] = lock.packages[k];
lock.packages = sorted;
writeFileSync("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock-platforms: ${added} entries added`);
