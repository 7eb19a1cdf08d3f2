// Layer 2: which interfaces can hear each other. Every usable interface resolves to an
// L2 segment; two interfaces exchange frames (ARP, IP) only on the same segment.
//   switch port, access VLAN v      -> "<fabric>/v<v>"
//   VLAN sub-interface eth0.<v>     -> "<fabric>/v<v>" when the parent's port trunks v
//   bridge                          -> one segment joining all its working ports
//   VM NIC (tap on a host bridge)   -> that bridge's segment
import type { Host, Iface, World } from '../world/types.js';

export function findIface(host: Host, name: string): Iface | undefined {
  return host.ifaces.find((i) => i.name === name);
}

/** LOWER_UP: the link below the interface works (cable, tap, parent device, bridge ports). */
export function hasCarrier(world: World, host: Host, iface: Iface, depth = 0): boolean {
  if (depth > 8) return false;
  switch (iface.kind) {
    case 'loopback':
      return true;
    case 'ether':
      if (iface.tapOf) {
        const phys = world.hosts[iface.tapOf.host];
        const tap = phys && findIface(phys, iface.tapOf.tap);
        return !!tap && tap.up && iface.carrier !== false;
      }
      return iface.carrier !== false;
    case 'tap':
      return iface.carrier !== false;
    case 'vlan': {
      const parent = iface.vlan && findIface(host, iface.vlan.parent);
      return !!parent && isOperUp(world, host, parent, depth + 1);
    }
    case 'bridge':
      return host.ifaces.some((p) => p.master === iface.name && isOperUp(world, host, p, depth + 1));
  }
}

/** Admin up and carrier: the interface can send and receive. */
export function isOperUp(world: World, host: Host, iface: Iface, depth = 0): boolean {
  return iface.up && hasCarrier(world, host, iface, depth);
}

function bridgeKey(host: string, bridge: string, vid: number | undefined): string {
  return vid === undefined ? `br:${host}/${bridge}` : `br:${host}/${bridge}/v${vid}`;
}

function portSegment(iface: Iface, tag: number | undefined): string | null {
  const port = iface.port!;
  if (tag === undefined) return `${port.fabric}/v${port.access ?? 1}`;
  // An access port drops tagged frames; a trunk passes the VLANs it allows.
  return port.trunk?.includes(tag) ? `${port.fabric}/v${tag}` : null;
}

interface Placed {
  host: Host;
  iface: Iface;
  addr: Iface['addrs'][number];
}

/**
 * Every address of a world by value, kept between packet walks: each address added takes a
 * new `world.seq`, so the index is rebuilt when the counter moved; removals are filtered out
 * when the index is read.
 */
const addressIndexes = new WeakMap<World, { seq: number; byIp: Map<number, Placed[]> }>();

function addressIndex(world: World): Map<number, Placed[]> {
  let idx = addressIndexes.get(world);
  if (!idx || idx.seq !== world.seq) {
    idx = { seq: world.seq, byIp: new Map() };
    for (const host of Object.values(world.hosts)) {
      for (const iface of host.ifaces) {
        for (const addr of iface.addrs) {
          const list = idx.byIp.get(addr.ip);
          if (list) list.push({ host, iface, addr });
          else idx.byIp.set(addr.ip, [{ host, iface, addr }]);
        }
      }
    }
    addressIndexes.set(world, idx);
  }
  return idx.byIp;
}

/**
 * Adds a host just put into `world.hosts` to a current index, where a rebuild would place it
 * (after every other host), when the world's newest addresses are all its own: a cluster
 * creating thousands of pod namespaces does not rebuild the index for each.
 */
export function noteNewHost(world: World, host: Host): void {
  const idx = addressIndexes.get(world);
  // An integer-like name would come first in the hosts' order.
  if (!idx || world.hosts[host.name] !== host || /^(0|[1-9]\d*)$/.test(host.name)) return;
  const newer = new Set<number>();
  for (const iface of host.ifaces) for (const addr of iface.addrs) if (addr.seq > idx.seq) newer.add(addr.seq);
  if (newer.size !== world.seq - idx.seq || [...newer].some((seq) => seq > world.seq)) return;
  for (const iface of host.ifaces) {
    for (const addr of iface.addrs) {
      const list = idx.byIp.get(addr.ip);
      if (list) list.push({ host, iface, addr });
      else idx.byIp.set(addr.ip, [{ host, iface, addr }]);
    }
  }
  idx.seq = world.seq;
}

/**
 * Hosts that have (or once had) a bridge: the only ones whose wiring joins segments. Found
 * once per world, then kept up to date by `noteBridge`, so that a view need not visit every
 * host (a cluster has thousands of pod namespaces, none of them with a bridge).
 */
const bridgeHosts = new WeakMap<World, Set<string>>();

function hostsWithBridges(world: World): Set<string> {
  let set = bridgeHosts.get(world);
  if (!set) {
    set = new Set(Object.values(world.hosts).filter((h) => h.ifaces.some((i) => i.kind === 'bridge')).map((h) => h.name));
    bridgeHosts.set(world, set);
  }
  return set;
}

