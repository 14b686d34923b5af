export * from "./types";
export * from "./rules";
export * from "./definitions";
export * from "./info";
export { factRelation, STAY_FACTS, STAY_MONTHS_COLUMNS, type TimeGrain } from "./sources";
export * from "./compile";
export { CELL_ATTRIBUTIONS, cellEligible, cellsSelectSql, cellTable, readsCells, type CellAttribution } from "./cells";
export * from "./instrument-sql";
export * from "./casemix";
