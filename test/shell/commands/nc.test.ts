import { describe, expect, it } from 'vitest';
import { expectStep, lab, terminal, transcript } from './net-lab.js';

describe('nc on the reference lab', () => {
  it('checks open, refused and filtered ports', () => {
    const world = lab();
    const run = terminal(world);
    // The capture's 5432 was filtered (the header says DROP => timeout with -w 2).
    run('db1', 'iptables -A INPUT -p tcp --dport 5432 -j DROP');
    const [open, refused, filtered, again] = transcript('nc-port-checks.txt');
    expect(expectStep(run, open).elapsedMs).toBe(0);
    expectStep(run, refused);
    expect(expectStep(run, filtered).elapsedMs).toBe(2000);
    expectStep(run, again);
    // The SYN and its retransmissions within the 2 s: at 0 and ~1 s.
    expect(world.hosts.db1.iptables.filter.chains.INPUT.rules[0].counters.pkts).toBe(2);
  });
});

describe('nc details (as OpenBSD netcat 1.219 prints them)', () => {
  const world = lab();
  const run = terminal(world);
  run('rtr', 'iptables -A FORWARD -d 10.0.2.10 -p tcp --dport 8081 -j REJECT --reject-with icmp-host-unreachable');
  run('rtr', 'iptables -A FORWARD -d 10.0.2.10 -p tcp --dport 8082 -j REJECT --reject-with icmp-admin-prohibited');
  run('rtr', 'iptables -A FORWARD -d 10.0.2.10 -p tcp --dport 8083 -j REJECT --reject-with icmp-net-unreachable');
  run('rtr', 'iptables -A FORWARD -d 10.0.2.10 -p tcp --dport 8085 -j REJECT --reject-with icmp-proto-unreachable');
  run('rtr', 'iptables -A FORWARD -d 10.0.2.10 -p tcp --dport 8088 -j REJECT --reject-with tcp-reset');

  it('maps ICMP errors to connect() errors', () => {
    const fails: [number, string][] = [
      [8081, 'No route to host'],
      [8082, 'No route to host'],
      [8083, 'Network is unreachable'],
      [8085, 'Protocol not available'],
      [8088, 'Connection refused'],
    ];
    for (const [port, why] of fails) {
      expect(run('web1', `nc -zv 10.0.2.10 ${port}`)).toMatchObject({ out: '', err: `nc: connect to 10.0.2.10 port ${port} (tcp) failed: ${why}\n`, exit: 1 });
    }
    expect(run('web1', 'nc -zv 10.0.9.5 80')).toMatchObject({ err: 'nc: connect to 10.0.9.5 port 80 (tcp) failed: Network is unreachable\n', exit: 1 });
  });

  it('gives up on a silent neighbour after ARP fails, or at -w', () => {
    const slow = run('web1', 'nc -zv 10.0.1.99 80');
    expect(slow).toMatchObject({ err: 'nc: connect to 10.0.1.99 port 80 (tcp) failed: No route to host\n', exit: 1 });
    expect(slow.elapsedMs).toBe(3054);
    const fast = run('web1', 'nc -zv -w 1 10.0.1.99 80');
    expect(fast).toMatchObject({ err: 'nc: connect to 10.0.1.99 port 80 (tcp) timed out: Operation now in progress\n', exit: 1 });
    expect(fast.elapsedMs).toBe(1000);
  });

  it('times out after the kernel SYN retries without -w', () => {
    const w = lab();
    const t = terminal(w);
    t('db1', 'iptables -A INPUT -p tcp --dport 5432 -j DROP');
    const s = t('web1', 'nc -zv 10.0.2.10 5432');
    expect(s).toMatchObject({ err: 'nc: connect to 10.0.2.10 port 5432 (tcp) failed: Connection timed out\n', exit: 1 });
    expect(s.elapsedMs).toBeGreaterThan(127_000);
    expect(s.elapsedMs).toBeLessThan(140_000);
    expect(w.hosts.db1.iptables.filter.chains.INPUT.rules[0].counters.pkts).toBe(7);
  });

  it('scans several ports and ranges; exits 0 when any is open', () => {
    expect(run('web1', 'nc -zv 10.0.2.10 5432 22 8080')).toMatchObject({
      err: 'Connection to 10.0.2.10 5432 port [tcp/postgresql] succeeded!\nConnection to 10.0.2.10 22 port [tcp/ssh] succeeded!\nConnection to 10.0.2.10 8080 port [tcp/http-alt] succeeded!\n',
      exit: 0,
    });
    expect(run('web1', 'nc -zv 10.0.2.10 8081-8079')).toMatchObject({
      err: 'nc: connect to 10.0.2.10 port 8079 (tcp) failed: Connection refused\nConnection to 10.0.2.10 8080 port [tcp/http-alt] succeeded!\nnc: connect to 10.0.2.10 port 8081 (tcp) failed: No route to host\n',
      exit: 0,
    });
    expect(run('web1', 'nc -z 10.0.2.10 8079')).toMatchObject({ out: '', err: '', exit: 1 });
    expect(run('web1', 'nc -zv 10.0.2.10 http-alt -w 1').err).toBe('Connection to 10.0.2.10 8080 port [tcp/http-alt] succeeded!\n');
    expect(run('web1', 'nc -zvn 10.0.2.10 8080').err).toBe('Connection to 10.0.2.10 8080 port [tcp/*] succeeded!\n');
    expect(run('web1', 'nc -zv 10.0.2.10 9000').err).toBe('Connection to 10.0.2.10 9000 port [tcp/*] succeeded!\n');
  });

  it('names a resolved host', () => {
    expect(run('web1', 'nc -zv db1 8080').err).toBe('Connection to db1 (10.0.2.10) 8080 port [tcp/http-alt] succeeded!\n');
    expect(run('web1', 'nc -zv db1.corp.internal 8079').err).toBe('nc: connect to db1.corp.internal (10.0.2.10) port 8079 (tcp) failed: Connection refused\n');
    expect(run('web1', 'nc -zvn db1 8080')).toMatchObject({ err: 'nc: getaddrinfo for host "db1" port 8080: Name or service not known\n', exit: 1 });
    expect(run('web1', 'nc -zv nosuchhost 80')).toMatchObject({ err: 'nc: getaddrinfo for host "nosuchhost" port 80: Temporary failure in name resolution\n', exit: 1 });
  });

  it('probes UDP: silent failure on port unreachable', () => {
    expect(run('web1', 'nc -zuv 10.0.3.53 53')).toMatchObject({ err: 'Connection to 10.0.3.53 53 port [udp/domain] succeeded!\n', exit: 0 });
    expect(run('web1', 'nc -zuv 10.0.2.10 8080')).toMatchObject({ out: '', err: '', exit: 1 });
  });

  it('prints the ssh banner when it connects to sshd', () => {
    expect(run('web1', 'nc 10.0.2.10 22')).toMatchObject({ out: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n', exit: 0 });
  });

  it('checks its arguments', () => {
    const usage = 'usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n\t  [destination] [port]\n';
    const cases: [string, string][] = [
      ['nc -zv 10.0.2.10 foo', 'nc: port number invalid: foo\n'],
      ['nc -zv 10.0.2.10', 'nc: missing port number\n'],
      ['nc -zv 10.0.2.10 70000', 'nc: port number too large: 70000\n'],
      ['nc -zv 10.0.2.10 0', 'nc: port number too small: 0\n'],
      ['nc -zv -w abc 10.0.2.10 8080', 'nc: timeout invalid: abc\n'],
      ['nc', usage],
      ['nc -zv 10.0.2.10 -1', `nc: invalid option -- '1'\n${usage}`],
      ['nc -x', `nc: option requires an argument -- 'x'\n${usage}`],
    ];
    for (const [line, err] of cases) expect({ line, ...run('web1', line) }).toMatchObject({ line, out: '', err, exit: 1 });
    expect(run('web1', 'nc -h')).toMatchObject({ out: '', exit: 0 });
  });
});
