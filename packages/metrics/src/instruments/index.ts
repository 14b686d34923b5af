export * from "./registry";
export * from "./score";
export * from "./rci";
