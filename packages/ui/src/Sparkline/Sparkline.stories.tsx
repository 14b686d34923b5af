import type { Meta, StoryObj } from "@storybook/react-vite";
import { Sparkline } from "./Sparkline";

const meta = {
  title: "Indicators/Sparkline",
  component: Sparkline,
  args: {
    title: "Mujeres atendidas por año",
    lang: "es",
    points: [
      { label: "2021", value: 812, text: "812" },
      { label: "2022", value: 901, text: "901" },
      { label: "2023", value: 877, text: "877" },
      { label: "2024", value: 960, text: "960" },
      { label: "2025", value: 1012, text: "1.012" },
    ],
  },
} satisfies Meta<typeof Sparkline>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Rising: Story = {};
/** A suppressed year breaks the line: nothing is drawn across a figure that was not released. */
export const WithSuppressedYear: Story = {
  args: {
    title: "Seguimiento a 6 meses por año",
    points: [
      { label: "2021", value: 0.52, text: "52 %" },
      { label: "2022", value: null, text: "suprimido" },
      { label: "2023", value: 0.61, text: "61 %" },
      { label: "2024", value: 0.58, text: "58 %" },
    ],
  },
};
export const English: Story = { args: { title: "Women served by year", lang: "en" } };
