export * from "./contract/index";
export * from "./api/indicators";
export * from "./reference/index";
export * from "./normalise/index";
export * from "./api/auth";
export * from "./api/inputs";
export * from "./api/ingest";
