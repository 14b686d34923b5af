import type { Meta, StoryObj } from "@storybook/react-vite";
import { completedByShelter, completedStaysInfo, lengthOfStayInfo, result } from "../fixtures/results";
import { IntervalChart } from "./IntervalChart";

const meta = {
  title: "Charts/IntervalChart",
  component: IntervalChart,
  args: {
    results: completedByShelter,
    info: completedStaysInfo,
    benchmark: 0.617,
    benchmarkLabel: "Red",
    lang: "es",
    width: 720,
  },
} satisfies Meta<typeof IntervalChart>;

export default meta;
type Story = StoryObj<typeof meta>;

export const ByShelter: Story = {};
export const English: Story = { args: { lang: "en", benchmarkLabel: "Network", title: "Plan completed, by shelter" } };
export const WithoutBenchmark: Story = { args: { benchmark: null } };
export const Days: Story = {
  args: {
    info: lengthOfStayInfo,
    benchmark: 74,
    results: [
      result({ indicator: "length_of_stay", group: { model: "Casa refugio" }, value: 81, ci_low: 70, ci_high: 93, n: 120 }),
      result({ indicator: "length_of_stay", group: { model: "Refugio NOM" }, value: 62, ci_low: 55, ci_high: 70, n: 94 }),
    ],
  },
};
