// Spanish and English wording of schema (zod) issues, shared by the API's error formatter and the
// `refugio indicators` command (which must not need tRPC to word its own input errors). Messages
// written in the schemas are already bilingual ("es / en"); zod's defaults are English only, so
// they are rebuilt from the issue's fields (a default message cannot be told from a custom one).

export interface SchemaIssue {
  code?: string;
  message: string;
  path?: readonly (PropertyKey | { key: PropertyKey })[];
  expected?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  format?: string;
  keys?: string[];
  values?: unknown[];
  inclusive?: boolean;
}

const units: Record<string, { es: string; en: string }> = {
  string: { es: "caracteres", en: "characters" },
  array: { es: "elementos", en: "items" },
  set: { es: "elementos", en: "items" },
};

export function bilingualIssue(issue: SchemaIssue): string {
  if (issue.message.includes(" / ")) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      return issue.message.includes("received undefined")
        ? "obligatorio / required"
        : `tipo no válido, se esperaba ${issue.expected ?? "?"} / invalid type, expected ${issue.expected ?? "?"}`;
    case "too_small": {
      const u = units[issue.origin ?? ""];
      const n = String(issue.minimum);
      return u ? `mínimo ${n} ${u.es} / at least ${n} ${u.en}` : `debe ser ≥ ${n} / must be ≥ ${n}`;
    }
    case "too_big": {
      const u = units[issue.origin ?? ""];
      const n = String(issue.maximum);
      return u ? `máximo ${n} ${u.es} / at most ${n} ${u.en}` : `debe ser ≤ ${n} / must be ≤ ${n}`;
    }
    case "invalid_format":
      return `formato no válido (${issue.format ?? "?"}) / invalid format (${issue.format ?? "?"})`;
    case "invalid_value": {
      const list = (issue.values ?? []).map((v) => JSON.stringify(v)).join(", ");
      return `valor no permitido; use uno de: ${list} / value not allowed; use one of: ${list}`;
    }
    case "unrecognized_keys": {
      const keys = (issue.keys ?? []).join(", ");
      return `campos no reconocidos: ${keys} / unrecognised fields: ${keys}`;
    }
    case "not_multiple_of":
      return "no es un múltiplo válido / not a valid multiple";
    case "invalid_union":
      return "ninguna de las formas aceptadas / matches none of the accepted shapes";
    default:
      return `valor no válido (${issue.message}) / invalid value (${issue.message})`;
  }
}
