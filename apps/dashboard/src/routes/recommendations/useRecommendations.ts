import { useMutation, useQuery } from "@tanstack/react-query";
import { queryClient, trpc } from "../../lib/trpc";

export function useRecommendations() {
  return useQuery(trpc.recommendations.list.queryOptions(undefined));
}

export function useHistory(code: string, enabled: boolean) {
  return useQuery({ ...trpc.recommendations.history.queryOptions({ code }), enabled });
}

export function useAuroraPlaces(enabled: boolean) {
  const regions = useQuery({ ...trpc.catalogue.regions.queryOptions(), enabled, staleTime: Infinity });
  const shelters = useQuery({ ...trpc.catalogue.shelters.queryOptions({ network: "pe-aurora" }), enabled, staleTime: Infinity });
  return {
    regions: (regions.data ?? []).filter((r) => r.network_code === "pe-aurora").map((r) => r.region_code),
    shelters: (shelters.data ?? []).map((s) => s.shelter_code),
  };
}

export function useUpdateRecommendation() {
  return useMutation(
    trpc.recommendations.update.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.recommendations.list.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.recommendations.history.queryKey() }),
        ]),
    }),
  );
}

export function useLinkedIndicators(code: string, enabled: boolean) {
  return useQuery({ ...trpc.recommendations.indicators.queryOptions({ code }), enabled });
}
