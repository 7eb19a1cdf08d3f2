import { describe, expect, it } from 'vitest';
import { commands } from '../../../server/shell/commands/index.js';
import { formatG } from '../../../server/shell/commands/ping.js';
import { execLine, newSession } from '../../../server/shell/shell.js';
import { expectRtt, expectStep, lab, mask, pingTime, terminal, transcript } from './net-lab.js';


/** Replays a capture on a fresh lab: other tools' commands set the scene, ping is compared. */
function replay(name: string, setup: [string, string][] = []) {
  const world = lab();
  const run = terminal(world);
  for (const [host, line] of setup) run(host, line);
  const shown = [];
  for (const step of transcript(name)) {
    if (step.cmd.startsWith('ping')) shown.push(expectStep(run, step));
    else run(step.host, step.cmd);
  }
  return { world, run, shown };
}

describe('ping on the reference lab', () => {
  it('replies on the same subnet and through the router', () => {
    const [same] = replay('ping-success-same-subnet.txt').shown;
    const [routed] = replay('ping-success-routed.txt').shown;
    for (const s of [same, routed]) {
      expectRtt(s.text);
      expect(pingTime(s.text)).toBeGreaterThanOrEqual(2000);
      expect(pingTime(s.text)).toBeLessThan(2060);
      expect(Math.abs(s.elapsedMs - pingTime(s.text))).toBeLessThanOrEqual(1);
    }
  });

  it('follows -q, -s and -w/-i', () => {
    const [quiet, size, deadline] = replay('ping-success-options.txt').shown;
    expectRtt(quiet.text);
    expect(pingTime(size.text)).toBeGreaterThanOrEqual(1000);
    // -w 2 -i 0.5: four requests half a second apart, then the deadline.
    expect(pingTime(deadline.text)).toBeGreaterThanOrEqual(1500);
    expect(pingTime(deadline.text)).toBeLessThan(2000);
    expect(deadline.elapsedMs).toBe(2000);
  });

  it('prints the rtt the way iputils does, with a real mdev', () => {
    const [s] = replay('ping-success-same-subnet.txt').shown;
    const times = [...s.text.matchAll(/time=(\d+\.\d{3}) ms/g)].map((m) => Math.round(Number(m[1]) * 1000));
    const [min, avg, max, mdev] = expectRtt(s.text).map((x) => Math.round(x * 1000));
    expect([min, max]).toEqual([Math.min(...times), Math.max(...times)]);
    const mean = times.reduce((a, b) => a + b) / times.length;
    expect(avg).toBe(Math.floor(mean));
    const sd = Math.sqrt(times.reduce((a, t) => a + t * t, 0) / times.length - mean * mean);
    expect(Math.abs(mdev - sd)).toBeLessThanOrEqual(1);
  });

  it('silently loses requests to a DROP, a disabled router, a missing return route and its own OUTPUT chain', () => {
    for (const name of ['ping-iptables-drop.txt', 'ping-forwarding-disabled.txt', 'ping-iptables-output-drop-local.txt']) {
      const { shown } = replay(name);
      // No reply: ping waits -W 1 after the last request, `time` counts to that request.
      expect(Math.abs(shown[0].elapsedMs - pingTime(shown[0].text) - 1000)).toBeLessThanOrEqual(1);
    }
    replay('ping-no-return-route.txt');
  });

  it('reports ICMP errors from the router and the destination', () => {
    for (const name of [
      'ping-iptables-reject-admin-prohibited.txt',
      'ping-iptables-reject-host-unreachable.txt',
      'ping-iptables-reject-net-unreachable.txt',
      'ping-iptables-reject-port-unreachable.txt',
      'ping-router-net-unreachable.txt',
      'ping-ttl-exceeded.txt',
    ]) {
      const { shown } = replay(name);
      // Every request was answered at once: ping stops right after the last one.
      expect(Math.abs(shown[0].elapsedMs - pingTime(shown[0].text))).toBeLessThanOrEqual(1);
    }
  });

  it('fails locally without a route', () => {
    replay('ping-network-unreachable-no-route.txt', [['web2', 'ip route del default']]);
  });

  it('learns the path MTU from "frag needed", then fails locally', () => {
    const { world } = replay('ping-mtu-frag-needed.txt');
    expect(world.hosts.web1.pmtu['10.0.2.10']).toBe(1400);
  });

  it('reports an unanswered neighbour after ARP gives up, in batches', () => {
    const world = lab();
    const run = terminal(world);
    const [four, five, three] = transcript('ping-host-unreachable-same-subnet.txt');
    // -c 4: requests 1-3 wait in the ARP queue and fail together after ~3 s; 4 starts a new
    // resolution and fails ~3 s later, so ping runs ~6 s though `time` counts to request 4.
    const a = expectStep(run, four);
    expect(a.elapsedMs).toBeGreaterThan(6000);
    expect(a.elapsedMs).toBeLessThan(6200);
    // -c 5 -W 1: only the first batch fails before ping gives up 1 s after request 5.
    const b = expectStep(run, five);
    expect(Math.abs(b.elapsedMs - pingTime(b.text) - 1000)).toBeLessThanOrEqual(1);
    // The capture's third run inherited the kernel's half-done resolution from the second;
    // from a fresh neighbour entry (as a real kernel does too) -W 1 ends before ARP fails.
    const c = run(three.host, three.cmd);
    expect(mask(c.text)).toBe(mask('PING 10.0.1.99 (10.0.1.99) 56(84) bytes of data.\n\n--- 10.0.1.99 ping statistics ---\n3 packets transmitted, 0 received, 100% packet loss, time 2012ms\n\n'));
    expect(c.exit).toBe(1);
  });

  it('is interrupted by Ctrl-C when neither -c nor -w is given', () => {
    const world = lab();
    const run = terminal(world);
    const [ok, unreachable] = transcript('ping-interrupted-ctrl-c.txt');
    // The tty echoes ^C where the cursor is: at the start of the blank line.
    expectStep(run, ok, ok.text.replace('\n\n---', '\n^C\n---'));
    const s = run(unreachable.host, unreachable.cmd);
    expect(mask(s.text)).toBe(
      mask('PING 10.0.1.99 (10.0.1.99) 56(84) bytes of data.\n' + [1, 2, 3].map((n) => `From 10.0.1.10 icmp_seq=${n} Destination Host Unreachable\n`).join('') +
        '^C\n--- 10.0.1.99 ping statistics ---\n4 packets transmitted, 0 received, +3 errors, 100% packet loss, time 3064ms\npipe 4\n'),
    );
    expect(s.exit).toBe(1);
  });

  it('resolves names through /etc/hosts and DNS', () => {
    replay('ping-unknown-host.txt');
  });

  it('prints usage errors like iputils', () => {
    replay('ping-usage-errors.txt');
  });
});

