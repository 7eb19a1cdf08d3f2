// IPv4 addresses as unsigned 32-bit numbers, and CIDR helpers.

export type Ip = number;

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Parses dotted-quad IPv4; null when it is not one (e.g. 10.0.1.300). */
export function parseIp(text: string): Ip | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) return null;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function formatIp(ip: Ip): string {
  return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.');
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
  const [addr, len, ...rest] = text.split('/');
  if (rest.length) return null;
  const ip = parseIp(addr);
  if (ip === null) return null;
  if (len === undefined) return { ip, prefix: defaultPrefix };
  if (!/^\d{1,2}$/.test(len) || Number(len) > 32) return null;
  return { ip, prefix: Number(len) };
}

export function formatCidr(c: Cidr): string {
  return `${formatIp(c.ip)}/${c.prefix}`;
}

export function isLoopback(ip: Ip): boolean {
  return ip >>> 24 === 127;
}
