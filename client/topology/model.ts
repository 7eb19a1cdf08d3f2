// What the player has discovered of the network and the cluster, learnt from the output of
// their own commands (`ip a`, `ip route`, `ip neigh`, `ping`, `traceroute`, `kubectl get
// nodes/pods -o wide`). Nothing comes from the server's world, so the map never shows more
// than the player could have read, and never the fault itself.

export interface TopoIface {
  name: string;
  /** Addresses with their prefix, `10.0.1.10/24`. */
  addrs: string[];
  state?: string;
  vlan?: number;
}

export interface TopoRoute {
  dst: string;
  via?: string;
  dev?: string;
  /** The preferred source address (`src`), printed on the kernel's connected routes. */
  src?: string;
}

export interface TopoHost {
  name: string;
  ifaces: Record<string, TopoIface>;
  routes?: TopoRoute[];
}

export interface KubeNode {
  name: string;
  status?: string;
  roles?: string;
  ip?: string;
}

export interface KubePod {
  namespace?: string;
  name: string;
  status?: string;
  ip?: string;
  node?: string;
}

export interface Topology {
  hosts: Record<string, TopoHost>;
  /** Addresses seen answering (ping, traceroute, neighbours), with a name when one was printed. */
  peers: Record<string, string>;
  nodes: Record<string, KubeNode>;
  pods: Record<string, KubePod>;
}

export const emptyTopology: Topology = { hosts: {}, peers: {}, nodes: {}, pods: {} };

const words = (line: string) => line.trim().split(/\s+/).filter(Boolean);

/** The host a command ran on: the prompt's, or the target of `ssh HOST cmd`. */
export function commandHost(line: string, promptHost: string | undefined): { host: string | undefined; argv: string[] } {
  const argv = words(line);
  if (argv[0] === 'sudo') argv.shift();
  if (argv[0] === 'ssh') {
    let i = 1;
    while (i < argv.length && argv[i].startsWith('-')) i += /^-[pliFoJ]$/.test(argv[i]) ? 2 : 1;
    if (i < argv.length - 1) return { host: argv[i].replace(/^.*@/, '').split('.')[0], argv: argv.slice(i + 1) };
  }
  return { host: promptHost, argv };
}

/** `root@web1:~# ` → `web1`. */
export function promptHost(prompt: string): string | undefined {
  return /^[^@\s]+@([^:\s]+):/.exec(prompt)?.[1];
}

function ipObject(argv: string[]): { object?: string; rest: string[] } {
  let i = 1;
  while (i < argv.length && argv[i].startsWith('-')) i++;
  const obj = argv[i];
  const rest = argv.slice(i + 1);
  if (!obj) return { rest };
  if ('address'.startsWith(obj)) return { object: 'addr', rest };
  if ('link'.startsWith(obj)) return { object: 'link', rest };
  if ('route'.startsWith(obj)) return { object: 'route', rest };
  if ('neighbour'.startsWith(obj) || 'neighbor'.startsWith(obj)) return { object: 'neigh', rest };
  return { object: obj, rest };
}

/** Parses `ip a` / `ip link` / `ip -br a` / `ip -d link` output into interfaces. */
export function parseIpAddr(output: string): TopoIface[] {
  const out: TopoIface[] = [];
  let cur: TopoIface | undefined;
  for (const line of output.split('\n')) {
    const head = /^\d+: ([\w.-]+)(?:@[\w.-]+)?: <([^>]*)>.*?(?:state (\S+))?/.exec(line);
    if (head) {
      const state = /\bstate (\S+)/.exec(line)?.[1];
      cur = { name: head[1], addrs: [], state: state === 'UNKNOWN' && head[2].split(',').includes('UP') ? 'UP' : state };
      const vlan = /\.(\d+)$/.exec(head[1]);
      if (vlan) cur.vlan = Number(vlan[1]);
      out.push(cur);
      continue;
    }
    const brief = /^([\w.-]+)(?:@[\w.-]+)?\s+(UP|DOWN|UNKNOWN|LOWERLAYERDOWN|DORMANT)\s+(.*)$/.exec(line);
    if (brief) {
      const addrs = words(brief[3]).filter((w) => /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(w));
      cur = { name: brief[1], addrs, state: brief[2] };
      const vlan = /\.(\d+)$/.exec(brief[1]);
      if (vlan) cur.vlan = Number(vlan[1]);
      out.push(cur);
      continue;
    }
    if (!cur) continue;
    const inet = /^\s+inet (\d+\.\d+\.\d+\.\d+\/\d+)/.exec(line);
    if (inet) cur.addrs.push(inet[1]);
    const vlan = /^\s+vlan protocol \S+ id (\d+)/.exec(line);
    if (vlan) cur.vlan = Number(vlan[1]);
  }
  return out.filter((i) => i.name !== 'lo');
}

