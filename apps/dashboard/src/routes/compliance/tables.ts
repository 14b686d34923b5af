/** NOM-217 Appendix A tables, in the NOM's order (the heat map's columns, the drill-down's groups). */
export const complianceTables = ["A1", "A2", "A3", "A4", "A5"] as const;
