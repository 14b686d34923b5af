// The Excel fill-in workbook: a read-me sheet, one sheet per table (header row, text format
// where Excel would otherwise turn codes like "6-11" or dates into its own values), drop-downs
// for code and yes/no columns, and the code lists. Node-only (exceljs); not exported from the
// package entry. Output is byte-identical across runs: fixed document dates, and the zip is
// re-packed with fixed entry timestamps (exceljs stamps entries with the current time).
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { codeLists, type CodeDef, type CodeListName } from "../contract/codes";
import { allTables, type ColumnDef, type TableDef } from "../contract/tables";
import { CONTRACT_VERSION } from "../contract/zod";
import { kindLabel, naturalKey, rangeLabel } from "./labels";

export const WORKBOOK_FILE = `refugio-plantilla-v${CONTRACT_VERSION}.xlsx`;
const FIXED_DATE = new Date(Date.UTC(2025, 0, 1, 0, 0, 0));
/** Rows that carry the drop-downs and formats (a shelter's yearly export fits). */
const DATA_ROWS = 2000;
const LISTS_SHEET = "listas";

interface ValidationSheet {
  dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void };
}

function columnLetter(n: number): string {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

const listNames = Object.keys(codeLists) as CodeListName[];

function validationFor(col: ColumnDef): ExcelJS.DataValidation | null {
  const common = { allowBlank: true, showErrorMessage: true, errorStyle: "warning" } as const;
  if (col.codes) {
    const idx = listNames.indexOf(col.codes) + 1;
    const n = codeLists[col.codes].length;
    const letter = columnLetter(idx);
    return {
      ...common,
      type: "list",
      formulae: [`${LISTS_SHEET}!$${letter}$2:$${letter}$${n + 1}`],
      errorTitle: "Código / code",
      error: `Use un código de la lista ${col.codes} (hoja ${LISTS_SHEET}) / use a code of list ${col.codes}`,
    };
  }
  if (col.kind === "boolean") {
    return { ...common, type: "list", formulae: ['"sí,no"'], errorTitle: "Sí/no / yes/no", error: "sí / no" };
  }
  if ((col.kind === "integer" || col.kind === "number") && (col.min !== undefined || col.max !== undefined)) {
    const type = col.kind === "integer" ? "whole" : "decimal";
    const error = `${rangeLabel(col)}`;
    if (col.min !== undefined && col.max !== undefined) {
      return { ...common, type, operator: "between", formulae: [col.min, col.max], errorTitle: "Rango / range", error };
    }
    if (col.min !== undefined) {
      return { ...common, type, operator: "greaterThanOrEqual", formulae: [col.min], errorTitle: "Rango / range", error };
    }
    return { ...common, type, operator: "lessThanOrEqual", formulae: [col.max], errorTitle: "Rango / range", error };
  }
  return null;
}

function addTableSheet(wb: ExcelJS.Workbook, t: TableDef) {
  const ws = wb.addWorksheet(t.name, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = t.columns.map((c) => ({
    header: c.name,
    key: c.name,
    width: Math.max(12, c.name.length + 3),
    // Text format keeps "6-11", "60+" and dd/mm/aaaa as typed instead of becoming dates.
    style: c.kind === "text" || c.kind === "code" || c.kind === "date" ? { numFmt: "@" } : {},
  }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  t.columns.forEach((c, i) => {
    const k = kindLabel[c.kind];
    const cell = header.getCell(i + 1);
    cell.note = [
      `${c.es} / ${c.en}`,
      `${k.es} / ${k.en}${c.codes ? ` (${c.codes})` : ""}${rangeLabel(c) ? ` ${rangeLabel(c)}` : ""}`,
      c.required ? "Obligatorio / required" : "Opcional / optional",
    ].join("\n");
    const v = validationFor(c);
    if (v) {
      const letter = columnLetter(i + 1);
      (ws as unknown as ValidationSheet).dataValidations.add(`${letter}2:${letter}${DATA_ROWS + 1}`, v);
    }
  });
}

function addReadme(wb: ExcelJS.Workbook) {
  const ws = wb.addWorksheet("leeme");
  ws.getColumn(1).width = 24;
  ws.getColumn(2).width = 70;
  ws.getColumn(3).width = 70;
  const rows: [string, string, string][] = [
    ["Refugio", `Plantilla del contrato v${CONTRACT_VERSION}`, `Contract v${CONTRACT_VERSION} template`],
    [
      "",
      "Llene una hoja por tabla y guárdela como CSV (UTF-8) con el nombre de la hoja (stays.csv, children.csv…), junto con manifest.json.",
      "Fill one sheet per table and save it as CSV (UTF-8) named after the sheet (stays.csv, children.csv…), together with manifest.json.",
    ],
    [
      "",
      "No escriba nombres, DNI/CURP/cédula/pasaporte, teléfonos, correos, direcciones ni fechas de nacimiento: el lote se rechazaría.",
      "Do not write names, national ID numbers, phones, e-mails, addresses or birth dates: the batch would be rejected.",
    ],
    ["", "Fechas: dd/mm/aaaa o AAAA-MM-DD. Sí/no: sí o no. Códigos: ver la hoja «listas».", "Dates: dd/mm/yyyy or YYYY-MM-DD. Yes/no: sí or no. Codes: see the «listas» sheet."],
    ["", "", ""],
    ["Hoja / sheet", "Contenido", "Contents"],
    ...allTables.map((t): [string, string, string] => [
      t.name,
      `${t.es} Clave: ${naturalKey(t).join(" + ")}.`,
      `${t.en} Key: ${naturalKey(t).join(" + ")}.`,
    ]),
    [LISTS_SHEET, "Códigos de cada lista (para las listas desplegables).", "Codes of each list (for the drop-downs)."],
    ["codigos", "Significado de cada código en español e inglés.", "Meaning of each code in Spanish and English."],
  ];
  for (const r of rows) ws.addRow(r);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getRow(6).font = { bold: true };
  ws.getColumn(2).alignment = { wrapText: true, vertical: "top" };
  ws.getColumn(3).alignment = { wrapText: true, vertical: "top" };
}

function addLists(wb: ExcelJS.Workbook) {
  const lists = wb.addWorksheet(LISTS_SHEET);
  listNames.forEach((name, i) => {
    const col = lists.getColumn(i + 1);
    col.width = Math.max(14, name.length + 2);
    col.numFmt = "@";
    lists.getCell(1, i + 1).value = name;
    lists.getCell(1, i + 1).font = { bold: true };
    (codeLists[name] as readonly CodeDef[]).forEach((d, j) => {
      lists.getCell(j + 2, i + 1).value = d.code;
    });
  });
  const meaning = wb.addWorksheet("codigos", { views: [{ state: "frozen", ySplit: 1 }] });
  meaning.columns = [
    { header: "lista / list", width: 24 },
    { header: "código / code", width: 28 },
    { header: "español", width: 44 },
    { header: "English", width: 44 },
    { header: "también se acepta / also accepted", width: 60 },
  ];
  meaning.getRow(1).font = { bold: true };
  for (const name of listNames) {
    for (const d of codeLists[name] as readonly CodeDef[]) meaning.addRow([name, d.code, d.es, d.en, (d.aliases ?? []).join(", ")]);
  }
}

/** Re-packs a zip with fixed entry dates, keeping entry order and contents. */
export async function normaliseZip(buffer: Uint8Array): Promise<Buffer> {
  const src = await JSZip.loadAsync(buffer);
  const out = new JSZip();
  for (const entry of Object.values(src.files)) {
    if (entry.dir) continue;
    out.file(entry.name, await entry.async("uint8array"), { date: FIXED_DATE, createFolders: false });
  }
  return out.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 6 }, platform: "DOS" });
}

export async function buildWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Refugio";
  wb.lastModifiedBy = "Refugio";
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  wb.title = `Refugio — plantilla del contrato v${CONTRACT_VERSION} / contract v${CONTRACT_VERSION} template`;
  addReadme(wb);
  for (const t of allTables) addTableSheet(wb, t);
  addLists(wb);
  const raw = await wb.xlsx.writeBuffer();
  return normaliseZip(new Uint8Array(raw as ArrayBuffer));
}
