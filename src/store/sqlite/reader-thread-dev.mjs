// Development shim of the reader thread, as writer-thread-dev.mjs is of the writer's.
import { register } from "tsx/esm/api";

register();
await import("./reader-thread.ts");
