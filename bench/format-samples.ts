// Realistic inputs for the formats benchmark: a few templates per format, varied record by
// record (addresses, ports, users, times), so parsers see neither one repeated string nor noise.
import { LINE_TEMPLATES } from "./format-lines.js";
import { DOMAINS, USERS, epoch, ip, iso, pick, port, uid } from "./sample-values.js";

/** How many records each generated input holds. */
export const RECORDS = 20_000;

function zeekHeader(path: string, fields: string, types: string): string {
  return `#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\t${path}\n#open\t2024-05-01-10-00-00\n#fields\t${fields}\n#types\t${types}\n`;
}

const ZEEK_ID = "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p";
const ZEEK_ID_TYPES = "time\tstring\taddr\tport\taddr\tport";
const zeekId = (i: number, rp: number) => `${epoch(i)}\t${uid(i)}\t${ip(i)}\t${port(i)}\t${ip(i * 3, 198)}\t${rp}`;

/** Zeek TSV: conn, dns and http blocks, a third of the records each. */
export function zeekTsv(records = RECORDS): string {
  const third = Math.ceil(records / 3);
  let out = zeekHeader(
    "conn",
    `${ZEEK_ID}\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\thistory\ttunnel_parents`,
    `${ZEEK_ID_TYPES}\tenum\tstring\tinterval\tcount\tcount\tstring\tstring\tset[string]`,
  );
  for (let i = 0; i < third; i++) {
    out += `${zeekId(i, 443)}\ttcp\tssl\t${(i % 97) / 7}\t${i % 5000}\t${i % 70000}\tSF\tShADadfF\t(empty)\n`;
  }
  out += zeekHeader(
    "dns",
    `${ZEEK_ID}\tproto\ttrans_id\tquery\tqtype_name\trcode_name\tanswers\tTTLs`,
    `${ZEEK_ID_TYPES}\tenum\tcount\tstring\tstring\tstring\tvector[string]\tvector[interval]`,
  );
  for (let i = 0; i < third; i++) {
    out += `${zeekId(i, 53)}\tudp\t${i % 65536}\t${pick(DOMAINS, i)}\tA\tNOERROR\t${ip(i, 93)},${ip(i + 1, 93)}\t300.000000,300.000000\n`;
  }
  out += zeekHeader(
    "http",
    `${ZEEK_ID}\tmethod\thost\turi\tuser_agent\tstatus_code\tresp_mime_types`,
    `${ZEEK_ID_TYPES}\tstring\tstring\tstring\tstring\tcount\tvector[string]`,
  );
  for (let i = 0; i < records - 2 * third; i++) {
    out += `${zeekId(i, 80)}\tGET\t${pick(DOMAINS, i)}\t/download/file${i}.bin?x=\\x09y\tMozilla/5.0 (Windows NT 10.0)\t200\tapplication/octet-stream\n`;
  }
  return out;
}

/** Zeek JSON (json-streaming-logs style): conn, dns and http records. */
export function zeekJson(records = RECORDS): string {
  const lines: string[] = [];
  for (let i = 0; i < records; i++) {
    const id = {
      ts: iso(i).replace("Z", "000Z"),
      uid: uid(i),
      "id.orig_h": ip(i),
      "id.orig_p": port(i),
      "id.resp_h": ip(i * 3, 198),
    };
    if (i % 3 === 0)
      lines.push(
        JSON.stringify({
          _path: "conn",
          ...id,
          "id.resp_p": 443,
          proto: "tcp",
          service: "ssl",
          duration: 1.5,
          orig_bytes: i % 5000,
          conn_state: "SF",
        }),
      );
    else if (i % 3 === 1)
      lines.push(
        JSON.stringify({
          _path: "dns",
          ...id,
          "id.resp_p": 53,
          proto: "udp",
          query: pick(DOMAINS, i),
          qtype_name: "A",
          answers: [ip(i, 93)],
        }),
      );
    else
      lines.push(
        JSON.stringify({
          _path: "http",
          ...id,
          "id.resp_p": 80,
          method: "GET",
          host: pick(DOMAINS, i),
          uri: `/f${i}`,
          user_agent: "curl/8.5.0",
          status_code: 200,
        }),
      );
  }
  return `${lines.join("\n")}\n`;
}

