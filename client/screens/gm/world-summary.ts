// The game master's true state: the world the server sent, summarised host by host
// (interfaces, routes, forwarding, units, firewall), and the faults injected into it.
import { formatIp } from '../../../server/sim/net/ip.js';
import type { InjectedFault } from '../../../server/game/faults/index.js';
import type { Host, World } from '../../../server/sim/world/types.js';
import type { Segment } from '../../app/theme.js';

function hostRows(h: Host): Segment[][] {
  const rows: Segment[][] = [];
  const fwd = h.sysctl['net.ipv4.ip_forward'] === '1';
  rows.push([{ text: h.name, tone: 'title' }, { text: ` ${h.kind}${fwd ? ', forwarding' : ''}`, tone: 'dim' }]);
  for (const i of h.ifaces) {
    if (i.kind === 'loopback') continue;
    const state = !i.up ? 'DOWN' : i.carrier === false ? 'NO-CARRIER' : 'UP';
    const addrs = i.addrs.map((a) => `${formatIp(a.ip)}/${a.prefix}`).join(' ');
    const vlan = i.vlan ? ` vlan ${i.vlan.id}` : i.port?.access !== undefined ? ` access vlan ${i.port.access}` : '';
    rows.push([{ text: `  ${i.name.padEnd(10)} ` }, { text: state.padEnd(10), tone: state === 'UP' ? 'ok' : 'bad' }, { text: ` ${addrs}${vlan}` }]);
  }
  for (const r of h.routes) {
    const dst = r.prefix === 0 ? 'default' : `${formatIp(r.dst)}/${r.prefix}`;
    if (r.proto === 'kernel') continue;
    rows.push([{ text: `  route ${r.type && r.type !== 'unicast' ? r.type + ' ' : ''}${dst}${r.via !== undefined ? ` via ${formatIp(r.via)}` : ''}${r.dev ? ` dev ${r.dev}` : ''}`, tone: 'dim' }]);
  }
  const units = Object.values(h.units).filter((u) => u.listeners.length || u.state !== 'active');
  if (units.length) {
    const segs: Segment[] = [{ text: '  units ', tone: 'dim' }];
    for (const u of units) segs.push({ text: `${u.name}:${u.state} `, tone: u.state === 'active' ? 'ok' : u.state === 'failed' ? 'bad' : 'warn' });
    rows.push(segs);
  }
  const rules = (['filter', 'nat'] as const).flatMap((t) => Object.entries(h.iptables[t].chains).filter(([, c]) => c.rules.length || c.policy === 'DROP').map(([n, c]) => `${t}/${n}:${c.rules.length}${c.policy === 'DROP' ? ' DROP' : ''}`));
  if (rules.length) rows.push([{ text: `  iptables ${rules.join(' ')}`, tone: 'dim' }]);
  return rows;
}

export function worldRows(world: unknown): Segment[][] {
  const w = world as World | undefined;
  if (!w?.hosts) return [[{ text: 'Waiting for the true state…', tone: 'dim' }]];
  return Object.values(w.hosts)
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((h) => hostRows(h));
}

export function faultRows(faults: unknown[]): Segment[][] {
  return (faults as InjectedFault[]).map((f) => [{ text: `${f.type}: `, tone: 'bad' }, { text: f.description }]);
}
