// Which country's conventions numbers and dates follow (es-PE, es-CO, es-MX; English is English):
// the country of the network in view — the network filter's, else the user's own — so a
// Colombian network's figures read 12.345,6 and a Peruvian one's 12,345.6. Without a network
// (the ministry across networks) the deployment's default, Peru.
import { useQuery } from "@tanstack/react-query";
import { setFormatCountry, type FormatCountry } from "@refugio/ui";
import { trpc } from "./trpc";

/** The country of a network from the catalogue, else from its code's prefix ("co-bogota"). */
export function networkCountry(networks: readonly { network_code: string; country: string }[] | undefined, network: string | null): string | null {
  if (!network) return null;
  return networks?.find((n) => n.network_code === network)?.country ?? /^([a-z]{2})-/.exec(network)?.[1] ?? null;
}

/**
 * Sets the formatting country for the screen being drawn (call it in the shell, before the page
 * renders) and returns it. `signedIn` false: no catalogue request.
 */
export function useFormatCountry(signedIn: boolean, network: string | null): FormatCountry {
  const networks = useQuery({ ...trpc.catalogue.networks.queryOptions(), staleTime: Infinity, enabled: signedIn });
  return setFormatCountry(networkCountry(networks.data, network));
}
