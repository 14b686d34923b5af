// Multipart uploads as the dashboard sends them (FormData on POST /upload/<procedure>), and a
// `refugio serve` child process on a fixture database, for tests that signal or kill the server.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ApiClient, TrpcResponse } from "./client";

export interface UploadFile {
  name: string;
  data: Uint8Array | string;
}

export async function upload<T = unknown>(c: ApiClient, procedure: string, files: UploadFile[], opts: { csrf?: false } = {}): Promise<TrpcResponse<T>> {
  const form = new FormData();
  for (const f of files) form.append("file", new Blob([typeof f.data === "string" ? f.data : new Uint8Array(f.data)]), f.name);
  const headers: Record<string, string> = {};
  if (c.cookie) headers.cookie = c.cookie;
  if (c.csrf && opts.csrf !== false) headers["x-csrf-token"] = c.csrf;
  const res = await fetch(`${c.base}/upload/${procedure}`, { method: "POST", body: form, headers });
  const raw = await res.text();
  const json = JSON.parse(raw) as { result?: { data: T }; error?: TrpcResponse["error"] };
  return { status: res.status, headers: res.headers, data: json.result?.data, error: json.error, raw };
}

/** The batch of test/api/batch.ts as upload files. */
export function asUploadFiles(files: { name: string; contentBase64: string }[]): UploadFile[] {
  return files.map((f) => ({ name: f.name, data: new Uint8Array(Buffer.from(f.contentBase64, "base64")) }));
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<number | null>;
}

/** `refugio serve --db PATH --port 0`, resolved once it listens. */
export async function spawnServe(dbPath: string, env: Record<string, string> = {}): Promise<ServeProcess> {
  const bin = fileURLToPath(new URL("../../bin/refugio.js", import.meta.url));
  const child = spawn(process.execPath, [bin, "serve", "--db", dbPath, "--port", "0"], {
    env: { ...process.env, REFUGIO_LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stderr?.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((ok) => child.on("exit", (code) => ok(code)));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start: ${out}`)), 60_000);
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /"url":"(http:\/\/[^"]+)"/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    void exited.then((code) => fail(new Error(`serve exited (${code}): ${out}`)));
  });
  return { child, url, output: () => out, exited };
}
