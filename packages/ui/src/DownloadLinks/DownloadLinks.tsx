import type { Lang } from "../i18n";

export interface DownloadLinksProps {
  /** Server URLs of the same table as a file; the server releases exactly what is on screen. */
  downloads: { csv: string; xlsx: string };
  lang?: Lang;
}

/** "Descargar CSV" / "Descargar XLSX" beside any table or chart of figures. */
export function DownloadLinks({ downloads, lang = "es" }: DownloadLinksProps) {
  return (
    <p className="rf-table__downloads">
      <a className="button button--quiet" href={downloads.csv} download>
        {lang === "es" ? "Descargar CSV" : "Download CSV"}
      </a>{" "}
      <a className="button button--quiet" href={downloads.xlsx} download>
        {lang === "es" ? "Descargar XLSX" : "Download XLSX"}
      </a>
    </p>
  );
}
