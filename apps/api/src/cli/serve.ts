import { loadConfig } from "../config";
import { openDatabase } from "../db/connection";
import { openLake } from "../lake/lake";
import { log } from "../log";
import { createRefugioServer, installGracefulShutdown } from "../server";
import { databasePath, dbOption, UsageError, type Command } from "./command";

export const serve: Command = {
  name: "serve",
  summary: "Serve the tRPC API under /trpc and the built dashboard on the same port / Servir la API tRPC en /trpc y el panel compilado en el mismo puerto.",
  usage: "refugio serve [--db PATH [--create] | --lake DIR [--accounts FILE]] [--port 8787] [--host 127.0.0.1] [--dashboard DIR]",
  options: { ...dbOption, lake: { type: "string" }, accounts: { type: "string" }, port: { type: "string" }, host: { type: "string" }, dashboard: { type: "string" } },
  async run({ values }) {
    const port = Number(values.port ?? process.env.PORT ?? 8787);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: not a port number: ${String(values.port)}`);
    const host = String(values.host ?? "127.0.0.1");
    const config = loadConfig();
    // --lake: read-only from a Parquet snapshot (docs/scaling.md); accounts are copied at start
    // from a Refugio database file (--accounts), never stored in the lake.
    const db = values.lake
      ? await openLake(String(values.lake), { accounts: values.accounts === undefined ? undefined : String(values.accounts) })
      : await openDatabase(databasePath(values));
    const { app, server } = await createRefugioServer({ db, config, dashboardDir: values.dashboard as string | undefined });
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
