/** BinXML value types (MS-EVEN6 §2.2.18); `type | 0x80` is an array of that type. */
export const VALUE_TYPE = {
  null: 0x00,
  string: 0x01,
  ansiString: 0x02,
  int8: 0x03,
  uint8: 0x04,
  int16: 0x05,
  uint16: 0x06,
  int32: 0x07,
  uint32: 0x08,
  int64: 0x09,
  uint64: 0x0a,
  real32: 0x0b,
  real64: 0x0c,
  bool: 0x0d,
  binary: 0x0e,
  guid: 0x0f,
  sizeT: 0x10,
  fileTime: 0x11,
  sysTime: 0x12,
  sid: 0x13,
  hexInt32: 0x14,
  hexInt64: 0x15,
  evtHandle: 0x20,
  binXml: 0x21,
  evtXml: 0x23,
} as const satisfies Record<string, number>;

/** The flag that turns a value type into an array of it. */
export const ARRAY_FLAG = 0x80;

/** Fixed byte width of each fixed-size scalar type, indexed by type (0 when the descriptor gives the size). */
export const FIXED_SIZE: Readonly<Uint8Array> = (() => {
  const sizes = new Uint8Array(256);
  const t = VALUE_TYPE;
  for (const [type, size] of [
    [t.int8, 1],
    [t.uint8, 1],
    [t.int16, 2],
    [t.uint16, 2],
    [t.int32, 4],
    [t.uint32, 4],
    [t.int64, 8],
    [t.uint64, 8],
    [t.real32, 4],
    [t.real64, 8],
    [t.bool, 4],
    [t.guid, 16],
    [t.fileTime, 8],
    [t.sysTime, 16],
    [t.hexInt32, 4],
    [t.hexInt64, 8],
  ] as const) {
    sizes[type] = size;
  }
  return sizes;
})();
