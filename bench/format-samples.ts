// Realistic inputs for the formats benchmark: a few templates per format, varied record by
// record (addresses, ports, users, times), so parsers see neither one repeated string nor noise.

/** How many records each generated input holds. */
export const RECORDS = 20_000;

const T0 = 1714557600; // 2024-05-01T10:00:00Z
const USERS = ["alice", "bob", "carol", "svc_backup", "root", "admin@example.com"];
const DOMAINS = ["example.org", "cdn.example.net", "login.example.com", "updates.example.io", "xmr.pool.minergate.com"];

const ip = (i: number, net = 10) => `${net}.${(i >> 16) & 255}.${(i >> 8) & 255}.${(i & 255) | 1}`;
const port = (i: number) => 1024 + ((i * 7919) % 60000);
const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
const iso = (i: number) => new Date((T0 + i * 0.25) * 1000).toISOString();
const epoch = (i: number) => (T0 + i * 0.25).toFixed(6);
const uid = (i: number) => `C${(i * 2654435761).toString(36).slice(0, 17)}`;

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

const SYSLOG_HOSTS = ["web01", "db02", "fw-edge", "mail"];
const bsdTime = (i: number) => {
  const d = new Date((T0 + i) * 1000);
  return `May ${String(d.getUTCDate()).padStart(2, " ")} ${d.toISOString().slice(11, 19)}`;
};

/** Line templates of the text formats, by the id their parsers are registered under. */
const LINES: Readonly<Record<string, (i: number) => string>> = {
  syslog: (i) =>
    i % 2 === 0
      ? `<34>1 ${iso(i)} ${pick(SYSLOG_HOSTS, i)} sshd ${1000 + (i % 500)} ID47 [origin ip="${ip(i)}"] Failed password for ${pick(USERS, i)} from ${ip(i, 203)} port ${port(i)} ssh2`
      : `<13>${bsdTime(i)} ${pick(SYSLOG_HOSTS, i)} nginx[${800 + (i % 50)}]: ${ip(i)} - - "GET /p/${i} HTTP/1.1" 200 512`,
  cef: (i) =>
    `CEF:0|Security|threatmanager|1.0|${100 + (i % 20)}|worm successfully stopped|${i % 11}|src=${ip(i)} dst=${ip(i, 198)} spt=${port(i)} dpt=443 act=blocked suser=${pick(USERS, i)} msg=file\\=a.exe blocked rt=${(T0 + i) * 1000}`,
  leef: (i) =>
    i % 2 === 0
      ? `LEEF:1.0|Microsoft|MSExchange|2013 SP1|15345|src=${ip(i)}\tdst=${ip(i, 198)}\tsev=${i % 10}\tusrName=${pick(USERS, i)}\tdevTime=${iso(i)}`
      : `LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=${ip(i)}^dst=${ip(i, 198)}^sev=5^cat=anomaly^msg=unusual traffic`,
  "linux-auth": (i) =>
    [
      `${bsdTime(i)} ${pick(SYSLOG_HOSTS, i)} sshd[${2000 + (i % 900)}]: Failed password for invalid user ${pick(USERS, i)} from ${ip(i, 203)} port ${port(i)} ssh2`,
      `${bsdTime(i)} ${pick(SYSLOG_HOSTS, i)} sshd[${2000 + (i % 900)}]: Accepted publickey for ${pick(USERS, i)} from ${ip(i)} port ${port(i)} ssh2: RSA SHA256:abcdef`,
      `${bsdTime(i)} ${pick(SYSLOG_HOSTS, i)} sudo:    ${pick(USERS, i)} : TTY=pts/0 ; PWD=/home/${pick(USERS, i)} ; USER=root ; COMMAND=/usr/bin/id`,
    ][i % 3] as string,
  auditd: (i) => {
    const id = `${epoch(i).slice(0, -3)}:${4000 + i}`;
    return [
      `type=SYSCALL msg=audit(${id}): arch=c000003e syscall=59 success=yes exit=0 a0=55d a1=55e a2=55f a3=0 items=2 ppid=${1000 + (i % 300)} pid=${2000 + i} auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm="id" exe="/usr/bin/id" key="exec"`,
      `type=EXECVE msg=audit(${id}): argc=2 a0="id" a1="-u"`,
      `type=CWD msg=audit(${id}): cwd="/home/alice"`,
      `type=PATH msg=audit(${id}): item=0 name="/usr/bin/id" inode=1234 dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL`,
      `type=PROCTITLE msg=audit(${id}): proctitle=6964002D75`,
      `type=EOE msg=audit(${id}):`,
    ].join("\n");
  },
};

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
  const line = LINES[id];
  if (line === undefined) return undefined;
  const lines: string[] = [];
  for (let i = 0; i < records; i++) lines.push(line(i));
  return `${lines.join("\n")}\n`;
}
