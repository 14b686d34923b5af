// Who is signed in. `auth.me` is the source of truth; the CSRF token it carries is kept in memory
// for the client's mutation header.
import { useMutation, useQuery } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useMemo, type ReactNode } from "react";
import type { SessionUser } from "@refugio/schemas";
import { defaultK } from "@refugio/ui";
import { setCsrfToken } from "../lib/csrf";
import { navigate } from "../lib/router";
import { queryClient, trpc } from "../lib/trpc";

interface SessionValue {
  user: SessionUser | null;
  /** The deployment's small-cell threshold (REFUGIO_K), for wording suppressed figures. */
  k: number;
  /**
   * The account's password was set by an administrator (a reset, a new account): the server
   * refuses everything but choosing its own, so the app shows only the change-password page.
   */
  mustChangePassword: boolean;
  loading: boolean;
  error: unknown;
  /** Replace the password (the server then ends every session), sign in again with the new one and go to the overview. */
  changePassword(current: string, next: string): Promise<void>;
  changingPassword: boolean;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  signingIn: boolean;
  signInError: unknown;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const me = useQuery({ ...trpc.auth.me.queryOptions(), staleTime: Infinity });
  const login = useMutation(trpc.auth.login.mutationOptions());
  const logout = useMutation(trpc.auth.logout.mutationOptions());
  const change = useMutation(trpc.auth.changePassword.mutationOptions());

  useEffect(() => {
    setCsrfToken(me.data?.csrfToken ?? null);
  }, [me.data]);

  const value = useMemo<SessionValue>(() => {
    const data = me.data;
    const user: SessionUser | null = data
      ? { username: data.username, role: data.role, network_code: data.network_code, shelter_code: data.shelter_code }
      : null;
    const signIn = async (username: string, password: string) => {
      const result = await login.mutateAsync({ username, password });
      setCsrfToken(result.csrfToken);
      // Another account's cached figures must never show: start from an empty cache.
      const meKey = JSON.stringify(trpc.auth.me.queryKey());
      queryClient.removeQueries({ predicate: (q) => JSON.stringify(q.queryKey) !== meKey });
      await queryClient.refetchQueries({ queryKey: trpc.auth.me.queryKey() });
    };
    return {
      user,
      k: data?.k ?? defaultK,
      mustChangePassword: data?.mustChangePassword === true,
      loading: me.isPending,
      changingPassword: change.isPending || (change.isSuccess && login.isPending),
      async changePassword(current, next) {
        if (!user) return;
        await change.mutateAsync({ current, next });
        // Changing it ended this session too: sign in with the password just chosen.
        await signIn(user.username, next);
        navigate("/", { replace: true });
      },
      error: me.error,
      signingIn: login.isPending,
      signInError: login.error,
      signIn,
      async signOut() {
        try {
          await logout.mutateAsync();
        } finally {
          setCsrfToken(null);
          queryClient.clear();
          queryClient.setQueryData(trpc.auth.me.queryKey(), null);
          // The next person to sign in starts at the overview, not at the page this user left
          // open (which their role may not even allow). A deep link opened while signed out is
          // kept: the sign-in form shows at that address and the page follows sign-in.
          navigate("/", { replace: true });
        }
      },
    };
  }, [me.data, me.isPending, me.error, login, logout, change]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}

/** The user's network: a director's own, or the network of a shelter user's shelter (from the registry). */
export function useUserNetwork(user: SessionUser | null): string | null {
  const needsLookup = user?.role === "shelter_staff" && user.shelter_code !== null;
  const shelters = useQuery({ ...trpc.catalogue.shelters.queryOptions(undefined), enabled: needsLookup, staleTime: Infinity });
  if (!user) return null;
  if (user.network_code) return user.network_code;
  return shelters.data?.find((s) => s.shelter_code === user.shelter_code)?.network_code ?? null;
}
