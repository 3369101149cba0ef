import { describe, expect, it } from "vitest";
import type { ParseOutcome, ParsedEvent } from "../parser.js";
import { cloudTrailSetAside, cloudtrail } from "./cloudtrail.js";

// Records shaped as AWS's "CloudTrail record contents" and log file examples show them.
const CONSOLE_LOGIN = {
  eventVersion: "1.08",
  userIdentity: {
    type: "IAMUser",
    principalId: "AIDACKCEVSQ6C2EXAMPLE",
    arn: "arn:aws:iam::111122223333:user/Mary_Major",
    accountId: "111122223333",
    userName: "Mary_Major",
  },
  eventTime: "2023-07-19T21:44:40Z",
  eventSource: "signin.amazonaws.com",
  eventName: "ConsoleLogin",
  awsRegion: "us-east-1",
  sourceIPAddress: "192.0.2.10",
  userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
  requestParameters: null,
  responseElements: { ConsoleLogin: "Success" },
  additionalEventData: { LoginTo: "https://console.aws.amazon.com/console/home", MobileVersion: "No", MFAUsed: "No" },
  eventID: "d3e3c4d0-1b6b-4b0b-9d0f-3e9c6b6f2a11",
  readOnly: false,
  eventType: "AwsConsoleSignIn",
  managementEvent: true,
  recipientAccountId: "111122223333",
  eventCategory: "Management",
};

const ASSUMED_ROLE_DENIED = {
  eventVersion: "1.08",
  userIdentity: {
    type: "AssumedRole",
    principalId: "AROAIDPPEZS35WEXAMPLE:build-runner",
    arn: "arn:aws:sts::123456789012:assumed-role/CIDeployRole/build-runner",
    accountId: "123456789012",
    accessKeyId: "ASIAIOSFODNN7EXAMPLE",
    sessionContext: {
      sessionIssuer: {
        type: "Role",
        principalId: "AROAIDPPEZS35WEXAMPLE",
        arn: "arn:aws:iam::123456789012:role/CIDeployRole",
        accountId: "123456789012",
        userName: "CIDeployRole",
      },
      attributes: { creationDate: "2023-07-19T20:00:00Z", mfaAuthenticated: "false" },
    },
  },
  eventTime: "2023-07-19T23:44:40+02:00",
  eventSource: "iam.amazonaws.com",
  eventName: "CreateAccessKey",
  awsRegion: "us-east-1",
  sourceIPAddress: "cloudformation.amazonaws.com",
  userAgent: "cloudformation.amazonaws.com",
  errorCode: "AccessDenied",
  errorMessage: "User is not authorized to perform: iam:CreateAccessKey",
  requestParameters: { userName: "backup-admin" },
  responseElements: null,
  eventID: "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
  recipientAccountId: "123456789012",
};

const DIGEST = {
  awsAccountId: "111122223333",
  digestStartTime: "2015-08-17T14:01:31Z",
  digestEndTime: "2015-08-17T15:01:31Z",
  digestS3Bucket: "amzn-s3-demo-bucket",
  digestS3Object: "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/x.json.gz",
  digestPublicKeyFingerprint: "31e8b5433410dfb61a9dc45cc65b22ff",
  digestSignatureAlgorithm: "SHA256withRSA",
  logFiles: [],
};

const INSIGHT = {
  eventVersion: "1.07",
  eventTime: "2023-07-19T22:00:00Z",
  awsRegion: "us-east-1",
  eventID: "e1f2",
  eventType: "AwsCloudTrailInsight",
  recipientAccountId: "111122223333",
  insightDetails: {
    state: "Start",
    eventSource: "ec2.amazonaws.com",
    eventName: "RunInstances",
    insightType: "ApiCallRateInsight",
  },
  eventCategory: "Insight",
};

function all(text: string): ParseOutcome[] {
  return [...cloudtrail.parseText(text, { source: "trail.json" })];
}

function one(record: unknown): ParsedEvent {
  const result = cloudtrail.parseValue?.(record);
  if (!result?.ok || result.value.length !== 1) throw new Error(JSON.stringify(result));
  return result.value[0] as ParsedEvent;
}

