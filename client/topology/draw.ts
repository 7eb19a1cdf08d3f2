// Draws the discovered topology as text: one box per subnet (CIDR, VLAN) with its hosts and
// addresses, routers joining the boxes, gateways, subnets known only from routes (dashed),
// and one box per Kubernetes node with its pods.
import { formatIp, inPrefix, networkOf, parseCidr } from '../../server/sim/net/ip.js';
import type { Segment, Tone } from '../app/theme.js';
import type { Topology } from './model.js';

export type MapRow = Segment[];

interface Member {
  label: string;
  iface?: string;
  ip?: string;
  state?: string;
  note?: string;
  kind: 'host' | 'router' | 'gateway' | 'peer';
}

interface Subnet {
  cidr: string;
  net: number;
  prefix: number;
  vlan?: number;
  members: Member[];
  /** Known only from a route to it. */
  via?: string[];
}

const stateTone = (s: string | undefined): Tone | undefined => (s === 'UP' || s === 'Ready' || s === 'Running' ? 'ok' : s ? (/DOWN|NotReady|Err|BackOff|Failed|Unknown/.test(s) ? 'bad' : 'warn') : undefined);

function subnetsOf(t: Topology): { subnets: Subnet[]; routers: Map<string, Set<string>>; elsewhere: Member[] } {
  const subnets = new Map<string, Subnet>();
  const routers = new Map<string, Set<string>>();
  const ipOwner = new Map<string, string>();
  const ensure = (ip: number, prefix: number): Subnet => {
    const net = networkOf(ip, prefix);
    const cidr = `${formatIp(net)}/${prefix}`;
    let s = subnets.get(cidr);
    if (!s) subnets.set(cidr, (s = { cidr, net, prefix, members: [] }));
    return s;
  };
  for (const h of Object.values(t.hosts)) {
    for (const i of Object.values(h.ifaces)) {
      for (const a of i.addrs) {
        const c = parseCidr(a);
        if (!c || c.ip >>> 24 === 127) continue;
        const s = ensure(c.ip, c.prefix);
        if (i.vlan !== undefined) s.vlan = i.vlan;
        const def = h.routes?.find((r) => r.dst === '0.0.0.0/0' && (r.dev === i.name || !r.dev));
        s.members.push({ label: h.name, iface: i.name, ip: formatIp(c.ip), state: i.state, kind: 'host', note: def?.via ? `default via ${def.via}` : undefined });
        ipOwner.set(formatIp(c.ip), h.name);
        if (!routers.has(h.name)) routers.set(h.name, new Set());
        routers.get(h.name)!.add(s.cidr);
      }
    }
  }
  for (const [name, nets] of routers) {
    if (nets.size < 2) routers.delete(name);
    else for (const s of subnets.values()) for (const m of s.members) if (m.label === name) m.kind = 'router';
  }
  const placed = (ip: string) => [...subnets.values()].find((s) => s.prefix > 0 && inPrefix(parseCidr(ip)!.ip, s.net, s.prefix));
  const elsewhere: Member[] = [];
  const gateways = new Set<string>();
  for (const h of Object.values(t.hosts)) {
    for (const r of h.routes ?? []) {
      if (r.via) gateways.add(r.via);
      const c = parseCidr(r.dst);
      if (!c || c.prefix === 0 || !r.via) continue;
      const key = `${formatIp(networkOf(c.ip, c.prefix))}/${c.prefix}`;
      if (subnets.has(key)) continue;
      const s = ensure(c.ip, c.prefix);
      s.via = [...new Set([...(s.via ?? []), `${h.name} → ${r.via}`])];
    }
  }
  for (const gw of gateways) {
    if (ipOwner.has(gw)) continue;
    const s = placed(gw);
    const m: Member = { label: t.peers[gw] || gw, ip: gw, kind: 'gateway', note: 'gateway' };
    if (s && !s.via) s.members.push(m);
    else elsewhere.push(m);
    ipOwner.set(gw, m.label);
  }
  for (const [ip, name] of Object.entries(t.peers)) {
    if (ipOwner.has(ip) || ip.startsWith('127.')) continue;
    const s = placed(ip);
    const m: Member = { label: name ? name.split('.')[0] : ip, ip, kind: 'peer', note: name && name.split('.')[0] !== name ? name : undefined };
    if (s && !s.via) s.members.push(m);
    else elsewhere.push(m);
  }
  return { subnets: [...subnets.values()], routers, elsewhere };
}

