import { useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/trpc";

export function useComplianceSummary() {
  return useQuery(trpc.compliance.summary.queryOptions(undefined));
}

export function useComplianceItems(shelter: string | null) {
  return useQuery({ ...trpc.compliance.items.queryOptions({ shelter: shelter ?? "-" }), enabled: shelter !== null });
}
