// Fuzzing every tRPC procedure's input with fast-check, over HTTP, as a signed-in administrator
// (who reaches the most code): inputs drawn from each procedure's zod schema (via its JSON
// Schema, mixed with the fixture's real codes so queries get past "unknown code") and generic
// JSON values. Every answer must be 2xx or 4xx, never 5xx, and the server must keep answering.
// Then raw HTTP: odd paths, methods, cookies and headers.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { appRouter } from "../../src/router";
import { indicatorInfos } from "../../src/routers/backends";
import { UploadArea } from "../../src/uploads";
import { type ApiClient, signedIn } from "../api/client";
import { PASSWORD, SHELTERS, startServer, type TestServer } from "../api/fixture";
import { leftovers, Report } from "./harness";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const RUNS = Number(process.env.REFUGIO_FUZZ_RUNS ?? 25);
const report = new Report("fuzzing every tRPC procedure and raw HTTP");
let srv: TestServer;
let admin: ApiClient;
let uploadRoot: string;

beforeAll(async () => {
  uploadRoot = mkdtempSync(join(tmpdir(), "refugio-rel-fuzz-"));
  srv = await startServer({ env: { REFUGIO_MAX_UPLOAD_MB: "2" }, services: { uploads: new UploadArea(uploadRoot) } });
  admin = await signedIn(srv.url, "admin", PASSWORD);
});
afterAll(async () => {
  report.print();
  await srv?.close();
  rmSync(uploadRoot, { recursive: true, force: true });
});

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
};

const KNOWN = [
  ...SHELTERS.flatMap((s) => [s.shelter_code, s.network_code, s.region_code, s.country]),
  ...indicatorInfos().map((i) => i.code),
  "admin",
  "aurora-r2",
  "2024-01-01",
  "2023-12-31",
];

/** A fast-check arbitrary for values a JSON Schema describes (a useful subset of it). */
function fromSchema(s: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 4) return fc.constant(null);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.oneof(fc.constantFrom(...s.enum), fc.string({ maxLength: 12 }));
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return fc.oneof(...alts.map((a) => fromSchema(a, depth + 1)));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case "object": {
      const props = Object.entries(s.properties ?? {});
      const required = new Set(s.required ?? []);
      const record = fc.record(Object.fromEntries(props.map(([k, v]) => [k, fromSchema(v, depth + 1)])), {
        requiredKeys: props.map(([k]) => k).filter((k) => required.has(k)),
      });
      // Sometimes an unknown field too (strict inputs must refuse it with a 400).
      return fc.oneof({ weight: 5, arbitrary: record }, { weight: 1, arbitrary: fc.tuple(record, fc.string({ maxLength: 8 })).map(([r, k]) => ({ ...(r as object), [`x${k}`]: 1 })) });
    }
    case "array":
      return fc.array(fromSchema(s.items ?? {}, depth + 1), { minLength: 0, maxLength: Math.min(s.maxItems ?? 5, 6) });
    case "string": {
      const generic = fc.string({ maxLength: Math.min(s.maxLength ?? 40, 300) });
      const patterned = s.pattern ? fc.stringMatching(new RegExp(s.pattern)).map((x) => x.slice(0, s.maxLength ?? 300)) : generic;
      return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...KNOWN) }, { weight: 3, arbitrary: patterned }, { weight: 2, arbitrary: generic });
    }
    case "integer":
      return fc.oneof(fc.integer({ min: s.minimum ?? -5, max: s.maximum ?? 1000 }), fc.integer());
    case "number":
      return fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: s.minimum ?? -5, max: s.maximum ?? 1000 }));
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

interface Proc {
  path: string;
  type: "query" | "mutation";
  input: fc.Arbitrary<unknown>;
}

