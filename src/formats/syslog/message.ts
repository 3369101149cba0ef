/** Structured data of an RFC 5424 message: SD-ID → PARAM-NAME → value (a list when a name repeats). */
export type StructuredData = Record<string, Record<string, string | string[]>>;

/**
 * The parts of one syslog message, whichever RFC it follows. Absent parts (the NILVALUE `-` of
 * RFC 5424, a 3164 line without hostname or tag) are left out rather than kept as `-`.
 */
export interface SyslogMessage {
  readonly protocol: "rfc5424" | "rfc3164";
  /** Facility and severity codes from the PRI; a 3164 line without PRI gets user (1) and notice (5). */
  readonly facility: number;
  readonly severity: number;
  /** False when the line had no PRI and the defaults of RFC 3164 section 4.3.3 were used. */
  readonly priPresent: boolean;
  /** RFC 5424 VERSION. */
  readonly version?: number;
  /** The time in ms since the epoch, UTC. */
  readonly time?: number;
  /** The timestamp as written. */
  readonly timeText?: string;
  readonly hostname?: string;
  readonly appname?: string;
  readonly procid?: string;
  readonly msgid?: string;
  readonly sd?: StructuredData;
  /** The free-form message: RFC 5424 MSG without its BOM, or RFC 3164 CONTENT after the tag. */
  readonly msg: string;
  /** RFC 3164 only: the text after the hostname, tag included (where a CEF or LEEF payload may start). */
  readonly content?: string;
}

/** A record-keyed dictionary with no prototype, so keys read from input (`__proto__`) stay plain keys. */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
