// The shelter registry as stored, as a table (admin.shelters): what an import changed can be read
// on the page before downloading the CSV.
import { QueryState } from "../../components/QueryState";
import { useLang } from "../../i18n/LangContext";
import { formatDate } from "../../lib/format";
import { useRegistry } from "./useAdmin";

const columns = ["shelter_code", "network_code", "country", "region_code", "model", "capacity_places", "opened_on", "closed_on", "last_load"] as const;

export function RegistryTable() {
  const { t, lang } = useLang();
  const registry = useRegistry();
  const cell = (row: Record<string, string | number | boolean | null>, key: (typeof columns)[number]) => {
    const v = row[key];
    if (v === null || v === undefined) return "";
    if ((key === "opened_on" || key === "closed_on" || key === "last_load") && typeof v === "string") return formatDate(v, lang, key === "last_load");
    return String(v);
  };
  return (
    <QueryState query={registry} procedure="admin.shelters">
      {(rows) => (
        <div className="table-wrap">
          <table className="rf-table" data-testid="registry">
            <caption>{t("admin.registryTable", { count: rows.length })}</caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {t(`admin.registryCol.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={String(r.shelter_code)}>
                  {columns.map((c, i) =>
                    i === 0 ? (
                      <th key={c} scope="row">
                        {cell(r, c)}
                      </th>
                    ) : (
                      <td key={c} className={c === "capacity_places" ? "rf-num" : undefined}>
                        {cell(r, c)}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </QueryState>
  );
}
