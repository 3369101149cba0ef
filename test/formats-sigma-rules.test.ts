import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createEngine } from "../src/detect/index.js";
import { LOG_FORMATS, type ParsedEvent } from "../src/formats/index.js";
import { loadSigmaText } from "../src/sigma/index.js";
import { HAS_SHARED, REPO, SHARED } from "./support/shared.js";

// Real SigmaHQ rules, loaded and run as the engine runs them, fire on an event written in each
// format (and not on a benign one): the log source and the field names the formats give are
// the ones the rules ask for.

const RULES = join(SHARED, "sigma", "rules");
const ZEEK = join(REPO, "test", "fixtures", "zeek");

function events(format: string, text: string, source: string): ParsedEvent[] {
  const parser = LOG_FORMATS[format];
  if (parser === undefined) throw new Error(`format ${format} is not registered`);
  return [...parser.parseText(text, { source })].flatMap((o) => {
    if (!o.ok) throw new Error(o.issues.map((i) => i.message).join("; "));
    return o.events;
  });
}

/** How many of the events the one rule of `file` matches; `source` names the text (Zeek reads a log's path from it). */
function hits(file: string, format: string, text: string, source = "input.json"): number {
  const loaded = loadSigmaText(readFileSync(join(RULES, file), "utf8"), file);
  expect(loaded.skipped).toEqual([]);
  const engine = createEngine({ documents: loaded.documents });
  expect(engine.skipped).toEqual([]);
  return events(format, text, source).filter((e) => engine.match(e.event).length > 0).length;
}

const json = (...records: unknown[]) => records.map((r) => JSON.stringify(r)).join("\n");
const zeekFixture = (name: string) => readFileSync(join(ZEEK, name), "utf8");
const zeekHits = (rule: string, name: string, text = zeekFixture(name)) => hits(rule, "zeek", text, name);

const LOGIN = {
  eventTime: "2023-07-19T21:44:40Z",
  eventSource: "signin.amazonaws.com",
  eventName: "ConsoleLogin",
  awsRegion: "us-east-1",
  sourceIPAddress: "192.0.2.10",
  userIdentity: { type: "IAMUser", userName: "mary", arn: "arn:aws:iam::111122223333:user/mary" },
  responseElements: { ConsoleLogin: "Success" },
  additionalEventData: { MFAUsed: "No" },
};

const OKTA = {
  published: "2024-08-13T15:58:20.353Z",
  eventType: "user.session.start",
  displayMessage: "User login to Okta",
  actor: { alternateId: "admin@example.com", type: "User" },
  client: { ipAddress: "198.51.100.23" },
  outcome: { result: "SUCCESS" },
  securityContext: { isProxy: true },
  target: [{ displayName: "Okta Dashboard" }],
  debugContext: { debugData: { behaviors: "{New Geo-Location=NEGATIVE}" } },
};

const SIGNIN = {
  time: "2024-03-01T09:15:27Z",
  category: "SignInLogs",
  operationName: "Sign-in activity",
  resultType: "0",
  properties: {
    userPrincipalName: "alexw@contoso.com",
    ipAddress: "203.0.113.50",
    status: { errorCode: 0 },
    userAgent: "Mozilla/5.0",
    authenticationRequirement: "multiFactorAuthentication",
  },
};

const AUDIT = {
  time: "2024-03-01T11:00:00Z",
  category: "AuditLogs",
  operationName: "Update user",
  properties: {
    category: "UserManagement",
    result: "success",
    activityDisplayName: "Update user",
    loggedByService: "Core Directory",
  },
};

