export * from "./stats/index";
export * from "./suppression/index";
export * from "./instruments/index";
export * from "./catalogue/index";
export * from "./release/index";
