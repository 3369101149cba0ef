import { describe, expect, it } from "vitest";
import type { ParseOutcome, ParsedEvent } from "../parser.js";
import { entra } from "./entra.js";

// Records shaped as Microsoft documents them: the Azure Monitor diagnostic-settings export of
// SignInLogs / AuditLogs, and the Graph API signIn and directoryAudit resources.
const SIGNIN_DIAGNOSTIC = {
  time: "2024-03-01T09:15:27.1234567Z",
  resourceId: "/tenants/00000000-0000-0000-0000-000000000001/providers/Microsoft.aadiam",
  operationName: "Sign-in activity",
  operationVersion: "1.0",
  category: "SignInLogs",
  tenantId: "00000000-0000-0000-0000-000000000001",
  resultType: "50126",
  resultSignature: "None",
  resultDescription: "Error validating credentials due to invalid username or password.",
  durationMs: 0,
  callerIpAddress: "203.0.113.50",
  correlationId: "c0ffee00-0000-0000-0000-000000000002",
  identity: "Alex Wilber",
  Level: 4,
  location: "US",
  properties: {
    id: "a1a1a1a1-0000-0000-0000-000000000003",
    createdDateTime: "2024-03-01T09:15:27.1234567+00:00",
    userDisplayName: "Alex Wilber",
    userPrincipalName: "alexw@contoso.com",
    userId: "b2b2b2b2-0000-0000-0000-000000000004",
    appId: "c44b4083-3bb0-49c1-b47d-974e53cbdf3c",
    appDisplayName: "Azure Portal",
    ipAddress: "203.0.113.50",
    status: { errorCode: 50126, failureReason: "Error validating credentials due to invalid username or password." },
    clientAppUsed: "Browser",
    userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/122.0.0.0",
    deviceDetail: {
      deviceId: "",
      operatingSystem: "Windows10",
      browser: "Edge 122.0.0",
      isCompliant: false,
      isManaged: false,
      trustType: "",
    },
    location: {
      city: "Redmond",
      state: "Washington",
      countryOrRegion: "US",
      geoCoordinates: { latitude: 47.67, longitude: -122.12 },
    },
    conditionalAccessStatus: "notApplied",
    authenticationRequirement: "singleFactorAuthentication",
    resourceDisplayName: "Windows Azure Service Management API",
    riskState: "none",
    networkLocationDetails: [],
  },
};

const SIGNIN_GRAPH = {
  id: "66ea54eb-6301-4ee5-be62-ff5a759b8100",
  createdDateTime: "2024-03-01T10:00:00Z",
  userDisplayName: "Test contoso",
  userPrincipalName: "testaccount1@contoso.com",
  userId: "26be570a-ae82-4189-b4e2-a37c6808512d",
  appId: "de8bc8b5-d9f9-48b1-a8ad-b748da725064",
  appDisplayName: "Graph explorer",
  ipAddress: "131.107.159.37",
  clientAppUsed: "Browser",
  conditionalAccessStatus: "notApplied",
  isInteractive: true,
  riskState: "none",
  status: {
    errorCode: 0,
    failureReason: "Other.",
    additionalDetails: "MFA requirement satisfied by claim in the token",
  },
  authenticationRequirement: "multiFactorAuthentication",
  userAgent: "python-requests/2.31 azurehound/v2.1",
  location: {
    city: "Redmond",
    state: "Washington",
    countryOrRegion: "US",
    geoCoordinates: { altitude: null, latitude: 47.68, longitude: -122.12 },
  },
};

const AUDIT_DIAGNOSTIC = {
  time: "2024-03-01T11:00:00.0000000Z",
  resourceId: "/tenants/00000000-0000-0000-0000-000000000001/providers/Microsoft.aadiam",
  operationName: "Add member to role",
  operationVersion: "1.0",
  category: "AuditLogs",
  tenantId: "00000000-0000-0000-0000-000000000001",
  resultSignature: "None",
  durationMs: 0,
  callerIpAddress: "<null>",
  Level: 4,
  properties: {
    id: "Directory_AAAA_1",
    category: "RoleManagement",
    result: "success",
    resultReason: "",
    activityDisplayName: "Add member to role",
    activityDateTime: "2024-03-01T11:00:00.0000000+00:00",
    loggedByService: "Core Directory",
    operationType: "Assign",
    initiatedBy: {
      user: {
        id: "d4d4",
        displayName: null,
        userPrincipalName: "admin@contoso.com",
        ipAddress: "198.51.100.5",
        roles: [],
      },
    },
    targetResources: [
      {
        id: "e5e5",
        type: "User",
        userPrincipalName: "alexw@contoso.com",
        modifiedProperties: [{ displayName: "Role.DisplayName", oldValue: null, newValue: '"Global Administrator"' }],
      },
    ],
    additionalDetails: [],
  },
};

