import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** ../shared beside the repository: test data referenced in place, never copied. */
export const SHARED = resolve(REPO, "..", "shared");
/** True when ../shared is there; tests that need it skip, and say so, when it is not. */
export const HAS_SHARED = existsSync(resolve(SHARED, "sigma"));

if (!HAS_SHARED) {
  console.warn(`[tocsin tests] ${SHARED} is absent: tests that read the shared test data are skipped`);
}
