// A `refugio` sub-command: its help text and its runner. Runners return the process exit code:
// 0 done, 1 internal error, 2 rejected input (e.g. a batch that fails validation).
import { parseArgs, type ParseArgsConfig } from "node:util";

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  allowPositionals?: boolean;
  run(args: { values: Record<string, unknown>; positionals: string[] }): Promise<number>;
}

export class UsageError extends Error {}

export function parseCommandArgs(cmd: Command, argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: { ...cmd.options, help: { type: "boolean", short: "h" } },
      allowPositionals: cmd.allowPositionals ?? false,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export const dbOption = { db: { type: "string" } } as const;
