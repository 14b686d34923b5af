// tRPC client as in tRPC's SPA example: one module-level QueryClient and an options proxy.
// Only the router's *type* crosses from the API; no server code reaches the bundle.
import { QueryCache, QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpLink, isTRPCClientError } from "@trpc/client";
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
    // Not batched: the server gives each HTTP request one pooled DuckDB connection
    // (apps/api/src/server.ts), so a batch ran a page's queries one after another and answered
    // when the last was done: the Overview's cards waited for the region profile and the
    // sparklines (2.45 s at 1 M stays, issue 18). One request per query runs them side by side,
    // and each part of a page paints when its own data arrives.
    httpLink({
      url: "/trpc",
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
