import { main } from "../cli/index.js";
import { serve } from "./serve.js";

// The program: the CLI with the server's startup injected (`node --import tsx src/app/entry.ts`,
// or bin/tocsin on the build).
await main(process.argv, { serve });
