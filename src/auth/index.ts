/** Bearer tokens (random, shown once, stored as SHA-256 hashes) and roles. */
export { TokenAuthority, generateToken, hashToken, roleAllows, tokenView } from "./tokens.js";
export type { Role, TokenRecord, TokenView } from "./tokens.js";
