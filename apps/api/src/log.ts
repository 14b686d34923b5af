// Structured JSON logs. Never pass personal data here: only codes, counts, ids of requests/batches.
type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };
let threshold: number = order[(process.env.REFUGIO_LOG_LEVEL as Level | "silent" | undefined) ?? "info"] ?? 20;

export function setLogLevel(level: Level | "silent"): void {
  threshold = order[level];
}

export function log(level: Level, event: string, fields: Record<string, unknown> = {}): void {
  if (order[level] < threshold) return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, event, ...fields });
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(`${line}\n`);
}
