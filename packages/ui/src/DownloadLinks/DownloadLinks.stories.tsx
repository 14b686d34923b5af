import type { Meta, StoryObj } from "@storybook/react-vite";
import { DownloadLinks } from "./DownloadLinks";

const meta = {
  title: "Tables/DownloadLinks",
  component: DownloadLinks,
  args: { downloads: { csv: "/downloads/compliance.csv?input=%7B%7D", xlsx: "/downloads/compliance.xlsx?input=%7B%7D" }, lang: "es" },
} satisfies Meta<typeof DownloadLinks>;
export default meta;
type Story = StoryObj<typeof DownloadLinks>;

export const Spanish: Story = {};
export const English: Story = { args: { lang: "en" } };
