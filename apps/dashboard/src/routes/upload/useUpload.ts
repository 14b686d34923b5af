import { useMutation, useQuery } from "@tanstack/react-query";
import { queryClient, trpc } from "../../lib/trpc";

export function useIngest() {
  const check = useMutation(trpc.ingest.check.mutationOptions());
  const load = useMutation(
    trpc.ingest.load.mutationOptions({
      // New data: every figure on every page may change.
      onSuccess: () => queryClient.invalidateQueries(),
    }),
  );
  return { check, load };
}

export function useIngestHistory() {
  return useQuery(trpc.ingest.history.queryOptions({ limit: 20 }));
}
