import { useMutation, useQuery } from "@tanstack/react-query";
import { queryClient, trpc } from "../../lib/trpc";
import { uploadFiles } from "../../lib/upload";

export function useUsers() {
  return useQuery(trpc.admin.users.queryOptions());
}

export function useAudit(filters: { actor?: string; action?: string; ok?: boolean }) {
  return useQuery(trpc.admin.audit.queryOptions({ limit: 200, ...filters }));
}

export function useAuditCsv() {
  return useMutation(trpc.admin.auditCsv.mutationOptions());
}

const refreshAccounts = () =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: trpc.admin.users.queryKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.admin.audit.queryKey() }),
  ]);

export function useAddUser() {
  return useMutation(trpc.admin.addUser.mutationOptions({ onSuccess: refreshAccounts }));
}

export function useRemoveUser() {
  return useMutation(trpc.admin.removeUser.mutationOptions({ onSuccess: refreshAccounts }));
}

export function usePlaces() {
  const networks = useQuery({ ...trpc.catalogue.networks.queryOptions(), staleTime: Infinity });
  const shelters = useQuery({ ...trpc.catalogue.shelters.queryOptions(undefined), staleTime: Infinity });
  return {
    networks: (networks.data ?? []).map((n) => ({ code: n.network_code, name: n.network_name ?? n.network_code })),
    shelters: (shelters.data ?? []).map((s) => ({ code: s.shelter_code, network: s.network_code })),
  };
}

/** A backup leaves an audit row: the log is stale after it. */
export function useBackup() {
  return useMutation(trpc.admin.backup.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.admin.audit.queryKey() }) }));
}

export function useExportRegistry() {
  return useMutation(trpc.admin.exportRegistry.mutationOptions());
}

/** After an import, every list that shows shelters or networks is stale. */
export function useImportRegistry() {
  // Sent as a multipart upload (lib/upload.ts), as batches are.
  return useMutation({
    mutationFn: (file: File) => uploadFiles("admin.importRegistry", [{ name: file.name, file }]),
    onSuccess: (r) => (r.ok ? queryClient.invalidateQueries() : queryClient.invalidateQueries({ queryKey: trpc.admin.audit.queryKey() })),
  });
}

export function useSetRole() {
  return useMutation(trpc.admin.setRole.mutationOptions({ onSuccess: refreshAccounts }));
}

/** The one-time password is in the mutation's data only: shown once, never cached in a query. */
export function useResetPassword() {
  return useMutation(trpc.admin.resetPassword.mutationOptions({ onSuccess: refreshAccounts }));
}

export function useSetActive() {
  const deactivate = useMutation(trpc.admin.deactivateUser.mutationOptions({ onSuccess: refreshAccounts }));
  const reactivate = useMutation(trpc.admin.reactivateUser.mutationOptions({ onSuccess: refreshAccounts }));
  return { deactivate, reactivate };
}

/** The shelter registry as stored (admin.shelters), for the registry table. */
export function useRegistry() {
  return useQuery(trpc.admin.shelters.queryOptions());
}
