// Development shim: when Tocsin runs from its TypeScript sources (tests, benchmarks), piscina
// loads this file in each worker so the worker runs through tsx's ESM loader, like the main
// thread (Node 20 workers ignore `--import` loaders). Built code uses evtx-worker.js directly.
import { register } from "tsx/esm/api";

register();
export const { parseEvtxBatchJson, parseEvtxBatchText, parseEvtxRange } = await import("./evtx-worker.ts");
