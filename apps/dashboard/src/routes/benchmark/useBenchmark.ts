import { useQuery } from "@tanstack/react-query";
import { trpc, type Inputs } from "../../lib/trpc";

export type BenchmarkInput = Inputs["benchmark"]["shelter"];

export function useBenchmark(input: BenchmarkInput | null) {
  return useQuery({ ...trpc.benchmark.shelter.queryOptions(input ?? { shelter: "-" }), enabled: input !== null });
}

export function useShelters(enabled: boolean) {
  return useQuery({ ...trpc.catalogue.shelters.queryOptions(undefined), enabled, staleTime: Infinity });
}
