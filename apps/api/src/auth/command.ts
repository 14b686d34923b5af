// `refugio user add|list|remove|passwd|role`: account management from the command line.
// Passwords never come from argv: from stdin (--password-stdin), $REFUGIO_PASSWORD (scripts),
// or a prompt without echo on a terminal. Every change is audited as `cli:<os user>`.
import { roleSchema, type Role } from "@refugio/schemas";
import { userInfo } from "node:os";
import { ZodError } from "zod";
import { databasePath, dbOption, UsageError, type Command } from "../cli/command";
import { openDatabase } from "../db/connection";
import { audit } from "./audit";
import { addUser, listUsers, removeUser, setPassword, setRole, UserError } from "./users";

const USAGE = `refugio user add <name> --role ROLE [--network CODE] [--shelter CODE] [--password-stdin] [--one-time] [--db PATH]
       refugio user list [--json] [--db PATH]
       refugio user remove <name> [--db PATH]
       refugio user passwd <name> [--password-stdin] [--one-time] [--db PATH]
       refugio user role <name> --role ROLE [--network CODE] [--shelter CODE] [--db PATH]

--create: make the database folder if it does not exist (else refused).
Roles: admin, ministry, network_director (--network), researcher, shelter_staff (--shelter).
Password: --password-stdin reads it from standard input; otherwise $REFUGIO_PASSWORD; otherwise a
prompt without echo on a terminal. Never pass a password as an argument.
--one-time: the password is for someone else; the account can do nothing but choose its own
password until it does (as after a reset from the dashboard).`;

function actor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return "cli:unknown";
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

/** Read a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let value = "";
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString("utf8")) {
        if (ch === "\r" || ch === "\n") return done();
        if (ch === "\u0003") return done(new UsageError("cancelado / cancelled"));
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on("data", onData);
  });
}

async function readPassword(values: Record<string, unknown>): Promise<string> {
  if (values["password-stdin"]) return readStdin();
  const env = process.env.REFUGIO_PASSWORD;
  if (env) return env;
  if (process.stdin.isTTY) {
    const first = await promptHidden("Contraseña / Password: ");
    const second = await promptHidden("Repita / Repeat: ");
    if (first !== second) throw new UsageError("las contraseñas no coinciden / passwords do not match");
    return first;
  }
  throw new UsageError("dé la contraseña con --password-stdin o REFUGIO_PASSWORD / give the password with --password-stdin or REFUGIO_PASSWORD");
}

function parseRole(value: unknown): Role {
  const r = roleSchema.safeParse(value);
  if (!r.success) throw new UsageError(`--role: uno de / one of ${roleSchema.options.join(", ")}`);
  return r.data;
}

function oneName(positionals: string[], sub: string): string {
  const name = positionals[1];
  if (!name || positionals.length > 2) throw new UsageError(`${sub}: falta el nombre de usuario / a user name is required`);
  return name;
}

export const user: Command = {
  name: "user",
  summary: "Manage accounts / Gestionar cuentas",
  usage: USAGE,
  allowPositionals: true,
  options: {
    ...dbOption,
    role: { type: "string" },
    network: { type: "string" },
    shelter: { type: "string" },
    "password-stdin": { type: "boolean" },
    "one-time": { type: "boolean" },
    json: { type: "boolean" },
  },
  async run({ values, positionals }) {
    const sub = positionals[0];
    if (!sub || !["add", "list", "remove", "passwd", "role"].includes(sub)) throw new UsageError(`subcomando desconocido / unknown subcommand: ${sub ?? ""}`);
    // Validate arguments and read the password before opening (and locking) the database.
    const name = sub === "list" ? "" : oneName(positionals, sub);
    const role = sub === "add" || sub === "role" ? parseRole(values.role) : null;
    const password = sub === "add" || sub === "passwd" ? await readPassword(values) : "";
    const db = await openDatabase(databasePath(values));
    const by = actor();
    const oneTime = values["one-time"] === true;
    try {
      switch (sub) {
        case "list": {
          const users = await listUsers(db.connection);
          if (values.json) process.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
          else
            for (const u of users)
              process.stdout.write(
                `${u.username.padEnd(24)} ${u.role.padEnd(17)} ${(u.network_code ?? u.shelter_code ?? "").padEnd(16)} ${[u.active ? "" : "inactive", u.must_change_password ? "one-time password" : ""].filter(Boolean).join(", ")}`.trimEnd() + "\n",
              );
          return 0;
        }
        case "add": {
          const network = (values.network as string | undefined) ?? null;
          const shelter = (values.shelter as string | undefined) ?? null;
          await addUser(db.connection, { username: name, password, role: role as Role, network_code: network, shelter_code: shelter }, { oneTime });
          await audit(db.connection, { actor: by, action: "user.add", target: name, ok: true, detail: { role, network, shelter, ...(oneTime ? { one_time: true } : {}) } });
          process.stdout.write(`usuario creado / user created: ${name} (${role})\n`);
          return 0;
        }
        case "remove":
          await removeUser(db.connection, name);
          await audit(db.connection, { actor: by, action: "user.remove", target: name, ok: true });
          process.stdout.write(`usuario eliminado / user removed: ${name}\n`);
          return 0;
        case "passwd":
          await setPassword(db.connection, name, password, { oneTime });
          await audit(db.connection, { actor: by, action: "user.passwd", target: name, ok: true, ...(oneTime ? { detail: { one_time: true } } : {}) });
          process.stdout.write(`contraseña cambiada; sesiones cerradas / password changed; sessions ended: ${name}\n`);
          return 0;
        case "role": {
          const network = (values.network as string | undefined) ?? null;
          const shelter = (values.shelter as string | undefined) ?? null;
          await setRole(db.connection, name, role as Role, { network_code: network, shelter_code: shelter });
          await audit(db.connection, { actor: by, action: "user.role", target: name, ok: true, detail: { role, network, shelter } });
          process.stdout.write(`rol cambiado / role changed: ${name} → ${role}\n`);
          return 0;
        }
      }
      return 2;
    } catch (error) {
      if (error instanceof UserError) {
        process.stderr.write(`refugio user ${sub}: ${error.message}\n`);
        return 2;
      }
      if (error instanceof ZodError) {
        process.stderr.write(`refugio user ${sub}: ${error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; ")}\n`);
        return 2;
      }
      throw error;
    } finally {
      db.close();
    }
  },
};
