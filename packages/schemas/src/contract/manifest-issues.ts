// manifest.json problems in Spanish and English, from the issues of manifestSchema.safeParse.
// Each issue names the field (its path, e.g. tables.stays.rows) and what was expected; like every
// message of the package it never repeats the value found (a manifest may carry personal data),
// so the issue's message, input and received type are not used, only its code and limits.
import type { z } from "zod";
import { normaliseMessages as messages, type Bilingual } from "../normalise/messages";

type Issue = z.core.$ZodIssue;

/** Dates of the manifest: their `expected: "string"` reads better as "a date YYYY-MM-DD". */
const dateFields = new Set(["exported_on", "period_start", "period_end"]);

const dateWords: Bilingual = { es: "una fecha AAAA-MM-DD", en: "a date YYYY-MM-DD" };

const typeWords: Record<string, Bilingual> = {
  string: { es: "texto", en: "text" },
  number: { es: "un número", en: "a number" },
  int: { es: "un número entero", en: "a whole number" },
  bigint: { es: "un número entero", en: "a whole number" },
  boolean: { es: "true o false", en: "true or false" },
  object: { es: "un objeto JSON ({…})", en: "a JSON object ({…})" },
  record: { es: "un objeto JSON ({…})", en: "a JSON object ({…})" },
  array: { es: "una lista JSON ([…])", en: "a JSON list ([…])" },
  tuple: { es: "una lista JSON ([…])", en: "a JSON list ([…])" },
  null: { es: "null", en: "null" },
  date: dateWords,
};

const formatWords: Record<string, Bilingual> = {
  date: { es: "no es una fecha AAAA-MM-DD válida (p. ej. 2024-12-31)", en: "not a valid YYYY-MM-DD date (e.g. 2024-12-31)" },
  datetime: { es: "no es una fecha y hora ISO válida", en: "not a valid ISO date and time" },
  time: { es: "no es una hora válida (HH:MM:SS)", en: "not a valid time (HH:MM:SS)" },
  email: { es: "no es un correo electrónico válido", en: "not a valid e-mail address" },
  url: { es: "no es una URL válida", en: "not a valid URL" },
  uuid: { es: "no es un UUID válido", en: "not a valid UUID" },
  lowercase: { es: "debe estar en minúsculas", en: "must be lower-case" },
  uppercase: { es: "debe estar en mayúsculas", en: "must be upper-case" },
};

/** Field path as written in the manifest: tables.stays.rows, items[0]. Empty for the whole file. */
function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

const quoted = (v: unknown): Bilingual => {
  const s = typeof v === "string" ? v : String(v);
  return { es: `«${s}»`, en: `"${s}"` };
};

const list = (values: readonly unknown[]): Bilingual => ({
  es: values.map((v) => quoted(v).es).join(", "),
  en: values.map((v) => quoted(v).en).join(", "),
});

type Presence = "missing" | "present" | "unknown";

/**
 * Whether the field was absent: from the parsed JSON when the caller gives it, else from the
 * issue's input (safeParse with reportInput), else from zod's default message ("…, received
 * undefined"). A schema's own message (the dates') says nothing, hence "unknown".
 */
function presence(issue: Issue, source: { input: unknown } | undefined): Presence {
  if (source) {
    let v: unknown = source.input;
    for (const seg of issue.path) {
      if (v === null || typeof v !== "object") return "unknown";
      v = (v as Record<PropertyKey, unknown>)[seg];
    }
    return v === undefined ? "missing" : "present";
  }
  if ("input" in issue) return issue.input === undefined ? "missing" : "present";
  if (/received undefined\s*$/.test(issue.message)) return "missing";
  if (/^Invalid input: expected \S+, received \S+$/.test(issue.message)) return "present";
  return "unknown";
}

function expectedType(issue: Extract<Issue, { code: "invalid_type" }>): Bilingual {
  const last = issue.path[issue.path.length - 1];
  if (issue.expected === "string" && issue.path.length === 1 && typeof last === "string" && dateFields.has(last)) return dateWords;
  return typeWords[issue.expected] ?? { es: issue.expected, en: issue.expected };
}

function sizeReason(issue: Extract<Issue, { code: "too_small" | "too_big" }>): Bilingual {
  const small = issue.code === "too_small";
  const limit = small ? (issue as Extract<Issue, { code: "too_small" }>).minimum : (issue as Extract<Issue, { code: "too_big" }>).maximum;
  const n = Number(limit);
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case "string":
      if (issue.exact) return { es: `debe tener exactamente ${n} caracteres`, en: `must have exactly ${n} characters` };
      if (small && n === 1) return { es: "no puede estar vacío", en: "must not be empty" };
      return small
        ? { es: `debe tener al menos ${n} caracteres`, en: `must have at least ${n} characters` }
        : messages.textTooLong(n);
    case "array":
    case "set":
      if (issue.exact) return { es: `debe tener exactamente ${n} elementos`, en: `must have exactly ${n} items` };
      return small
        ? { es: `debe tener al menos ${n} elementos`, en: `must have at least ${n} items` }
        : { es: `debe tener como máximo ${n} elementos`, en: `must have at most ${n} items` };
    case "date":
      return small ? { es: "la fecha es demasiado temprana", en: "the date is too early" } : { es: "la fecha es demasiado tardía", en: "the date is too late" };
    default:
      if (small) return inclusive ? messages.belowMin(n) : { es: `debe ser mayor que ${n}`, en: `must be greater than ${n}` };
      return inclusive ? messages.aboveMax(n) : { es: `debe ser menor que ${n}`, en: `must be less than ${n}` };
  }
}

