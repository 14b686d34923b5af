// Every page's calls through the real server over HTTP (`refugio serve` as a child process,
// signed in as `ministry`): cold = a freshly started server (its result cache empty; the OS file
// cache stays warm, as on a server that has been up), warm = the same calls again. Also the
// server's RSS.
import { refugio, startServer, memoryOf, type RunningServer } from "../lib/proc";
import { entry, progress, type Entry } from "../lib/report";
import { pages, type PageDef } from "../lib/pages";

export const BENCH_USER = "ministry";
const PASSWORD = "bench-password-not-secret";

interface Session {
  cookie: string;
}

async function call(base: string, session: Session, path: string, input: unknown): Promise<unknown> {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await fetch(`${base}/trpc/${path}${query}`, { headers: { cookie: session.cookie } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path} failed with HTTP ${res.status}: ${text.slice(0, 500)}`);
  return (JSON.parse(text) as { result: { data: unknown } }).result.data;
}

async function signIn(base: string): Promise<Session> {
  const res = await fetch(`${base}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: BENCH_USER, password: PASSWORD }),
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (!res.ok || !cookie) throw new Error(`sign-in as ${BENCH_USER} failed: HTTP ${res.status} ${await res.text()}`);
  return { cookie };
}

/** A page: all its calls at once, as the browser sends them; the time until the last answer. */
async function timePage(base: string, session: Session, page: PageDef): Promise<number> {
  const start = performance.now();
  await Promise.all(page.calls.map((c) => call(base, session, c.path, c.input)));
  return performance.now() - start;
}

export interface PagesOutcome {
  entries: Entry[];
  /** Cold medians per page (ms), for the targets. */
  cold: Map<string, number[]>;
  session: Session;
  firstShelter: string;
}

/** The ministry user (created before the server starts: the CLI takes the database's write lock). */
export async function createBenchUser(db: string): Promise<void> {
  await refugio(["user", "add", BENCH_USER, "--role", "ministry", "--db", db], { REFUGIO_PASSWORD: PASSWORD });
}

export async function measurePages(db: string, opts: { coldRounds: number; warmRuns: number; dashboardDir: string | null }): Promise<PagesOutcome & { server: RunningServer }> {
  const cold = new Map<string, number[]>();
  const warm = new Map<string, number[]>();
  let session: Session | null = null;
  let defs: PageDef[] = [];
  let firstShelter = "";
  let server: RunningServer | null = null;
  const rss: number[] = [];
  for (let round = 0; round < opts.coldRounds; round++) {
    server = await startServer(db, opts.dashboardDir);
    session ??= await signIn(server.base);
    if (defs.length === 0) {
      // As BenchmarkPage: the first shelter catalogue.shelters lists.
      const shelters = (await call(server.base, session, "catalogue.shelters", undefined)) as { shelter_code: string }[];
      firstShelter = shelters[0]?.shelter_code ?? "";
      defs = pages(firstShelter);
    }
    for (const page of defs) {
      const ms = await timePage(server.base, session, page);
      cold.set(page.name, [...(cold.get(page.name) ?? []), ms]);
    }
    progress(`pages cold round ${round + 1}/${opts.coldRounds}: ${defs.map((p) => `${p.name.replace(/^(page|call):/, "")} ${Math.round(cold.get(p.name)?.at(-1) ?? 0)} ms`).join(", ")}`);
    if (round < opts.coldRounds - 1) {
      await server.stop();
      server = null;
    }
  }
  if (!server || !session) throw new Error("pages: no server");
  for (let run = 0; run < opts.warmRuns; run++) {
    for (const page of defs) {
      const ms = await timePage(server.base, session, page);
      warm.set(page.name, [...(warm.get(page.name) ?? []), ms]);
    }
  }
  progress(`pages warm: ${defs.map((p) => `${p.name.replace(/^(page|call):/, "")} ${Math.round(warm.get(p.name)?.[0] ?? 0)} ms`).join(", ")}`);
  const mem = server.child.pid ? memoryOf(server.child.pid) : null;
  if (mem) rss.push(mem.peakMB);
  const entries: Entry[] = [];
  for (const page of defs) {
    entries.push(entry(page.name, "ms", cold.get(page.name) ?? [], undefined, "cold (fresh server)"));
    entries.push(entry(`${page.name}:warm`, "ms", warm.get(page.name) ?? []));
  }
  if (rss.length) entries.push(entry("server:peak-rss", "MB", rss, undefined, "VmHWM of `refugio serve` after every page cold and warm"));
  return { entries, cold, session, firstShelter, server };
}
