import { useQuery } from "@tanstack/react-query";
import { trpc, type Inputs } from "../../lib/trpc";

export type CompareInput = Inputs["compare"]["units"];

export function useCompare(input: CompareInput | null) {
  return useQuery({
    ...trpc.compare.units.queryOptions(input ?? { indicator: "women_served" }),
    enabled: input !== null,
  });
}
