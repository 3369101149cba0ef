import { LookupDocument, lookupPath } from "../json/lookup.js";
import { child } from "./common.js";

/** The two Entra ID log sources Sigma names under `product: azure`. */
export type EntraService = "signinlogs" | "auditlogs";

type Obj = Readonly<Record<string, unknown>>;

function either(root: Obj, props: Obj, name: string): unknown {
  return lookupPath(root, name, true) ?? lookupPath(props, name, true);
}

/** Sign-in `status` as Sigma's `Status` compares it: Success/Failure, then the reason and details. */
function signInStatus(props: Obj): unknown {
  const status = props.status;
  if (typeof status === "string") return status;
  const s = child(props, "status");
  if (s === undefined) return undefined;
  const code = s.errorCode;
  const out: unknown[] = [];
  // Entra documents errorCode 0 as a successful sign-in; any other code is a failure.
  if (code === 0 || code === "0") out.push("Success");
  else if (code !== undefined && code !== null) out.push("Failure");
  if (typeof s.failureReason === "string") out.push(s.failureReason);
  if (typeof s.additionalDetails === "string") out.push(s.additionalDetails);
  return out.length === 0 ? undefined : out;
}

/**
 * Names Sigma's azure rules use that the record spells otherwise, keyed by lower-cased name:
 * Log Analytics column names (`ResultType`, `ClientApp`) and, for audit logs, `properties.message`
 * (the activity's display name, as Azure Activity logs put it).
 */
const ALIASES: Readonly<Record<EntraService, Readonly<Record<string, (root: Obj, props: Obj) => unknown>>>> = {
  signinlogs: {
    resulttype: (r, p) => lookupPath(r, "resultType", true) ?? child(p, "status")?.errorCode,
    resultdescription: (r, p) => lookupPath(r, "resultDescription", true) ?? child(p, "status")?.failureReason,
    status: (_r, p) => signInStatus(p),
    clientapp: (r, p) => either(r, p, "clientAppUsed"),
    username: (r, p) => either(r, p, "userPrincipalName"),
  },
  auditlogs: {
    "properties.message": (r, p) => p.message ?? p.activityDisplayName ?? r.operationName,
    status: (_r, p) => lookupPath(p, "result", true),
    operationname: (r, p) => lookupPath(r, "operationName", true) ?? p.activityDisplayName,
  },
};

/**
 * A Document over an Entra ID record that answers the names Sigma's azure rules use: the exact
 * path; then an alias (ALIASES); then the path under `properties` (diagnostic-settings export)
 * exactly and without regard to case; then the path at the top without regard to case. Lists
 * on the way give every element's value (`TargetResources.modifiedProperties.newValue`).
 */
export class EntraDocument extends LookupDocument {
  private readonly aliases: Readonly<Record<string, (root: Obj, props: Obj) => unknown>>;

  constructor(
    root: Record<string, unknown>,
    private readonly props: Obj,
    service: EntraService,
  ) {
    super(root);
    this.aliases = ALIASES[service];
  }

  protected override missing(name: string): unknown {
    const { root, props, aliases } = this;
    const lower = name.toLowerCase();
    if (Object.hasOwn(aliases, lower)) {
      const v = aliases[lower]?.(root, props);
      if (v !== undefined) return v;
    }
    if (props === root && lower.startsWith("properties.")) return lookupPath(root, name.slice(11), true);
    return lookupPath(props, name) ?? lookupPath(props, name, true) ?? lookupPath(root, name, true);
  }
}
