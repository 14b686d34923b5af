export * from "./contract/index";
export * from "./api/indicators";
