// kube-proxy spreads a Service's new connections over its endpoints with `-m statistic --mode
// random` rules, drawn from the world's seeded PRNG: one broken replica out of two fails about
// half the requests, the same ones for the same seed.
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../../../server/sim/net/ip.js';
import { cluster } from './cluster.js';

/** Makes one of web's two pods reset every connection to its app, as a crashed server would. */
function breakOneReplica(c: ReturnType<typeof cluster>): void {
  const ip = parseIp(c.run('kubectl -n shop get endpoints web -o jsonpath={.subsets[0].addresses[0].ip}').out)!;
  const pod = Object.values(c.world.hosts).find((h) => h.kind === 'pod' && h.ifaces.some((i) => i.addrs.some((a) => a.ip === ip)))!;
  for (const u of Object.values(pod.units)) for (const l of u.listeners) if (l.port === 8080) l.app = { kind: 'tcp', behaviour: 'reset' };
}

function outcomes(seedRuns = 24): string[] {
  const c = cluster();
  breakOneReplica(c);
  const codes: string[] = [];
  for (let i = 0; i < seedRuns; i++) codes.push(String(c.run('curl -s -o /dev/null http://10.0.10.12:30080/').exit));
  return codes;
}

describe('kube-proxy load spreading', () => {
  it('writes statistic rules that iptables -S prints as iptables-save does', () => {
    const { run } = cluster();
    const services = run('iptables -t nat -S KUBE-SERVICES').out;
    const chain = /"shop\/web:http cluster IP" -m tcp --dport 80 -j (KUBE-SVC-[A-Z2-7]{16})/.exec(services)![1];
    const rules = run(`iptables -t nat -S ${chain}`).out.split('\n');
    expect(rules[0]).toBe(`-N ${chain}`);
    // First the masquerade mark for clients outside the cluster CIDR, then one rule per endpoint.
    expect(rules[1]).toMatch(new RegExp(`^-A ${chain} ! -s 10\\.244\\.0\\.0/16 -d 10\\.\\d+\\.\\d+\\.\\d+/32 -p tcp -m comment --comment "shop/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ$`));
    expect(rules[2]).toMatch(new RegExp(`^-A ${chain} -m comment --comment "shop/web:http -> 10\\.244\\.\\d+\\.\\d+:8080" -m statistic --mode random --probability 0\\.50000000000 -j KUBE-SEP-[A-Z2-7]{16}$`));
    expect(rules[3]).toMatch(new RegExp(`^-A ${chain} -m comment --comment "shop/web:http -> 10\\.244\\.\\d+\\.\\d+:8080" -j KUBE-SEP-[A-Z2-7]{16}$`));
    expect(run(`iptables -t nat -L ${chain} -n`).out.split('\n')[3]).toMatch(/^KUBE-SEP-[A-Z2-7]{16}\s+0\s+--\s+0\.0\.0\.0\/0\s+0\.0\.0\.0\/0\s+\/\* shop\/web:http -> 10\.244\.\d+\.\d+:8080 \*\/ statistic mode random probability 0\.50000000000$/);
  });

  it('fails about half the requests with one broken replica out of two, the same way for the same seed', () => {
    const first = outcomes();
    const failed = first.filter((c) => c !== '0');
    expect(failed.length).toBeGreaterThanOrEqual(6);
    expect(failed.length).toBeLessThanOrEqual(18);
    expect(new Set(failed)).toEqual(new Set(['56']));
    expect(outcomes()).toEqual(first);
  });

  it('accepts statistic rules typed by hand and rejects a bad probability', () => {
    const { run } = cluster();
    expect(run('iptables -t nat -N TEST').exit).toBe(0);
    expect(run('iptables -t nat -A TEST -m statistic --mode random --probability 0.25 -j RETURN').exit).toBe(0);
    expect(run('iptables -t nat -S TEST').out).toBe('-N TEST\n-A TEST -m statistic --mode random --probability 0.25000000000 -j RETURN\n');
    const bad = run('iptables -t nat -A TEST -m statistic --mode random --probability 2 -j RETURN');
    expect([bad.exit, bad.err.split('\n')[0]]).toEqual([2, 'iptables v1.8.9 (nf_tables): --probability must be between 0 and 1']);
  });
});
