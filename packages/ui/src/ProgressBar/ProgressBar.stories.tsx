import type { Meta, StoryObj } from "@storybook/react-vite";
import { ProgressBar } from "./ProgressBar";

const meta = {
  title: "Feedback/ProgressBar",
  component: ProgressBar,
  args: { lang: "es" },
} satisfies Meta<typeof ProgressBar>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Determinate: Story = { args: { value: 42, label: "Importando estancias" } };
export const Indeterminate: Story = {};
export const CustomMax: Story = { args: { value: 3, max: 8, label: "Validating tables", lang: "en" } };
