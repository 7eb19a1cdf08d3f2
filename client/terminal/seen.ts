// Names the player has seen in their own terminal (hosts, addresses, interfaces, units,
// namespaces, Kubernetes objects): what Tab may complete. Learnt from each command's output,
// never asked from the server, so completion reveals nothing the player has not seen.
import { resolveResource } from '../../server/sim/k8s/resources.js';

export interface Seen {
  host: readonly string[];
  ip: readonly string[];
  iface: readonly string[];
  unit: readonly string[];
  namespace: readonly string[];
  /** Object names by resource (`pods`, `services`, ...). */
  objects: Readonly<Record<string, readonly string[]>>;
}

export const emptySeen: Seen = { host: [], ip: [], iface: [], unit: [], namespace: [], objects: {} };

const CAP = 500;
const IP = /\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b/g;
const NAME = '[A-Za-z][A-Za-z0-9-]*(?:\\.[A-Za-z0-9-]+)*';

function add(list: readonly string[], words: Iterable<string>): readonly string[] {
  let known: Set<string> | undefined;
  let out: string[] | undefined;
  for (const w of words) {
    if (!w) continue;
    known ??= new Set(list);
    if (known.has(w)) continue;
    known.add(w);
    out ??= list.slice();
    out.push(w);
  }
  return out ? out.slice(-CAP) : list;
}

/** A host name and its short form (db1.corp.internal → db1). */
const withShort = (names: string[]) => names.flatMap((n) => (n.includes('.') ? [n, n.split('.')[0]] : [n]));

const HOSTS_LINE = new RegExp(`^${NAME}$`);
const DIG_ANSWER = new RegExp(`^(${NAME})\\.\\s+\\d+\\s+IN\\s+(?:A|CNAME|PTR)\\s+(${NAME}\\.?)?`);
const NSLOOKUP_NAME = new RegExp(`^Name:\\s+(${NAME})`);

function hostNames(output: string): string[] {
  const names: string[] = [];
  const push = (n: string | undefined) => {
    if (n && !/^\d/.test(n)) names.push(n.replace(/\.$/, ''));
  };
  // "PING db1.corp.internal (10.0.2.10)", "traceroute to x (ip)", " 1  rtr.corp.internal (10.0.1.1)"
  for (const m of output.matchAll(new RegExp(`(${NAME}\\.?) \\((?:\\d+\\.){3}\\d+\\)`, 'g'))) push(m[1]);
  for (const line of output.split('\n')) {
    // /etc/hosts and getent: an address, then names
    const hosts = /^\s*(?:\d+\.){3}\d+\s+(.+)$/.exec(line);
    if (hosts) for (const n of hosts[1].split(/\s+/)) if (HOSTS_LINE.test(n)) push(n);
    // dig answers: "db1.corp.internal.  30  IN  A  10.0.2.10"
    const dig = DIG_ANSWER.exec(line);
    if (dig) {
      push(dig[1]);
      push(dig[2]);
    }
    // nslookup: "Name:\tdb1.corp.internal"
    const ns = NSLOOKUP_NAME.exec(line);
    if (ns) push(ns[1]);
  }
  return withShort(names);
}

function ifaceNames(output: string): string[] {
  const out: string[] = [];
  for (const line of output.split('\n')) {
    const full = /^\d+: ([\w.-]+)(?:@[\w.-]+)?: </.exec(line);
    if (full) out.push(full[1]);
    const brief = /^([\w.-]+)(?:@[\w.-]+)?\s+(?:UP|DOWN|UNKNOWN|LOWERLAYERDOWN)\s/.exec(line);
    if (brief) out.push(brief[1]);
    for (const m of line.matchAll(/\bdev ([\w.-]+)/g)) out.push(m[1]);
  }
  return out.filter((n) => n !== 'lo');
}

function unitNames(output: string): string[] {
  return [...output.matchAll(/\b([\w@-]+)\.service\b/g)].map((m) => m[1]);
}

const resourceName = (typed: string) => resolveResource(typed)?.resource;

const KUBE_VALUE_FLAGS = new Set(['-n', '--namespace', '-o', '--output', '-l', '--selector', '-f', '--filename', '--field-selector', '--sort-by', '-c', '--container']);

/** The first argument of a kubectl verb that is not an option or an option's value. */
function kubeKindArg(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (KUBE_VALUE_FLAGS.has(args[i])) i++;
    else if (!args[i].startsWith('-')) return args[i];
  }
  return undefined;
}

/** Kubernetes objects listed by `kubectl get` (NAME column, `kind/name` forms) and namespaces seen anywhere. */
function kubeObjects(getArgs: string[] | undefined, output: string): { objects: [string, string][]; namespaces: string[] } {
  const objects: [string, string][] = [];
  const namespaces = [...output.matchAll(/^Namespace:\s+(\S+)/gm)].map((m) => m[1]);
  if (!getArgs) return { objects, namespaces };
  const kinds = kubeKindArg(getArgs)?.split(',').map(resourceName) ?? [];
  let cols: { ns: number; name: number } | undefined;
  for (const line of output.split('\n')) {
    if (/^(NAMESPACE\s+)?NAME(\s|$)/.test(line)) {
      const ns = line.startsWith('NAMESPACE');
      cols = { ns: ns ? 0 : -1, name: ns ? 1 : 0 };
      continue;
    }
    if (!cols || !line.trim()) continue;
    const fields = line.trim().split(/\s+/);
    if (cols.ns >= 0) namespaces.push(fields[cols.ns]);
    const name = fields[cols.name];
    if (!name) continue;
    const slash = name.indexOf('/');
    const kind = slash > 0 ? resourceName(name.slice(0, slash).split('.')[0]) : kinds.length === 1 ? kinds[0] : undefined;
    const bare = slash > 0 ? name.slice(slash + 1) : name;
    if (kind) objects.push([kind, bare]);
    if (kind === 'namespaces') namespaces.push(bare);
  }
  return { objects, namespaces };
}

/** Learns from one finished command: the line typed, the host it ran on, its output. */
export function learn(seen: Seen, line: string, host: string | undefined, output: string): Seen {
  const argv = line.trim().split(/\s+/);
  const ips = [...output.matchAll(IP)].map((m) => m[0]).filter((ip) => ip !== '0.0.0.0' && !ip.startsWith('255.'));
  const next: Seen = {
    ...seen,
    host: add(seen.host, [...(host ? [host] : []), ...hostNames(output)]),
    ip: add(seen.ip, ips),
    iface: add(seen.iface, ifaceNames(output)),
    unit: add(seen.unit, unitNames(output)),
  };
  if (argv[0] !== 'kubectl') return next;
  const get = argv.indexOf('get');
  const k = kubeObjects(get > 0 ? argv.slice(get + 1) : undefined, output);
  const objects: Record<string, readonly string[]> = { ...next.objects };
  const byKind = new Map<string, string[]>();
  for (const [kind, name] of k.objects) {
    if (!byKind.has(kind)) byKind.set(kind, []);
    byKind.get(kind)!.push(name);
  }
  for (const [kind, names] of byKind) objects[kind] = add(objects[kind] ?? [], names);
  return { ...next, objects, namespace: add(next.namespace, k.namespaces) };
}

/** The resource a typed kind names (`po` → `pods`), for completing object names. */
export const kindResource = resourceName;
