// The identifier guard: does a column look like it holds a direct identifier (name, national ID,
// phone, e-mail, address, exact birth date)? Judged by the column's name and by sample values.
// The message names the column and the kind of identifier, never a value: values of such a
// column must not reach logs or reports.
import { allTables, tableByName, type TableName } from "../contract/tables";
import type { Bilingual } from "./messages";
import { foldText } from "./text";

export type IdentifierKind = "person_name" | "national_id" | "phone" | "email" | "address" | "birth_date";

export interface IdentifierSuspicion {
  reason: Bilingual;
  kind: IdentifierKind;
  basis: "column_name" | "values";
}

const kindLabel: Record<IdentifierKind, Bilingual> = {
  person_name: { es: "nombre o apellido de una persona", en: "a person's name" },
  national_id: { es: "número de documento de identidad (DNI, CURP, cédula, pasaporte)", en: "national ID number (DNI, CURP, cédula, passport)" },
  phone: { es: "número de teléfono", en: "phone number" },
  email: { es: "correo electrónico", en: "e-mail address" },
  address: { es: "dirección o ubicación", en: "address or location" },
  birth_date: { es: "fecha de nacimiento exacta", en: "exact birth date" },
};

function suspicion(column: string, kind: IdentifierKind, basis: IdentifierSuspicion["basis"], declared = false): IdentifierSuspicion {
  const label = kindLabel[kind];
  const why =
    basis === "column_name"
      ? { es: "por su nombre", en: "by its name" }
      : { es: "por sus valores", en: "by its values" };
  // A contract column cannot be dropped: the values are what must change.
  const advice = declared
    ? { es: "Ponga en esa columna lo que pide el contrato (una clave seudónima o un código) y vuelva a exportar.", en: "Fill that column with what the contract asks for (a pseudonymous key or a code) and export again." }
    : { es: "Quite la columna y vuelva a exportar.", en: "Remove the column and export again." };
  return {
    kind,
    basis,
    reason: {
      es: `la columna «${column}» parece contener un identificador directo (${label.es}, ${why.es}); el lote se rechaza y sus valores no se guardan ni se registran. ${advice.es}`,
      en: `column "${column}" appears to hold a direct identifier (${label.en}, ${why.en}); the batch is rejected and its values are neither stored nor logged. ${advice.en}`,
    },
  };
}

/** Words of a column name: accents folded, camelCase and separators split. */
function nameTokens(columnName: string): { tokens: string[]; joined: string } {
  const spaced = columnName.replace(/([a-z0-9])([A-Z])/g, "$1 $2");
  const tokens = foldText(spaced).split(/[^a-z0-9]+/).filter(Boolean);
  return { tokens, joined: tokens.join("") };
}

// Word lists are folded (no accents). A token must equal a word, so "nacionalidad" is not "nac".
const byToken: [IdentifierKind, readonly string[]][] = [
  ["birth_date", ["dob", "fnac", "nacimiento", "birth", "birthdate", "birthday", "cumpleanos", "nac"]],
  ["person_name", ["nombre", "nombres", "apellido", "apellidos", "name", "names", "firstname", "lastname", "surname", "surnames", "fullname", "nombrecompleto", "paterno", "materno"]],
  ["national_id", ["dni", "curp", "cedula", "pasaporte", "passport", "rut", "run", "rfc", "nss", "ssn", "nie", "nif", "cui", "identificacion", "identidad"]],
  ["phone", ["telefono", "telefonos", "tel", "fono", "celular", "cel", "movil", "phone", "mobile", "whatsapp"]],
  ["email", ["email", "mail", "correo", "emails", "correos"]],
  ["address", ["direccion", "address", "domicilio", "calle", "street", "ubicacion", "coordenadas", "latitud", "longitud", "latitude", "longitude", "lat", "lon", "lng", "gps", "barrio", "urbanizacion"]],
];
const byJoined: [IdentifierKind, readonly string[]][] = [
  ["birth_date", ["fechanacimiento", "fechadenacimiento", "dateofbirth", "birthdate", "fechanac"]],
  ["email", ["email", "correoelectronico"]],
  ["person_name", ["firstname", "lastname", "fullname", "nombrecompleto", "primernombre", "segundonombre"]],
  ["national_id", ["numdoc", "nrodoc", "numerodocumento", "nrodocumento", "docidentidad", "documentoidentidad", "numeroidentificacion"]],
];
// "name" next to one of these is the name of a place, programme or instrument, not a person.
const nonPersonContext = new Set(["shelter", "refugio", "hogar", "casa", "network", "red", "instrument", "instrumento", "programa", "program", "programme", "region", "pais", "country", "file", "archivo", "table", "tabla", "column", "columna", "question", "pregunta", "indicator", "indicador"]);