describe.skipIf(!HAS_SHARED)("SigmaHQ rules on the formats' events", () => {
  it("zeek: the mining-pool DNS and Cobalt Strike certificate rules fire on the fixtures, and not elsewhere", () => {
    const mining = "network/zeek/zeek_dns_mining_pools.yml";
    expect(zeekHits(mining, "dns.log")).toBe(1);
    expect(zeekHits(mining, "dns.json")).toBe(1);
    expect(zeekHits("network/zeek/zeek_default_cobalt_strike_certificate.yml", "x509.log")).toBe(1);
    expect(zeekHits("network/zeek/zeek_default_cobalt_strike_certificate.yml", "x509.json")).toBe(1);
    // The same query in another log type is not a zeek/dns event.
    expect(zeekHits(mining, "conn.log", zeekFixture("dns.log").replaceAll("#path\tdns", "#path\tconn"))).toBe(0);
  });

  it("zeek: the WebDAV PUT rule fires on a PUT to a public address, not on the GET nor a private one", () => {
    const rule = "network/zeek/zeek_http_webdav_put_request.yml";
    expect(zeekHits(rule, "http.log")).toBe(1);
    expect(zeekHits(rule, "http.json")).toBe(1);
    expect(zeekHits(rule, "http.json", zeekFixture("http.json").replace("203.0.113.9", "10.20.30.40"))).toBe(0);
  });

  it("aws cloudtrail: console login without MFA and trail deletion fire; a login with MFA does not", () => {
    const rule = "cloud/aws/cloudtrail/aws_cloudtrail_console_login_success_without_mfa.yml";
    expect(hits(rule, "cloudtrail", JSON.stringify({ Records: [LOGIN] }))).toBe(1);
    expect(hits(rule, "cloudtrail", json({ ...LOGIN, additionalEventData: { MFAUsed: "Yes" } }))).toBe(0);
    const stop = {
      ...LOGIN,
      eventSource: "cloudtrail.amazonaws.com",
      eventName: "StopLogging",
      requestParameters: { name: "main" },
    };
    expect(hits("cloud/aws/cloudtrail/aws_cloudtrail_disable_logging.yml", "cloudtrail", json(stop, LOGIN))).toBe(1);
  });

  it("okta: session through an anonymising proxy and lock-out fire; a direct session does not", () => {
    const rule = "identity/okta/okta_user_session_start_via_anonymised_proxy.yml";
    expect(hits(rule, "okta", json(OKTA))).toBe(1);
    expect(hits(rule, "okta", json({ ...OKTA, securityContext: { isProxy: false } }))).toBe(0);
    const locked = { ...OKTA, eventType: "user.account.lock", displayMessage: "Max sign in attempts exceeded" };
    expect(hits("identity/okta/okta_user_account_locked_out.yml", "okta", json(locked, OKTA))).toBe(1);
  });

  it("okta: new behaviours on the admin console fire through the list of targets", () => {
    const rule = "identity/okta/okta_new_behaviours_admin_console.yml";
    const admin = {
      ...OKTA,
      eventType: "policy.evaluate_sign_on",
      target: [{ displayName: "Okta Admin Console" }, { displayName: "Admin" }],
      debugContext: { debugData: { behaviors: "{New Geo-Location=POSITIVE}" } },
    };
    expect(hits(rule, "okta", json(admin))).toBe(1);
    expect(hits(rule, "okta", json({ ...admin, target: [{ displayName: "Okta Dashboard" }] }))).toBe(0);
  });

  it("azure signinlogs: lock-out, AzureHound and MFA denial fire; an ordinary sign-in does not", () => {
    const lockout = {
      ...SIGNIN,
      resultType: "50053",
      properties: { ...SIGNIN.properties, status: { errorCode: 50053 } },
    };
    expect(hits("cloud/azure/signin_logs/azure_account_lockout.yml", "entra", json(lockout, SIGNIN))).toBe(1);
    const hound = { ...SIGNIN, properties: { ...SIGNIN.properties, userAgent: "azurehound/v2.1.7" } };
    expect(hits("cloud/azure/signin_logs/azure_ad_azurehound_discovery.yml", "entra", json(hound, SIGNIN))).toBe(1);
    const denied = {
      createdDateTime: "2024-03-01T10:00:00Z",
      userPrincipalName: "alexw@contoso.com",
      authenticationRequirement: "multiFactorAuthentication",
      status: {
        errorCode: 500121,
        failureReason: "Authentication failed during strong authentication request.",
        additionalDetails: "MFA denied; user declined the authentication",
      },
    };
    expect(hits("cloud/azure/signin_logs/azure_mfa_denies.yml", "entra", JSON.stringify({ value: [denied] }))).toBe(1);
    expect(hits("cloud/azure/signin_logs/azure_mfa_denies.yml", "entra", json(SIGNIN))).toBe(0);
  });

  it("azure auditlogs: disabling strong authentication and a security-info registration fire; an ordinary update does not", () => {
    const disable = {
      ...AUDIT,
      operationName: "Disable Strong Authentication",
      properties: { ...AUDIT.properties, activityDisplayName: "Disable Strong Authentication" },
    };
    expect(hits("cloud/azure/audit_logs/azure_mfa_disabled.yml", "entra", json(disable, AUDIT))).toBe(1);
    const registered = {
      activityDateTime: "2024-03-01T12:00:00Z",
      activityDisplayName: "User registered security info",
      category: "UserManagement",
      loggedByService: "Authentication Methods",
      result: "success",
    };
    const rule = "cloud/azure/audit_logs/azure_change_to_authentication_method.yml";
    expect(hits(rule, "entra", json(registered, AUDIT))).toBe(1);
  });
});
