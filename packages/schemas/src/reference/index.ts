export * from "./nom217";
export * from "./aurora";
export * from "./coordinator-questions";
export * from "./regions";
