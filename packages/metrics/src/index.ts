export * from "./stats/index";
export * from "./suppression/index";
export * from "./instruments/index";
