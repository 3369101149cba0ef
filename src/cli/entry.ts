import { main } from "./main.js";

// Runs the CLI from the sources (`node --import tsx src/cli/entry.ts`), as the tests do.
await main(process.argv);
