export * from "./errors";
export * from "./ledger";
export * from "./magnitude";
export * from "./period";
export * from "./release";
export * from "./rate";
export * from "./adjusted";
export * from "./attrition";
