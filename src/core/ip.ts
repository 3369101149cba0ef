/** An IP address as bytes: 4 for IPv4, 16 for IPv6. */
export type IpBytes = Uint8Array;

/** A network: its address bytes and prefix length. */
export interface Cidr {
  readonly bytes: IpBytes;
  readonly prefix: number;
}

/**
 * Parses dotted-quad IPv4 text, or returns null. Read character by character: it runs on every
 * address-like value an event carries, and splitting and a regular expression per part cost
 * more than the rest of the field's normalisation.
 */
export function parseIpv4(text: string): IpBytes | null {
  if (text.length < 7 || text.length > 15) return null;
  const out = new Uint8Array(4);
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (++digits > 3) return null;
      value = value * 10 + (c - 0x30);
    } else if (c === 0x2e && digits > 0 && part < 3) {
      if (value > 255) return null;
      out[part++] = value;
      value = 0;
      digits = 0;
    } else return null;
  }
  if (part !== 3 || digits === 0 || value > 255) return null;
  out[3] = value;
  return out;
}

/** Parses IPv6 text (with `::` and an optional trailing IPv4 part and zone), or returns null. */
export function parseIpv6(input: string): IpBytes | null {
  if (!input.includes(":")) return null;
  const text = input.replace(/%.*$/, "").replace(/^\[|\]$/g, "");
  if (!text.includes(":")) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (half: string): number[] | null => {
    if (half === "") return [];
    const out: number[] = [];
    const pieces = half.split(":");
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] as string;
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseIpv4(piece);
        if (!v4) return null;
        out.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return null;
        out.push(Number.parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/** Parses an IPv4 or IPv6 address, or returns null. */
export function parseIp(text: string): IpBytes | null {
  return parseIpv4(text) ?? parseIpv6(text);
}

/** Parses `address/prefix` (IPv4 or IPv6); a bare address is a host network. */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf("/");
  const bytes = parseIp(slash === -1 ? text : text.slice(0, slash));
  if (!bytes) return null;
  const max = bytes.length * 8;
  const prefixText = slash === -1 ? String(max) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (prefix > max) return null;
  return { bytes, prefix };
}

/** True when the address lies inside the network. An IPv4-mapped IPv6 address counts as IPv4. */
export function cidrContains(network: Cidr, address: IpBytes): boolean {
  let addr = address;
  if (network.bytes.length === 4 && addr.length === 16 && isV4Mapped(addr)) addr = addr.subarray(12);
  if (addr.length !== network.bytes.length) return false;
  const full = network.prefix >> 3;
  for (let i = 0; i < full; i++) if (addr[i] !== network.bytes[i]) return false;
  const rest = network.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((addr[full] as number) & mask) === ((network.bytes[full] as number) & mask);
}

function isV4Mapped(b: IpBytes): boolean {
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}
