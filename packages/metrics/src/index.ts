export * from "./stats/index";
