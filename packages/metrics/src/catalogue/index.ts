export * from "./types";
export * from "./rules";
export * from "./definitions";
export * from "./info";
export { factRelation, STAY_FACTS, STAY_MONTHS_COLUMNS, type TimeGrain } from "./sources";
export * from "./compile";
export * from "./instrument-sql";
export * from "./casemix";
