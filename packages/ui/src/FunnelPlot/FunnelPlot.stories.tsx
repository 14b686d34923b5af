import type { Meta, StoryObj } from "@storybook/react-vite";
import { normalFunnelLimits, safetyPlanByShelter, safetyPlanInfo } from "../fixtures/results";
import { FunnelPlot } from "./FunnelPlot";

const limits = normalFunnelLimits(0.7, 170);

const meta = {
  title: "Charts/FunnelPlot",
  component: FunnelPlot,
  args: {
    results: safetyPlanByShelter,
    info: safetyPlanInfo,
    target: 0.7,
    limits,
    limitMethod: "normal_approximation",
    lang: "es",
    width: 720,
    height: 420,
  },
} satisfies Meta<typeof FunnelPlot>;

export default meta;
type Story = StoryObj<typeof meta>;

export const ByShelter: Story = {};
export const English: Story = { args: { lang: "en", title: "Safety plan at exit: shelters vs network" } };
export const AllWithin: Story = {
  args: { results: safetyPlanByShelter.filter((r) => !["Casa 11", "Casa 12", "Casa 13"].includes(r.group.shelter ?? "")) },
};

/** Case-mix adjusted: O/E against the expected count, exact Poisson limits around 1. */
export const AdjustedForCaseMix: Story = {
  args: {
    results: safetyPlanByShelter.map((r) => ({ ...r, denominator: (r.denominator ?? 0) * 0.7, value: r.value === null ? null : r.value / 0.7 })),
    target: 1,
    limits: normalFunnelLimits(0.7, 170).map((l) => ({
      denominator: l.denominator * 0.7,
      lower95: l.lower95 / 0.7,
      upper95: l.upper95 / 0.7,
      lower998: l.lower998 / 0.7,
      upper998: l.upper998 / 0.7,
    })),
    limitMethod: "exact_poisson",
    axes: { x: { es: "esperado (E)", en: "expected (E)" }, y: { es: "observado ÷ esperado (O/E)", en: "observed ÷ expected (O/E)" }, centre: { es: "O/E", en: "O/E" } },
  },
};
