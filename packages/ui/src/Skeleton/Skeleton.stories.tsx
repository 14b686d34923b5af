import type { Meta, StoryObj } from "@storybook/react-vite";
import { Skeleton } from "./Skeleton";

const meta = {
  title: "Feedback/Skeleton",
  component: Skeleton,
  args: { lang: "es", shape: "cards" },
} satisfies Meta<typeof Skeleton>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Cards: Story = {};
export const Chart: Story = { args: { shape: "chart", height: 240 } };
export const Table: Story = { args: { shape: "table", count: 5, lang: "en" } };
export const Text: Story = { args: { shape: "text", label: "Cargando el informe…" } };
