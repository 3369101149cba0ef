export { TocsinError, describeIssues, formatPlace, ok, fail } from "./errors.js";
export type { Place, Issue, Result } from "./errors.js";
export { getPath, ownValue, ownOf, forEachScalar, forEachScalarField, jsonDocument } from "./document.js";
export type { Document, Event, EventLogSource, TextVisitor } from "./document.js";
export { parseIp, parseIpv4, parseIpv6, parseCidr, cidrContains } from "./ip.js";
export type { Cidr, IpBytes } from "./ip.js";
export { detached } from "./detached.js";
