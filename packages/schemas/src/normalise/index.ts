export { normaliseMessages, type Bilingual, type ParseResult } from "./messages";
export * from "./text";
export * from "./parse";
export * from "./identifiers";
export * from "./validate";
export * from "./csv";
