export * from "./contract/index";
export * from "./api/indicators";
export * from "./api/auth";
export * from "./reference/index";
export * from "./normalise/index";
export * from "./api/ingest";
export * from "./api/inputs";
export * from "./api/exports";
