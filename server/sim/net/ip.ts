// IPv4 addresses as unsigned 32-bit numbers, and CIDR helpers.

export type Ip = number;

/** Parses dotted-quad IPv4; null when it is not one (e.g. 10.0.1.300): four octets 0-255, none with a leading zero. */
export function parseIp(text: string): Ip | null {
  let acc = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i <= text.length; i++) {
    const ch = i < text.length ? text.charCodeAt(i) : 46; // the end closes the last octet like a dot
    if (ch === 46) {
      if (digits === 0 || octet > 255 || (digits > 1 && text.charCodeAt(i - digits) === 48)) return null;
      acc = acc * 256 + octet;
      octet = 0;
      digits = 0;
      if (i < text.length && ++dots > 3) return null;
    } else if (ch >= 48 && ch <= 57 && digits < 3) {
      octet = octet * 10 + (ch - 48);
      digits++;
    } else return null;
  }
  return dots === 3 ? acc : null;
}

export function formatIp(ip: Ip): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function networkOf(ip: Ip, prefix: number): Ip {
  return (ip & maskOf(prefix)) >>> 0;
}

export function broadcastOf(ip: Ip, prefix: number): Ip {
  return (networkOf(ip, prefix) | (~maskOf(prefix) >>> 0)) >>> 0;
}

export function inPrefix(ip: Ip, net: Ip, prefix: number): boolean {
  return networkOf(ip, prefix) === networkOf(net, prefix);
}

export interface Cidr {
  ip: Ip;
  prefix: number;
}

/** Parses "10.0.1.0/24" or a bare address (as /32); null when malformed. */
export function parseCidr(text: string, defaultPrefix = 32): Cidr | null {
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (ip === null) return null;
  if (slash < 0) return { ip, prefix: defaultPrefix };
  // (a second slash fails the length's pattern)
  const len = text.slice(slash + 1);
  if (!/^\d{1,2}$/.test(len) || Number(len) > 32) return null;
  return { ip, prefix: Number(len) };
}

export function formatCidr(c: Cidr): string {
  return `${formatIp(c.ip)}/${c.prefix}`;
}

export function isLoopback(ip: Ip): boolean {
  return ip >>> 24 === 127;
}
