import { useMutation, useQuery } from "@tanstack/react-query";
import { queryClient, trpc, type Inputs } from "../../lib/trpc";

export type ExportRequest = Inputs["exports"]["preview"];

export function usePreview(request: ExportRequest | null) {
  return useQuery({ ...trpc.exports.preview.queryOptions(request ?? {}), enabled: request !== null, staleTime: 0 });
}

/** Polls the running export's progress (by the ticket the page chose) while it runs. */
export function useProgress(ticket: string | null) {
  return useQuery({ ...trpc.exports.progress.queryOptions({ ticket: ticket ?? "00000000-0000-4000-8000-000000000000" }), enabled: ticket !== null, refetchInterval: 300, staleTime: 0 });
}

export function useExportList() {
  return useQuery({ ...trpc.exports.list.queryOptions(), staleTime: 0 });
}

const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.exports.list.queryKey() });

export function useCreateExport() {
  return useMutation(trpc.exports.create.mutationOptions({ onSuccess: refresh }));
}

export function useRevokeExport() {
  return useMutation(trpc.exports.revoke.mutationOptions({ onSuccess: refresh }));
}
