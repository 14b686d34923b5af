export { LruCache, stableKey } from "./lru";
