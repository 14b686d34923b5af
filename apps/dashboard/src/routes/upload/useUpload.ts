import { useMutation, useQuery } from "@tanstack/react-query";
import { queryClient, trpc } from "../../lib/trpc";
import { uploadFiles } from "../../lib/upload";

/** What the upload page sends: the chosen files, and a callback for bytes sent so far. */
export interface UploadVars {
  files: readonly { name: string; file: Blob }[];
  onProgress?: (sent: number, total: number) => void;
}

export function useIngest() {
  const check = useMutation({ mutationFn: (v: UploadVars) => uploadFiles("ingest.check", v.files, v.onProgress) });
  const load = useMutation({
    mutationFn: (v: UploadVars) => uploadFiles("ingest.load", v.files, v.onProgress),
    // New data: every figure on every page may change.
    onSuccess: () => queryClient.invalidateQueries(),
  });
  return { check, load };
}

export function useIngestHistory() {
  return useQuery(trpc.ingest.history.queryOptions({ limit: 20 }));
}
