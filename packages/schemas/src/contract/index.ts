export * from "./codes";
export * from "./tables";
export * from "./zod";
export * from "./manifest-issues";
