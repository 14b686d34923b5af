// Bilingual problem messages of the ingester (its SQL checks name a reason; apps/api's
// ingest/messages.ts words it with these). Messages never repeat the value.

export interface Bilingual {
  es: string;
  en: string;
}

export const normaliseMessages = {
  notBoolean: (): Bilingual => ({
    es: "no es un valor sí/no (use sí, no, true, false, 1 o 0)",
    en: "not a yes/no value (use yes, no, true, false, 1 or 0)",
  }),
  notDate: (): Bilingual => ({
    es: "no es una fecha (use AAAA-MM-DD o dd/mm/aaaa)",
    en: "not a date (use YYYY-MM-DD or dd/mm/yyyy)",
  }),
  twoDigitYear: (): Bilingual => ({
    es: "el año debe tener 4 cifras (dd/mm/aaaa)",
    en: "the year must have 4 digits (dd/mm/yyyy)",
  }),
  impossibleDate: (): Bilingual => ({
    es: "la fecha no existe en el calendario (revise día y mes: se espera dd/mm/aaaa)",
    en: "the date does not exist in the calendar (check day and month: dd/mm/yyyy expected)",
  }),
  yearOutOfRange: (): Bilingual => ({
    es: "el año está fuera del rango admitido (1900–2100)",
    en: "the year is outside the accepted range (1900–2100)",
  }),
  timeNotMidnight: (): Bilingual => ({
    es: "se espera solo la fecha, sin hora",
    en: "only the date is expected, without a time",
  }),
  notNumber: (): Bilingual => ({
    es: "no es un número (use coma o punto decimal, p. ej. 3,5)",
    en: "not a number (use a decimal comma or point, e.g. 3.5)",
  }),
  notInteger: (): Bilingual => ({ es: "debe ser un número entero", en: "must be a whole number" }),
  belowMin: (min: number): Bilingual => ({ es: `debe ser mayor o igual que ${min}`, en: `must be at least ${min}` }),
  aboveMax: (max: number): Bilingual => ({ es: `debe ser menor o igual que ${max}`, en: `must be at most ${max}` }),
  unknownCode: (allowed: readonly string[]): Bilingual => ({
    es: `código no reconocido; se espera uno de: ${allowed.join(", ")}`,
    en: `unrecognised code; expected one of: ${allowed.join(", ")}`,
  }),
  ambiguousCode: (candidates: readonly string[]): Bilingual => ({
    es: `la etiqueta es ambigua (podría ser ${candidates.join(" o ")}); escriba el código`,
    en: `the label is ambiguous (could be ${candidates.join(" or ")}); write the code`,
  }),
  unknownCodeList: (name: string): Bilingual => ({
    es: `lista de códigos desconocida: ${name}`,
    en: `unknown code list: ${name}`,
  }),
  notSurveyAnswer: (): Bilingual => ({
    es: "la respuesta debe ser sí/no o un punto Likert de 1 a 5",
    en: "the answer must be yes/no or a Likert point from 1 to 5",
  }),
  badCodeFormat: (): Bilingual => ({
    es: "solo letras minúsculas, números y _",
    en: "lower-case letters, digits and _ only",
  }),
  /** A key that is not a pseudonymous key: its value is never shown (it may be a name or a DNI). */
  notPseudonymousKey: (): Bilingual => ({
    es: "no es una clave seudónima (letras ASCII, dígitos y - _ . :, máximo 64, al menos una letra, o un número de registro de hasta 6 dígitos); un nombre, un documento, un teléfono o una dirección no pueden ser claves. El valor no se guarda ni se muestra",
    en: "not a pseudonymous key (ASCII letters, digits and - _ . :, at most 64, at least one letter, or a record number of up to 6 digits); a name, an ID number, a phone or an address cannot be a key. The value is neither stored nor shown",
  }),
  textTooLong: (max: number): Bilingual => ({
    es: `texto demasiado largo (máximo ${max} caracteres)`,
    en: `text too long (at most ${max} characters)`,
  }),
  required: (): Bilingual => ({ es: "valor obligatorio vacío", en: "required value is empty" }),
  unknownTable: (name: string): Bilingual => ({
    es: `la tabla «${name}» no existe en el contrato v1`,
    en: `table "${name}" is not in contract v1`,
  }),
  unknownColumn: (column: string, table: string): Bilingual => ({
    es: `la columna «${column}» no pertenece a la tabla ${table} del contrato v1`,
    en: `column "${column}" is not part of table ${table} in contract v1`,
  }),
  missingColumn: (column: string): Bilingual => ({
    es: `falta la columna obligatoria «${column}»`,
    en: `required column "${column}" is missing`,
  }),
  duplicateColumn: (column: string): Bilingual => ({
    es: `la columna «${column}» aparece más de una vez`,
    en: `column "${column}" appears more than once`,
  }),
  duplicateKey: (key: readonly string[], firstLine: number): Bilingual => ({
    es: `clave repetida (${key.join(" + ")}): ya aparece en la línea ${firstLine}`,
    en: `repeated key (${key.join(" + ")}): already on line ${firstLine}`,
  }),
  columnCount: (expected: number, found: number): Bilingual => ({
    es: `la fila tiene ${found} campos y el encabezado ${expected}: revise separadores y comillas`,
    en: `the row has ${found} fields and the header ${expected}: check separators and quotes`,
  }),
  unclosedQuote: (): Bilingual => ({
    es: "unas comillas se abren y no se cierran",
    en: "a quoted field is never closed",
  }),
  emptyFile: (): Bilingual => ({ es: "el archivo está vacío", en: "the file is empty" }),
  unknownChecklistItem: (table: string, items: number): Bilingual => ({
    es: `la tabla ${table} de la NOM-217 tiene ${items} ítems`,
    en: `NOM-217 table ${table} has ${items} items`,
  }),
  dateOrder: (earlier: string, later: string): Bilingual => ({
    es: `${later} es anterior a ${earlier}`,
    en: `${later} is before ${earlier}`,
  }),
} as const;