describe("cloudtrail", () => {
  it("reads a log file's Records one outcome each, under aws/cloudtrail", () => {
    const outcomes = all(JSON.stringify({ Records: [CONSOLE_LOGIN, ASSUMED_ROLE_DENIED] }, null, 2));
    expect(outcomes.map((o) => o.ok && o.events.length)).toEqual([1, 1]);
    expect(outcomes.map((o) => o.record)).toEqual([0, 1]);
    const first = outcomes[0];
    if (!first?.ok) throw new Error("the first record was refused");
    const e = first.events[0] as ParsedEvent;
    expect(e.event.logsource).toEqual({ product: "aws", service: "cloudtrail", categories: [] });
    expect(e.event.timestamp).toBe("2023-07-19T21:44:40.000Z");
    expect(e.event.doc.get("additionalEventData.MFAUsed")).toBe("No");
    expect(e.event.doc.get("responseElements.ConsoleLogin")).toBe("Success");
    expect(e.ecs).toEqual({
      "cloud.provider": "aws",
      "cloud.region": "us-east-1",
      "cloud.account.id": "111122223333",
      "user.name": "Mary_Major",
      "user.id": "AIDACKCEVSQ6C2EXAMPLE",
      "source.ip": "192.0.2.10",
      "user_agent.original": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
      "event.action": "ConsoleLogin",
      "event.provider": "signin.amazonaws.com",
      "event.id": "d3e3c4d0-1b6b-4b0b-9d0f-3e9c6b6f2a11",
      "event.outcome": "success",
    });
  });

  it("names an assumed role's session as the user, keeps a service caller out of source.ip, and fails on errorCode", () => {
    const e = one(ASSUMED_ROLE_DENIED);
    expect(e.event.timestamp).toBe("2023-07-19T21:44:40.000Z");
    expect(e.ecs["user.name"]).toBe("build-runner");
    expect(e.ecs["source.ip"]).toBeUndefined();
    expect(e.ecs["source.domain"]).toBe("cloudformation.amazonaws.com");
    expect(e.ecs["event.outcome"]).toBe("failure");
    expect(e.ecs["error.code"]).toBe("AccessDenied");
    expect(e.event.doc.get("userIdentity.sessionContext.sessionIssuer.userName")).toBe("CIDeployRole");
    expect(e.event.doc.get("requestParameters.userName")).toBe("backup-admin");
  });

  it("fails a console login whose response says Failure", () => {
    const e = one({
      ...CONSOLE_LOGIN,
      errorMessage: "Failed authentication",
      responseElements: { ConsoleLogin: "Failure" },
    });
    expect(e.ecs["event.outcome"]).toBe("failure");
  });

  it("reads records flattened to dotted keys as the nested ones", () => {
    const flat = {
      eventTime: "2023-07-19T21:44:40Z",
      eventSource: "iam.amazonaws.com",
      eventName: "DeleteUser",
      "userIdentity.type": "IAMUser",
      "userIdentity.userName": "ops",
      "userIdentity.arn": "arn:aws:iam::1:user/ops",
      "requestParameters.userName": "ops",
    };
    const e = one(flat);
    expect(e.ecs["user.name"]).toBe("ops");
    expect(e.event.doc.get("userIdentity.arn")).toBe("arn:aws:iam::1:user/ops");
    expect(e.event.doc.get("requestParameters.userName")).toBe("ops");
  });

  it("sets digest files and Insight events aside as ok outcomes with no events", () => {
    const outcomes = all(`${JSON.stringify(DIGEST)}\n${JSON.stringify(INSIGHT)}\n`);
    expect(outcomes.map((o) => o.ok && o.events.length)).toEqual([0, 0]);
    expect(cloudTrailSetAside(DIGEST)).toContain("digest");
    expect(cloudTrailSetAside(INSIGHT)).toContain("Insight");
    expect(cloudTrailSetAside(CONSOLE_LOGIN)).toBeUndefined();
  });

  it("refuses a record without eventName, with a number for eventSource or a bad eventTime, and reads the others", () => {
    const { eventName: _, ...noName } = CONSOLE_LOGIN;
    const records = [
      noName,
      { ...CONSOLE_LOGIN, eventSource: 42 },
      { ...CONSOLE_LOGIN, eventTime: "19/07/2023" },
      "text",
      CONSOLE_LOGIN,
    ];
    const outcomes = all(JSON.stringify({ Records: records }));
    expect(
      outcomes.map((o) => (o.ok ? "ok" : `${o.issues[0]?.code} ${o.issues[0]?.place?.field ?? ""}`.trim())),
    ).toEqual([
      "FORMAT_MISSING_FIELD eventName",
      "FORMAT_BAD_FIELD eventSource",
      "FORMAT_BAD_FIELD eventTime",
      "FORMAT_NOT_AN_OBJECT",
      "ok",
    ]);
  });

  it("recognises a log file or an event by its first line", () => {
    expect(cloudtrail.sniff('{"Records":[{"eventVersion":"1.08"')).toBe(true);
    expect(cloudtrail.sniff(JSON.stringify(CONSOLE_LOGIN))).toBe(true);
    expect(cloudtrail.sniff('{"event_type":"alert"}')).toBe(false);
  });
});