const AUDIT_GRAPH = {
  id: "UserManagement_1",
  category: "UserManagement",
  result: "failure",
  resultReason: "Invitation blocked",
  activityDisplayName: "Invite external user",
  activityDateTime: "2024-03-01T12:00:00Z",
  loggedByService: "Invited Users",
  operationType: "Add",
  initiatedBy: { user: { id: "f6f6", userPrincipalName: "bob@contoso.com", ipAddress: "192.0.2.77" } },
  targetResources: [{ id: "g7", type: "User", userPrincipalName: "guest@fabrikam.com", modifiedProperties: [] }],
};

function one(record: unknown): ParsedEvent {
  const result = entra.parseValue?.(record);
  if (!result?.ok || result.value.length !== 1) throw new Error(JSON.stringify(result));
  return result.value[0] as ParsedEvent;
}

function all(text: string): ParseOutcome[] {
  return [...entra.parseText(text, { source: "PT1H.json" })];
}

describe("entra sign-in logs", () => {
  it("reads a diagnostic-settings record under azure/signinlogs with its ECS fields", () => {
    const e = one(SIGNIN_DIAGNOSTIC);
    expect(e.event.logsource).toEqual({ product: "azure", service: "signinlogs", categories: [] });
    expect(e.event.timestamp).toBe("2024-03-01T09:15:27.123Z");
    expect(e.ecs).toMatchObject({
      "cloud.provider": "azure",
      "event.category": "authentication",
      "user.name": "alexw@contoso.com",
      "user.full_name": "Alex Wilber",
      "source.ip": "203.0.113.50",
      "event.action": "Sign-in activity",
      "event.outcome": "failure",
      "source.geo.city_name": "Redmond",
      "source.geo.country_iso_code": "US",
      "source.geo.location.lat": 47.67,
    });
  });

  it("answers the names Sigma's signinlogs rules use", () => {
    const doc = one(SIGNIN_DIAGNOSTIC).event.doc;
    expect(doc.get("ResultType")).toBe("50126");
    expect(doc.get("resultType")).toBe("50126");
    expect(doc.get("Resultdescription")).toContain("invalid username or password");
    expect(doc.get("AuthenticationRequirement")).toBe("singleFactorAuthentication");
    expect(doc.get("DeviceDetail.trusttype")).toBe("");
    expect(doc.get("DeviceDetail.isCompliant")).toBe(false);
    expect(doc.get("ResourceDisplayName")).toBe("Windows Azure Service Management API");
    expect(doc.get("ClientApp")).toBe("Browser");
    expect(doc.get("Username")).toBe("alexw@contoso.com");
    expect(doc.get("Status")).toEqual(["Failure", "Error validating credentials due to invalid username or password."]);
    expect(doc.get("properties.status.errorCode")).toBe(50126);
  });

  it("reads a Graph signIn object alike, errorCode 0 being a success", () => {
    const e = one(SIGNIN_GRAPH);
    expect(e.event.logsource.service).toBe("signinlogs");
    expect(e.event.timestamp).toBe("2024-03-01T10:00:00.000Z");
    expect(e.ecs["event.outcome"]).toBe("success");
    expect(e.ecs["user.name"]).toBe("testaccount1@contoso.com");
    expect(e.ecs["event.action"]).toBeUndefined();
    expect(e.event.doc.get("ResultType")).toBe(0);
    expect(e.event.doc.get("Status")).toContain("Success");
    expect(e.event.doc.get("properties.userAgent")).toContain("azurehound");
  });
});