describe('ping details', () => {
  const run = terminal(lab());

  it('rejects bad option values', () => {
    expect(run('web1', 'ping -c abc 10.0.1.1')).toMatchObject({ err: "ping: invalid argument: 'abc'\n", exit: 1 });
    expect(run('web1', 'ping -c 99999999999999999999 10.0.1.1')).toMatchObject({ err: "ping: invalid argument: '99999999999999999999': Numerical result out of range\n", exit: 1 });
    expect(run('web1', 'ping -W -1 10.0.1.1')).toMatchObject({ err: 'ping: bad linger time: -1\n', exit: 2 });
    expect(run('web1', 'ping -t 256 10.0.1.1')).toMatchObject({ err: "ping: invalid argument: '256': out of range: 0 <= value <= 255\n", exit: 1 });
    expect(run('web1', 'ping -M foo 10.0.1.1')).toMatchObject({ err: 'ping: invalid -M argument: foo\n', exit: 2 });
    expect(run('web1', 'ping -I eth9 -c1 10.0.1.1')).toMatchObject({ err: 'ping: SO_BINDTODEVICE eth9: No such device\n', exit: 2 });
    expect(run('web1', 'ping -c1 -I 10.0.1.77 10.0.1.1')).toMatchObject({ err: 'ping: bind: Cannot assign requested address\n', exit: 2 });
    expect(run('web1', 'ping -c1 -t 0 10.0.1.1')).toMatchObject({ err: 'ping: cannot set unicast time-to-live: Invalid argument\n', exit: 2 });
    const c = run('web1', 'ping -c');
    expect(c.err.startsWith("ping: option requires an argument -- 'c'\n\nUsage\n")).toBe(true);
    expect(run('web1', 'ping --help').err.startsWith("ping: invalid option -- '-'\n\nUsage\n")).toBe(true);
    expect(run('web1', 'ping -h')).toMatchObject({ out: '', exit: 2 });
  });

  it('prints the source with -I, timestamps with -D, small packets without times', () => {
    expect(run('web1', 'ping -c 1 -I eth0 10.0.1.1').out.split('\n')[0]).toBe('PING 10.0.1.1 (10.0.1.1) from 10.0.1.10 eth0: 56(84) bytes of data.');
    expect(run('web1', 'ping -c 1 -I 10.0.1.10 10.0.1.1').out.split('\n')[0]).toBe('PING 10.0.1.1 (10.0.1.1) from 10.0.1.10 : 56(84) bytes of data.');
    const small = run('web1', 'ping -c1 -s 8 10.0.1.1');
    expect(mask(small.out)).toBe(mask('PING 10.0.1.1 (10.0.1.1) 8(36) bytes of data.\n16 bytes from 10.0.1.1: icmp_seq=1 ttl=64\n\n--- 10.0.1.1 ping statistics ---\n1 packets transmitted, 1 received, 0% packet loss, time 0ms\n\n'));
    expect(run('web1', 'ping -c1 -D 10.0.1.1').out).toMatch(/^\[\d{10}\.\d{6}\] 64 bytes from 10\.0\.1\.1: icmp_seq=1 ttl=64 time=0\.\d{3} ms$/m);
    expect(run('web1', 'ping -c 1 10.1').out.split('\n')[0]).toBe('PING 10.1 (10.0.0.1) 56(84) bytes of data.');
  });

  it('names the replies of a name it resolved, unless -n', () => {
    expect(run('web1', 'ping -c 1 db1').out).toMatch(/^64 bytes from db1\.corp\.internal \(10\.0\.2\.10\): icmp_seq=1 ttl=63 /m);
    expect(run('web1', 'ping -c 1 -n db1').out).toMatch(/^PING db1\.corp\.internal \(10\.0\.2\.10\)[^]*^64 bytes from 10\.0\.2\.10: icmp_seq=1/m);
    expect(run('web1', 'ping -c 1 -W 1 -t 1 db1').out).toContain('From rtr.corp.internal (10.0.1.1) icmp_seq=1 Time to live exceeded\n');
  });

  it('formats the loss with %g and exits 1 under -w when short of -c', () => {
    expect([100 / 3, 200 / 3, 100, 0, 12.5].map((x) => formatG(Math.fround(x)))).toEqual(['33.3333', '66.6667', '100', '0', '12.5']);
    const s = run('web1', 'ping -c 5 -w 2 10.0.2.10');
    expect(s.out).toMatch(/^2 packets transmitted, 2 received, 0% packet loss, time 10\d\dms$/m);
    expect(s.exit).toBe(1);
  });

  it('waits for the resolver like glibc when the DNS server does not answer', () => {
    const failed = { out: '', err: 'ping: db1: Temporary failure in name resolution\n', exit: 2 };
    const world = lab();
    const t = terminal(world);
    t('dns1', 'iptables -A INPUT -p udp --dport 53 -j DROP');
    // resolv.conf's defaults (timeout 5 s, 2 attempts) for db1.corp.internal, then for db1 as is.
    expect(t('web1', 'ping -c 1 db1')).toMatchObject({ ...failed, elapsedMs: 20_000 });
    expect(world.hosts.dns1.iptables.filter.chains.INPUT.rules[0].counters.pkts).toBe(4);
    // Ctrl-C while getaddrinfo waits: ping has printed nothing yet.
    const r = execLine(world, newSession(world, 'web1'), 'ping db1', commands, { interruptAt: 3000 });
    expect(r).toEqual({ chunks: [{ fd: 2, text: '^C\n', at: 3000 }], exit: 130, elapsedMs: 3000, readOnly: true });
    // A server that is down does not answer either.
    const down = terminal(lab());
    down('dns1', 'ip link set eth0 down');
    expect(down('web1', 'ping -c 1 db1')).toMatchObject({ ...failed, elapsedMs: 20_000 });
    // A stopped dnsmasq on a live host: port unreachable, and glibc gives up at once.
    const stopped = terminal(lab());
    stopped('dns1', 'systemctl stop dnsmasq');
    expect(stopped('web1', 'ping -c 1 db1')).toMatchObject({ ...failed, elapsedMs: 0 });
  });

  it('counts the requests it sends in the iptables counters', () => {
    const world = lab();
    const t = terminal(world);
    t('db1', 'iptables -A INPUT -p icmp -j DROP');
    t('web1', 'ping -c 3 -W 1 10.0.2.10');
    expect(world.hosts.db1.iptables.filter.chains.INPUT.rules[0].counters).toEqual({ pkts: 3, bytes: 252 });
  });
});
