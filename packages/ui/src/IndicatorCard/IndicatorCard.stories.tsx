import type { Meta, StoryObj } from "@storybook/react-vite";
import {
  completedStaysInfo,
  completedTotal,
  followupInfo,
  lengthOfStay,
  lengthOfStayInfo,
  safeAtFollowup,
  suppressedPrimary,
  suppressedSecondary,
  womenServed,
  womenServedInfo,
} from "../fixtures/results";
import { IndicatorCard } from "./IndicatorCard";

const meta = {
  title: "Indicators/IndicatorCard",
  component: IndicatorCard,
  args: { info: completedStaysInfo, result: completedTotal, lang: "es", benchmarkLabel: "la red" },
} satisfies Meta<typeof IndicatorCard>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Proportion: Story = {};
export const English: Story = { args: { lang: "en", benchmarkLabel: "the network" } };
export const Count: Story = { args: { info: womenServedInfo, result: womenServed, benchmarkLabel: undefined } };
export const Days: Story = { args: { info: lengthOfStayInfo, result: lengthOfStay, benchmarkLabel: undefined } };
export const CoverageAndPerturbed: Story = { args: { info: followupInfo, result: safeAtFollowup } };
export const Suppressed: Story = { args: { result: suppressedPrimary, showGroup: true, k: 5 } };
export const SuppressedSecondary: Story = { args: { result: suppressedSecondary, showGroup: true, lang: "en" } };
