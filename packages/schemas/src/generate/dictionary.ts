// Renders docs/data-dictionary.md from the table descriptors, code lists and reference data.
import { codeLists, type CodeDef, type CodeListName } from "../contract/codes";
import { allTables, batchTables, CONTRACT_VERSIONS, pseudonymousKey, registryTables, MAX_ITEMS, type ColumnDef, type TableDef } from "../contract/tables";
import { CONTRACT_VERSION } from "../contract/zod";
import { auroraRecommendations } from "../reference/aurora";
import { coordinatorQuestions } from "../reference/coordinator-questions";
import { nom217Items } from "../reference/nom217";
import { kindLabel, naturalKey, rangeLabel } from "./labels";

/** Markdown table cell: pipes escaped, no line breaks. */
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
const row = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
const tableMd = (head: readonly string[], rows: readonly (readonly string[])[]) => [
  row(head),
  row(head.map(() => "---")),
  ...rows.map(row),
];
const code = (s: string) => `\`${s}\``;

function typeCell(col: ColumnDef): string {
  if (col.format === "pseudonymous_key") return "clave seudónima / pseudonymous key";
  const k = kindLabel[col.kind];
  const range = rangeLabel(col);
  const base = k.es === k.en ? k.es : `${k.es} / ${k.en}`;
  const list = col.codes ? ` ${code(col.codes)}` : "";
  return `${base}${list}${range ? ` (${range})` : ""}`;
}

function valuesCell(col: ColumnDef): string {
  if (col.codes) return (codeLists[col.codes] as readonly CodeDef[]).map((c) => code(c.code)).join(", ");
  if (col.kind === "boolean") return "sí/no, true/false, 1/0";
  if (col.format === "pseudonymous_key") {
    return `${code(`^${pseudonymousKey.chars}$`)} con al menos una letra, o ${code(`^${pseudonymousKey.shortNumber}$`)} / with at least one letter, or ${code(`^${pseudonymousKey.shortNumber}$`)}`;
  }
  return "";
}

/** item_1 … item_20 are listed as one row, not twenty. */
function collapseItems(cols: readonly ColumnDef[]): ColumnDef[] {
  const out: ColumnDef[] = [];
  for (const c of cols) {
    if (/^item_\d+$/.test(c.name)) {
      if (c.name !== "item_1") continue;
      out.push({
        ...c,
        name: `item_1 … item_${MAX_ITEMS}`,
        es: c.es.replace(/ 1$/, " n"),
        en: c.en.replace(/ 1$/, " n"),
      });
    } else out.push(c);
  }
  return out;
}

function tableSection(t: TableDef): string[] {
  const origin =
    t.origin === "batch"
      ? "Lote del refugio / shelter batch"
      : "Registro de la red o del ministerio / network or ministry registry";
  const file = t.origin === "batch" ? `${code(`${t.name}.csv`)} (o/or ${code(`${t.name}.parquet`)}, ${code(`${t.name}.jsonl`)})` : code(`${t.name}.csv`);
  return [
    `### ${code(t.name)}`,
    "",
    `- **ES:** ${t.es}`,
    `- **EN:** ${t.en}`,
    `- Origen / origin: ${origin}. Archivo / file: ${file}.`,
    `- Clave natural / natural key: ${naturalKey(t).map(code).join(" + ")}`,
    ...(t.since ? [`- Desde el contrato / since contract: v${t.since}. Tabla opcional: un lote con contract_version anterior no puede traerla / optional table: a batch stating an earlier contract_version may not carry it.`] : []),
    "",
    ...tableMd(
      ["Columna / column", "Tipo / type", "Oblig. / req.", "Descripción (ES)", "Description (EN)", "Valores / values"],
      collapseItems(t.columns).map((c) => [
        code(c.name),
        typeCell(c),
        c.required ? "sí / yes" : "no",
        c.es,
        c.en,
        valuesCell(c),
      ]),
    ),
    "",
  ];
}

function codeListSection(name: CodeListName): string[] {
  const defs = codeLists[name] as readonly CodeDef[];
  const usedBy = allTables.flatMap((t) => t.columns.filter((c) => c.codes === name).map((c) => `${t.name}.${c.name}`));
  return [
    `### ${code(name)}`,
    "",
    `Usada en / used in: ${usedBy.map(code).join(", ")}`,
    "",
    ...tableMd(
      ["Código / code", "Etiqueta (ES)", "Label (EN)", "También se acepta / also accepted"],
      defs.map((d) => [code(d.code), d.es, d.en, (d.aliases ?? []).join(", ")]),
    ),
    "",
  ];
}

