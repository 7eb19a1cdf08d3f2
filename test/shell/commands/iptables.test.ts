// Golden tests: iptables, iptables-save/-restore and sysctl against the real captures in
// shared/reference/linux (iptables v1.8.9 nf_tables, procps sysctl, Debian 12).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EPOCH_MS } from '../../../server/sim/clock.js';
import { parseIp } from '../../../server/sim/net/ip.js';
import { emptyTables, parseIptablesSave } from '../../../server/sim/net/iptables-rules.js';
import { builtinCommands } from '../../../server/shell/commands/builtins.js';
import { iptablesCommands } from '../../../server/shell/commands/iptables.js';
import { sysctlCommands } from '../../../server/shell/commands/sysctl.js';
import { execLine, newSession } from '../../../server/shell/shell.js';
import type { Host, World } from '../../../server/sim/world/types.js';
import { tinyWorld } from '../../helpers/world.js';

const REF = new URL('../../fixtures/reference/linux/', import.meta.url);
const registry = { ...builtinCommands, ...iptablesCommands, ...sysctlCommands };

interface Step {
  host: string;
  cmd: string;
  output: string;
  exit: number;
}

/** A capture's commands with their merged output and exit status (from the header). */
function transcript(file: string): Step[] {
  const lines = readFileSync(new URL(file, REF), 'utf8').split('\n');
  const header = lines.filter((l) => l.startsWith('#')).join('\n');
  const exits = [...header.matchAll(/\[(\d+)\] exit (\d+)/g)].map((m) => Number(m[2]));
  const single = /^# Exit (\d+)/m.exec(header);
  const steps: Step[] = [];
  for (const line of lines.slice(lines.findIndex((l) => !l.startsWith('#')))) {
    const m = /^(\w+)\$ (.*)$/.exec(line);
    if (m) steps.push({ host: m[1], cmd: m[2], output: '', exit: exits[steps.length] ?? Number(single?.[1] ?? 0) });
    else if (steps.length) steps[steps.length - 1].output += line + '\n';
  }
  // the file ends with a newline: the last "line" is empty, not output
  const last = steps[steps.length - 1];
  last.output = last.output.replace(/\n$/, '');
  return steps;
}

const RTR_SAVE = readFileSync(new URL('iptables-save.txt', REF), 'utf8').split('\n').filter((l) => !l.startsWith('#') && !l.startsWith('rtr$')).join('\n');

/** A world whose host plays every namespace of a capture; `rtr` has the captured router ruleset. */
function world(hosts: string[], opts: { rtrRules?: boolean; counters?: boolean; present?: boolean } = {}): World {
  const w = tinyWorld();
  const base = w.hosts.web1;
  w.hosts = {};
  for (const name of hosts) {
    const h: Host = structuredClone(base);
    h.name = name;
    h.iptables = emptyTables();
    if (opts.present) h.iptables.filter.present = true;
    h.sysctl = { 'net.ipv4.ip_forward': name === 'rtr' ? '1' : '0', 'net.ipv4.conf.all.rp_filter': '0' };
    // what gethostbyaddr answered in the lab (dnsmasq PTR records)
    h.files['/etc/hosts'] = '127.0.0.1\tlocalhost\n10.0.1.1\trtr.corp.internal\n10.0.1.11\tweb2.corp.internal\n';
    w.hosts[name] = h;
  }
  if (opts.rtrRules) {
    const parsed = parseIptablesSave(RTR_SAVE);
    if (!parsed.ok) throw new Error(parsed.message);
    w.hosts.rtr.iptables = parsed.tables;
    if (opts.counters) {
      const fwd = parsed.tables.filter.chains.FORWARD.rules;
      [[612, 856382], [3, 1596], [1, 60], [1, 60], [1, 86], [0, 0], [1, 60]].forEach(([pkts, bytes], i) => (fwd[i].counters = { pkts, bytes }));
      for (const r of parsed.tables.filter.chains.LOGDROP.rules) r.counters = { pkts: 1, bytes: 60 };
      parsed.tables.nat.chains.POSTROUTING.rules[0].counters = { pkts: 2, bytes: 170 };
    }
  }
  return w;
}

