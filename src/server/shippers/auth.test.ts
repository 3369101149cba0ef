import { describe, expect, it } from "vitest";
import { presentedTokens } from "./auth.js";

const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("shipper credentials", () => {
  it("takes the token from Splunk, Bearer, Basic (password, or user alone) and ApiKey headers", () => {
    expect(presentedTokens("Splunk tok1")).toEqual(["tok1"]);
    expect(presentedTokens("Bearer tok2")).toEqual(["tok2"]);
    expect(presentedTokens(`Basic ${b64("elastic:tok3")}`)).toEqual(["tok3"]);
    expect(presentedTokens(`Basic ${b64("tok4:")}`)).toEqual(["tok4"]);
    expect(presentedTokens(`ApiKey ${b64("id1:tok5")}`)).toEqual([b64("id1:tok5"), "tok5"]);
    expect(presentedTokens("ApiKey tok6")).toEqual(["tok6"]);
  });

  it("tells a missing header from a malformed one", () => {
    expect(presentedTokens(undefined)).toBeUndefined();
    expect(presentedTokens("")).toBeUndefined();
    expect(presentedTokens("tok")).toBeNull();
    expect(presentedTokens("Splunk ")).toBeNull();
    expect(presentedTokens("Digest abc")).toBeNull();
    expect(presentedTokens(`Basic ${b64("nocolon")}`)).toBeNull();
  });
});