const manifestRows: [string, string, string, string][] = [
  [
    "contract_version",
    "sí / yes",
    `Versión del contrato: ${CONTRACT_VERSIONS.map((v) => `"${v}"`).join(" o ")}; los lotes nuevos declaran "${CONTRACT_VERSION}" (un lote "1" sigue cargándose, sin las tablas de v1.1)`,
    `Contract version: ${CONTRACT_VERSIONS.map((v) => `"${v}"`).join(" or ")}; new batches state "${CONTRACT_VERSION}" (a "1" batch still loads, without the v1.1 tables)`,
  ],
  ["shelter_code", "sí / yes", "Código del refugio que exporta", "Code of the exporting shelter"],
  ["exported_on", "sí / yes", "Fecha de exportación (AAAA-MM-DD)", "Export date (YYYY-MM-DD)"],
  ["period_start", "sí / yes", "Inicio del periodo que cubre el lote", "Start of the period the batch covers"],
  ["period_end", "sí / yes", "Fin del periodo (no anterior al inicio)", "End of the period (not before the start)"],
  ["producer", "no", "Programa o persona que generó la exportación (sin datos personales)", "Tool or role that produced the export (no personal data)"],
  ["tables", "no", "Filas por tabla, p. ej. {\"stays\": {\"rows\": 12}}", "Rows per table, e.g. {\"stays\": {\"rows\": 12}}"],
];

const loadRules: { es: string; en: string }[] = [
  {
    es: "Las filas se identifican por su clave natural (refugio + estancia; + hija/o; + instrumento y momento; + fecha de contacto…). Un lote posterior que trae la misma estancia reemplaza las filas de esa estancia (las exportaciones son fotografías).",
    en: "Rows are keyed by their natural key (shelter + stay; + child; + instrument and timepoint; + contact date…). A later batch holding the same stay replaces that stay's rows (exports are snapshots).",
  },
  {
    es: "Un lote se carga entero o no se carga: con una sola fila inválida se rechaza todo, con un informe de cada problema (archivo, línea, columna, valor, motivo) y nada de lo guardado cambia.",
    en: "A batch is all or nothing: one invalid row rejects it whole, with a report of every problem (file, line, column, value, reason); nothing already stored changes.",
  },
  {
    es: "Cargar dos veces el mismo lote no cambia nada; un lote corregido del mismo refugio y periodo reemplaza al anterior, y el reemplazo queda registrado.",
    en: "Loading the same batch twice changes nothing; a corrected batch for the same shelter and period replaces the earlier one, and the replacement is recorded.",
  },
  {
    es: "Derivaciones no admitidas (v1.1): un lote que trae referrals_not_admitted reemplaza las filas del refugio fechadas dentro del periodo del manifiesto (period_start a period_end), y un archivo vacío dice «ninguna en el periodo»; un lote sin el archivo no informa la demanda no atendida de su periodo. Una fila sin referral_id recibe uno derivado de su contenido.",
    en: "Referrals not admitted (v1.1): a batch carrying referrals_not_admitted replaces the shelter's rows dated within the manifest's period (period_start to period_end), and an empty file says \"none in the period\"; a batch without the file does not report its period's unmet demand. A row without referral_id gets one derived from its content.",
  },
  {
    es: "Una columna que parezca un identificador directo (nombre, DNI/CURP/cédula/pasaporte, teléfono, correo, dirección, fecha de nacimiento exacta) hace fallar el lote con un mensaje claro; sus valores nunca se guardan ni se registran. Toda columna que no esté en este diccionario se rechaza.",
    en: "A column that looks like a direct identifier (name, DNI/CURP/cédula/passport, phone, e-mail, address, exact birth date) fails the batch with a clear message; its values are never stored or logged. Any column not in this dictionary is rejected.",
  },
  {
    es: "Comprobaciones de referencia: cada fila de hijas/os, evaluaciones y seguimientos apunta a una estancia del lote o ya guardada; las fechas van en orden (ingreso ≤ egreso ≤ seguimiento); children_in_stay concuerda con las filas de children o se informa.",
    en: "Referential checks: every child, assessment and follow-up row points to a stay in the batch or already stored; dates are ordered (admission ≤ exit ≤ follow-up); children_in_stay agrees with the children rows or is reported.",
  },
  {
    es: "Formatos: CSV en UTF-8 (con o sin BOM) o Windows-1252/Latin-1, separado por coma o punto y coma; fechas dd/mm/aaaa o AAAA-MM-DD; coma decimal; Parquet; JSON lines. Los códigos no distinguen mayúsculas ni tildes y se aceptan las etiquetas en español cuando no son ambiguas.",
    en: "Formats: CSV in UTF-8 (with or without BOM) or Windows-1252/Latin-1, comma or semicolon separated; dates dd/mm/yyyy or YYYY-MM-DD; decimal comma; Parquet; JSON lines. Codes are case- and accent-insensitive, and Spanish labels are accepted where unambiguous.",
  },
];

