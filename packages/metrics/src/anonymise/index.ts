export * from "./hierarchy";
export * from "./anonymise";
