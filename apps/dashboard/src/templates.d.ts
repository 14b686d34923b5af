// Provided by ../contract-files.ts (a Vite plugin): the contract's templates served under /templates/.
declare module "virtual:refugio-templates" {
  /** File names under /templates/ (per-table CSVs, manifest.json, the workbook). */
  export const templateFiles: readonly string[];
  /** The data dictionary's file name under /templates/, or null when docs/ is missing. */
  export const dictionaryFile: string | null;
}
