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

/**
 * A dictionary for keys read from input. A plain object (V8 keeps objects without prototype in
 * its slow dictionary mode, four times slower to fill); write its keys with setField and test
 * them with hasField, so `__proto__` stays a plain key and `constructor` is not found inherited.
 */
export function dict<T>(): Record<string, T> {
  return {} as Record<string, T>;
}

/** Sets an own property, even one named `__proto__` (which plain assignment would take as the prototype). */
export function setField<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__")
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** True when the dictionary has its own key (never an inherited one such as `constructor`). */
export function hasField(target: object, key: string): boolean {
  return Object.hasOwn(target, key);
}
