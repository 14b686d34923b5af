export { normaliseMessages, type Bilingual } from "./messages";
export * from "./text";
export * from "./spellings";
export * from "./identifiers";
export * from "./windows-1252";
