import { describe, expect, it } from 'vitest';
import { expectStep, lab, mask, terminal, transcript } from './net-lab.js';

/** Replays a capture on a fresh lab: other tools' commands set the scene, traceroute is compared. */
function replay(name: string, only?: number[]) {
  const world = lab();
  const run = terminal(world);
  const shown = [];
  for (const [i, step] of transcript(name).entries()) {
    if (!step.cmd.startsWith('traceroute')) run(step.host, step.cmd);
    else if (!only || only.includes(i + 1)) shown.push(expectStep(run, step));
  }
  return { world, run, shown };
}

/** The round-trip times of a traceroute output, in ms. */
const rtts = (text: string) => [...text.matchAll(/ {2}(\d+\.\d{3}) ms/g)].map((m) => Number(m[1]));

describe('traceroute on the reference lab', () => {
  it('traces through the router, numerically and with PTR names, UDP and ICMP', () => {
    const { shown } = replay('traceroute-routed.txt');
    for (const s of shown) for (const t of rtts(s.text)) expect(t).toBeLessThan(0.2);
    expect(shown[0].elapsedMs).toBeLessThan(5);
  });

  it('stops at a neighbour on the same subnet', () => {
    replay('traceroute-same-subnet.txt');
  });

  it('shows stars where packets are dropped, each waiting -w', () => {
    const drop = replay('traceroute-firewall-drop-at-destination.txt').shown;
    // All probes are in flight at once: the stars cost one -w, not one per hop.
    expect(drop[0].elapsedMs).toBe(1000);
    replay('traceroute-firewall-drop-at-router.txt');
    replay('traceroute-forwarding-disabled.txt');
  });

  it('annotates ICMP errors !H, !X, !N and ends there; a port unreachable is the destination', () => {
    replay('traceroute-firewall-reject-annotations.txt');
  });

  it('waits for ARP on the sender: !H after ~3 s, or stars with a shorter -w', () => {
    const [slow, fast] = replay('traceroute-host-unreachable-on-link.txt').shown;
    expect(rtts(slow.text)[0]).toBeGreaterThan(3054);
    expect(rtts(slow.text)[0]).toBeLessThan(3055);
    expect(fast.elapsedMs).toBe(1000);
  });

  it('reports !N from a router without a route, and a local "Network is unreachable"', () => {
    const world = lab();
    const run = terminal(world);
    const [one, , local] = transcript('traceroute-no-route.txt');
    expectStep(run, one);
    run('web2', 'ip route del default');
    expectStep(run, local);
  });

  // The kernel rate-limits the ICMP errors a router makes for unroutable packets (ip_error:
  // burst 5, then 1/s) and, with net.ipv4.icmp_ratelimit, all its ICMP errors; the packet walk
  // does not model those token buckets yet, so these two captures cannot be reproduced.
  it.todo('traceroute-no-route.txt [2]: rate-limited !N show as stars');
  it.todo('traceroute-icmp-ratelimited.txt [2]: icmp_ratelimit=1000 on rtr and db1');

  it('matches the first run of the icmp_ratelimit capture (nothing limited yet)', () => {
    replay('traceroute-icmp-ratelimited.txt', [1]);
  });

  it('prints its usage and resolution errors', () => {
    replay('traceroute-errors.txt');
  });
});

