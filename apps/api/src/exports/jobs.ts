// Progress of running exports, kept in memory for the page to poll (by a ticket the page chose,
// bound to its user). Lost on restart, as the export it describes would be.
import type { ExportProgress } from "./build";

interface Job extends ExportProgress {
  user: string;
  at: number;
}

const jobs = new Map<string, Job>();
const KEEP_MS = 10 * 60_000;

export function reportProgress(ticket: string, user: string, p: ExportProgress): void {
  const now = Date.now();
  for (const [t, j] of jobs) if (now - j.at > KEEP_MS) jobs.delete(t);
  jobs.set(ticket, { ...p, user, at: now });
}

export function progressOf(ticket: string, user: string): ExportProgress | null {
  const j = jobs.get(ticket);
  return j && j.user === user ? { phase: j.phase, done: j.done, total: j.total } : null;
}