function formatReason(issue: Extract<Issue, { code: "invalid_format" }>): Bilingual {
  const known = formatWords[issue.format];
  if (known) return known;
  const i = issue as Issue & { prefix?: string; suffix?: string; includes?: string };
  if (issue.format === "starts_with" && i.prefix !== undefined) return { es: `debe empezar por ${quoted(i.prefix).es}`, en: `must start with ${quoted(i.prefix).en}` };
  if (issue.format === "ends_with" && i.suffix !== undefined) return { es: `debe terminar en ${quoted(i.suffix).es}`, en: `must end with ${quoted(i.suffix).en}` };
  if (issue.format === "includes" && i.includes !== undefined) return { es: `debe contener ${quoted(i.includes).es}`, en: `must contain ${quoted(i.includes).en}` };
  return { es: "no tiene el formato esperado", en: "does not have the expected format" };
}

/** A schema-written bilingual message ("es / en", as in manifestSchema's refine). */
function ownBilingual(message: string): Bilingual | null {
  const parts = message.split(" / ");
  return parts.length === 2 && parts[0] && parts[1] ? { es: parts[0], en: parts[1] } : null;
}

const generic: Bilingual = { es: "no es válido", en: "is not valid" };

/** Reason of one issue; `ownPath` true when the reason already names its field. */
function reason(issue: Issue, source: { input: unknown } | undefined): { text: Bilingual; ownPath?: boolean } {
  switch (issue.code) {
    case "invalid_type": {
      const want = expectedType(issue);
      if (issue.path.length === 0) return { text: { es: `el contenido debe ser ${want.es}`, en: `the content must be ${want.en}` } };
      switch (presence(issue, source)) {
        case "missing":
          return { text: { es: `falta este campo obligatorio (se espera ${want.es})`, en: `required field is missing (${want.en} expected)` } };
        case "present":
          return { text: { es: `tipo incorrecto: se espera ${want.es}`, en: `wrong type: ${want.en} expected` } };
        default:
          return { text: { es: `falta o no es ${want.es}`, en: `missing or not ${want.en}` } };
      }
    }
    case "too_small":
    case "too_big":
      return { text: sizeReason(issue) };
    case "invalid_format":
      return { text: formatReason(issue) };
    case "not_multiple_of":
      return { text: { es: `debe ser múltiplo de ${issue.divisor}`, en: `must be a multiple of ${issue.divisor}` } };
    case "unrecognized_keys": {
      const keys = list(issue.keys);
      return issue.keys.length === 1
        ? { text: { es: `campo no reconocido: ${keys.es}`, en: `unrecognised field: ${keys.en}` } }
        : { text: { es: `campos no reconocidos: ${keys.es}`, en: `unrecognised fields: ${keys.en}` } };
    }
    case "invalid_value": {
      const values = list(issue.values);
      const text =
        issue.values.length === 1
          ? { es: `debe ser ${values.es}`, en: `must be ${values.en}` }
          : { es: `valor no admitido; se espera uno de: ${values.es}`, en: `value not accepted; expected one of: ${values.en}` };
      if (presence(issue, source) === "missing") return { text: { es: `falta este campo obligatorio; ${text.es}`, en: `required field is missing; ${text.en}` } };
      return { text };
    }
    case "invalid_union":
      return { text: { es: "no coincide con ninguna de las formas admitidas", en: "matches none of the accepted forms" } };
    case "invalid_key":
      return { text: { es: "contiene un nombre de campo no admitido", en: "holds a field name that is not accepted" } };
    case "invalid_element":
      return { text: { es: "contiene un elemento no válido", en: "holds an item that is not valid" } };
    case "custom": {
      const own = ownBilingual(issue.message);
      if (own) {
        const last = issue.path[issue.path.length - 1];
        return { text: own, ownPath: typeof last === "string" && own.es.includes(last) && own.en.includes(last) };
      }
      return { text: generic };
    }
    default:
      return { text: generic };
  }
}

/**
 * Words the issues of an invalid manifest (manifestSchema.safeParse(json).error) in both
 * languages, joined by "; ": the field's path and what was expected, never the value found.
 * Pass `{ input: json }` (the parsed manifest) to tell a missing field from one of the wrong type
 * when the schema's own message hides it (the dates).
 */
export function manifestIssues(error: z.ZodError, source?: { input: unknown }): Bilingual {
  if (error.issues.length === 0) return { es: `el manifiesto ${generic.es}`, en: `the manifest ${generic.en}` };
  const worded = new Map<string, Bilingual>();
  for (const issue of error.issues) {
    const path = fieldPath(issue.path);
    const { text, ownPath } = reason(issue, source);
    const one = path && !ownPath ? { es: `${path}: ${text.es}`, en: `${path}: ${text.en}` } : text;
    worded.set(`${one.es}\u0000${one.en}`, one);
  }
  const all = [...worded.values()];
  return { es: all.map((b) => b.es).join("; "), en: all.map((b) => b.en).join("; ") };
}
