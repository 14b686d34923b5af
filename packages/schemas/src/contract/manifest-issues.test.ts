import { describe, expect, it } from "vitest";
import { z } from "zod";
import { manifestIssues } from "./manifest-issues";
import { manifestSchema } from "./zod";

const good = {
  contract_version: "1",
  shelter_code: "pe-cus-01",
  exported_on: "2024-12-31",
  period_start: "2024-01-01",
  period_end: "2024-12-31",
  producer: "hoja de cálculo",
  tables: { stays: { rows: 2 } },
};

/** Parses a manifest that must be invalid and words its issues. */
function issuesOf(manifest: unknown, withInput = false) {
  const parsed = manifestSchema.safeParse(manifest);
  if (parsed.success) throw new Error("the manifest was valid");
  return manifestIssues(parsed.error, withInput ? { input: manifest } : undefined);
}

describe("manifestIssues", () => {
  it("a valid manifest has no issues (the fixtures below each break one thing)", () => {
    expect(manifestSchema.safeParse(good).success).toBe(true);
  });

  it("not an object (invalid_type at the root)", () => {
    expect(issuesOf("Ana Torres, refugio norte")).toEqual({
      es: "el contenido debe ser un objeto JSON ({…})",
      en: "the content must be a JSON object ({…})",
    });
    expect(issuesOf([1, 2])).toEqual(issuesOf(null));
  });

  it("missing required fields (invalid_type with nothing received)", () => {
    const { shelter_code: _s, exported_on: _e, ...rest } = good;
    expect(issuesOf(rest)).toEqual({
      es: "shelter_code: falta este campo obligatorio (se espera texto); exported_on: falta o no es una fecha AAAA-MM-DD",
      en: "shelter_code: required field is missing (text expected); exported_on: missing or not a date YYYY-MM-DD",
    });
    // With the parsed JSON, a date's own schema message no longer hides that it is missing.
    expect(issuesOf(rest, true)).toEqual({
      es: "shelter_code: falta este campo obligatorio (se espera texto); exported_on: falta este campo obligatorio (se espera una fecha AAAA-MM-DD)",
      en: "shelter_code: required field is missing (text expected); exported_on: required field is missing (a date YYYY-MM-DD expected)",
    });
  });

  it("wrong types, with the expected type (invalid_type)", () => {
    expect(issuesOf({ ...good, shelter_code: 40177, tables: { stays: { rows: "93" } } })).toEqual({
      es: "shelter_code: tipo incorrecto: se espera texto; tables.stays.rows: tipo incorrecto: se espera un número",
      en: "shelter_code: wrong type: text expected; tables.stays.rows: wrong type: a number expected",
    });
    expect(issuesOf({ ...good, tables: { stays: { rows: 2.5 } } })).toEqual({
      es: "tables.stays.rows: tipo incorrecto: se espera un número entero",
      en: "tables.stays.rows: wrong type: a whole number expected",
    });
    expect(issuesOf({ ...good, tables: ["stays"] })).toEqual({
      es: "tables: tipo incorrecto: se espera un objeto JSON ({…})",
      en: "tables: wrong type: a JSON object ({…}) expected",
    });
    expect(issuesOf({ ...good, period_start: 20240101 }, true)).toEqual({
      es: "period_start: tipo incorrecto: se espera una fecha AAAA-MM-DD",
      en: "period_start: wrong type: a date YYYY-MM-DD expected",
    });
    expect(issuesOf({ ...good, tables: { stays: {} } })).toEqual({
      es: "tables.stays.rows: falta este campo obligatorio (se espera un número)",
      en: "tables.stays.rows: required field is missing (a number expected)",
    });
  });

  it("a date that is not YYYY-MM-DD, or not in the calendar (invalid_format)", () => {
    expect(issuesOf({ ...good, exported_on: "31/12/2024", period_end: "2024-02-30" })).toEqual({
      es: "exported_on: no es una fecha AAAA-MM-DD válida (p. ej. 2024-12-31); period_end: no es una fecha AAAA-MM-DD válida (p. ej. 2024-12-31)",
      en: "exported_on: not a valid YYYY-MM-DD date (e.g. 2024-12-31); period_end: not a valid YYYY-MM-DD date (e.g. 2024-12-31)",
    });
  });

  it("an empty shelter code, and a negative row count (too_small)", () => {
    expect(issuesOf({ ...good, shelter_code: "", tables: { stays: { rows: -3 } } })).toEqual({
      es: "shelter_code: no puede estar vacío; tables.stays.rows: debe ser mayor o igual que 0",
      en: "shelter_code: must not be empty; tables.stays.rows: must be at least 0",
    });
  });

  it("a producer too long (too_big)", () => {
    expect(issuesOf({ ...good, producer: "x".repeat(201) })).toEqual({
      es: "producer: texto demasiado largo (máximo 200 caracteres)",
      en: "producer: text too long (at most 200 characters)",
    });
  });

  it("another contract version (invalid_value), given or missing", () => {
    const oneOf = { es: "contract_version: valor no admitido; se espera uno de: «1», «1.1»", en: 'contract_version: value not accepted; expected one of: "1", "1.1"' };
    expect(issuesOf({ ...good, contract_version: "2" })).toEqual(oneOf);
    expect(issuesOf({ ...good, contract_version: 1 })).toEqual(oneOf);
    const { contract_version: _v, ...rest } = good;
    expect(issuesOf(rest, true)).toEqual({
      es: "contract_version: falta este campo obligatorio; valor no admitido; se espera uno de: «1», «1.1»",
      en: 'contract_version: required field is missing; value not accepted; expected one of: "1", "1.1"',
    });
  });

  it("contract v1 and v1.1 manifests pass; a v1 manifest declaring a v1.1 table is refused, naming both versions", () => {
    expect(manifestSchema.safeParse({ ...good, contract_version: "1.1", tables: { stays: { rows: 2 }, referrals_not_admitted: { rows: 3 } } }).success).toBe(true);
    expect(manifestSchema.safeParse({ ...good, contract_version: "1.1", tables: { stays: { rows: 2 } } }).success).toBe(true);
    expect(manifestSchema.safeParse({ ...good, contract_version: "1", tables: { stays: { rows: 2 } } }).success).toBe(true);
    expect(issuesOf({ ...good, contract_version: "1", tables: { stays: { rows: 2 }, referrals_not_admitted: { rows: 3 } } })).toEqual({
      es: 'la tabla «referrals_not_admitted» pertenece al contrato v1.1, pero manifest.json declara contract_version "1": declare "1.1" para enviarla, o quite el archivo',
      en: 'table "referrals_not_admitted" belongs to contract v1.1, but manifest.json states contract_version "1": state "1.1" to send it, or leave the file out',
    });
  });

  it("a period that ends before it starts (the schema's own bilingual refinement, custom)", () => {
    expect(issuesOf({ ...good, period_start: "2024-06-01", period_end: "2024-01-01" })).toEqual({
      es: "period_end es anterior a period_start",
      en: "period_end is before period_start",
    });
  });

  it("unknown keys when the schema is strict (unrecognized_keys), and enum values (invalid_value)", () => {
    const strict = z.strictObject({ shelter_code: z.string(), kind: z.enum(["hrt", "casa_refugio"]) });
    const parsed = strict.safeParse({ shelter_code: "pe-cus-01", kind: "hotel", nombre: "Ana Torres", dni: "40177" });
    if (parsed.success) throw new Error("valid");
    expect(manifestIssues(parsed.error)).toEqual({
      es: "kind: valor no admitido; se espera uno de: «hrt», «casa_refugio»; campos no reconocidos: «nombre», «dni»",
      en: 'kind: value not accepted; expected one of: "hrt", "casa_refugio"; unrecognised fields: "nombre", "dni"',
    });
  });

  it("other codes word a generic reason with the field", () => {
    const union = z.object({ a: z.union([z.string(), z.number()]), b: z.number().multipleOf(5), c: z.string().regex(/^[a-z]+$/) });
    const parsed = union.safeParse({ a: true, b: 7, c: "Ana" });
    if (parsed.success) throw new Error("valid");
    expect(manifestIssues(parsed.error)).toEqual({
      es: "a: no coincide con ninguna de las formas admitidas; b: debe ser múltiplo de 5; c: no tiene el formato esperado",
      en: "a: matches none of the accepted forms; b: must be a multiple of 5; c: does not have the expected format",
    });
    const odd = new z.ZodError([{ code: "custom", path: ["tables", "stays"], message: "Ana Torres 40177" }]);
    expect(manifestIssues(odd)).toEqual({ es: "tables.stays: no es válido", en: "tables.stays: is not valid" });
  });

  it("never repeats a received value, even with reportInput", () => {
    const secrets = ["Ana Torres", "40177", "31/12/1987", "-9182", "7.25", "calle Falsa 123", "hotel"];
    const manifests: unknown[] = [
      { ...good, shelter_code: 40177, exported_on: "31/12/1987", producer: "calle Falsa 123".repeat(20) },
      { ...good, contract_version: "Ana Torres", period_start: "Ana Torres", tables: { stays: { rows: -9182 }, children: { rows: 7.25 } } },
      { ...good, shelter_code: ["Ana Torres"], tables: { stays: "40177" } },
      "Ana Torres 40177",
    ];
    for (const m of manifests) {
      for (const parsed of [manifestSchema.safeParse(m), manifestSchema.safeParse(m, { reportInput: true })]) {
        if (parsed.success) throw new Error("valid");
        for (const source of [undefined, { input: m }]) {
          const { es, en } = manifestIssues(parsed.error, source);
          for (const s of secrets) {
            expect(es).not.toContain(s);
            expect(en).not.toContain(s);
          }
        }
      }
    }
  });
});