/** Parses `ip route` output (main table lines). */
export function parseIpRoute(output: string): TopoRoute[] {
  const out: TopoRoute[] = [];
  for (const line of output.split('\n')) {
    const w = words(line);
    if (!w.length || !/^(default|\d+\.\d+\.\d+\.\d+(\/\d+)?|blackhole|unreachable|prohibit)$/.test(w[0])) continue;
    let dst = w[0];
    if (['blackhole', 'unreachable', 'prohibit'].includes(dst)) dst = w[1] ?? dst;
    const at = (k: string) => (w.indexOf(k) >= 0 ? w[w.indexOf(k) + 1] : undefined);
    out.push({ dst: dst === 'default' ? '0.0.0.0/0' : dst.includes('/') ? dst : `${dst}/32`, via: at('via'), dev: at('dev'), src: at('src') });
  }
  return out;
}

/** Splits a kubectl table by its header's column offsets (cells may contain single spaces). */
export function parseTable(output: string): Record<string, string>[] {
  const lines = output.split('\n');
  const h = lines.findIndex((l) => /^(NAMESPACE\s+)?NAME\s/.test(l));
  if (h < 0) return [];
  const header = lines[h];
  const cols: { name: string; at: number }[] = [];
  for (const m of header.matchAll(/\S+(?: \S+)*/g)) cols.push({ name: m[0], at: m.index! });
  const rows: Record<string, string>[] = [];
  for (const line of lines.slice(h + 1)) {
    if (!line.trim() || /^(NAMESPACE\s+)?NAME\s/.test(line)) continue;
    const row: Record<string, string> = {};
    cols.forEach((c, i) => (row[c.name] = line.slice(c.at, i + 1 < cols.length ? cols[i + 1].at : undefined).trim()));
    rows.push(row);
  }
  return rows;
}

const none = (v: string | undefined) => (v && v !== '<none>' ? v : undefined);

function withHost(t: Topology, host: string): TopoHost {
  return t.hosts[host] ?? { name: host, ifaces: {} };
}

