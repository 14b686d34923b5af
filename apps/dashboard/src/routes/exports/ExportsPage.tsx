// Exportaciones / Exports (researcher, admin): choose tables, period, network and privacy level,
// preview the anonymisation (records kept and suppressed, generalisations, risk), create the zip
// with progress, and download it again from the list while it lasts. An admin sees every export
// and can revoke a pending download.
import { FormField, formatCount, numberFormat, ProgressBar, Table, type TableColumn } from "@refugio/ui";
import { useState, type FormEvent } from "react";
import { useNetworks } from "../../components/NetworkFilter";
import { Page } from "../../components/Page";
import { errorMessage, QueryState } from "../../components/QueryState";
import { useLang } from "../../i18n/LangContext";
import { useSession } from "../../session/SessionContext";
import { exportMessages, type ExportMessage } from "./messages";
import { EXPORT_TABLES, STAY_VARIABLES, type ExportTable, type StayVariable } from "@refugio/schemas";
import { useCreateExport, useExportList, usePreview, useProgress, useRevokeExport, type ExportRequest } from "./useExports";

const TABLES = EXPORT_TABLES;
type Table = ExportTable;
/** The stay variables the API lets a researcher choose (the key and quasi-identifiers are always in). */
const VARIABLES = STAY_VARIABLES;
type Variable = StayVariable;

