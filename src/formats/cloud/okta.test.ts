import { describe, expect, it } from "vitest";
import type { ParseOutcome, ParsedEvent } from "../parser.js";
import { okta } from "./okta.js";

// Events shaped as the Okta System Log API's LogEvent object is documented.
const SESSION_START = {
  uuid: "dc9fd3c0-598c-11ef-8478-2b7584bf8d5a",
  published: "2024-08-13T15:58:20.353Z",
  eventType: "user.session.start",
  version: "0",
  severity: "INFO",
  legacyEventType: "core.user_auth.login_success",
  displayMessage: "User login to Okta",
  actor: {
    id: "00u1qw1mqitPHM8AJ0g7",
    type: "User",
    alternateId: "admin@example.com",
    displayName: "Admin Person",
    detailEntry: null,
  },
  client: {
    userAgent: { rawUserAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)", os: "Mac OS X", browser: "CHROME" },
    zone: "null",
    device: "Computer",
    id: null,
    ipAddress: "198.51.100.23",
    geographicalContext: {
      city: "San Francisco",
      state: "California",
      country: "United States",
      postalCode: "94105",
      geolocation: { lat: 37.7852, lon: -122.3874 },
    },
  },
  outcome: { result: "SUCCESS", reason: null },
  target: [
    { id: "0oa1", type: "AppInstance", alternateId: "Okta Admin Console", displayName: "Okta Admin Console" },
    { id: "0ua2", type: "AppUser", alternateId: "admin@example.com", displayName: "Admin Person" },
  ],
  transaction: { type: "WEB", id: "ZruCm1", detail: {} },
  debugContext: {
    debugData: {
      requestUri: "/idp/idx/authenticators/poll",
      behaviors: "{New Geo-Location=POSITIVE, New Device=NEGATIVE}",
    },
  },
  authenticationContext: { authenticationStep: 0, externalSessionId: "102abc" },
  securityContext: { asNumber: 64496, asOrg: "example isp", isp: "example isp", domain: "example.net", isProxy: true },
  request: { ipChain: [{ ip: "198.51.100.23", version: "V4" }] },
};

const LOCKED_OUT = {
  ...SESSION_START,
  uuid: "e1",
  published: "2024-08-13T17:58:20.353+02:00",
  eventType: "user.account.lock",
  displayMessage: "Max sign in attempts exceeded",
  outcome: { result: "FAILURE", reason: "LOCKED_OUT" },
  securityContext: { isProxy: false },
};

function one(record: unknown): ParsedEvent {
  const result = okta.parseValue?.(record);
  if (!result?.ok || result.value.length !== 1) throw new Error(JSON.stringify(result));
  return result.value[0] as ParsedEvent;
}

function all(text: string): ParseOutcome[] {
  return [...okta.parseText(text, { source: "okta.json" })];
}

describe("okta", () => {
  it("reads a System Log event under okta/okta with its ECS fields", () => {
    const e = one(SESSION_START);
    expect(e.event.logsource).toEqual({ product: "okta", service: "okta", categories: [] });
    expect(e.event.timestamp).toBe("2024-08-13T15:58:20.353Z");
    expect(e.ecs).toEqual({
      "user.name": "admin@example.com",
      "user.id": "00u1qw1mqitPHM8AJ0g7",
      "user.full_name": "Admin Person",
      "source.ip": "198.51.100.23",
      "user_agent.original": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)",
      "source.geo.city_name": "San Francisco",
      "source.geo.region_name": "California",
      "source.geo.country_name": "United States",
      "source.geo.postal_code": "94105",
      "source.geo.location.lat": 37.7852,
      "source.geo.location.lon": -122.3874,
      "source.as.number": 64496,
      "source.as.organization.name": "example isp",
      "event.action": "user.session.start",
      "event.id": "dc9fd3c0-598c-11ef-8478-2b7584bf8d5a",
      message: "User login to Okta",
      "event.outcome": "success",
    });
  });

  it("answers the names Sigma's okta rules use, over lists and without regard to case", () => {
    const doc = one(SESSION_START).event.doc;
    expect(doc.get("eventType")).toBe("user.session.start");
    expect(doc.get("eventtype")).toBe("user.session.start");
    expect(doc.get("displaymessage")).toBe("User login to Okta");
    expect(doc.get("target.displayName")).toEqual(["Okta Admin Console", "Admin Person"]);
    expect(doc.get("securityContext.isProxy")).toBe(true);
    expect(doc.get("debugContext.debugData.behaviors")).toContain("POSITIVE");
    expect(doc.get("no.such.field")).toBeUndefined();
  });

  it("reads a failure with its reason and a time with an offset", () => {
    const e = one(LOCKED_OUT);
    expect(e.event.timestamp).toBe("2024-08-13T15:58:20.353Z");
    expect(e.ecs["event.outcome"]).toBe("failure");
    expect(e.ecs["event.reason"]).toBe("LOCKED_OUT");
  });

  it("reads the API's JSON array, NDJSON and an event hook body", () => {
    expect(all(JSON.stringify([SESSION_START, LOCKED_OUT])).map((o) => o.ok)).toEqual([true, true]);
    expect(all(`${JSON.stringify(SESSION_START)}\n${JSON.stringify(LOCKED_OUT)}\n`)).toHaveLength(2);
    const hook = { eventType: "com.okta.event_hook", data: { events: [SESSION_START, LOCKED_OUT] } };
    const outcomes = all(JSON.stringify(hook));
    expect(outcomes.flatMap((o) => (o.ok ? o.events.map((e) => e.ecs["event.action"]) : []))).toEqual([
      "user.session.start",
      "user.account.lock",
    ]);
  });

  it("reads a flattened export's dotted keys", () => {
    const e = one({
      published: "2024-08-13T15:58:20Z",
      eventType: "user.session.start",
      "actor.alternateId": "a@b.c",
      "client.ipAddress": "192.0.2.1",
    });
    expect(e.ecs["user.name"]).toBe("a@b.c");
    expect(e.ecs["source.ip"]).toBe("192.0.2.1");
  });

  it("refuses events without eventType or with a bad published time, naming the field", () => {
    const { eventType: _, ...noType } = SESSION_START;
    const outcomes = all(
      JSON.stringify([noType, { ...SESSION_START, published: 1723564700 }, { ...SESSION_START, eventType: ["x"] }]),
    );
    expect(outcomes.map((o) => (o.ok ? "ok" : `${o.issues[0]?.code} ${o.issues[0]?.place?.field}`))).toEqual([
      "FORMAT_MISSING_FIELD eventType",
      "FORMAT_BAD_FIELD published",
      "FORMAT_BAD_FIELD eventType",
    ]);
  });

  it("recognises System Log events by their first line", () => {
    expect(okta.sniff(JSON.stringify(SESSION_START))).toBe(true);
    expect(okta.sniff('{"eventName":"ConsoleLogin"}')).toBe(false);
  });
});