function procedures(): Proc[] {
  const procs = (appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: "query" | "mutation"; inputs: z.ZodType[] } }> } })._def.procedures;
  const out: Proc[] = [];
  for (const [path, p] of Object.entries(procs)) {
    const parser = p._def.inputs[0];
    let schemaArb: fc.Arbitrary<unknown> = fc.constant(undefined);
    if (parser) {
      try {
        schemaArb = fromSchema(z.toJSONSchema(parser, { io: "input", unrepresentable: "any" }) as JsonSchema);
      } catch {
        schemaArb = fc.jsonValue({ maxDepth: 3 });
      }
    }
    out.push({ path, type: p._def.type, input: fc.oneof({ weight: 4, arbitrary: schemaArb }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) }), });
  }
  // Sign-in and sign-out last: they spend the address's attempts and end the session.
  const last = (p: Proc) => (p.path.startsWith("auth.") ? 1 : 0);
  return out.sort((a, b) => last(a) - last(b));
}

describe("fuzzing tRPC inputs", () => {
  it("every procedure answers 2xx or 4xx to generated inputs, and the server keeps answering", async () => {
    const started = Date.now();
    const fiveHundreds: string[] = [];
    for (const p of procedures()) {
      await fc.assert(
        fc.asyncProperty(p.input, async (input) => {
          report.inputs += 1;
          const t0 = Date.now();
          const r = p.type === "query" ? await admin.query(p.path, input) : await admin.mutate(p.path, input);
          report.stall(Date.now() - t0);
          report.status(r.status);
          if (r.status >= 500) fiveHundreds.push(`${p.path} ${r.status} ${JSON.stringify(input).slice(0, 200)} → ${r.raw.slice(0, 200)}`);
          // The session may legitimately end (auth.logout, a password or role change): sign in again.
          if (r.status === 401 && !p.path.startsWith("auth.")) admin = await signedIn(srv.url, "admin", PASSWORD);
          return r.status < 500;
        }),
        { numRuns: RUNS, seed: 13, endOnFailure: false },
      ).catch(() => undefined);
    }
    report.losses += fiveHundreds.length;
    report.note(`${procedures().length} procedures × ${RUNS} runs in ${Math.round((Date.now() - started) / 1000)} s`);
    for (const f of fiveHundreds.slice(0, 10)) report.note(`5xx: ${f}`);
    expect(fiveHundreds).toEqual([]);
    expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
    expect(leftovers(uploadRoot)).toEqual([]);
  });

  it("raw HTTP: odd paths, methods, bodies, cookies and headers are never answered with a 5xx", async () => {
    const bytePath = fc.array(fc.oneof(fc.constantFrom("%", "%E0", "%A4%A", "%00", "..", "/", "%2e%2e", "?", "#", ";", "\\", "trpc", "upload", "assets"), fc.webSegment()), { maxLength: 6 }).map((parts) => `/${parts.join("")}`);
    const method = fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");
    const contentType = fc.constantFrom("application/json", "text/plain", "multipart/form-data", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "", "application/json; charset=latin1");
    const cookie = fc.oneof(fc.constant(""), fc.string({ maxLength: 60 }).map((s) => s.replace(/[\r\n]/g, "")), fc.constantFrom("a=%E0%A4%A", "refugio_session=%", "refugio_session=" + "x".repeat(5000), "=;=;", "a"));
    const body = fc.oneof(fc.constant(undefined), fc.string({ maxLength: 200 }), fc.jsonValue().map((v) => JSON.stringify(v)));
    const fiveHundreds: string[] = [];
    await fc.assert(
      fc.asyncProperty(bytePath, method, contentType, cookie, body, async (path, m, ct, ck, b) => {
        report.inputs += 1;
        const headers: Record<string, string> = {};
        if (ct) headers["content-type"] = ct;
        if (ck) headers.cookie = ck;
        let status = 0;
        try {
          const res = await fetch(`${srv.url}${path}`, { method: m, headers, body: m === "GET" || m === "HEAD" ? undefined : b });
          status = res.status;
          await res.arrayBuffer();
        } catch {
          // fetch refuses some URLs or header values itself: nothing reached the server.
          return true;
        }
        report.status(status);
        if (status >= 500) fiveHundreds.push(`${m} ${path} [${ct}] → ${status}`);
        return status < 500;
      }),
      { numRuns: RUNS * 25, seed: 7, endOnFailure: false },
    ).catch(() => undefined);
    report.losses += fiveHundreds.length;
    for (const f of fiveHundreds.slice(0, 10)) report.note(`5xx: ${f}`);
    expect(fiveHundreds).toEqual([]);
    expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
  });
});