function suricata(i: number): object {
  const flow = {
    timestamp: iso(i).replace("Z", "+0000"),
    flow_id: 1000000 + i,
    in_iface: "eth0",
    src_ip: ip(i),
    src_port: port(i),
    dest_ip: ip(i, 198),
    proto: i % 3 === 1 ? "UDP" : "TCP",
  };
  switch (i % 4) {
    case 0:
      return {
        ...flow,
        event_type: "alert",
        dest_port: 80,
        alert: {
          action: "allowed",
          gid: 1,
          signature_id: 2018358 + (i % 50),
          rev: 10,
          signature: "ET POLICY Suspicious download",
          category: "Potentially Bad Traffic",
          severity: 2,
        },
        app_proto: "http",
      };
    case 1:
      return {
        ...flow,
        event_type: "dns",
        dest_port: 53,
        dns: {
          version: 2,
          type: "answer",
          id: i % 65536,
          rrname: pick(DOMAINS, i),
          rrtype: "A",
          rcode: "NOERROR",
          answers: [{ rrname: pick(DOMAINS, i), rrtype: "A", ttl: 300, rdata: ip(i, 93) }],
        },
      };
    case 2:
      return {
        ...flow,
        event_type: "http",
        dest_port: 80,
        http: {
          hostname: pick(DOMAINS, i),
          url: `/index${i}.html`,
          http_user_agent: "Mozilla/5.0",
          http_method: "GET",
          protocol: "HTTP/1.1",
          status: 200,
          length: 1024,
        },
      };
    default:
      return {
        ...flow,
        event_type: "tls",
        dest_port: 443,
        tls: {
          subject: `CN=${pick(DOMAINS, i)}`,
          issuerdn: "CN=Example CA",
          sni: pick(DOMAINS, i),
          version: "TLS 1.2",
          ja3: { hash: "e7d705a3286e19ea42f587b344ee6865" },
        },
      };
  }
}

function cloudtrail(i: number): object {
  const user = pick(USERS, i);
  return {
    eventVersion: "1.08",
    userIdentity: {
      type: "IAMUser",
      principalId: `AIDA${i}`,
      arn: `arn:aws:iam::111122223333:user/${user}`,
      accountId: "111122223333",
      userName: user,
    },
    eventTime: iso(i).replace(/\.\d+Z$/, "Z"),
    eventSource: pick(["s3.amazonaws.com", "iam.amazonaws.com", "ec2.amazonaws.com", "signin.amazonaws.com"], i),
    eventName: pick(["GetObject", "CreateAccessKey", "DescribeInstances", "ConsoleLogin"], i),
    awsRegion: "us-east-1",
    sourceIPAddress: ip(i, 203),
    userAgent: "aws-cli/2.15.0 Python/3.11.6",
    requestParameters: { bucketName: "reports", key: `2024/${i}.csv` },
    responseElements: null,
    eventID: `e${i}`,
    readOnly: i % 2 === 0,
    eventType: "AwsApiCall",
    recipientAccountId: "111122223333",
  };
}

function okta(i: number): object {
  return {
    uuid: `u${i}`,
    published: iso(i),
    eventType: pick(
      ["user.session.start", "user.authentication.sso", "policy.evaluate_sign_on", "user.account.lock"],
      i,
    ),
    severity: "INFO",
    displayMessage: "User login to Okta",
    actor: { id: `00u${i}`, type: "User", alternateId: `${pick(USERS, i)}@example.com`, displayName: pick(USERS, i) },
    client: {
      userAgent: { rawUserAgent: "Mozilla/5.0", os: "Windows 10", browser: "CHROME" },
      ipAddress: ip(i, 198),
      geographicalContext: { city: "Paris", country: "France" },
    },
    outcome: { result: i % 5 === 0 ? "FAILURE" : "SUCCESS" },
    target: [{ id: "0oa1", type: "AppInstance", displayName: "Okta Dashboard" }],
    securityContext: { asNumber: 64496, isProxy: false },
  };
}

function entra(i: number): object {
  return {
    time: iso(i),
    operationName: "Sign-in activity",
    category: "SignInLogs",
    resultType: i % 7 === 0 ? "50126" : "0",
    callerIpAddress: ip(i, 203),
    properties: {
      id: `s${i}`,
      userPrincipalName: `${pick(USERS, i)}@contoso.com`,
      appDisplayName: "Office 365",
      ipAddress: ip(i, 203),
      status: { errorCode: i % 7 === 0 ? 50126 : 0 },
      clientAppUsed: "Browser",
      userAgent: "Mozilla/5.0",
      authenticationRequirement: "singleFactorAuthentication",
      location: { city: "Redmond", countryOrRegion: "US" },
    },
  };
}

const JSON_RECORDS: Readonly<Record<string, (i: number) => object>> = {
  suricata,
  cloudtrail,
  okta,
  entra,
  "json-mapped": (i) => ({
    time: iso(i),
    src_ip: ip(i),
    dst_ip: ip(i, 198),
    user: pick(USERS, i),
    action: "allow",
    bytes: i % 9000,
  }),
};

/** The generated input of a format, or undefined when the benchmark has no template for it. */
export function sampleText(id: string, records = RECORDS): string | undefined {
  if (id === "zeek") return zeekTsv(records);
  const json = JSON_RECORDS[id];
  if (json !== undefined) {
    const lines: string[] = [];
    for (let i = 0; i < records; i++) lines.push(JSON.stringify(json(i)));
    // CloudTrail delivers files of {"Records": [...]}: blocks of 500, one after another.
    if (id === "cloudtrail") {
      const files: string[] = [];
      for (let i = 0; i < lines.length; i += 500) files.push(`{"Records":[${lines.slice(i, i + 500).join(",")}]}`);
      return `${files.join("\n")}\n`;
    }
    return `${lines.join("\n")}\n`;
  }
  const line = LINE_TEMPLATES[id];
  if (line === undefined) return undefined;
  const lines: string[] = [];
  for (let i = 0; i < records; i++) lines.push(line(i));
  return `${lines.join("\n")}\n`;
}
