// Link-layer and addressing faults: interfaces down, a wrong prefix, a duplicate address,
// VLAN membership on a VLAN-aware bridge.
import { z } from 'zod';
import { formatIp, inPrefix, parseIp } from '../../sim/net/ip.js';
import type { Host, Iface, World } from '../../sim/world/types.js';
import { FaultError, LINK_TOOLS, ROUTE_TOOLS, fault, hostOf, ifaceOf, ipv4 } from './types.js';

const hostIface = z.strictObject({ host: z.string(), iface: z.string() });

function firstAddr(iface: Iface, host: Host) {
  const a = iface.addrs[0];
  if (!a) throw new FaultError(`${host.name} ${iface.name} has no address`);
  return a;
}

/** The kernel flushes a device's routes when it goes admin down; they do not come back on up. */
function setAdminDown(host: Host, iface: Iface): void {
  iface.up = false;
  host.routes = host.routes.filter((r) => r.dev !== iface.name);
  for (const t of Object.keys(host.tables)) host.tables[t] = host.tables[t].filter((r) => r.dev !== iface.name);
  host.neigh = host.neigh.filter((n) => n.dev !== iface.name);
}

/** Static routes whose gateway is no longer on a connected network (boot could not add them). */
function dropUnreachableGateways(host: Host): void {
  const onLink = (via: number) => host.ifaces.some((i) => i.up && i.addrs.some((a) => a.prefix < 32 && inPrefix(via, a.ip, a.prefix)));
  host.routes = host.routes.filter((r) => r.via === undefined || onLink(r.via));
}

export const nicDown = fault({
  id: 'nic-down',
  layer: 'link',
  summary: 'An interface is administratively down (ip link set DEV down); the kernel flushed its routes with it.',
  params: hostIface,
  describe: (p) => `${p.iface} on ${p.host} was set administratively down, which also flushed the routes through it`,
  apply(world, p) {
    const host = hostOf(world, p.host);
    const iface = ifaceOf(host, p.iface);
    if (iface.kind === 'loopback') throw new FaultError('the loopback interface cannot be the faulty NIC');
    if (!iface.up) throw new FaultError(`${p.host} ${p.iface} is already down`);
    setAdminDown(host, iface);
    return [{ host: p.host, programs: LINK_TOOLS }];
  },
});

export const linkDown = fault({
  id: 'link-down',
  layer: 'link',
  summary: "A VM's NIC has no carrier: its tap device on the hypervisor's bridge is down.",
  params: hostIface,
  describe: (p) => `the tap device behind ${p.host}'s ${p.iface} is down on the hypervisor, so the VM's NIC has no carrier`,
  apply(world, p) {
    const vm = hostOf(world, p.host);
    const nic = ifaceOf(vm, p.iface);
    if (!nic.tapOf) throw new FaultError(`${p.host} ${p.iface} is not a VM NIC on a hypervisor bridge (no "network")`);
    const hv = hostOf(world, nic.tapOf.host);
    const tap = ifaceOf(hv, nic.tapOf.tap);
    if (!tap.up) throw new FaultError(`${tap.name} on ${hv.name} is already down`);
    tap.up = false;
    return [{ host: p.host, programs: LINK_TOOLS }, { host: hv.name, programs: [...LINK_TOOLS, 'bridge', 'brctl', 'virsh'] }];
  },
});

export const wrongPrefix = fault({
  id: 'wrong-prefix',
  layer: 'network',
  summary: "An interface's address has the wrong prefix length (netmask); gateways outside it could not be added.",
  params: z.strictObject({ host: z.string(), iface: z.string(), prefix: z.number().int().min(1).max(32) }),
  describe: (p) => `${p.host}'s ${p.iface} address was configured with a /${p.prefix} netmask instead of its subnet's`,
  apply(world, p) {
    const host = hostOf(world, p.host);
    const addr = firstAddr(ifaceOf(host, p.iface), host);
    if (addr.prefix === p.prefix) throw new FaultError(`${p.host} ${p.iface} already has a /${p.prefix} address`);
    addr.prefix = p.prefix;
    dropUnreachableGateways(host);
    return [{ host: p.host, programs: [...LINK_TOOLS, ...ROUTE_TOOLS] }];
  },
});

