// The shelter registry as stored, as a table (admin.shelters): what an import changed can be read
// on the page before downloading the CSV.
import { Table, type TableColumn } from "@refugio/ui";
import { QueryState } from "../../components/QueryState";
import { useLang } from "../../i18n/LangContext";
import { formatDate } from "../../lib/format";
import { useRegistry } from "./useAdmin";

type Row = Record<string, string | number | boolean | null>;

const columns = ["shelter_code", "network_code", "country", "region_code", "model", "capacity_places", "opened_on", "closed_on", "last_load"] as const;

export function RegistryTable() {
  const { t, lang } = useLang();
  const registry = useRegistry();
  const cell = (row: Row, key: (typeof columns)[number]) => {
    const v = row[key];
    if (v === null || v === undefined) return "";
    if ((key === "opened_on" || key === "closed_on" || key === "last_load") && typeof v === "string") return formatDate(v, lang, key === "last_load");
    return String(v);
  };
  return (
    <QueryState query={registry} procedure="admin.shelters">
      {(rows) => (
        <Table
          caption={t("admin.registryTable", { count: rows.length })}
          columns={columns.map(
            (c, i): TableColumn<Row> => ({
              key: c,
              header: t(`admin.registryCol.${c}`),
              rowHeader: i === 0,
              numeric: c === "capacity_places",
              cell: (r) => cell(r, c),
              sortValue: (r) => {
                const v = r[c];
                return v === null || v === undefined ? null : typeof v === "boolean" ? String(v) : v;
              },
            }),
          )}
          rows={rows}
          rowKey={(r) => String(r.shelter_code)}
          lang={lang}
          testId="registry"
        />
      )}
    </QueryState>
  );
}
