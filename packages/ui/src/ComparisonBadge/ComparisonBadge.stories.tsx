import type { Meta, StoryObj } from "@storybook/react-vite";
import { ComparisonBadge } from "./ComparisonBadge";

const meta = {
  title: "Values/ComparisonBadge",
  component: ComparisonBadge,
  args: { comparison: "better", lang: "es" },
  argTypes: { comparison: { control: "select", options: ["better", "similar", "worse", "not_compared", null] } },
} satisfies Meta<typeof ComparisonBadge>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Better: Story = {};
export const Similar: Story = { args: { comparison: "similar" } };
export const Worse: Story = { args: { comparison: "worse", benchmarkLabel: "la red" } };
export const NotCompared: Story = { args: { comparison: null } };
export const EnglishWithBenchmark: Story = { args: { comparison: "better", lang: "en", benchmarkLabel: "the network" } };
