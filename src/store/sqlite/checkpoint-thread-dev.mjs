// Development shim of the checkpoint thread, as writer-thread-dev.mjs is of the writer's.
import { register } from "tsx/esm/api";

register();
await import("./checkpoint-thread.ts");
