// Shapes of the NOM-217 Appendix A reference data, kept apart from the extractor (which reads
// files) so the browser-safe modules can import them.
export type Nom217Table = "A1" | "A2" | "A3" | "A4" | "A5";

export interface Nom217ItemText {
  table: Nom217Table;
  item_no: number;
  text_es: string;
}

/** Items per table as stated by DOMAIN.md (91 in all). */
export const NOM217_TABLE_SIZES: Readonly<Record<Nom217Table, number>> = { A1: 33, A2: 16, A3: 10, A4: 14, A5: 18 };
