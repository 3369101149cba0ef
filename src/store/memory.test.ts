import { runStoreConformance } from "./conformance.js";
import { MemoryStore } from "./index.js";

runStoreConformance("memory", () => new MemoryStore());
