import { useQuery } from "@tanstack/react-query";
import { trpc, type Inputs } from "../../lib/trpc";

export type TrendInput = Inputs["indicators"]["trend"];

export function useTrend(input: TrendInput | null) {
  return useQuery({ ...trpc.indicators.trend.queryOptions(input ?? {}), enabled: input !== null });
}
