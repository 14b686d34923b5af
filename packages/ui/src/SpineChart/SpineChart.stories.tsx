import type { Meta, StoryObj } from "@storybook/react-vite";
import { SpineChart, type SpineRow } from "./SpineChart";

const rows: SpineRow[] = [
  { code: "completed_stays", label: "Estancias con plan completado", own: 0.82, ownText: "82 %", medianText: "61 %", peers: { min: 0.35, p25: 0.52, p50: 0.61, p75: 0.7, max: 0.88 }, polarity: "higher_is_better", judgement: "better" },
  { code: "stays_over_limit", label: "Estancias por encima del límite", own: 0.3, ownText: "30 %", medianText: "12 %", peers: { min: 0.02, p25: 0.08, p50: 0.12, p75: 0.18, max: 0.33 }, polarity: "lower_is_better", judgement: "worse" },
  { code: "followup_coverage_6m", label: "Cobertura del seguimiento a 6 meses", own: 0.55, ownText: "55 %", medianText: "57 %", peers: { min: 0.3, p25: 0.48, p50: 0.57, p75: 0.66, max: 0.8 }, polarity: "higher_is_better", judgement: "similar" },
  { code: "occupancy_rate", label: "Tasa de ocupación", own: 0.91, ownText: "91 %", medianText: "74 %", peers: { min: 0.4, p25: 0.66, p50: 0.74, p75: 0.83, max: 0.97 }, polarity: "no_judgement", judgement: "not_compared" },
  { code: "school_continuity", label: "Continuidad escolar", own: null, ownText: "suprimido: menos de 5 casos", medianText: "muy pocos pares", peers: null, polarity: "higher_is_better", judgement: "not_compared" },
];

const meta = {
  title: "Indicators/SpineChart",
  component: SpineChart,
  args: { title: "hrt-01 frente a los refugios de su red, 2024", rows, lang: "es" },
} satisfies Meta<typeof SpineChart>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Shelter: Story = {};
export const English: Story = { args: { title: "hrt-01 against the shelters of its network, 2024", lang: "en" } };
