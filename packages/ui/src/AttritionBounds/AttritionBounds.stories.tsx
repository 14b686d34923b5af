import type { Meta, StoryObj } from "@storybook/react-vite";
import { AttritionBounds } from "./AttritionBounds";

const meta = {
  title: "Values/AttritionBounds",
  component: AttritionBounds,
  args: {
    attrition: { coverage: 0.4, low: 0.3, high: 0.9, best: 0.9, worst: 0.3, low_coverage: true, threshold: 0.6 },
    unit: "proportion",
    lang: "es",
  },
} satisfies Meta<typeof AttritionBounds>;

export default meta;
type Story = StoryObj<typeof meta>;

export const LowCoverage: Story = {};
export const GoodCoverage: Story = { args: { attrition: { coverage: 0.85, low: 0.6, high: 0.75, best: 0.75, worst: 0.6, low_coverage: false, threshold: 0.6 } } };
export const English: Story = { args: { lang: "en" } };
