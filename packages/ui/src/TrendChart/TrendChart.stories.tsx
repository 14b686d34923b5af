import type { Meta, StoryObj } from "@storybook/react-vite";
import { completedByQuarter, completedStaysInfo, result, womenServedInfo } from "../fixtures/results";
import { TrendChart } from "./TrendChart";

const meta = {
  title: "Charts/TrendChart",
  component: TrendChart,
  args: {
    results: completedByQuarter,
    info: completedStaysInfo,
    periodKey: "quarter",
    lang: "es",
    width: 720,
    height: 320,
  },
} satisfies Meta<typeof TrendChart>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Quarterly: Story = {};
export const WithBenchmark: Story = { args: { benchmark: 0.6, benchmarkLabel: "Meta" } };
export const English: Story = { args: { lang: "en", benchmark: 0.6, benchmarkLabel: "Target" } };
export const CountsWithoutInterval: Story = {
  args: {
    info: womenServedInfo,
    periodKey: "year",
    results: [
      ["2021", 980],
      ["2022", 1104],
      ["2023", 1190],
      ["2024", 1284],
    ].map(([year, v]) => result({ indicator: "women_served", group: { year: String(year) }, value: Number(v), n: Number(v) })),
  },
};
