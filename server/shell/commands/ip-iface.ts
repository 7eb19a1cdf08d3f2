// How a network device looks to iproute2 and bridge-utils: flags, operational state,
// the IPv6 link-local address, bridge port numbers. Shared by `ip`, `bridge` and `brctl`.
import { findIface, hasCarrier } from '../../sim/net/l2.js';
import type { Host, Iface, World } from '../../sim/world/types.js';

export type OperState = 'UP' | 'DOWN' | 'UNKNOWN' | 'LOWERLAYERDOWN';

/** The flags between `<...>`, e.g. `NO-CARRIER,BROADCAST,MULTICAST,UP`. */
export function linkFlags(world: World, host: Host, iface: Iface): string {
  const running = iface.up && hasCarrier(world, host, iface);
  const flags: string[] = [];
  if (iface.up && !running) flags.push('NO-CARRIER');
  if (iface.kind === 'loopback') flags.push('LOOPBACK');
  else flags.push('BROADCAST', 'MULTICAST');
  if (iface.up) flags.push('UP');
  if (running) flags.push('LOWER_UP');
  // M-DOWN: the device this one is stacked on is administratively down.
  const parent = iface.vlan && findIface(host, iface.vlan.parent);
  return flags.join(',') + (parent && !parent.up ? ',M-DOWN' : '');
}

/** RFC 2863 operational state as `ip link` prints it. */
export function operState(world: World, host: Host, iface: Iface): OperState {
  if (!iface.up) return 'DOWN';
  const carrier = hasCarrier(world, host, iface);
  switch (iface.kind) {
    case 'loopback':
      return 'UNKNOWN';
    case 'tap':
      return carrier ? 'UNKNOWN' : 'DOWN';
    case 'vlan':
      return carrier ? 'UP' : 'LOWERLAYERDOWN';
    default:
      return carrier ? 'UP' : 'DOWN';
  }
}

/** `eth0.10@eth0` for a stacked device, else the plain name (VM NICs are not veth pairs). */
export function displayName(iface: Iface): string {
  return iface.vlan ? `${iface.name}@${iface.vlan.parent}` : iface.name;
}

export function macBytes(mac: string): number[] {
  return mac.split(':').map((h) => parseInt(h, 16));
}

/** RFC 5952 text of eight 16-bit groups: lowercase, longest zero run (2+) as `::`. */
function formatIpv6(groups: number[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** The EUI-64 interface identifier of a MAC as four 16-bit groups. */
function eui64(mac: string): number[] {
  const b = macBytes(mac);
  return [((b[0] ^ 2) << 8) | b[1], (b[2] << 8) | 0xff, (0xfe << 8) | b[3], (b[4] << 8) | b[5]];
}

/**
 * IPv6 addresses the kernel gives an interface while it is administratively up:
 * `::1/128` on loopback, the EUI-64 link-local `fe80::/64` elsewhere.
 */
export function ipv6Addrs(iface: Iface): { addr: string; groups: number[]; prefix: number; scope: 'host' | 'link' }[] {
  if (!iface.up) return [];
  if (iface.kind === 'loopback') return [{ addr: '::1', groups: [0, 0, 0, 0, 0, 0, 0, 1], prefix: 128, scope: 'host' }];
  const groups = [0xfe80, 0, 0, 0, ...eui64(iface.mac)];
  return [{ addr: formatIpv6(groups), groups, prefix: 64, scope: 'link' }];
}

/** Ports of a bridge in the order they were enslaved (their port numbers start at 1). */
export function bridgePorts(host: Host, bridge: Iface): Iface[] {
  return host.ifaces.filter((i) => i.master === bridge.name);
}

export function portNumber(host: Host, port: Iface): number {
  const bridge = port.master ? findIface(host, port.master) : undefined;
  return bridge ? bridgePorts(host, bridge).indexOf(port) + 1 : 0;
}

/** STP is off: a port forwards while it and its bridge can pass frames. */
export function portState(world: World, host: Host, port: Iface): 'forwarding' | 'disabled' {
  const bridge = port.master ? findIface(host, port.master) : undefined;
  return bridge?.up && port.up && hasCarrier(world, host, port) ? 'forwarding' : 'disabled';
}

/** STP path cost from the link speed: 10 Gb/s veth/NIC 2, a 10 Mb/s tun/tap 100. */
export function portCost(port: Iface): number {
  return port.kind === 'tap' ? 100 : 2;
}

/** `8000.6a:67:2c:6d:b9:3e` (iproute2) or `8000.6a672c6db93e` (brctl). */
export function bridgeId(bridge: Iface, compact = false): string {
  return `8000.${compact ? bridge.mac.replaceAll(':', '') : bridge.mac}`;
}

/** Bridge timers as `%4i.%.2i` seconds, e.g. `   0.00`, `  84.40`. */
export function bridgeTimer(ms: number): string {
  return `${String(Math.floor(ms / 1000)).padStart(4)}.${String(Math.floor((ms % 1000) / 10)).padStart(2, '0')}`;
}

/** A fresh locally administered unicast MAC from the world's PRNG. */
export function randomMac(random: () => number): string {
  const bytes = Array.from({ length: 6 }, () => Math.floor(random() * 256));
  bytes[0] = (bytes[0] & 0xfc) | 0x02;
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

export function nextIfindex(host: Host): number {
  return host.ifaces.reduce((m, i) => Math.max(m, i.index), 0) + 1;
}
