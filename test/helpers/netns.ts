// Running probes in real Linux network namespaces (root only) and classifying what ping and
// a TCP connect report, in the same terms the simulator's ProbeResult is mapped to.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sourceFor } from '../../server/sim/net/engine.js';
import { parseIp } from '../../server/sim/net/ip.js';
import { lookupRoute } from '../../server/sim/net/route.js';
import type { Host, World } from '../../server/sim/world/types.js';

export interface BashResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runBash(script: string, timeoutMs = 60_000): BashResult {
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL' });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error ? String(r.error) : '') };
}

/** Why the kernel side cannot run here, or null when it can (root, `ip netns`, iptables with conntrack and REJECT, tools). */
export function netnsUnavailable(): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'not root on Linux';
  const tools = runBash('for t in ip iptables iptables-restore ping python3 ss; do command -v $t >/dev/null || { echo $t; exit 1; }; done');
  if (tools.status !== 0) return `missing ${tools.stdout.trim() || 'tools'}`;
  const probe = `odtprobe${process.pid}`;
  const ns = runBash(`ip netns add ${probe} && ip netns del ${probe}`);
  if (ns.status !== 0) return `ip netns unavailable: ${ns.stderr.trim()}`;
  // The kinds of rules the topologies load (conntrack and REJECT need their kernel modules).
  const rules = '*filter\n-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n-A INPUT -p tcp -j REJECT --reject-with tcp-reset\nCOMMIT\n';
  const ipt = runBash(`ip netns add ${probe} && printf '${rules}' | ip netns exec ${probe} iptables-restore; rc=$?; ip netns del ${probe}; exit $rc`);
  if (ipt.status !== 0) return `iptables cannot load conntrack/REJECT rules: ${ipt.stderr.trim()}`;
  return null;
}

/** Seconds between waves of probes. */
export const WAVE_GAP = 1.25;
/** Waves after the first; probes that would need more are skipped. */
export const MAX_EXTRA_WAVES = 3;

export interface KernelProbe {
  /** Namespace to run in. */
  ns: string;
  dst: string;
  proto: 'icmp' | 'tcp';
  port?: number;
  /** Probes start in waves WAVE_GAP seconds apart (see scheduleProbes). */
  wave: number;
}

/** Seconds a TCP connect may take: a SYN is retransmitted after 1 s (see scheduleProbes). */
const TCP_DEADLINE = 1.6;

/**
 * Non-blocking connects to every target at once; after the deadline each socket reports
 * `connected`, the errno name of its error, or `timeout`. Args: deadline, then FILE:IP:PORT...
 */
const TCP_PROBE = `
import errno, select, socket, sys, time
deadline = time.monotonic() + float(sys.argv[1])
pending = {}
def done(path, result):
    with open(path, 'w') as f: f.write(result + '\\n')
for arg in sys.argv[2:]:
    path, ip, port = arg.rsplit(':', 2)
    s = socket.socket()
    s.setblocking(False)
    try:
        s.connect((ip, int(port)))
        done(path, 'connected')
    except BlockingIOError:
        pending[s.fileno()] = (s, path)
    except OSError as e:
        done(path, errno.errorcode.get(e.errno, str(e.errno)))
poller = select.poll()
for fd in pending: poller.register(fd, select.POLLOUT)
while pending:
    left = deadline - time.monotonic()
    if left <= 0: break
    for fd, _ in poller.poll(left * 1000):
        s, path = pending.pop(fd)
        poller.unregister(fd)
        err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        done(path, 'connected' if err == 0 else errno.errorcode.get(err, str(err)))
for s, path in pending.values():
    err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    if err: done(path, errno.errorcode.get(err, str(err)))
    else:
        try: s.getpeername(); done(path, 'connected')
        except OSError: done(path, 'timeout')
`;

let python: string | undefined;

/** The Python interpreter itself (not a version manager's shim, which is slow to start). */
export function pythonPath(): string {
  python ??= runBash("python3 -c 'import sys; print(sys.executable)'").stdout.trim();
  return python;
}