/** Learns from one finished command. `promptHostName` is the host of the prompt it was typed at. */
export function learnTopology(t: Topology, line: string, promptHostName: string | undefined, output: string): Topology {
  const { host, argv } = commandHost(line, promptHostName);
  const cmd = argv[0];
  let next = t;
  if (host && !t.hosts[host]) next = { ...next, hosts: { ...next.hosts, [host]: { name: host, ifaces: {} } } };
  if (cmd === 'ip' && host) {
    const { object, rest } = ipObject(argv);
    const showing = !rest.length || rest[0] === 'show' || rest[0] === 'list';
    if ((object === 'addr' || object === 'link') && showing) {
      const found = parseIpAddr(output);
      if (found.length) {
        const h = withHost(next, host);
        const whole = rest.filter((w) => w !== 'show' && w !== 'list').length === 0;
        const ifaces: Record<string, TopoIface> = whole && object === 'addr' ? {} : { ...h.ifaces };
        for (const i of found) {
          const prev = h.ifaces[i.name];
          // `ip link` prints no addresses: keep the ones learnt from `ip a`.
          ifaces[i.name] = { ...i, addrs: object === 'link' && prev ? prev.addrs : i.addrs, vlan: i.vlan ?? prev?.vlan };
        }
        next = { ...next, hosts: { ...next.hosts, [host]: { ...h, ifaces } } };
      }
    } else if (object === 'route' && showing && !rest.some((w) => w === 'get')) {
      const h = withHost(next, host);
      const routes = parseIpRoute(output);
      const filtered = rest.filter((w) => w !== 'show' && w !== 'list').length > 0;
      // A connected route (`10.0.1.0/24 dev eth0 ... src 10.0.1.10`) tells the interface's address too.
      const ifaces = { ...h.ifaces };
      for (const r of routes) {
        if (!r.src || !r.dev || r.via || !r.dst.includes('/') || r.dst.endsWith('/32') || ifaces[r.dev]?.addrs.length) continue;
        ifaces[r.dev] = { ...(ifaces[r.dev] ?? { name: r.dev }), addrs: [`${r.src}/${r.dst.split('/')[1]}`] };
      }
      next = { ...next, hosts: { ...next.hosts, [host]: { ...h, ifaces, routes: filtered ? mergeRoutes(h.routes ?? [], routes) : routes } } };
    } else if (object === 'neigh') {
      const peers = { ...next.peers };
      for (const m of output.matchAll(/^(\d+\.\d+\.\d+\.\d+) dev \S+ lladdr/gm)) peers[m[1]] ??= '';
      next = { ...next, peers };
    }
  }
  if (cmd === 'ping' || cmd === 'traceroute') {
    const peers = { ...next.peers };
    for (const m of output.matchAll(/(?:^PING |^traceroute to |^\s*\d+\s+)([\w.-]+) \((\d+\.\d+\.\d+\.\d+)\)/gm)) {
      const name = /^\d/.test(m[1]) ? '' : m[1];
      peers[m[2]] = name || peers[m[2]] || '';
    }
    for (const m of output.matchAll(/^\d+ bytes from (\d+\.\d+\.\d+\.\d+)/gm)) peers[m[1]] ??= '';
    next = { ...next, peers };
  }
  if (cmd === 'kubectl' && argv.includes('get')) next = learnKube(next, argv, output);
  return next;
}

function mergeRoutes(old: TopoRoute[], fresh: TopoRoute[]): TopoRoute[] {
  const keep = old.filter((r) => !fresh.some((f) => f.dst === r.dst));
  return [...keep, ...fresh];
}

function learnKube(t: Topology, argv: string[], output: string): Topology {
  const what = argv.slice(argv.indexOf('get') + 1).find((a) => !a.startsWith('-'));
  if (!what) return t;
  const rows = parseTable(output);
  if (/^(nodes?|no)$/.test(what)) {
    const nodes = { ...t.nodes };
    for (const r of rows) {
      const name = r.NAME.replace(/^node\//, '');
      nodes[name] = { name, status: r.STATUS ?? nodes[name]?.status, roles: none(r.ROLES) ?? nodes[name]?.roles, ip: none(r['INTERNAL-IP']) ?? nodes[name]?.ip };
    }
    return { ...t, nodes };
  }
  if (/^(pods?|po)$/.test(what)) {
    const nsFlag = argv.findIndex((a) => a === '-n' || a === '--namespace');
    const ns = nsFlag >= 0 ? argv[nsFlag + 1] : undefined;
    const pods = { ...t.pods };
    for (const r of rows) {
      const namespace = r.NAMESPACE ?? ns ?? 'default';
      const name = r.NAME.replace(/^pod\//, '');
      const key = `${namespace}/${name}`;
      const prev = pods[key];
      pods[key] = { namespace, name, status: r.STATUS ?? prev?.status, ip: (r.IP !== undefined ? none(r.IP) : prev?.ip), node: (r.NODE !== undefined ? none(r.NODE) : prev?.node) };
    }
    return { ...t, pods };
  }
  return t;
}
