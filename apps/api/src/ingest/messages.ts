// Bilingual reasons of the ingester. Cell-level reasons reuse the wording of @refugio/schemas
// (the browser check says the same); batch-level ones live here. No message repeats a value.
import { codeLists, normaliseMessages as messages, type Bilingual, type CodeListName } from "@refugio/schemas";

export const ingestMessages = {
  notSource: (): Bilingual => ({
    es: "no es una carpeta ni un archivo .zip",
    en: "not a folder or a .zip file",
  }),
  noSuchSource: (): Bilingual => ({
    es: "no existe: revise la ruta",
    en: "does not exist: check the path",
  }),
  noManifest: (): Bilingual => ({
    es: "falta manifest.json en el lote",
    en: "manifest.json is missing from the batch",
  }),
  badManifest: (detail: Bilingual): Bilingual => ({
    es: `manifest.json no es válido: ${detail.es}`,
    en: `manifest.json is not valid: ${detail.en}`,
  }),
  /** JSON that does not parse (V8's own message may quote the text, so only the position is kept). */
  manifestNotJson: (position: number | null): Bilingual => ({
    es: `manifest.json no es JSON válido${position === null ? "" : ` (carácter ${position + 1})`}`,
    en: `manifest.json is not valid JSON${position === null ? "" : ` (character ${position + 1})`}`,
  }),
  manifestNotUtf8: (): Bilingual => ({
    es: "manifest.json no está en UTF-8",
    en: "manifest.json is not UTF-8",
  }),
  manifestSeveralBoms: (): Bilingual => ({
    es: "manifest.json empieza con más de una marca de orden de bytes (BOM): guárdelo de nuevo en UTF-8",
    en: "manifest.json starts with more than one byte-order mark (BOM): save it again as UTF-8",
  }),
  manifestNotObject: (): Bilingual => ({
    es: "manifest.json debe ser un objeto JSON ({ … })",
    en: "manifest.json must be a JSON object ({ … })",
  }),
  /** Several files that could be the manifest: which one counts would depend on the reader. */
  manifestAmbiguous: (names: string[]): Bilingual => ({
    es: `el lote tiene más de un manifest.json (${names.join(", ")}); deje uno solo, en la carpeta del lote`,
    en: `the batch holds more than one manifest.json (${names.join(", ")}); keep one, in the batch folder`,
  }),
  manifestIsFolder: (name: string): Bilingual => ({
    es: `«${name}» es una carpeta, no el archivo manifest.json`,
    en: `"${name}" is a folder, not the manifest.json file`,
  }),
  /** A name inside a zip that cannot be unpacked safely (traversal, NUL, ".", too long, a file and a folder alike). */
  badEntryName: (name: string, why: Bilingual): Bilingual => ({
    es: `nombre no permitido en el archivo: «${name}» (${why.es})`,
    en: `name not allowed in the archive: "${name}" (${why.en})`,
  }),
  badZip: (): Bilingual => ({
    es: "el archivo .zip está dañado o no es un zip",
    en: "the .zip file is damaged or not a zip",
  }),
  unknownShelter: (code: string, stored?: string): Bilingual =>
    stored
      ? { es: `el refugio «${code}» no está en el registro; ¿quiso decir «${stored}»? (los códigos de refugio se escriben como en el registro)`, en: `shelter "${code}" is not in the registry; did you mean "${stored}"? (shelter codes are written as in the registry)` }
      : {
          es: `el refugio «${code}» no está en el registro; una persona administradora debe añadirlo primero (panel → Administración → Registro de refugios, o refugio registry import)`,
          en: `shelter "${code}" is not in the registry; an administrator must add it first (dashboard → Administration → Shelter registry, or refugio registry import)`,
        },
  noTables: (): Bilingual => ({
    es: "el lote no contiene ningún archivo de tabla (stays.csv, children.csv, …)",
    en: "the batch holds no table file (stays.csv, children.csv, …)",
  }),
  duplicateTableFile: (table: string): Bilingual => ({
    es: `hay más de un archivo para la tabla ${table}`,
    en: `more than one file for table ${table}`,
  }),
  unreadable: (line: number | null): Bilingual => ({
    es: `el archivo no se puede leer${line ? ` (línea ${line})` : ""}: revise comillas y número de columnas`,
    en: `the file cannot be read${line ? ` (line ${line})` : ""}: check quotes and the number of columns`,
  }),
  lineTooLong: (line: number | null): Bilingual => ({
    es: `${line ? `la línea ${line}` : "una línea"} supera los 2 MB que se leen por línea: suele ser una comilla que no se cierra`,
    en: `${line ? `line ${line}` : "a line"} is longer than the 2 MB read per line: usually a quote that is never closed`,
  }),
  extraFields: (columns: number): Bilingual => ({
    es: `esta fila tiene más campos que las ${columns} columnas del encabezado: revise separadores y comillas`,
    en: `this row has more fields than the header's ${columns} columns: check separators and quotes`,
  }),
  rowCount: (table: string, declared: number, found: number): Bilingual => ({
    es: `el manifiesto declara ${declared} filas de ${table} y el archivo tiene ${found}`,
    en: `the manifest declares ${declared} rows of ${table} and the file has ${found}`,
  }),
  declaredWithoutFile: (table: string, declared: number): Bilingual => ({
    es: `el manifiesto declara ${declared} filas de ${table}, pero el lote no trae ese archivo`,
    en: `the manifest declares ${declared} rows of ${table}, but the batch has no such file`,
  }),
  shelterMismatch: (manifest: string): Bilingual => ({
    es: `el código de refugio no coincide con el del manifiesto (${manifest})`,
    en: `the shelter code differs from the manifest's (${manifest})`,
  }),
  unknownStay: (): Bilingual => ({
    es: "la estancia no está en el lote ni registrada antes para este refugio",
    en: "the stay is neither in the batch nor stored before for this shelter",
  }),
  afterExport: (column: string): Bilingual => ({
    es: `${column} es posterior a la fecha de exportación del manifiesto`,
    en: `${column} is after the manifest's export date`,
  }),
  afterPeriod: (periodEnd: string): Bilingual => ({
    es: `ingreso posterior al fin del periodo del manifiesto (${periodEnd}): revise la fecha o el periodo`,
    en: `admitted after the end of the manifest's period (${periodEnd}): check the date or the period`,
  }),
  contactBeforeExit: (): Bilingual => ({
    es: "el contacto de seguimiento es anterior al egreso (o al ingreso si la estancia sigue abierta)",
    en: "the follow-up contact is before the exit (or the admission when the stay is still open)",
  }),
  assessedOutOfStay: (timepoint: string): Bilingual => ({
    es: `la fecha de aplicación no corresponde al momento «${timepoint}» de la estancia`,
    en: `the date assessed does not fit the "${timepoint}" timepoint of the stay`,
  }),
  childrenCount: (declared: string, found: string): Bilingual => ({
    es: `children_in_stay dice ${declared} y el lote trae ${found} filas en children (aviso: se carga igual)`,
    en: `children_in_stay says ${declared} and the batch has ${found} children rows (warning: loaded anyway)`,
  }),
  /** On a refused stay's line: the rows of another table that point to it are not loaded either. */
  stayRefusedFollowOn: (stay: string | null, line: number | null, table: string, n: number): Bilingual => {
    const id = stay ? `${stay.length > 12 ? `${stay.slice(0, 12)}…` : stay} ` : "";
    const at = line === null ? "" : ` (línea ${line})`;
    const atEn = line === null ? "" : ` (line ${line})`;
    return {
      es: `estancia ${id}rechazada${at}: ${n === 1 ? `su fila de ${table} tampoco se cargó` : `sus ${n} filas de ${table} tampoco se cargaron`}`,
      en: `stay ${id}refused${atEn}, so its ${n} ${table} ${n === 1 ? "row was" : "rows were"} not loaded`,
    };
  },
  moreProblems: (n: number): Bilingual => ({
    es: `… y ${n} problemas más no mostrados`,
    en: `… and ${n} more problems not shown`,
  }),
};

