// Differential test of the packet walk against the Linux kernel: random topologies are built
// both as simulated worlds and as real network namespaces, and every host pings and
// TCP-connects to every address. Both sides must report the same outcome (reply, which ICMP
// error from whom, local error, refused, timeout). Needs root; skipped elsewhere.
import { afterAll, describe, expect, it } from 'vitest';
import { buildWorld } from '../../../server/sim/world/build.js';
import { probe, type IcmpError, type ProbeResult } from '../../../server/sim/net/engine.js';
import { formatIp, parseIp } from '../../../server/sim/net/ip.js';
import { classifyPing, classifyTcp, netnsUnavailable, pythonPath, runBash, runProbes, scheduleProbes, type Outcome } from '../../helpers/netns.js';
import { FAULT_KINDS, LISTEN_PORT, nsName, randomTopology, setupScript, teardownScript } from '../../helpers/random-topology.js';

const TOPOLOGIES = Number(process.env.KERNEL_DIFF_TOPOLOGIES ?? 24);
const SEED_BASE = 1000;

const unavailable = netnsUnavailable();

/** How a TCP connect() fails for each ICMP error (the kernel's icmp_err_convert). */
const TCP_ERRNO: Record<IcmpError, string> = {
  'net-unreachable': 'ENETUNREACH',
  'host-unreachable': 'EHOSTUNREACH',
  'proto-unreachable': 'ENOPROTOOPT',
  'port-unreachable': 'refused',
  'frag-needed': 'EMSGSIZE',
  'net-prohibited': 'ENETUNREACH',
  'host-prohibited': 'EHOSTUNREACH',
  'admin-prohibited': 'EHOSTUNREACH',
  'ttl-exceeded': 'EHOSTUNREACH',
};

function simOutcome(r: ProbeResult, proto: 'icmp' | 'tcp'): Outcome {
  if (proto === 'icmp') {
    switch (r.kind) {
      case 'reply':
        return { cls: 'reply', from: formatIp(r.from) };
      case 'icmp':
        return { cls: `icmp:${r.type}`, from: formatIp(r.from) };
      case 'timeout':
        return { cls: 'timeout' };
      case 'local':
        return { cls: `local:${r.errno}` };
    }
  }
  switch (r.kind) {
    case 'reply':
      return { cls: r.tcp === 'syn-ack' ? 'connected' : 'refused' };
    case 'icmp':
      return { cls: TCP_ERRNO[r.type] };
    case 'timeout':
      return { cls: 'timeout' };
    case 'local':
      return { cls: r.errno };
  }
}

interface Pair {
  host: string;
  dst: string;
  label: string;
  proto: 'icmp' | 'tcp';
}

interface Disagreement {
  seed: number;
  pair: string;
  kernel: string;
  sim: string;
}

function show(o: Outcome): string {
  return o.from ? `${o.cls} from ${o.from}` : o.cls;
}

// KERNEL_DIFF_SEEDS=1003,1017 re-runs only those topologies (when chasing a disagreement);
// KERNEL_DIFF_TOPOLOGIES=200 explores more of them; KERNEL_DIFF_VERBOSE=1 shows timings and raw output.
const only = process.env.KERNEL_DIFF_SEEDS?.split(',').map(Number);
const seeds = only ?? Array.from({ length: TOPOLOGIES }, (_, i) => SEED_BASE + i);
// Each topology forces one fault kind in turn, so every kind is covered.
const topologies = seeds.map((seed) => randomTopology(seed, FAULT_KINDS[(seed - SEED_BASE) % FAULT_KINDS.length], `odt${seed}-${process.pid}-`));

describe('random topologies', () => {
  it('build as worlds and every probe gets an answer from the simulator', () => {
    for (const t of topologies) {
      const world = buildWorld(t.spec, t.seed);
      for (const h of t.hosts) {
        for (const target of t.targets) {
          const r = probe(world, h.name, { dst: parseIp(target.ip)!, proto: 'tcp', dport: LISTEN_PORT }, { record: false });
          expect(['reply', 'icmp', 'timeout', 'local']).toContain(r.kind);
        }
      }
    }
  });
});

describe.skipIf(unavailable !== null)('packet walk agrees with the Linux kernel', () => {
  afterAll(() => {
    runBash(topologies.map(teardownScript).join(''));
  });

  it(`ping and TCP connect over ${topologies.length} random topologies`, () => {
    let total = 0;
    let skipped = 0;
    const classes = new Map<string, number>();
    const disagreements: Disagreement[] = [];
    for (const t of topologies) {
      const started = Date.now();
      runBash(teardownScript(t));
      const built = runBash(setupScript(t, pythonPath()));
      if (built.status !== 0) {
        runBash(teardownScript(t));
        throw new Error(`topology ${t.seed}: setup failed: ${built.stderr}`);
      }
      try {
        const world = buildWorld(t.spec, t.seed);
        const pairs: Pair[] = [];
        for (const h of t.hosts) {
          for (const target of t.targets) {
            for (const proto of ['icmp', 'tcp'] as const) pairs.push({ host: h.name, dst: target.ip, label: target.label, proto });
          }
        }
        const waves = scheduleProbes(world, pairs);
        const run = pairs.map((p, i) => ({ ...p, wave: waves[i] })).filter((p) => p.wave >= 0);
        skipped += pairs.length - run.length;
        const t0 = Date.now();
        const raw = runProbes(run.map((p) => ({ ns: nsName(t, p.host), dst: p.dst, proto: p.proto, port: LISTEN_PORT, wave: p.wave })));
        if (process.env.KERNEL_DIFF_VERBOSE) {
          console.log(`seed ${t.seed}: ${run.length}/${pairs.length} probes in ${Math.max(...waves) + 1} waves, setup ${t0 - started} ms, probes ${Date.now() - t0} ms`);
        }
        run.forEach((p, i) => {
          const kernel = p.proto === 'icmp' ? classifyPing(raw[i]) : classifyTcp(raw[i]);
          const sim = simOutcome(probe(world, p.host, { dst: parseIp(p.dst)!, proto: p.proto, dport: LISTEN_PORT }, { record: false }), p.proto);
          total++;
          const cls = `${p.proto === 'icmp' ? 'ping' : 'tcp'} ${kernel.cls}`;
          classes.set(cls, (classes.get(cls) ?? 0) + 1);
          if (kernel.cls !== sim.cls || kernel.from !== sim.from) {
            const extra = process.env.KERNEL_DIFF_VERBOSE ? ` [wave ${p.wave}] ${JSON.stringify(raw[i])}` : '';
            disagreements.push({ seed: t.seed, pair: `${p.host} -> ${p.dst} (${p.label}) ${p.proto}`, kernel: show(kernel) + extra, sim: show(sim) });
          }
        });
      } finally {
        runBash(teardownScript(t));
      }
    }
    const agreed = total - disagreements.length;
    const lines = [
      `kernel agreement: ${agreed}/${total} probes (${((100 * agreed) / total).toFixed(1)}%); ${skipped} skipped to stay within the kernel's no-route ICMP rate limit`,
      `kernel outcomes: ${[...classes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ')}`,
    ];
    for (const d of disagreements) {
      const t = topologies.find((x) => x.seed === d.seed)!;
      lines.push(`  seed ${d.seed} [${t.faults.join('; ') || 'no faults'}] ${d.pair}: kernel ${d.kernel}, sim ${d.sim}`);
    }
    console.log(lines.join('\n'));
    expect(disagreements.length, 'disagreements with the kernel (listed above)').toBe(0);
  }, 300_000);
});
