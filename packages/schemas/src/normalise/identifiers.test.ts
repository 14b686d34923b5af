import { describe, expect, it } from "vitest";
import { looksLikeIdentifierValue, suspectIdentifierColumn } from "./identifiers";
import { allTables } from "../contract/tables";

const kindOf = (name: string, values: string[] = []) => suspectIdentifierColumn(name, values)?.kind ?? null;

describe("suspectIdentifierColumn by column name", () => {
  it.each([
    ["nombre", "person_name"], ["Nombres", "person_name"], ["apellido_paterno", "person_name"], ["Apellidos", "person_name"],
    ["name", "person_name"], ["first_name", "person_name"], ["LastName", "person_name"], ["nombre_completo", "person_name"],
    ["dni", "national_id"], ["DNI_usuaria", "national_id"], ["curp", "national_id"], ["cédula", "national_id"], ["cedula", "national_id"],
    ["pasaporte", "national_id"], ["passport_no", "national_id"], ["nro_documento", "national_id"],
    ["telefono", "phone"], ["Teléfono", "phone"], ["celular", "phone"], ["phone", "phone"], ["tel_contacto", "phone"],
    ["email", "email"], ["e-mail", "email"], ["correo", "email"], ["Correo electrónico", "email"],
    ["direccion", "address"], ["Dirección", "address"], ["address", "address"], ["domicilio", "address"], ["latitud", "address"],
    ["fecha_nacimiento", "birth_date"], ["FechaNacimiento", "birth_date"], ["birth_date", "birth_date"], ["dob", "birth_date"],
    ["fecha de nacimiento", "birth_date"], ["f_nac", "birth_date"],
  ])("%s → %s", (name, kind) => {
    expect(kindOf(name)).toBe(kind);
  });

  it("does not flag contract columns or harmless names", () => {
    for (const t of allTables) for (const c of t.columns) expect(kindOf(c.name), `${t.name}.${c.name}`).toBeNull();
    for (const name of ["nacionalidad", "shelter_name", "nombre_refugio", "telework", "region", "notes", "hotel", "directora"]) {
      expect(kindOf(name), name).toBeNull();
    }
  });
});

describe("suspectIdentifierColumn by values", () => {
  it("finds e-mails and CURPs even in contract columns", () => {
    expect(kindOf("person_key", ["K1", "ana.perez@example.org"])).toBe("email");
    expect(kindOf("stay_id", ["GOMA850312MDFRRN09"])).toBe("national_id");
    expect(kindOf("observaciones", ["ver goma850312mdfrrn09"])).toBe("national_id");
  });

  it("finds 8-digit DNIs and phone numbers only outside the contract", () => {
    expect(kindOf("codigo", ["45872136"])).toBe("national_id");
    expect(kindOf("stay_id", ["45872136"])).toBeNull();
    expect(kindOf("contacto", ["+51 984 123 456"])).toBe("phone");
    expect(kindOf("contacto", ["(601) 555-1234"])).toBe("phone");
    expect(kindOf("contacto", ["984-123-4567"])).toBe("phone");
    expect(kindOf("person_key", ["+51 984 123 456"])).toBeNull();
  });

  it("does not take dates, short numbers or decimals for phones", () => {
    expect(kindOf("fecha_visita", ["2024-03-05", "05/03/2024", "05-03-2024"])).toBeNull();
    expect(kindOf("puntaje", ["12", "3,5", "1234567,25"])).toBeNull();
    expect(kindOf("codigo", ["123456"])).toBeNull();
  });

  it("finds street addresses and exact dates in birth-like columns", () => {
    expect(kindOf("ubic", ["Av. Los Incas 123"])).toBe("address");
    expect(kindOf("lugar", ["Calle 45 # 12-30"])).toBe("address");
    expect(kindOf("nacida", ["12/05/1990"])).toBe("birth_date");
    expect(kindOf("nacida", ["sí"])).toBeNull();
  });

  it("judges by the given table when told", () => {
    // `stay_id` is declared in stays (numeric ids are fine there) but not in shelters.
    expect(suspectIdentifierColumn("stay_id", ["45872136"], { table: "stays" })).toBeNull();
    expect(suspectIdentifierColumn("stay_id", ["45872136"], { table: "shelters" })?.kind).toBe("national_id");
  });
});

describe("suspectIdentifierColumn messages", () => {
  it("name the column in both languages and never echo a value", () => {
    const values = ["maria.lopez@correo.pe", "999888777", "Av. Sol 742"];
    for (const [name, vals] of [["correo", values], ["extra", values], ["Nombre", ["María López"]]] as const) {
      const s = suspectIdentifierColumn(name, [...vals]);
      expect(s).not.toBeNull();
      if (!s) continue;
      expect(s.reason.es).toContain(`«${name}»`);
      expect(s.reason.en).toContain(`"${name}"`);
      for (const v of vals) {
        expect(s.reason.es).not.toContain(v);
        expect(s.reason.en).not.toContain(v);
      }
      for (const part of ["maria", "lopez", "López", "999", "Sol"]) {
        expect(s.reason.en.toLowerCase()).not.toContain(part.toLowerCase());
      }
    }
  });

  it("returns null for a clean extra column", () => {
    expect(suspectIdentifierColumn("comentario", ["bien", "regular"])).toBeNull();
  });
});

describe("looksLikeIdentifierValue (a problem never echoes such a cell)", () => {
  it("hides e-mails, CURP, DNI-like digit runs, spaced phones, addresses and capitalised full names", () => {
    for (const v of ["ana@example.org", "GODE561231HDFRRN09", "40123456", "+51 987 654 321", "Av. Arequipa 1234", "Rosa Quispe", "María José Pérez"]) expect(looksLikeIdentifierValue(v), v).toBe(true);
  });
  it("keeps what a shelter needs to see to fix a cell: dates, small numbers, codes and labels", () => {
    for (const v of ["2024-02-31", "31/02/2024", "1.5", "21", "Juzgadó", "Comisaría de Familia", "plan_completed", "sí", "25 - 34"]) expect(looksLikeIdentifierValue(v), v).toBe(false);
  });
});

describe("suspectIdentifierColumn advice", () => {
  it("a contract column is to be filled with what the contract asks, not removed", () => {
    const declared = suspectIdentifierColumn("person_key", ["ana@example.org"], { table: "stays" });
    expect(declared?.reason.en).toMatch(/Fill that column with what the contract asks for/);
    expect(declared?.reason.en).not.toMatch(/Remove the column/);
    expect(suspectIdentifierColumn("correo", ["x"], { table: "stays" })?.reason.en).toMatch(/Remove the column/);
  });
});
