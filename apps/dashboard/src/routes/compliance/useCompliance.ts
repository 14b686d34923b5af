import { useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/trpc";

/** Latest check per shelter in the caller's scope, narrowed to one network when one is chosen. */
export function useComplianceSummary(network?: string) {
  return useQuery(trpc.compliance.summary.queryOptions(network ? { network } : undefined));
}

export function useComplianceItems(shelter: string | null) {
  return useQuery({ ...trpc.compliance.items.queryOptions({ shelter: shelter ?? "-" }), enabled: shelter !== null });
}
