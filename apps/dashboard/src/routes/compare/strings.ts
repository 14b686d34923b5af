// Words of the case-mix view of the Compare page, in both languages (kept beside the page that
// alone uses them).
import type { Lang } from "@refugio/ui";

const words = {
  adjust: { es: "Ajuste", en: "Adjustment" },
  crude: { es: "sin ajustar (bruto)", en: "crude (unadjusted)" },
  adjusted: { es: "ajustado por perfil de ingreso", en: "adjusted for case mix" },
  adjustedFunnel: { es: "Embudo ajustado por perfil de ingreso: O/E según el esperado", en: "Funnel adjusted for case mix: O/E by expected count" },
  tableCaption: { es: "Bruto y ajustado por perfil de ingreso, lado a lado", en: "Crude and adjusted for case mix, side by side" },
  unit: { es: "Unidad", en: "Unit" },
  crudeValue: { es: "Valor bruto (IC 95 %)", en: "Crude value (95 % CI)" },
  crudeVerdict: { es: "Bruto frente al total", en: "Crude vs total" },
  observed: { es: "Observado (O)", en: "Observed (O)" },
  expected: { es: "Esperado (E)", en: "Expected (E)" },
  ratio: { es: "O/E (IC 95 % exacto)", en: "O/E (exact 95 % CI)" },
  adjustedValue: { es: "Valor ajustado", en: "Adjusted value" },
  adjustedVerdict: { es: "Ajustado (O/E frente a 1)", en: "Adjusted (O/E vs 1)" },
  suppressed: { es: "suprimido", en: "suppressed" },
  variables: { es: "Variables de perfil usadas", en: "Case-mix variables used" },
  method: {
    es: "Estandarización indirecta: E = Σ (casos de la unidad en el estrato × tasa de referencia del estrato); valor ajustado = O/E × tasa de referencia. Las unidades se juzgan por O/E.",
    en: "Indirect standardisation: E = Σ (the unit's cases in the stratum × the reference rate in the stratum); adjusted value = O/E × reference rate. Units are judged on O/E.",
  },
  merges: { es: "Estratos fusionados (pocos registros)", en: "Strata merged (too few records)" },
  noMerges: { es: "Ningún estrato fusionado.", en: "No strata merged." },
  strata: { es: "estratos usados", en: "strata used" },
  axisX: { es: "esperado (E)", en: "expected (E)" },
  axisY: { es: "observado ÷ esperado (O/E)", en: "observed ÷ expected (O/E)" },
  centre: { es: "O/E", en: "O/E" },
} as const;

export type CaseMixWord = keyof typeof words;

export const caseMixText = (key: CaseMixWord, lang: Lang): string => words[key][lang];
export const caseMixWords = words;
