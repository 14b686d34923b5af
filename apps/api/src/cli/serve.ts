import { loadConfig } from "../config";
import { openDatabase } from "../db/connection";
import { SessionStoreError, shareSessions } from "../auth/sessions";
import { openLake } from "../lake/lake";
import { followLake, isSnapshotPointer, publishingQueue } from "../lake/snapshots";
import { log } from "../log";
import { createRefugioServer, installGracefulShutdown, serialQueue } from "../server";
import { databasePath, dbOption, UsageError, type Command } from "./command";

export const serve: Command = {
  name: "serve",
  summary: "Serve the tRPC API under /trpc and the built dashboard on the same port / Servir la API tRPC en /trpc y el panel compilado en el mismo puerto.",
  usage:
    "refugio serve [--db PATH [--create] [--publish ROOT] | --lake DIR|ROOT/current [--accounts FILE]] [--session-dir DIR] [--port 8787] [--host 127.0.0.1] [--dashboard DIR]",
  options: {
    ...dbOption,
    lake: { type: "string" },
    accounts: { type: "string" },
    "session-dir": { type: "string" },
    publish: { type: "string" },
    port: { type: "string" },
    host: { type: "string" },
    dashboard: { type: "string" },
  },
  async run({ values }) {
    const port = Number(values.port ?? process.env.PORT ?? 8787);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: not a port number: ${String(values.port)}`);
    const host = String(values.host ?? "127.0.0.1");
    const config = loadConfig();
    if (values.publish !== undefined && values.lake !== undefined) {
      throw new UsageError("--publish es para el escritor (--db), no para un lector (--lake) / --publish is for the writer (--db), not a reader (--lake)");
    }
    // --session-dir: sessions sealed with a key shared through DIR, so every reader behind a
    // balancer accepts a sign-in made on another (auth/sessions.ts).
    if (values["session-dir"] !== undefined) {
      try {
        shareSessions(String(values["session-dir"]));
      } catch (error) {
        if (!(error instanceof SessionStoreError)) throw error;
        process.stderr.write(`refugio serve: ${error.message}\n`);
        return 2;
      }
    }
    // --lake: read-only from a Parquet snapshot (docs/scaling.md); accounts are copied at start
    // from a Refugio database file (--accounts), never stored in the lake. A symlink (ROOT/current,
    // flipped by `refugio lake publish`) is followed: the reader switches to each new snapshot.
    const accounts = values.accounts === undefined ? undefined : String(values.accounts);
    const lake = values.lake === undefined ? undefined : String(values.lake);
    const db = lake
      ? isSnapshotPointer(lake)
        ? (await followLake(lake, { accounts })).db
        : await openLake(lake, { accounts })
      : await openDatabase(databasePath(values));
    // --publish ROOT: the writer publishes a lake snapshot after every load that changed the data.
    const services = values.publish === undefined ? {} : { ingestLock: await publishingQueue(db, String(values.publish), serialQueue()) };
    const { app, server } = await createRefugioServer({ db, config, dashboardDir: values.dashboard as string | undefined, services });
    installGracefulShutdown(app, db);
    await app.listen({ port, host });
    const address = server.address();
    const actualPort = typeof address === "object" && address ? address.port : port;
    log("info", "server.listening", { url: `http://${host}:${actualPort}`, db: db.path });
    // Keep the process alive until a signal arrives.
    await new Promise(() => {});
    return 0;
  },
};