export function renderDataDictionary(): string {
  const lines: string[] = [
    "<!-- Generated by packages/schemas/src/generate (npm run generate). Generated, do not edit. -->",
    "<!-- Generado por packages/schemas/src/generate (npm run generate). Archivo generado: no editar. -->",
    "",
    `# Diccionario de datos / Data dictionary — contrato / contract v${CONTRACT_VERSION}`,
    "",
    "**ES:** Un refugio envía un *lote de exportación* desidentificado: una carpeta (o un zip) con `manifest.json` y un archivo por tabla, con el nombre de la tabla (`stays.csv`, `children.csv`, …). Los nombres de tablas, columnas y códigos de este documento son el contrato v1: no se renombran; solo se agregan columnas, códigos y (en una versión menor como v1.1) tablas opcionales, cada una con la versión en que se agregó. Plantillas para llenar: `packages/schemas/generated/templates/`; JSON Schema: `packages/schemas/generated/json-schema/`.",
    "",
    "**EN:** A shelter sends a de-identified *export batch*: a folder (or a zip of it) holding `manifest.json` and one file per table, named after the table (`stays.csv`, `children.csv`, …). The table, column and code names in this document are contract v1: they are not renamed; only optional columns, codes and (in a minor version such as v1.1) optional tables are added, each marked with the version it came in. Fill-in templates: `packages/schemas/generated/templates/`; JSON Schema: `packages/schemas/generated/json-schema/`.",
    "",
    "**No se envían identificadores directos / no direct identifiers are sent:** nombres, DNI/CURP/cédula/pasaporte, teléfono, correo, dirección, fecha de nacimiento exacta — names, national ID numbers, phone, e-mail, address, exact birth date.",
    "",
    "## Índice / Contents",
    "",
    "- [manifest.json](#manifestjson)",
    ...batchTables.map((t) => `- Lote / batch: [${t.name}](#${t.name})`),
    ...registryTables.map((t) => `- Registro / registry: [${t.name}](#${t.name})`),
    "- [Listas de códigos / Code lists](#listas-de-códigos--code-lists)",
    "- [Reglas de carga / Load rules](#reglas-de-carga--load-rules)",
    "- [Datos de referencia / Reference data](#datos-de-referencia--reference-data)",
    "",
    "## manifest.json",
    "",
    ...tableMd(
      ["Campo / field", "Oblig. / req.", "Descripción (ES)", "Description (EN)"],
      manifestRows.map(([f, req, es, en]) => [code(f), req, es, en]),
    ),
    "",
    "## Tablas del lote / Batch tables",
    "",
    "Orden de carga (primero las tablas padre) / load order (parents first): " + batchTables.map((t) => code(t.name)).join(" → "),
    "",
    ...batchTables.flatMap(tableSection),
    "## Tablas de registro / Registry tables",
    "",
    ...registryTables.flatMap(tableSection),
    "## Listas de códigos / Code lists",
    "",
    "Los códigos no distinguen mayúsculas ni tildes; la etiqueta en español, la inglesa y los alias se aceptan cuando corresponden a un solo código. / Codes are case- and accent-insensitive; the Spanish label, the English label and the aliases are accepted when they name exactly one code.",
    "",
    ...(Object.keys(codeLists) as CodeListName[]).flatMap(codeListSection),
    "## Reglas de carga / Load rules",
    "",
    ...loadRules.flatMap((r, i) => [`${i + 1}. **ES:** ${r.es}\\`, `   **EN:** ${r.en}`]),
    "",
    "## Datos de referencia / Reference data",
    "",
    "### Preguntas de la encuesta a coordinadoras / Coordinator survey questions (`coordinator_surveys.question_code`)",
    "",
    "Respuesta / answer: `yes`/`no` (o/or sí/no) o Likert 1–5. Cifras de la encuesta Aurora 2022 (≈22 coordinadoras) / figures of the Aurora 2022 survey (≈22 coordinators).",
    "",
    ...tableMd(
      ["Código / code", "Tipo / kind", "Etiqueta (ES)", "Label (EN)", "2022"],
      coordinatorQuestions.map((q) => [
        code(q.code),
        q.kind === "outcome" ? "resultado, «sí» es bueno / outcome, yes is good" : "dificultad, sin juicio / difficulty, no judgement",
        q.label.es,
        q.label.en,
        `${q.seed.percent} %`,
      ]),
    ),
    "",
    "### Recomendaciones de la evaluación Aurora / Aurora evaluation recommendations (`recommendations.recommendation_code`)",
    "",
    ...tableMd(
      ["Código / code", "Responsable / owner", "Título (ES)", "Title (EN)", "Indicadores / indicators"],
      auroraRecommendations.map((r) => [
        code(r.code),
        `${code(r.owner_level)}: ${r.owner.es}`,
        r.title.es,
        r.title.en,
        r.linked_indicators.map(code).join(", "),
      ]),
    ),
    "",
    "### Lista de verificación NOM-217, Apéndice A / NOM-217 Appendix A checklist (`compliance_checks`)",
    "",
    "`table` = A1…A5, `item_no` = número del ítem / item number, `result` = `yes` / `no` / `na`. Texto en español tal como en el proyecto de norma; el inglés es una glosa / Spanish text as in the draft standard; the English is a gloss.",
    "",
    ...tableMd(
      ["Tabla / table", "Ítem / item", "Texto (ES)", "Gloss (EN)"],
      nom217Items.map((i) => [code(i.table), String(i.item_no), i.text_es, i.text_en ?? ""]),
    ),
    "",
  ];
  return lines.join("\n");
}