describe("entra Log Analytics rows", () => {
  it("reads a SigninLogs row with its column names", () => {
    const row = {
      TenantId: "00000000-0000-0000-0000-000000000001",
      TimeGenerated: "2024-03-01T09:15:27.123Z",
      OperationName: "Sign-in activity",
      Category: "SignInLogs",
      ResultType: "50053",
      ResultDescription:
        "Account is locked because user tried to sign in too many times with an incorrect user ID or password.",
      UserPrincipalName: "alexw@contoso.com",
      IPAddress: "203.0.113.50",
      Status: { errorCode: 50053, failureReason: "Account is locked." },
      AuthenticationRequirement: "singleFactorAuthentication",
      Type: "SigninLogs",
    };
    const e = one(row);
    expect(e.event.logsource.service).toBe("signinlogs");
    expect(e.event.timestamp).toBe("2024-03-01T09:15:27.123Z");
    expect(e.ecs).toMatchObject({
      "user.name": "alexw@contoso.com",
      "source.ip": "203.0.113.50",
      "event.outcome": "failure",
    });
    expect(e.event.doc.get("ResultType")).toBe("50053");
    expect(e.event.doc.get("authenticationRequirement")).toBe("singleFactorAuthentication");
  });
});

describe("entra audit logs", () => {
  it("reads a diagnostic-settings record under azure/auditlogs", () => {
    const e = one(AUDIT_DIAGNOSTIC);
    expect(e.event.logsource).toEqual({ product: "azure", service: "auditlogs", categories: [] });
    expect(e.ecs).toMatchObject({
      "user.name": "admin@contoso.com",
      "source.ip": "198.51.100.5",
      "event.action": "Add member to role",
      "event.outcome": "success",
    });
    const doc = e.event.doc;
    expect(doc.get("properties.message")).toBe("Add member to role");
    expect(doc.get("operationName")).toBe("Add member to role");
    expect(doc.get("Category")).toBe("RoleManagement");
    expect(doc.get("category")).toBe("AuditLogs");
    expect(doc.get("Status")).toBe("success");
    expect(doc.get("LoggedByService")).toBe("Core Directory");
    expect(doc.get("TargetResources.modifiedProperties.newValue")).toBe('"Global Administrator"');
  });

  it("reads a Graph directoryAudit object alike", () => {
    const e = one(AUDIT_GRAPH);
    expect(e.event.logsource.service).toBe("auditlogs");
    expect(e.ecs["event.outcome"]).toBe("failure");
    expect(e.ecs["source.ip"]).toBe("192.0.2.77");
    expect(e.event.doc.get("properties.message")).toBe("Invite external user");
    expect(e.event.doc.get("properties.result")).toBe("failure");
    expect(e.event.doc.get("OperationName")).toBe("Invite external user");
  });
});

describe("entra containers and bad records", () => {
  it("reads {records: [...]} and Graph's {value: [...]} one outcome a record", () => {
    expect(all(JSON.stringify({ records: [SIGNIN_DIAGNOSTIC, AUDIT_DIAGNOSTIC] })).map((o) => o.ok)).toEqual([
      true,
      true,
    ]);
    const graph = {
      "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns",
      value: [SIGNIN_GRAPH],
    };
    expect(all(JSON.stringify(graph)).map((o) => o.ok && o.events.length)).toEqual([1]);
  });

  it("refuses other categories, unknown shapes and bad times, naming what is wrong", () => {
    const outcomes = all(
      JSON.stringify({
        records: [
          { ...SIGNIN_DIAGNOSTIC, category: "RiskyUsers" },
          { hello: "world" },
          { ...SIGNIN_DIAGNOSTIC, time: "01/03/2024 09:15" },
          SIGNIN_DIAGNOSTIC,
        ],
      }),
    );
    expect(outcomes.map((o) => (o.ok ? "ok" : o.issues[0]?.code))).toEqual([
      "FORMAT_UNRECOGNISED",
      "FORMAT_UNRECOGNISED",
      "FORMAT_BAD_FIELD",
      "ok",
    ]);
    expect(outcomes[0]?.ok === false && outcomes[0].issues[0]?.message).toContain("RiskyUsers");
  });

  it("recognises the exports by their first line", () => {
    expect(entra.sniff(JSON.stringify(SIGNIN_DIAGNOSTIC))).toBe(true);
    expect(entra.sniff('{"eventType":"user.session.start"}')).toBe(false);
  });
});
