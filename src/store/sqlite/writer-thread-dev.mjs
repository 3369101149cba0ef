// Development shim: when Tocsin runs from its TypeScript sources (tests, benchmarks), the writer
// thread runs through tsx's ESM loader like the main thread (Node 20 workers ignore `--import`
// loaders). Built code starts writer-thread.js directly.
import { register } from "tsx/esm/api";

register();
await import("./writer-thread.ts");