function run(w: World, step: { host: string; cmd: string }, user = 'root') {
  const session = newSession(w, step.host, user);
  const r = execLine(w, session, step.cmd, registry);
  return { output: r.chunks.map((c) => c.text).join(''), stdout: r.chunks.filter((c) => c.fd === 1).map((c) => c.text).join(''), exit: r.exit };
}

/** Replays the capture's commands that `only` selects, in order, and compares each. */
function replay(file: string, w: World, only: (s: Step) => boolean = () => true) {
  for (const step of transcript(file).filter(only)) {
    const r = run(w, step);
    expect({ cmd: step.cmd, output: r.output, exit: r.exit }).toEqual({ cmd: step.cmd, output: step.output, exit: step.exit });
  }
}

describe('iptables listings of the router ruleset (golden)', () => {
  it('-S, -S FORWARD, -t nat -S', () => replay('iptables-S.txt', world(['rtr'], { rtrRules: true })));
  it('-L -n -v and -L FORWARD -n -v -x (K suffix, references)', () => replay('iptables-L-n-v.txt', world(['rtr'], { rtrRules: true, counters: true })));
  it('-L -n --line-numbers and -L FORWARD -n -v --line-numbers', () =>
    replay('iptables-L-n-line-numbers.txt', world(['rtr'], { rtrRules: true, counters: true })));
  it('-L and -L INPUT without -n: names, services, log level names', () => replay('iptables-L-names.txt', world(['rtr'], { rtrRules: true })));
  it('-t nat -L in all variants', () => replay('iptables-t-nat-L.txt', world(['rtr'], { rtrRules: true, counters: true })));
  it('iptables-save', () => {
    const w = world(['rtr'], { rtrRules: true });
    w.now = Date.UTC(2026, 10, 22, 23, 53, 5) - EPOCH_MS;
    replay('iptables-save.txt', w);
  });
  it('a host without rules', () => replay('iptables-empty-default.txt', world(['dns1'])));
});

describe('iptables changes and errors (golden)', () => {
  // db1 had rules added and flushed by earlier captures: its filter table exists in the kernel
  it('error texts and exit codes', () => replay('iptables-errors.txt', world(['db1'], { present: true })));
  it('successful changes print nothing; -C answers with the exit status', () => replay('iptables-modify-ok.txt', world(['db1'])));

  it('every iptables/sysctl command in the firewall captures behaves as captured', () => {
    const files = [
      'ping-iptables-drop.txt', 'ping-iptables-output-drop-local.txt', 'ping-iptables-reject-admin-prohibited.txt',
      'ping-iptables-reject-host-unreachable.txt', 'ping-iptables-reject-net-unreachable.txt', 'ping-iptables-reject-port-unreachable.txt',
      'curl-reject-icmp.txt', 'curl-timeout-drop.txt', 'curl-dns-errors.txt', 'traceroute-firewall-drop-at-destination.txt',
      'traceroute-firewall-drop-at-router.txt', 'traceroute-firewall-reject-annotations.txt',
      'ping-forwarding-disabled.txt', 'traceroute-forwarding-disabled.txt',
    ];
    for (const f of files) {
      replay(f, world(['rtr', 'db1', 'web1', 'dns1']), (s) => /^(iptables|sysctl|cat \/proc)/.test(s.cmd));
    }
  });

  it('rules added on the command line land in the host ruleset', () => {
    const w = world(['rtr']);
    run(w, { host: 'rtr', cmd: 'iptables -A FORWARD -d 10.0.2.10 -p tcp -j REJECT --reject-with icmp-host-unreachable' });
    expect(run(w, { host: 'rtr', cmd: 'iptables -R FORWARD 1 -d 10.0.2.10 -p tcp -j REJECT' }).exit).toBe(0);
    const rules = w.hosts.rtr.iptables.filter.chains.FORWARD.rules;
    expect(rules).toHaveLength(1);
    expect(rules[0].target).toEqual({ kind: 'REJECT', with: 'icmp-port-unreachable' });
    expect(rules[0].match.dst).toEqual({ ip: parseIp('10.0.2.10'), prefix: 32 });
  });
});

