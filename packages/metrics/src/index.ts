export * from "./stats/index";
export * from "./suppression/index";
