// The network filter of the pages that compare or total across networks: the `network` query
// parameter, offered only to users who see more than one network (the server scopes the rest).
import { useQuery } from "@tanstack/react-query";
import { useLang } from "../i18n/LangContext";
import { trpc } from "../lib/trpc";
import { setQuery } from "../lib/router";
import { SelectField } from "./SelectField";

/** The networks the caller may see (the server narrows them to the user's scope). */
export function useNetworks() {
  return useQuery({ ...trpc.catalogue.networks.queryOptions(), staleTime: Infinity });
}

type Networks = NonNullable<ReturnType<typeof useNetworks>["data"]>;

/** A network's name from the catalogue, or its code when the name is not known (or not loaded yet). */
export function networkName(networks: readonly { network_code: string; network_name: string | null }[] | undefined, code: string): string {
  return networks?.find((n) => n.network_code === code)?.network_name ?? code;
}

/** `networkName` over the networks the caller may see: the same names as the network filter. */
export function useNetworkName(): (code: string) => string {
  const networks = useNetworks();
  return (code) => networkName(networks.data, code);
}

export function NetworkFilter({ networks, value }: { networks: Networks | undefined; value: string }) {
  const { t } = useLang();
  if (!networks || networks.length <= 1) return null;
  return (
    <SelectField
      label={t("filters.network")}
      value={value}
      options={[{ value: "", label: t("filters.allNetworks") }, ...networks.map((n) => ({ value: n.network_code, label: networkName(networks, n.network_code) }))]}
      onChange={(v) => setQuery({ network: v })}
    />
  );
}