describe('iptables beyond the captures (outputs of the real iptables 1.8.9)', () => {
  it('refuses non-root users after parsing, before touching the kernel', () => {
    const w = world(['web1']);
    expect(run(w, { host: 'web1', cmd: 'iptables -L' }, 'alice')).toEqual({
      output: 'iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n', stdout: '', exit: 4,
    });
    expect(run(w, { host: 'web1', cmd: 'iptables -Q' }, 'alice').exit).toBe(2);
    expect(run(w, { host: 'web1', cmd: 'iptables-save' }, 'alice').exit).toBe(4);
  });

  it('prints matches in the order they were given, with names and numbers', () => {
    const w = world(['web1']);
    for (const cmd of [
      'iptables -A INPUT -p tcp -m conntrack --ctstate NEW --dport 22 -j ACCEPT',
      'iptables -A INPUT -p icmp ! --icmp-type 0 -j ACCEPT',
      'iptables -A INPUT -p icmp --icmp-type 3/1 -j ACCEPT',
      'iptables -A INPUT -m comment --comment "allow web" -p tcp --dport 80 -j ACCEPT',
      'iptables -A INPUT ! -s 10.0.0.0/8 -p udp ! --dport 1000:2000 --sport 53 -j REJECT',
      'iptables -A INPUT -j LOG --log-level 7 --log-prefix "x y"',
      'iptables -A OUTPUT -p tcp -m multiport ! --dports 22,80 -j ACCEPT',
      'iptables -A OUTPUT ! -p tcp -j ACCEPT',
    ]) expect(run(w, { host: 'web1', cmd }).exit).toBe(0);
    expect(run(w, { host: 'web1', cmd: 'iptables -S' }).output).toBe(
      '-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n' +
      '-A INPUT -p tcp -m conntrack --ctstate NEW -m tcp --dport 22 -j ACCEPT\n' +
      '-A INPUT -p icmp -m icmp ! --icmp-type 0 -j ACCEPT\n' +
      '-A INPUT -p icmp -m icmp --icmp-type 3/1 -j ACCEPT\n' +
      '-A INPUT -p tcp -m comment --comment "allow web" -m tcp --dport 80 -j ACCEPT\n' +
      '-A INPUT ! -s 10.0.0.0/8 -p udp -m udp --sport 53 ! --dport 1000:2000 -j REJECT --reject-with icmp-port-unreachable\n' +
      '-A INPUT -j LOG --log-prefix "x y" --log-level 7\n' +
      '-A OUTPUT -p tcp -m multiport ! --dports 22,80 -j ACCEPT\n' +
      '-A OUTPUT ! -p tcp -j ACCEPT\n',
    );
    expect(run(w, { host: 'web1', cmd: 'iptables -L INPUT -n' }).output).toBe(
      'Chain INPUT (policy ACCEPT)\n' +
      'target     prot opt source               destination         \n' +
      'ACCEPT     6    --  0.0.0.0/0            0.0.0.0/0            ctstate NEW tcp dpt:22\n' +
      'ACCEPT     1    --  0.0.0.0/0            0.0.0.0/0            icmp !type 0\n' +
      'ACCEPT     1    --  0.0.0.0/0            0.0.0.0/0            icmptype 3 code 1\n' +
      'ACCEPT     6    --  0.0.0.0/0            0.0.0.0/0            /* allow web */ tcp dpt:80\n' +
      'REJECT     17   -- !10.0.0.0/8           0.0.0.0/0            udp spt:53 dpts:!1000:2000 reject-with icmp-port-unreachable\n' +
      'LOG        0    --  0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 7 prefix "x y"\n',
    );
    expect(run(w, { host: 'web1', cmd: 'iptables -L -v' }).output).toContain(
      '    0     0 ACCEPT     icmp --  any    any     anywhere             anywhere             icmp !echo-reply\n' +
      '    0     0 ACCEPT     icmp --  any    any     anywhere             anywhere             icmp host-unreachable\n',
    );
    expect(run(w, { host: 'web1', cmd: 'iptables -L OUTPUT' }).output).toBe(
      'Chain OUTPUT (policy ACCEPT)\n' +
      'target     prot opt source               destination         \n' +
      'ACCEPT     tcp  --  anywhere             anywhere             multiport dports  !ssh,http\n' +
      'ACCEPT    !tcp  --  anywhere             anywhere            \n',
    );
  });

  it('TCP flags, rate limits and multiport ranges', () => {
    const w = world(['web1']);
    for (const cmd of [
      'iptables -A INPUT -p tcp --dport 22 --syn -j ACCEPT',
      'iptables -A INPUT -p tcp ! --tcp-flags ALL ACK,FIN',
      'iptables -A INPUT -p icmp -m limit --limit 120/min --limit-burst 1 -j ACCEPT',
      'iptables -A INPUT -m limit -j LOG',
      'iptables -A INPUT -p tcp -m multiport --dports 22,8000:8080 -j ACCEPT',
    ]) expect(run(w, { host: 'web1', cmd }).exit).toBe(0);
    expect(run(w, { host: 'web1', cmd: 'iptables -S INPUT' }).output).toBe(
      '-P INPUT ACCEPT\n' +
      '-A INPUT -p tcp -m tcp --dport 22 --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT\n' +
      '-A INPUT -p tcp -m tcp ! --tcp-flags FIN,SYN,RST,PSH,ACK,URG FIN,ACK\n' +
      '-A INPUT -p icmp -m limit --limit 2/sec --limit-burst 1 -j ACCEPT\n' +
      '-A INPUT -m limit --limit 3/hour -j LOG\n' +
      '-A INPUT -p tcp -m multiport --dports 22,8000:8080 -j ACCEPT\n',
    );
    expect(run(w, { host: 'web1', cmd: 'iptables -L INPUT' }).output).toBe(
      'Chain INPUT (policy ACCEPT)\n' +
      'target     prot opt source               destination         \n' +
      'ACCEPT     tcp  --  anywhere             anywhere             tcp dpt:ssh flags:FIN,SYN,RST,ACK/SYN\n' +
      '           tcp  --  anywhere             anywhere             tcp flags:!FIN,SYN,RST,PSH,ACK,URG/FIN,ACK\n' +
      'ACCEPT     icmp --  anywhere             anywhere             limit: avg 2/sec burst 1\n' +
      'LOG        all  --  anywhere             anywhere             limit: avg 3/hour burst 5 LOG level warn\n' +
      'ACCEPT     tcp  --  anywhere             anywhere             multiport dports ssh,8000:http-alt\n',
    );
    expect(run(w, { host: 'web1', cmd: 'iptables -L INPUT 1 -n' }).output).toBe(
      'ACCEPT     6    --  0.0.0.0/0            0.0.0.0/0            tcp dpt:22 flags:0x17/0x02\n',
    );
    expect(run(w, { host: 'web1', cmd: 'iptables -A INPUT -m limit --limit 10001/sec' }).output).toBe(
      'iptables v1.8.9 (nf_tables): Rate too fast "10001/sec"\nTry `iptables -h\' or \'iptables --help\' for more information.\n',
    );
  });

  it('formats large counters with K/M/G/T, or exactly with -x', () => {
    const w = world(['web1']);
    const text = '*filter\n:INPUT ACCEPT [10:2000]\n:FORWARD DROP [123456789:99999999999]\n:OUTPUT ACCEPT [0:0]\n' +
      '[100000:99999] -A INPUT -j ACCEPT\n[9999999:1234567890] -A INPUT -j ACCEPT\n[99999:100499] -A INPUT\n[100499:999500] -A INPUT\n' +
      '[12345678901:12345678901234] -A INPUT\nCOMMIT\n';
    w.hosts.web1.files['/root/rules'] = text;
    expect(run(w, { host: 'web1', cmd: 'iptables-restore -c /root/rules' }).exit).toBe(0);
    expect(run(w, { host: 'web1', cmd: 'iptables -L -v -n --line-numbers' }).output).toBe(
      'Chain INPUT (policy ACCEPT 10 packets, 2000 bytes)\n' +
      'num   pkts bytes target     prot opt in     out     source               destination         \n' +
      '1     100K 99999 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n' +
      '2      10M 1235M ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n' +
      '3    99999  100K            0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n' +
      '4     100K 1000K            0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n' +
      '5      12G   12T            0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n\n' +
      'Chain FORWARD (policy DROP 123M packets, 100G bytes)\n' +
      'num   pkts bytes target     prot opt in     out     source               destination         \n\n' +
      'Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)\n' +
      'num   pkts bytes target     prot opt in     out     source               destination         \n',
    );
    expect(run(w, { host: 'web1', cmd: 'iptables -L INPUT -v -n -x' }).output).toContain(
      ' 9999999 1234567890 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n',
    );
    expect(run(w, { host: 'web1', cmd: 'iptables -S INPUT -v' }).output).toContain('-P INPUT ACCEPT -c 10 2000\n-A INPUT -c 100000 99999 -j ACCEPT\n');
  });

  it('validates targets per table and chain as the kernel does', () => {
    const w = world(['web1']);
    const cases: [string, string, number][] = [
      ['iptables -t nat -A PREROUTING -j REJECT', 'iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain PREROUTING\n', 4],
      ['iptables -A INPUT ! -p tcp -j REJECT --reject-with tcp-reset', 'iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT\n', 4],
      ['iptables -t nat -A POSTROUTING -j DROP', 'iptables v1.8.9 (nf_tables): \nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n\nTry `iptables -h\' or \'iptables --help\' for more information.\n', 2],
      ['iptables -A INPUT -o eth0 -j DROP', "iptables v1.8.9 (nf_tables): Can't use -o with INPUT\n\nTry `iptables -h' or 'iptables --help' for more information.\n", 2],
      ['iptables -A INPUT -m tcp --dport 22 -j ACCEPT', "iptables v1.8.9 (nf_tables): TCP match requires '-p tcp'\nTry `iptables -h' or 'iptables --help' for more information.\n", 2],
      ['iptables -L -p tcp', "iptables v1.8.9 (nf_tables): Illegal option `-p' with this command\nTry `iptables -h' or 'iptables --help' for more information.\n", 2],
      ['iptables -A INPUT -s ! 1.1.1.1 -j DROP', "Bad argument `1.1.1.1'\nTry `iptables -h' or 'iptables --help' for more information.\n", 2],
      ['iptables -A INPUT -j INPUT', 'iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Operation not supported): rule in chain INPUT\n', 4],
    ];
    for (const [cmd, output, exit] of cases) expect({ cmd, ...run(w, { host: 'web1', cmd }), stdout: '' }).toEqual({ cmd, output, stdout: '', exit });
    expect(w.hosts.web1.iptables.filter.chains.INPUT.rules).toHaveLength(0);
  });

  it('refuses a jump loop reachable from a built-in chain', () => {
    const w = world(['web1']);
    for (const cmd of ['iptables -N c1', 'iptables -N c2', 'iptables -A c1 -j c2', 'iptables -A c2 -j c1']) expect(run(w, { host: 'web1', cmd }).exit).toBe(0);
    expect(run(w, { host: 'web1', cmd: 'iptables -A INPUT -j c1' })).toEqual({
      output: 'iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Too many links): rule in chain INPUT\n', stdout: '', exit: 4,
    });
    expect(w.hosts.web1.iptables.filter.chains.INPUT.rules).toHaveLength(0);
  });

  it('-v echoes the rule it adds', () => {
    const w = world(['web1']);
    expect(run(w, { host: 'web1', cmd: 'iptables -A INPUT -v -s 10.0.0.0/8 -i eth0 -p tcp --dport 22 -m conntrack --ctstate NEW -j ACCEPT' }).output)
      .toBe('ACCEPT  tcp opt -- in eth0 out *  10.0.0.0/8  -> 0.0.0.0/0   tcp dpt:22 ctstate NEW\n');
  });

  it('iptables-save prints only tables that exist, iptables-restore replaces them', () => {
    const w = world(['web1']);
    expect(run(w, { host: 'web1', cmd: 'iptables-save' })).toEqual({ output: '', stdout: '', exit: 0 });
    w.hosts.web1.files['/root/fw'] = RTR_SAVE;
    expect(run(w, { host: 'web1', cmd: 'iptables-restore < /root/fw' })).toEqual({ output: '', stdout: '', exit: 0 });
    const save = run(w, { host: 'web1', cmd: 'iptables-save' }).output.replace(/^# .*\n/gm, '');
    expect(save).toBe(RTR_SAVE.replace(/^\n/, ''));
    w.hosts.web1.files['/root/bad'] = '*filter\n:INPUT ACCEPT [0:0]\n:FOO - [0:0]\n-A INPUT -j BAR\nCOMMIT\n';
    expect(run(w, { host: 'web1', cmd: 'iptables-restore /root/bad' })).toEqual({
      output: "iptables-restore v1.8.9 (nf_tables): Chain 'BAR' does not exist\nError occurred at line: 5\nTry `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
      stdout: '', exit: 2,
    });
  });
});

describe('sysctl', () => {
  it('reads and writes keys like procps sysctl', () => {
    const w = world(['rtr']);
    const r = (cmd: string, user = 'root') => run(w, { host: 'rtr', cmd }, user);
    expect(r('sysctl net.ipv4.ip_forward=0')).toEqual({ output: 'net.ipv4.ip_forward = 0\n', stdout: 'net.ipv4.ip_forward = 0\n', exit: 0 });
    expect(r('sysctl -n net/ipv4/ip_forward').output).toBe('0\n');
    expect(r('sysctl net.ipv4.foo')).toEqual({ output: 'sysctl: cannot stat /proc/sys/net/ipv4/foo: No such file or directory\n', stdout: '', exit: 1 });
    expect(r('sysctl net.ipv4.ip_forward.x').output).toBe('sysctl: cannot stat /proc/sys/net/ipv4/ip_forward/x: Not a directory\n');
    expect(r('sysctl -w net.ipv4.ip_forward=abc')).toEqual({ output: 'sysctl: setting key "net.ipv4.ip_forward": Invalid argument\n', stdout: '', exit: 1 });
    expect(r('sysctl -w net.ipv4.ip_forward=1', 'alice')).toEqual({ output: 'sysctl: permission denied on key "net.ipv4.ip_forward"\n', stdout: '', exit: 1 });
    expect(r('sysctl -w net.ipv4.ip_forward')).toEqual({ output: 'sysctl: command line(0): invalid syntax, continuing...\n', stdout: '', exit: 1 });
    expect(r('sysctl -a -r forward').output).toBe('net.ipv4.ip_forward = 0\n');
    expect(w.hosts.rtr.sysctl['net.ipv4.ip_forward']).toBe('0');
  });
});
