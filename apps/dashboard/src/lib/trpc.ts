// tRPC client as in tRPC's SPA example: one module-level QueryClient and an options proxy.
// Only the router's *type* crosses from the API; no server code reaches the bundle.
import { QueryCache, QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, isTRPCClientError } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@refugio/api";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { csrfToken } from "./csrf";

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    // A session that expired mid-use: ask `auth.me` again, which shows the sign-in page.
    onError(error, query) {
      if (isTRPCClientError(error) && error.data?.code === "UNAUTHORIZED" && JSON.stringify(query.queryKey) !== JSON.stringify(meKey())) {
        void queryClient.invalidateQueries({ queryKey: meKey() });
      }
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 60_000,
      refetchOnWindowFocus: false,
      // Do not retry what the server refused on purpose (signed out, forbidden, bad input).
      retry: (count, error) => !(isTRPCClientError(error) && (error.data?.httpStatus ?? 500) < 500) && count < 2,
    },
  },
});

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    httpBatchLink({
      url: "/trpc",
      // Keep batched GET URLs well under common proxy limits.
      maxURLLength: 4000,
      headers() {
        const token = csrfToken();
        return token ? { "x-csrf-token": token } : {};
      },
      fetch(url, options) {
        return fetch(url, { ...options, credentials: "same-origin" });
      },
    }),
  ],
});

export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });

/** Output types of every procedure, inferred from the router type (no copies of server shapes). */
export type Outputs = inferRouterOutputs<AppRouter>;
export type Inputs = inferRouterInputs<AppRouter>;

function meKey() {
  return trpc.auth.me.queryKey();
}