/** The host (other than `except`) that owns `ip`, if any. */
function ownerOf(world: World, ip: number, except: string): Host | undefined {
  return Object.values(world.hosts).find((h) => h.name !== except && h.ifaces.some((i) => i.addrs.some((a) => a.ip === ip)));
}

export const duplicateIp = fault({
  id: 'duplicate-ip',
  layer: 'network',
  summary: "A second machine was given another host's address; its newer ARP answers win on the segment.",
  params: z.strictObject({ host: z.string(), iface: z.string(), ip: ipv4 }),
  describe: (p) => `${p.host} was also configured with ${p.ip} on ${p.iface}, an address already in use, and it answers ARP for it`,
  apply(world, p) {
    const host = hostOf(world, p.host);
    const iface = ifaceOf(host, p.iface);
    const ip = parseIp(p.ip)!;
    const victim = ownerOf(world, ip, host.name);
    if (!victim) throw new FaultError(`${p.ip} is not the address of another host`);
    const own = victim.ifaces.flatMap((i) => i.addrs).find((a) => a.ip === ip)!;
    if (iface.addrs.some((a) => a.ip === ip)) throw new FaultError(`${p.host} already has ${p.ip}`);
    iface.addrs.push({ ip, prefix: own.prefix, seq: ++world.seq });
    return [
      { host: p.host, programs: LINK_TOOLS },
      { host: '*', programs: ['ip', 'arp', 'arping'], words: ['neigh', 'n', '-n', '-a', formatIp(ip)] },
    ];
  },
});

/** The bridge port carrying `iface`'s frames: its tap on the hypervisor, or itself when enslaved to a bridge. */
function bridgePort(world: World, host: Host, iface: Iface): { host: Host; port: Iface; bridge: Iface } {
  if (iface.tapOf) {
    const hv = hostOf(world, iface.tapOf.host);
    return { host: hv, port: ifaceOf(hv, iface.tapOf.tap), bridge: ifaceOf(hv, iface.tapOf.bridge) };
  }
  if (!iface.master) throw new FaultError(`${host.name} ${iface.name} is neither a VM NIC nor a bridge port`);
  return { host, port: iface, bridge: ifaceOf(host, iface.master) };
}

const vlanParams = z.strictObject({ host: z.string(), iface: z.string(), vlan: z.number().int().min(1).max(4094) });

export const vlanMismatch = fault({
  id: 'vlan-mismatch',
  layer: 'link',
  summary: "A bridge port's access VLAN (pvid) is wrong: the machine behind it lands on another VLAN's segment.",
  params: vlanParams,
  describe: (p) => `the bridge port of ${p.host}'s ${p.iface} was put in VLAN ${p.vlan}, not the VLAN of its subnet`,
  apply(world, p) {
    const host = hostOf(world, p.host);
    const { host: sw, port, bridge } = bridgePort(world, host, ifaceOf(host, p.iface));
    if (!bridge.vlanFiltering) throw new FaultError(`${sw.name} ${bridge.name} is not VLAN-aware (vlanFiltering)`);
    const old = port.bridgeVlans?.pvid;
    if (old === p.vlan) throw new FaultError(`${port.name} on ${sw.name} is already in VLAN ${p.vlan}`);
    port.bridgeVlans = { pvid: p.vlan, tagged: (port.bridgeVlans?.tagged ?? []).filter((v) => v !== old) };
    return [{ host: sw.name, programs: ['bridge', ...LINK_TOOLS] }];
  },
});

export const trunkVlanMissing = fault({
  id: 'trunk-vlan-missing',
  layer: 'link',
  summary: 'A trunk port on a VLAN-aware bridge no longer carries one of its VLANs.',
  params: vlanParams,
  describe: (p) => `${p.host}'s bridge port ${p.iface} no longer carries VLAN ${p.vlan} tagged`,
  apply(world, p) {
    const host = hostOf(world, p.host);
    const { host: sw, port } = bridgePort(world, host, ifaceOf(host, p.iface));
    if (!port.bridgeVlans?.tagged.includes(p.vlan)) throw new FaultError(`${port.name} on ${sw.name} does not carry VLAN ${p.vlan} tagged`);
    port.bridgeVlans.tagged = port.bridgeVlans.tagged.filter((v) => v !== p.vlan);
    return [{ host: sw.name, programs: ['bridge', ...LINK_TOOLS] }];
  },
});
