// Public surface of the ingester.
export { ingestBatches, type IngestOptions } from "./ingest";
export { importRegistry, exportRegistry } from "./registry";
