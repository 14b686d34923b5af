export * from "./contract/index";
export * from "./api/indicators";
export * from "./api/auth";
export * from "./reference/index";
