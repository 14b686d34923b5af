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
