export * from "./types";
export * from "./primary";
export * from "./secondary";
export * from "./audit";
export * from "./cell-key";
export * from "./audience";
export * from "./pooling";
