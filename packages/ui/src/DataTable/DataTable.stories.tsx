import type { Meta, StoryObj } from "@storybook/react-vite";
import {
  completedByShelter,
  completedStaysInfo,
  completedTotal,
  followupInfo,
  lengthOfStay,
  lengthOfStayInfo,
  safeAtFollowup,
  womenServed,
  womenServedInfo,
} from "../fixtures/results";
import { DataTable } from "./DataTable";

const meta = {
  title: "Indicators/DataTable",
  component: DataTable,
  args: {
    rows: completedByShelter,
    caption: "Estancias con plan completado por casa refugio, 2024",
    indicators: [completedStaysInfo],
    groupHeader: "Casa refugio",
    hideIndicator: true,
    lang: "es",
  },
} satisfies Meta<typeof DataTable>;

export default meta;
type Story = StoryObj<typeof meta>;

export const ByShelter: Story = {};
export const SortedByValue: Story = { args: { initialSort: { key: "value", direction: "descending" } } };
export const SeveralIndicators: Story = {
  args: {
    rows: [completedTotal, lengthOfStay, safeAtFollowup],
    indicators: [completedStaysInfo, lengthOfStayInfo, followupInfo],
    caption: "Network summary, 2024",
    groupHeader: undefined,
    hideIndicator: false,
    lang: "en",
  },
};
/** Totals whose interval, numerator or denominator do not apply: read as "no aplica", not "suprimido". */
export const NotApplicableCells: Story = {
  args: {
    rows: [womenServed, lengthOfStay, completedTotal],
    indicators: [womenServedInfo, lengthOfStayInfo, completedStaysInfo],
    caption: "Totales de la red, 2024",
    groupHeader: undefined,
    hideIndicator: false,
  },
};
