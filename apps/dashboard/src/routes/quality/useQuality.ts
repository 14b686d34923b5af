import { useMutation, useQuery } from "@tanstack/react-query";
import { queryClient, trpc } from "../../lib/trpc";

export function useQualityReport() {
  return useQuery(trpc.quality.report.queryOptions(undefined));
}

export function useExplainFinding() {
  return useMutation(
    trpc.quality.explain.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.quality.report.queryKey() }),
    }),
  );
}
