// recommendations.update screens its note like any text the product stores: a note holding a
// direct identifier is refused with the reason (naming the kind, never the value) and nothing is
// stored; a status change without a note is refused. Before: "Ana Pérez, DNI 40123456" was stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identifierInText } from "@refugio/schemas";
import { all } from "../../src/db/query";
import { type ApiClient, signedIn } from "./client";
import { PASSWORD, startServer, type TestServer } from "./fixture";

let srv: TestServer;
let director: ApiClient;
beforeAll(async () => {
  srv = await startServer();
  director = await signedIn(srv.url, "director-aurora", PASSWORD);
});
afterAll(async () => {
  await srv?.close();
});

const updates = async () => (await all<{ n: number }>(srv.db.connection, `SELECT count(*) AS n FROM recommendation_updates`))[0]?.n;
const auditText = async () => JSON.stringify(await all(srv.db.connection, `SELECT * FROM audit_log`));

describe("recommendation notes", () => {
  const identifying = ["Ana Pérez, DNI 40123456", "Se llamó a la usuaria al +51 987 654 321", "Vive en Av. Arequipa 1234", "Sra. Rosa Quispe ingresó", "contacto: rosa.quispe@example.pe", "CURP GOMA800101MDFRRN09"];

  it("a note with a direct identifier is refused with the reason, and nothing is stored or audited with it", async () => {
    const before = await updates();
    for (const evidence of identifying) {
      const r = await director.mutate("recommendations.update", { code: "aurora-r3", scope: "national", status: "in_progress", evidence });
      expect(r.status, evidence).toBe(400);
      expect(r.error?.message).toMatch(/identificador directo.* \/ .*direct identifier/);
      expect(r.raw).not.toContain(evidence);
    }
    expect(await updates()).toBe(before);
    const audit = await auditText();
    for (const evidence of identifying) expect(audit).not.toContain(evidence);
  });

  it("a status change needs a note; ordinary notes with dates, counts and decree numbers pass", async () => {
    const empty = await director.mutate("recommendations.update", { code: "aurora-r3", scope: "national", status: "in_progress" });
    expect(empty.status).toBe(400);
    expect(empty.error?.message).toMatch(/necesita una nota.* \/ .*needs an evidence note/);
    const blank = await director.mutate("recommendations.update", { code: "aurora-r3", scope: "national", status: "in_progress", evidence: "   " });
    expect(blank.status).toBe(400);
    const ok = await director.mutate("recommendations.update", {
      code: "aurora-r3",
      scope: "national",
      status: "in_progress",
      evidence: "Resolución Ministerial 123-2024-MIMP del 2024-03-01: 12 hogares (2023-2024), 1.250 personas capacitadas",
    });
    expect(ok.status).toBe(200);
    // The same status again is not a change: a date-only update may come without a note.
    expect((await director.mutate("recommendations.update", { code: "aurora-r3", scope: "national", status: "in_progress" })).status).toBe(200);
  });

  it("identifierInText finds each kind and leaves ordinary notes alone", () => {
    for (const t of identifying) expect(identifierInText(t), t).not.toBeNull();
    for (const t of ["Informe de la Defensoría del Pueblo N.º 12-2023", "Calle de la comisaría: 3 casos", "Programa Nacional Aurora, 22 hogares"]) expect(identifierInText(t), t).toBeNull();
  });
});