function kindFromName(columnName: string): IdentifierKind | null {
  const { tokens, joined } = nameTokens(columnName);
  for (const [kind, words] of byJoined) {
    if (words.some((w) => joined === w || joined.startsWith(w) || joined.endsWith(w))) {
      if (kind === "person_name" && tokens.some((t) => nonPersonContext.has(t))) continue;
      return kind;
    }
  }
  for (const [kind, words] of byToken) {
    if (tokens.some((t) => words.includes(t))) {
      if (kind === "person_name" && tokens.some((t) => nonPersonContext.has(t))) continue;
      return kind;
    }
  }
  return null;
}

const EMAIL = /[^\s@]+@[^\s@]+\.[a-z]{2,}/i;
const CURP = /\b[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z0-9]\d\b/i;
const DNI = /^\d{8}$/;
const ADDRESS = /^(av|avda|avenida|calle|cl|cll|jr|jiron|cra|carrera|kr|psje|pasaje|mz|manzana|blvd|bulevar|colonia|col|diagonal|dg|transversal|tv)\.?\s+\S.*\d/i;

/**
 * A date as a spreadsheet writes it (the shapes the loader's SQL reads as dates: ISO, or day
 * first with / - or . between parts). Only the shape: which dates exist is the loader's rule.
 */
function looksLikeDate(v: string): boolean {
  const s = v.trim();
  return /^\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(s) || /^\d{1,2}([/.-])\d{1,2}\1\d{4}$/.test(s);
}

function looksLikePhone(v: string): boolean {
  if (!/^\+?[\d\s().-]+$/.test(v)) return false;
  const digits = v.replace(/\D/g, "");
  if (digits.length < 7 || digits.length > 15) return false;
  // A date written with dashes or dots, or a plain decimal, is not a phone number.
  if (looksLikeDate(v)) return false;
  if (/^-?\d+[.,]\d{1,2}$/.test(v)) return false;
  return true;
}

export interface SuspectIdentifierOptions {
  /** The table the column was found in; without it, any contract column counts as declared. */
  table?: TableName;
}

const allContractColumns = new Set<string>(allTables.flatMap((t) => t.columns.map((c) => c.name)));

/**
 * Flags a column that looks like a direct identifier, by its name or by its values. Columns of
 * the contract are judged by their values only (a stay_id may be numeric, `network_name` is
 * not a person), and only for e-mail addresses and CURP, which no contract column can hold.
 */
export function suspectIdentifierColumn(
  columnName: string,
  sampleValues: readonly string[],
  options: SuspectIdentifierOptions = {},
): IdentifierSuspicion | null {
  const folded = foldText(columnName.replace(/^\uFEFF/, ""));
  const declared = options.table
    ? tableByName[options.table].columns.some((c) => c.name === folded)
    : allContractColumns.has(folded);
  const values = sampleValues.map((v) => String(v ?? "").trim()).filter((v) => v !== "");

  if (!declared) {
    const kind = kindFromName(columnName);
    if (kind) return suspicion(columnName, kind, "column_name");
  }
  if (values.some((v) => EMAIL.test(v))) return suspicion(columnName, "email", "values", declared);
  if (values.some((v) => CURP.test(v))) return suspicion(columnName, "national_id", "values", declared);
  if (declared) return null;

  if (values.some((v) => DNI.test(v))) return suspicion(columnName, "national_id", "values");
  if (values.some(looksLikePhone)) return suspicion(columnName, "phone", "values");
  if (values.some((v) => ADDRESS.test(foldText(v)))) return suspicion(columnName, "address", "values");
  // Exact dates in a column whose name hints at birth ("f_nac", "nacida", "born"...).
  if (/nac|birth|born|cumple/.test(foldText(columnName)) && values.some(looksLikeDate)) {
    return suspicion(columnName, "birth_date", "values");
  }
  return null;
}

// A capitalised full name ("Rosa Quispe", "María José Pérez"); code labels have lower-case words.
const FULL_NAME = /^\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)+$/u;