describe('traceroute details', () => {
  const run = terminal(lab());

  it('checks its arguments like CLIF', () => {
    const cases: [string, string][] = [
      ['traceroute -q 0 10.0.2.10', 'no more than 10 probes per hop\n'],
      ['traceroute -q 11 10.0.2.10', 'no more than 10 probes per hop\n'],
      ['traceroute -m 256 10.0.2.10', 'max hops cannot be more than 255\n'],
      ['traceroute -m 0 10.0.2.10', 'first hop out of range\n'],
      ['traceroute -f 6 -m 5 10.0.2.10', 'first hop out of range\n'],
      ['traceroute -Y 10.0.2.10', "Bad option `-Y' (argc 1)\n"],
      ['traceroute -q', "Option `-q' (argc 1) requires an argument: `-q nqueries'\n"],
      ['traceroute -q abc 10.0.2.10', "Cannot handle `-q' option with arg `abc' (argc 2)\n"],
      ['traceroute -w abc 10.0.2.10', "Cannot handle `-w' option with arg `abc' (argc 2)\n"],
      ['traceroute -w -1 10.0.2.10', "bad wait specifications `-1,0,0' used\n"],
      ['traceroute 10.0.2.10 70000', 'too big packetlen 70000 specified\n'],
      ['traceroute 10.0.2.10 abc', 'Cannot handle "packetlen" cmdline arg `abc\' on position 2 (argc 2)\n'],
      ['traceroute 10.0.2.10 100 200', "Extra arg `200' (position 3, argc 3)\n"],
      ['traceroute -nq1 -m2 10.0.2.10', "Option `-q' (argc 1) requires an argument: `-q nqueries'\n"],
    ];
    for (const [line, err] of cases) expect({ line, ...run('web1', line) }).toMatchObject({ line, out: '', err, exit: 2 });
    expect(run('web1', 'traceroute -V')).toMatchObject({ out: '', err: 'Modern traceroute for Linux, version 2.1.2\nCopyright (c) 2016  Dmitry Butskoy,   License: GPL v2 or any later\n', exit: 0 });
  });

  it('takes joined, bundled and long options and a packet length', () => {
    const lines = [
      'traceroute -nI -q 1 -w 1 -m 2 10.0.2.10',
      'traceroute -nq 1 -w1 -m 2 10.0.2.10',
      'traceroute -n 10.0.2.10 -m 2 -q 1',
      'traceroute -n -w 1,2,3 -q 1 -m 2 10.0.2.10',
      'traceroute --max-hops=2 -n -q 1 10.0.2.10',
    ];
    for (const line of lines) {
      expect(mask(run('web1', line).out)).toBe(mask('traceroute to 10.0.2.10 (10.0.2.10), 2 hops max, 60 byte packets\n 1  10.0.1.1  0.065 ms\n 2  10.0.2.10  0.041 ms\n'));
    }
    expect(run('web1', 'traceroute -n -q 1 -w 1 -m 3 10.0.2.10 100').out.split('\n')[0]).toBe('traceroute to 10.0.2.10 (10.0.2.10), 3 hops max, 100 byte packets');
    expect(run('web1', 'traceroute -n -q 1 -w 1 -m 3 10.0.2.10 10').out.split('\n')[0]).toBe('traceroute to 10.0.2.10 (10.0.2.10), 3 hops max, 28 byte packets');
  });

  it('reaches a TCP port with -T and notes a local "frag needed" with -F', () => {
    expect(mask(run('web1', 'traceroute -T -n -q 1 -w 1 -m 2 -p 8080 10.0.2.10').out)).toBe(mask('traceroute to 10.0.2.10 (10.0.2.10), 2 hops max, 60 byte packets\n 1  10.0.1.1  0.078 ms\n 2  10.0.2.10  0.055 ms\n'));
    const world = lab();
    const t = terminal(world);
    world.hosts.web1.ifaces.find((i) => i.name === 'eth0')!.mtu = 1400;
    expect(mask(t('web1', 'traceroute -n -F -q 1 -m 2 10.0.2.10 2000').out)).toBe(mask('traceroute to 10.0.2.10 (10.0.2.10), 2 hops max, 2000 byte packets\n 1  *  0.039 ms !F-1400\n'));
  });

  it('fails before its header with -I when there is no route', () => {
    const world = lab();
    const t = terminal(world);
    t('web2', 'ip route del default');
    expect(t('web2', 'traceroute -I -n -q 1 -w 1 -m 2 10.0.2.10')).toMatchObject({ out: '', err: '\nconnect: Network is unreachable\n', exit: 1 });
  });

  it('waits 3x the same hop or 10x a later hop by default', () => {
    const world = lab();
    const t = terminal(world);
    t('db1', 'iptables -A INPUT -p udp -j DROP');
    // Hop 1 answers in µs, so a silent hop 2 waits only NEAR/HERE times that, not 5 s... until
    // no later hop has answered: then the full 5 s per window of 16 probes.
    const s = t('web1', 'traceroute -n -m 3 10.0.2.10');
    expect(mask(s.out)).toBe(mask('traceroute to 10.0.2.10 (10.0.2.10), 3 hops max, 60 byte packets\n 1  10.0.1.1  0.072 ms  0.009 ms  0.008 ms\n 2  * * *\n 3  * * *\n'));
    expect(s.elapsedMs).toBe(5000);
  });
});