/**
 * Runs the probes: per wave and namespace one `ip netns exec` running a ping per ICMP probe
 * (one echo, 1 s timeout) and one Python process doing all TCP connects in parallel. Returns
 * each probe's raw result in probe order: ping's output plus `rc=N`, or the TCP outcome word.
 */
export function runProbes(probes: KernelProbe[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'odt-probes-'));
  try {
    writeFileSync(join(dir, 'tcp.py'), TCP_PROBE);
    const lines: string[] = [];
    const waves = Math.max(0, ...probes.map((p) => p.wave));
    for (let w = 0; w <= waves; w++) {
      if (w) lines.push(`sleep ${WAVE_GAP}`);
      const byNs = new Map<string, number[]>();
      probes.forEach((p, i) => {
        if (p.wave === w) byNs.set(p.ns, [...(byNs.get(p.ns) ?? []), i]);
      });
      for (const [ns, ids] of byNs) {
        const script = ids
          .filter((i) => probes[i].proto === 'icmp')
          .map((i) => `{ ping -c 1 -W 1 -n ${probes[i].dst} >${dir}/${i} 2>&1; echo "rc=$?" >>${dir}/${i}; } &`);
        const tcp = ids.filter((i) => probes[i].proto === 'tcp').map((i) => `${dir}/${i}:${probes[i].dst}:${probes[i].port}`);
        if (tcp.length) script.push(`${pythonPath()} -I -S ${dir}/tcp.py ${TCP_DEADLINE} ${tcp.join(' ')}`);
        script.push('wait');
        const file = join(dir, `w${w}-${ns}.sh`);
        writeFileSync(file, script.join('\n') + '\n');
        lines.push(`ip netns exec ${ns} bash ${file} &`);
      }
    }
    lines.push('wait');
    const r = runBash(lines.join('\n'), 120_000);
    if (r.status !== 0) throw new Error(`probe script failed: ${r.stderr}`);
    return probes.map((_, i) => readFileSync(join(dir, String(i)), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ipError = (kind: string) => kind === 'none' || kind === 'unreachable' || kind === 'prohibit';

/**
 * A forwarding router answers "no route" through ip_error(), which rate-limits per source
 * address: a bucket of 5 tokens refilled at 1 per second (net.ipv4.route.error_cost and
 * error_burst, which only the initial namespace has). Probes whose answer is such an error
 * must not find the bucket empty, so they, and everything else that may spend from the same
 * bucket, start in waves WAVE_GAP seconds apart; what does not fit in MAX_EXTRA_WAVES is
 * skipped (wave -1). Buckets are keyed (router, source address) and guessed conservatively
 * from the routing tables: a request from `src` that a router cannot route needs a token
 * (and spends one); an answer that a router cannot route back to `src` (the reply from the
 * destination, an error from another router) spends one. A TCP connect may spend two: when
 * the whole path runs in the sender's softirq, the error arrives while connect() still holds
 * the socket lock and only sets a soft error, and the SYN retransmitted a second later asks again.
 * (`unreachable` and `prohibit` routes answer through ip_error() too.)
 */
export function scheduleProbes(world: World, probes: { host: string; dst: string; proto: 'icmp' | 'tcp' }[]): number[] {
  const routers = Object.values(world.hosts).filter((h) => h.sysctl['net.ipv4.ip_forward'] === '1');
  const addrsOf = (h: Host) => h.ifaces.filter((i) => i.kind !== 'loopback').flatMap((i) => i.addrs.map((a) => a.ip));
  const keyed = probes.map((p) => {
    const host = world.hosts[p.host];
    const dst = parseIp(p.dst)!;
    const src = sourceFor(world, host, dst);
    const needs = new Set<string>();
    const spends = new Set<string>();
    if (src !== null) {
      for (const r of routers) {
        if (r === host) continue;
        if (ipError(lookupRoute(world, r, dst).kind)) needs.add(`${r.name}|${src}`);
        if (!ipError(lookupRoute(world, r, src).kind)) continue;
        for (const a of [dst, ...routers.filter((q) => q !== r).flatMap(addrsOf)]) spends.add(`${r.name}|${a}`);
      }
    }
    for (const k of needs) spends.add(k);
    return { needs, spends, offsets: p.proto === 'tcp' ? [0, 1] : [0] };
  });
  // Only buckets that some probe needs matter.
  const matters = new Set(keyed.flatMap((k) => [...k.needs]));
  const spent = new Map<string, number[]>();
  // Refill a little slower than the kernel does, for scheduling jitter.
  const fits = (times: number[]): boolean => {
    let tokens = 5;
    let last = 0;
    for (const t of [...times].sort((a, b) => a - b)) {
      tokens = Math.min(5, tokens + 0.8 * (t - last));
      last = t;
      if (tokens < 1) return false;
      tokens -= 1;
    }
    return true;
  };
  return keyed.map(({ spends, offsets }) => {
    const keys = [...spends].filter((k) => matters.has(k));
    const at = (wave: number) => offsets.map((o) => wave * WAVE_GAP + o);
    for (let wave = 0; wave <= MAX_EXTRA_WAVES; wave++) {
      if (!keys.every((k) => fits([...(spent.get(k) ?? []), ...at(wave)]))) continue;
      for (const k of keys) spent.set(k, [...(spent.get(k) ?? []), ...at(wave)]);
      return wave;
    }
    return -1;
  });
}

/** A probe's outcome: the class both sides must agree on, and who answered (replies and ICMP errors). */
export interface Outcome {
  cls: string;
  from?: string;
}

/** iputils ping's texts for ICMP destination-unreachable codes and time exceeded. */
const PING_ERRORS: Record<string, string> = {
  'Destination Net Unreachable': 'net-unreachable',
  'Destination Host Unreachable': 'host-unreachable',
  'Destination Protocol Unreachable': 'proto-unreachable',
  'Destination Port Unreachable': 'port-unreachable',
  'Destination Net Prohibited': 'net-prohibited',
  'Destination Host Prohibited': 'host-prohibited',
  'Packet filtered': 'admin-prohibited',
  'Time to live exceeded': 'ttl-exceeded',
};

/** `ping -c 1`: reply, `icmp:<type>` from the error's source, `local:<errno>` or timeout. */
export function classifyPing(raw: string): Outcome {
  const reply = /^\d+ bytes from ([\d.]+): icmp_seq=1 /m.exec(raw);
  if (reply) return { cls: 'reply', from: reply[1] };
  const err = /^From ([\d.]+) icmp_seq=1 (.+)$/m.exec(raw);
  if (err) {
    const type = PING_ERRORS[err[2].trim()] ?? (err[2].startsWith('Frag needed') ? 'frag-needed' : `?${err[2].trim()}`);
    return { cls: `icmp:${type}`, from: err[1] };
  }
  const local = /^ping: (?:connect|sendmsg): (.+)$/m.exec(raw);
  if (local) return { cls: `local:${ERRNO_BY_TEXT[local[1]] ?? local[1]}` };
  // iputils' wording for EACCES from connect() (a prohibit route, or a firewall).
  if (/^ping: Do you want to ping broadcast\? Then -b/m.test(raw)) return { cls: 'local:EACCES' };
  if (/ 0 received/.test(raw)) return { cls: 'timeout' };
  return { cls: `?${raw.trim().replace(/\n/g, ' | ')}` };
}

const ERRNO_BY_TEXT: Record<string, string> = {
  'Network is unreachable': 'ENETUNREACH',
  'No route to host': 'EHOSTUNREACH',
  'Connection refused': 'ECONNREFUSED',
  'Protocol not available': 'ENOPROTOOPT',
  'Operation not permitted': 'EPERM',
  'Permission denied': 'EACCES',
  'Invalid argument': 'EINVAL',
  'Message too long': 'EMSGSIZE',
  'Connection timed out': 'ETIMEDOUT',
};

/** A TCP connect: connected, refused, another errno, or timeout. */
export function classifyTcp(raw: string): Outcome {
  const word = raw.trim();
  return { cls: word === 'ECONNREFUSED' ? 'refused' : word === 'ETIMEDOUT' ? 'timeout' : word };
}