const allowed = (list: string) => (codeLists[list as CodeListName] ?? []).map((d) => d.code);

/** Reason code (as produced by the SQL checks) and its argument → bilingual text. */
export function reasonText(reason: string, arg: string | null): Bilingual {
  const a = arg ?? "";
  switch (reason) {
    case "required": return messages.required();
    case "notBoolean": return messages.notBoolean();
    case "notDate": return messages.notDate();
    case "impossibleDate": return messages.impossibleDate();
    case "notNumber": return messages.notNumber();
    case "notInteger": return messages.notInteger();
    case "belowMin": return messages.belowMin(Number(a));
    case "aboveMax": return messages.aboveMax(Number(a));
    case "unknownCode": return messages.unknownCode(allowed(a));
    case "ambiguousCode": return messages.ambiguousCode(a.split(" | "));
    case "textTooLong": return messages.textTooLong(200);
    case "notSurveyAnswer": return messages.notSurveyAnswer();
    case "badCodeFormat": return messages.badCodeFormat();
    case "notPseudonymousKey": return messages.notPseudonymousKey();
    case "duplicateKey": {
      const [line, ...key] = a.split("|");
      return messages.duplicateKey(key, Number(line));
    }
    case "dateOrder": {
      const [earlier = "", later = ""] = a.split("|");
      return messages.dateOrder(earlier, later);
    }
    case "shelterMismatch": return ingestMessages.shelterMismatch(a);
    case "unknownStay": return ingestMessages.unknownStay();
    case "afterExport": return ingestMessages.afterExport(a);
    case "afterPeriod": return ingestMessages.afterPeriod(a);
    case "contactBeforeExit": return ingestMessages.contactBeforeExit();
    case "assessedOutOfStay": return ingestMessages.assessedOutOfStay(a);
    case "childrenCount": {
      const [declared = "", found = ""] = a.split("|");
      return ingestMessages.childrenCount(declared, found);
    }
    default:
      return { es: reason, en: reason };
  }
}