/** Subnets in the order a reader follows them: from `start`'s subnets outwards through routers. */
function ordered(subnets: Subnet[], routers: Map<string, Set<string>>, start: string | undefined): Subnet[] {
  const byCidr = new Map(subnets.map((s) => [s.cidr, s]));
  const out: Subnet[] = [];
  const seen = new Set<string>();
  const numeric = [...subnets].sort((a, b) => a.net - b.net || a.prefix - b.prefix);
  const queue = numeric.filter((s) => s.members.some((m) => m.label === start)).map((s) => s.cidr);
  const visit = (cidr: string) => {
    if (seen.has(cidr)) return;
    seen.add(cidr);
    out.push(byCidr.get(cidr)!);
    for (const nets of routers.values()) if (nets.has(cidr)) for (const n of [...nets].sort()) queue.push(n);
  };
  while (queue.length) visit(queue.shift()!);
  for (const s of numeric) if (!s.via) visit(s.cidr);
  for (const s of numeric) visit(s.cidr);
  return out;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function box(title: Segment[], body: MapRow[], width: number, dashed: boolean): MapRow[] {
  const [h, v, tl, tr, bl, br] = dashed ? ['┄', '┆', '┌', '┐', '└', '┘'] : ['─', '│', '┌', '┐', '└', '┘'];
  const inner = width - 4;
  const titleText = title.map((s) => s.text).join('');
  const top: MapRow = [{ text: `${tl}${h} `, tone: 'dim' }, ...title, { text: ` ${h.repeat(Math.max(0, width - titleText.length - 5))}${tr}`, tone: 'dim' }];
  const rows = body.map((r): MapRow => {
    const len = r.reduce((n, s) => n + s.text.length, 0);
    const fitted = len > inner ? clip(r, inner) : [...r, { text: ' '.repeat(inner - len) }];
    return [{ text: `${v} `, tone: 'dim' }, ...fitted, { text: ` ${v}`, tone: 'dim' }];
  });
  return [top, ...rows, [{ text: `${bl}${h.repeat(width - 2)}${br}`, tone: 'dim' }]];
}

function clip(r: MapRow, n: number): MapRow {
  const out: MapRow = [];
  let left = n;
  for (const s of r) {
    if (left <= 0) break;
    out.push({ ...s, text: s.text.slice(0, left) });
    left -= s.text.length;
  }
  return out;
}

/** The map as rows of at most `width` columns; `start` is the player's current host. */
export function drawTopology(t: Topology, width: number, start?: string): MapRow[] {
  const rows: MapRow[] = [];
  const { subnets, routers, elsewhere } = subnetsOf(t);
  const w = Math.max(30, Math.min(width, 100));
  if (!subnets.length && !elsewhere.length && !Object.keys(t.nodes).length && !Object.keys(t.pods).length) {
    return [
      [{ text: 'Nothing discovered yet.', tone: 'title' }],
      [{ text: 'The map draws what your own commands showed you: run `ip a`, `ip route`,', tone: 'dim' }],
      [{ text: '`ping HOST`, `kubectl get nodes -o wide` or `kubectl get pods -A -o wide`.', tone: 'dim' }],
    ];
  }
  const list = ordered(subnets, routers, start);
  const labelW = Math.max(4, ...list.flatMap((s) => s.members.map((m) => m.label.length)));
  const ifW = Math.max(4, ...list.flatMap((s) => s.members.map((m) => (m.iface ?? '').length)));
  list.forEach((s, idx) => {
    if (idx > 0) {
      const prev = list[idx - 1];
      const joining = [...routers].filter(([, nets]) => nets.has(prev.cidr) && nets.has(s.cidr)).map(([n]) => n);
      if (joining.length) rows.push([{ text: '   │ ', tone: 'dim' }, { text: joining.join(', '), tone: 'accent' }, { text: ' routes between them', tone: 'dim' }]);
      else rows.push([]);
    }
    const title: Segment[] = [{ text: s.cidr, tone: 'title' }];
    if (s.vlan !== undefined) title.push({ text: ` · VLAN ${s.vlan}`, tone: 'accent' });
    if (s.via) title.push({ text: ' · seen in routes only', tone: 'dim' });
    const body: MapRow[] = s.members.map((m) => {
      const mark = m.kind === 'router' ? '◆ ' : m.kind === 'host' ? '● ' : '○ ';
      const row: MapRow = [{ text: mark, tone: m.kind === 'host' || m.kind === 'router' ? 'accent' : 'dim' }, { text: pad(m.label === m.ip ? '' : m.label, labelW) + ' ' }];
      row.push({ text: pad(m.iface ?? '', ifW) + ' ', tone: 'dim' });
      row.push({ text: pad(m.ip ?? '', 15) + ' ' });
      if (m.state) row.push({ text: pad(m.state, 5) + ' ', tone: stateTone(m.state) });
      if (m.kind === 'router') row.push({ text: 'router ', tone: 'accent' });
      if (m.note) row.push({ text: m.note, tone: 'dim' });
      return row;
    });
    for (const v of s.via ?? []) body.push([{ text: `via ${v}`, tone: 'dim' }]);
    rows.push(...box(title, body, w, !!s.via));
  });
  if (elsewhere.length) {
    rows.push([], [{ text: 'Elsewhere (answered, subnet unknown)', tone: 'title' }]);
    for (const m of elsewhere) rows.push([{ text: '  ○ ', tone: 'dim' }, { text: pad(m.label, labelW) + ' ' }, { text: m.ip && m.ip !== m.label ? m.ip : '' }, { text: m.note && m.note !== m.label ? `  ${m.note}` : '', tone: 'dim' }]);
  }
  rows.push(...drawKube(t, w));
  return rows;
}

function drawKube(t: Topology, w: number): MapRow[] {
  const nodes = Object.values(t.nodes);
  const pods = Object.values(t.pods);
  if (!nodes.length && !pods.length) return [];
  const rows: MapRow[] = [[], [{ text: 'Kubernetes', tone: 'title' }]];
  const names = [...new Set([...nodes.map((n) => n.name), ...pods.map((p) => p.node).filter((n): n is string => !!n)])].sort();
  const podRow = (p: (typeof pods)[number]): MapRow => [
    { text: `${p.namespace ? p.namespace + '/' : ''}${p.name} `.padEnd(Math.min(44, w - 30)) },
    { text: pad(p.ip ?? '', 15) + ' ', tone: 'dim' },
    { text: p.status ?? '', tone: stateTone(p.status) },
  ];
  for (const name of names) {
    const n = t.nodes[name];
    const title: Segment[] = [{ text: `node ${name}`, tone: 'title' }];
    if (n?.ip) title.push({ text: ` · ${n.ip}` });
    if (n?.roles) title.push({ text: ` · ${n.roles}`, tone: 'dim' });
    if (n?.status) title.push({ text: ' · ' }, { text: n.status, tone: stateTone(n.status) });
    const body = pods.filter((p) => p.node === name).map(podRow);
    rows.push(...box(title, body.length ? body : [[{ text: 'no pods seen on this node', tone: 'dim' }]], w, false));
  }
  const unplaced = pods.filter((p) => !p.node);
  if (unplaced.length) rows.push(...box([{ text: 'pods not on a node (or node not shown)', tone: 'title' }], unplaced.map(podRow), w, true));
  return rows;
}