/**
 * Whether one cell, shown in a problem, could identify a person: an e-mail, a CURP, a run of 7 or
 * more digits (DNI, cédula, phone), a phone written with spaces, a street address or a capitalised
 * full name. Such a value is never echoed (the problem keeps its line, column and reason).
 */
export function looksLikeIdentifierValue(value: string): boolean {
  const v = value.trim();
  if (EMAIL.test(v) || CURP.test(v) || /\d{7,}/.test(v) || FULL_NAME.test(v)) return true;
  if (/^\+?[\d\s()]+$/.test(v) && v.replace(/\D/g, "").length >= 7) return true;
  return ADDRESS.test(foldText(v));
}

// ---- Free text (notes, evidence) ----------------------------------------------------------
// A note may hold words and numbers of its own (dates, years, counts, decree numbers): only
// shapes that identify a person are refused, wherever they sit in the text.
/** Words as a pattern matching them lower-case or capitalised (a case-insensitive flag would also make \\p{Lu} match lower case). */
const titled = (words: string[]) => `(?:${words.map((w) => `[${w[0]}${w[0]?.toUpperCase()}]${w.slice(1)}`).join("|")})`;

const TEXT_PATTERNS: [IdentifierKind, RegExp][] = [
  ["email", /[^\s@]+@[^\s@]+\.[a-z]{2,}/i],
  ["national_id", /\b[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z0-9]\d\b/i],
  // DNI (8 digits), cédula, an unspaced phone: 7 or more digits in a row, or grouped with dots.
  ["national_id", /(?<![\d.])\d{1,3}(?:\.\d{3}){2,}(?![\d.])|\d{7,}/],
  // A phone: an international prefix, or 3-3-3(4) digit groups.
  ["phone", /\+\d{1,3}[\s.-]?\(?\d{1,4}\)?[\s.-]?\d{3}|\b\d{3}[\s.-]\d{3}[\s.-]\d{3,4}\b/],
  // A document or phone named as such, followed by its number ("DNI: 4012", "cel. 987").
  ["national_id", /\b(?:dni|curp|c[eé]dula|pasaporte|passport|rut|nie|nif)\b\.?\s*(?:n[°º.]?\s*)?:?\s*[A-Z0-9]*\d/i],
  ["phone", /\b(?:tel[eé]fono|telefono|tel|cel|celular|m[oó]vil|phone|whatsapp)\b\.?\s*:?\s*\+?\d/i],
  // A street address: a street word, a capitalised name, a house number ("Av. Arequipa 1234").
  ["address", new RegExp(`\\b${titled(["av", "avda", "avenida", "calle", "jr", "jirón", "jiron", "carrera", "cra", "pasaje", "psje", "mz", "manzana", "colonia"])}\\.?\\s+\\p{Lu}[^\\d,;\\n]{0,40}?\\s(?:[Nn][°º.]?\\s*)?\\d{1,5}\\b`, "u")],
  // A person named with a title ("Sra. Ana Pérez", "señora Rosa") or a label ("nombre: Ana").
  ["person_name", new RegExp(`\\b${titled(["sra", "sr", "srta", "señora", "señor", "senora", "senor", "doña", "dona"])}\\.?\\s+\\p{Lu}\\p{Ll}+`, "u")],
  ["person_name", /\b(?:[Nn]ombres?|[Aa]pellidos?|[Nn]ame)\s*:\s*\p{Lu}/u],
];

/**
 * The kind of direct identifier a free-text note holds (an e-mail, a CURP, a DNI or other run of
 * 7+ digits, a phone, a document or phone number named as such, a street address, a person named
 * with a title or a label), or null. The caller refuses the note and never echoes it.
 */
export function identifierInText(text: string): IdentifierKind | null {
  for (const [kind, re] of TEXT_PATTERNS) if (re.test(text)) return kind;
  return null;
}

/** The bilingual reason a note is refused, naming the kind of identifier, never the value. */
export function identifierInTextReason(field: string, kind: IdentifierKind): Bilingual {
  const label = kindLabel[kind];
  return {
    es: `«${field}» parece contener un identificador directo (${label.es}); no se guarda. Describa la evidencia sin datos de personas`,
    en: `"${field}" appears to hold a direct identifier (${label.en}); it was not stored. Describe the evidence without personal data`,
  };
}
