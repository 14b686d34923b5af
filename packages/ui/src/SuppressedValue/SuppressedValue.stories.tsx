import type { Meta, StoryObj } from "@storybook/react-vite";
import { SuppressedValue } from "./SuppressedValue";

const meta = {
  title: "Values/SuppressedValue",
  component: SuppressedValue,
  args: { reason: "primary", k: 5, lang: "es" },
} satisfies Meta<typeof SuppressedValue>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Primary: Story = {};
export const Secondary: Story = { args: { reason: "secondary" } };
export const VisibleReason: Story = { args: { showReason: true, k: 11 } };
export const English: Story = { args: { lang: "en", showReason: true } };