/** Records a bridge created after the world was built (`ip link add ... type bridge`). */
export function noteBridge(world: World, host: Host): void {
  bridgeHosts.get(world)?.add(host.name);
}

/**
 * A view of the world's L2 wiring, built once per packet walk: bridges are merged
 * into the segments of their uplinks with a union-find.
 */
export class L2View {
  private parent = new Map<string, string>();

  constructor(private world: World) {
    for (const name of hostsWithBridges(world)) {
      const host = world.hosts[name];
      if (!host) continue;
      for (const br of host.ifaces) {
        if (br.kind !== 'bridge' || !br.up) continue;
        for (const port of host.ifaces) {
          if (port.master !== br.name || port.tapOf) continue;
          // A port that leads nowhere else (a pod's veth end, a NIC off every switch) is a
          // segment of its own: joining it would change nothing, so skip the work.
          if ((port.kind === 'tap' || port.kind === 'ether') && !port.port) continue;
          if (!isOperUp(world, host, port)) continue;
          if (!br.vlanFiltering) {
            const seg = this.raw(host, port, undefined);
            if (seg) this.union(bridgeKey(host.name, br.name, undefined), seg);
            continue;
          }
          const vids = new Set<number>([...(port.bridgeVlans?.tagged ?? []), ...(port.bridgeVlans?.pvid ? [port.bridgeVlans.pvid] : [])]);
          for (const vid of vids) {
            const seg = this.raw(host, port, port.bridgeVlans?.pvid === vid ? undefined : vid);
            if (seg) this.union(bridgeKey(host.name, br.name, vid), seg);
          }
        }
      }
    }
  }

  /**
   * Hosts that answer ARP for `ip` (arp_ignore=0: any local address, on any interface). An
   * address stays local while its own device is down (the kernel keeps its local route).
   */
  ownersOf(ip: number): { host: Host; seq: number }[] {
    const out: { host: Host; seq: number }[] = [];
    for (const { host, iface, addr } of addressIndex(this.world).get(ip) ?? []) {
      // Skip what was removed since the index was built.
      if (this.world.hosts[host.name] === host && host.ifaces.includes(iface) && iface.addrs.includes(addr) && addr.ip === ip) out.push({ host, seq: addr.seq });
    }
    return out;
  }

  private find(k: string): string {
    let r = k;
    while (this.parent.has(r) && this.parent.get(r) !== r) r = this.parent.get(r)!;
    return r;
  }

  private union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    // The smaller key becomes the root, so a segment's name does not depend on build order.
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    this.parent.set(child, root);
  }

  /**
   * The segment an interface's own addresses live on, or null when it cannot pass
   * frames (down, no carrier, enslaved to a bridge, tagged frames on an access port).
   */
  segmentOf(host: Host, iface: Iface): string | null {
    if (!isOperUp(this.world, host, iface) || iface.master) return null;
    const raw = this.raw(host, iface, undefined);
    return raw === null ? null : this.find(raw);
  }

  /** Segment of frames leaving `iface` untagged (tag undefined) or tagged with `tag`. */
  private raw(host: Host, iface: Iface, tag: number | undefined, depth = 0): string | null {
    if (depth > 8) return null;
    switch (iface.kind) {
      case 'loopback':
        return `lo:${host.name}`;
      case 'vlan': {
        if (tag !== undefined) return null;
        const parent = findIface(host, iface.vlan!.parent);
        return parent && isOperUp(this.world, host, parent) ? this.raw(host, parent, iface.vlan!.id, depth + 1) : null;
      }
      case 'bridge': {
        const vid = iface.vlanFiltering ? tag ?? iface.bridgeVlans?.pvid ?? 1 : tag;
        if (!iface.vlanFiltering && tag !== undefined) return null;
        return bridgeKey(host.name, iface.name, vid);
      }
      case 'ether':
      case 'tap':
        if (iface.tapOf) return this.viaTap(iface, tag);
        if (iface.port) return portSegment(iface, tag);
        return tag === undefined ? `wire:${host.name}/${iface.name}` : null;
    }
  }

  /** A VM NIC's frames enter the host bridge through its tap device. */
  private viaTap(nic: Iface, tag: number | undefined): string | null {
    const phys = this.world.hosts[nic.tapOf!.host];
    const bridge = phys && findIface(phys, nic.tapOf!.bridge);
    const tap = phys && findIface(phys, nic.tapOf!.tap);
    if (!bridge || !tap || !bridge.up || !tap.up) return null;
    if (!bridge.vlanFiltering) return tag === undefined ? bridgeKey(phys.name, bridge.name, undefined) : null;
    const vid = tag ?? tap.bridgeVlans?.pvid;
    if (vid === undefined) return null;
    if (tag !== undefined && !tap.bridgeVlans?.tagged.includes(tag)) return null;
    return bridgeKey(phys.name, bridge.name, vid);
  }
}
