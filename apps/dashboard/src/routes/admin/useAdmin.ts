import { useMutation, useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/trpc";

export function useUsers() {
  return useQuery(trpc.admin.users.queryOptions());
}

export function useAudit(filters: { actor?: string; action?: string; ok?: boolean }) {
  return useQuery(trpc.admin.audit.queryOptions({ limit: 200, ...filters }));
}

export function useAuditCsv() {
  return useMutation(trpc.admin.auditCsv.mutationOptions());
}
