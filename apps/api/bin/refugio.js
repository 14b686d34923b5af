#!/usr/bin/env node
// The `refugio` command. Runs the TypeScript sources through tsx so `npx refugio` works right
// after `npm install`, with no build step and no stale output.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
