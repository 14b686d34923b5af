// Public surface of the demo network.
export { writeDemoNetwork, type DemoFiles } from "./write";
export { createDemo, demoAccounts, DEMO_PASSWORD, type CreateDemoOptions, type DemoSummary } from "./create";
export { generateDemo, DEMO_START, type DemoOptions } from "./generate";
export { AURORA_TARGETS } from "./networks";
