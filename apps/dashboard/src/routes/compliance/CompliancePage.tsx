import { DownloadLinks } from "@refugio/ui";
import { useState } from "react";
import { tableDownloads } from "../exports/downloads";
import { NetworkFilter, useNetworkName, useNetworks } from "../../components/NetworkFilter";
import { Page } from "../../components/Page";
import { QueryState } from "../../components/QueryState";
import { useLang } from "../../i18n/LangContext";
import { useFilters } from "../../lib/router";
import { ComplianceHeatMap } from "./ComplianceHeatMap";
import { useComplianceSummary } from "./useCompliance";

export function CompliancePage() {
  const { t, lang } = useLang();
  const networks = useNetworks();
  const { network = "" } = useFilters();
  const summary = useComplianceSummary(network || undefined);
  const networkName = useNetworkName();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Page title={t("compliance.title")} intro={t("compliance.intro")}>
      <div className="filters" role="group" aria-label={t("filters.title")}>
        <NetworkFilter networks={networks.data} value={network} />
      </div>
      <QueryState query={summary} procedure="compliance.summary">
        {(rows) =>
          rows.length === 0 ? (
            <p className="notice">{t("compliance.none")}</p>
          ) : (
            <div>
              <DownloadLinks downloads={tableDownloads("compliance", network ? { network } : undefined)} lang={lang} />
              <ComplianceHeatMap rows={rows} networkName={networkName} open={open} onToggle={(s) => setOpen(open === s ? null : s)} />
            </div>
          )
        }
      </QueryState>
    </Page>
  );
}