/** "2024-02" → "2024-02-29". */
function lastDay(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, "0")}`;
}

/** The request an export was made with, in one line (k, l, tables, period, place). */
function requestText(json: string): string {
  try {
    const r = JSON.parse(json) as { k?: number; l?: number; tables?: string[]; from?: string; to?: string; network?: string; region?: string; variables?: string[] };
    return [
      `k=${r.k ?? "?"}`,
      r.l ? `l=${r.l}` : null,
      r.tables?.join("+"),
      r.from || r.to ? `${r.from ?? "…"}–${r.to ?? "…"}` : null,
      r.network ?? r.region ?? null,
      r.variables ? `${r.variables.length} var.` : null,
    ]
      .filter(Boolean)
      .join(", ");
  } catch {
    return "";
  }
}

export function ExportsPage() {
  const { lang } = useLang();
  const m = (key: ExportMessage) => exportMessages[lang][key];
  const { user } = useSession();
  const networks = useNetworks();
  const [tables, setTables] = useState<Table[]>([...TABLES]);
  const [variables, setVariables] = useState<Variable[]>([...VARIABLES]);
  const [k, setK] = useState(5);
  const [l, setL] = useState(0);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [network, setNetwork] = useState("");
  const [maxSuppression, setMaxSuppression] = useState(5);
  const [request, setRequest] = useState<ExportRequest | null>(null);
  const [ticket, setTicket] = useState<string | null>(null);
  const preview = usePreview(request);
  const create = useCreateExport();
  const progress = useProgress(create.isPending ? ticket : null);
  const list = useExportList();
  const revoke = useRevokeExport();
  const pct = (x: number) => numberFormat(lang, { style: "percent", maximumFractionDigits: 1 }).format(x);

  const current = (): ExportRequest => ({
    tables,
    ...(variables.length < VARIABLES.length ? { variables } : {}),
    k,
    ...(l > 1 ? { l } : {}),
    // Whole months, as the API asks: the first day of the first month, the last day of the last.
    ...(from ? { from: `${from}-01` } : {}),
    ...(to ? { to: lastDay(to) } : {}),
    ...(network ? { network } : {}),
    maxSuppression: maxSuppression / 100,
  });
  const onPreview = (e: FormEvent) => {
    e.preventDefault();
    create.reset();
    setRequest(current());
  };
  const onCreate = () => {
    if (!request) return;
    const t = crypto.randomUUID();
    setTicket(t);
    create.mutate({ ...request, ticket: t });
  };

  type Generalisation = NonNullable<typeof preview.data>["generalisations"][number];
  const generalisationColumns: TableColumn<Generalisation>[] = [
    { key: "variable", header: m("variable"), rowHeader: true, cell: (g) => g.variable, sortValue: (g) => g.variable },
    { key: "level", header: m("level"), cell: (g) => g[lang], sortValue: (g) => g[lang] },
    { key: "intensity", header: m("intensity"), numeric: true, cell: (g) => pct(g.intensity), sortValue: (g) => g.intensity },
  ];
  type Listed = NonNullable<typeof list.data>[number];
  const listColumns: TableColumn<Listed>[] = [
    { key: "when", header: m("when"), rowHeader: true, cell: (r) => r.created_at.slice(0, 16), sortValue: (r) => r.created_at },
    { key: "who", header: m("who"), cell: (r) => r.created_by, sortValue: (r) => r.created_by },
    { key: "parameters", header: m("parameters"), cell: (r) => requestText(r.request) },
    { key: "status", header: m("status"), cell: (r) => m(`status.${r.status}`), sortValue: (r) => r.status },
    { key: "stays", header: m("stays"), numeric: true, cell: (r) => (r.stays_released === null ? "—" : formatCount(r.stays_released, lang)), sortValue: (r) => r.stays_released },
    { key: "hash", header: m("hash"), cell: (r) => <code>{r.manifest_sha256 ? `${r.manifest_sha256.slice(0, 12)}…` : "—"}</code> },
    {
      key: "download",
      header: m("download"),
      headerContent: <span className="visually-hidden">{m("download")}</span>,
      cell: (r) => (
        <>
          {r.download ? (
            <a href={r.download} download>
              {m("download")}
            </a>
          ) : null}{" "}
          {user?.role === "admin" && r.status === "ready" ? (
            <button type="button" className="button button--quiet" onClick={() => revoke.mutate({ id: r.id })}>
              {m("revoke")}
            </button>
          ) : null}
        </>
      ),
    },
  ];

  return (
    <Page title={m("title")} intro={m("intro")}>
      <form className="filters export-form" onSubmit={onPreview}>
        <fieldset>
          <legend>{m("tables")}</legend>
          {TABLES.map((t) => (
            <label key={t} className="check">
              <input
                type="checkbox"
                checked={tables.includes(t)}
                onChange={(e) => setTables((xs) => (e.target.checked ? [...xs, t] : xs.filter((x) => x !== t)))}
              />{" "}
              {m(`table.${t}`)}
            </label>
          ))}
        </fieldset>
        <details>
          <summary>{m("variables")}</summary>
          <fieldset>
            <legend className="visually-hidden">{m("variables")}</legend>
            {VARIABLES.map((v) => (
              <label key={v} className="check">
                <input
                  type="checkbox"
                  checked={variables.includes(v)}
                  onChange={(e) => setVariables((xs) => (e.target.checked ? [...xs, v] : xs.filter((x) => x !== v)))}
                />{" "}
                <code>{v}</code>
              </label>
            ))}
          </fieldset>
        </details>
        <FormField label={m("k")} lang={lang}>
          {(c) => (
            <input {...c} type="number" min={3} max={50} value={k} onChange={(e) => setK(Number(e.target.value))} />
          )}
        </FormField>
        <FormField label={m("l")} lang={lang}>
          {(c) => (
            <select {...c} value={l} onChange={(e) => setL(Number(e.target.value))}>
              <option value={0}>{m("lNone")}</option>
              {[2, 3, 4, 5].map((x) => (
                <option key={x} value={x}>
                  l = {x}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label={m("from")} lang={lang}>
          {(c) => (
            <input {...c} type="month" value={from} onChange={(e) => setFrom(e.target.value)} />
          )}
        </FormField>
        <FormField label={m("to")} lang={lang}>
          {(c) => (
            <input {...c} type="month" value={to} onChange={(e) => setTo(e.target.value)} />
          )}
        </FormField>
        <FormField label={m("network")} lang={lang}>
          {(c) => (
            <select {...c} value={network} onChange={(e) => setNetwork(e.target.value)}>
              <option value="">{m("allNetworks")}</option>
              {(networks.data ?? []).map((n) => (
                <option key={n.network_code} value={n.network_code}>
                  {n.network_name ?? n.network_code}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label={m("maxSuppression")} lang={lang}>
          {(c) => (
            <input {...c} type="number" min={0} max={20} step={1} value={maxSuppression} onChange={(e) => setMaxSuppression(Number(e.target.value))} />
          )}
        </FormField>
        <button type="submit" className="button" disabled={tables.length === 0 || variables.length === 0}>
          {m("preview")}
        </button>
      </form>

      {request ? (
        <section aria-labelledby="export-preview">
          <h2 id="export-preview">{m("previewTitle")}</h2>
          <QueryState query={preview} procedure="exports.preview">
            {(p) => (
              <>
                <dl className="export-figures" data-testid="export-preview">
                  <dt>{m("selected")}</dt>
                  <dd>{p.staysSelected === null ? "—" : formatCount(p.staysSelected, lang)}</dd>
                  <dt>{m("noConsent")}</dt>
                  <dd>{p.staysWithoutConsent === null ? `< ${p.request.k}` : formatCount(p.staysWithoutConsent, lang)}</dd>
                  <dt>{m("kept")}</dt>
                  <dd data-figure="kept">{formatCount(p.staysKept, lang)}</dd>
                  <dt>{m("suppressed")}</dt>
                  <dd data-figure="suppressed">{formatCount(p.staysSuppressed, lang)}</dd>
                  <dt>{m("classes")}</dt>
                  <dd>{formatCount(p.classes, lang)}</dd>
                  <dt>{m("kReached")}</dt>
                  <dd data-figure="k">{p.kReached}</dd>
                  {Object.entries(p.lReached).map(([attr, v]) => (
                    <div key={attr}>
                      <dt>
                        {m("lReached")} ({attr})
                      </dt>
                      <dd>{v}</dd>
                    </div>
                  ))}
                  <dt>{m("riskHighest")}</dt>
                  <dd>
                    {m("before")} {pct(p.riskBefore.highest)} · {m("after")} {pct(p.risk.highest)}
                  </dd>
                  <dt>{m("riskAverage")}</dt>
                  <dd>
                    {m("before")} {pct(p.riskBefore.average)} · {m("after")} {pct(p.risk.average)}
                  </dd>
                  <dt>{m("atRisk")}</dt>
                  <dd>
                    {m("before")} {pct(p.riskBefore.atRisk)} · {m("after")} {pct(p.risk.atRisk)}
                  </dd>
                  <dt>{m("lossMean")}</dt>
                  <dd>{pct(p.loss.mean)}</dd>
                </dl>
                <Table
                  caption={m("generalisation")}
                  columns={generalisationColumns}
                  rows={p.generalisations}
                  rowKey={(g) => g.variable}
                  lang={lang}
                />
                <p>
                  <button type="button" className="button" onClick={onCreate} disabled={create.isPending}>
                    {m("create")}
                  </button>
                </p>
              </>
            )}
          </QueryState>
          {create.isPending ? (
            <ProgressBar lang={lang} label={m("progress")} value={progress.data ? progress.data.done : undefined} max={progress.data?.total ?? 1} />
          ) : null}
          {create.error ? (
            <p className="notice notice--error" role="alert">
              {errorMessage(create.error, lang)}
            </p>
          ) : null}
          {create.data ? (
            <p className="notice" role="status">
              {m("done")}{" "}
              <a className="button" href={create.data.download} download data-testid="export-download">
                {m("download")}
              </a>{" "}
              <code>{create.data.manifestSha256.slice(0, 16)}…</code>
            </p>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="export-list">
        <h2 id="export-list">{m("listTitle")}</h2>
        <QueryState query={list} procedure="exports.list">
          {(rows) =>
            rows.length === 0 ? (
              <p className="muted">{m("none")}</p>
            ) : (
              <Table caption={m("listTitle")} columns={listColumns} rows={rows} rowKey={(r) => r.id} lang={lang} />
            )
          }
        </QueryState>
      </section>
    </Page>
  );
}
