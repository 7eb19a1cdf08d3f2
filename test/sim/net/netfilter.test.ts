// Chain evaluation: rule order, policies, REJECT types, user chains and RETURN, negation,
// multiport, conntrack states, ICMP types, NAT targets and counters.
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../../server/sim/net/ip.js';
import { parseIptablesSave } from '../../../server/sim/net/iptables-rules.js';
import { evalChain, type PacketView } from '../../../server/sim/net/netfilter.js';
import type { Host } from '../../../server/sim/world/types.js';
import { tinyWorld } from '../../helpers/world.js';

const ip = (s: string) => parseIp(s)!;

function hostWith(save: string): Host {
  const parsed = parseIptablesSave(save);
  if (!parsed.ok) throw new Error(parsed.message);
  const h = tinyWorld().hosts.web1;
  h.iptables = parsed.tables;
  return h;
}

const RTR = `*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:LOGDROP - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p icmp -j ACCEPT
-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -p icmp -j ACCEPT
-A FORWARD -i br0 -o eth1 -p tcp -m tcp --dport 5432 -j ACCEPT
-A FORWARD -i br0 -o eth1 -p tcp -m multiport --dports 80,443,8080 -j ACCEPT
-A FORWARD -i br0 -o eth2 -p udp -m udp --dport 53 -j ACCEPT
-A FORWARD -s 10.0.1.11/32 -d 10.0.2.0/24 -j REJECT --reject-with icmp-host-prohibited
-A FORWARD -j LOGDROP
-A LOGDROP -j LOG --log-prefix "FWD-DROP: "
-A LOGDROP -j DROP
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 10.0.1.1/32 -i br0 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.2.10:8080
-A POSTROUTING -s 10.0.1.0/24 -o eth2 -j MASQUERADE
-A POSTROUTING -s 10.0.2.0/24 -o eth2 -j SNAT --to-source 10.0.3.1
COMMIT
`;

const tcp = (over: Partial<PacketView> = {}): PacketView => ({
  proto: 'tcp', src: ip('10.0.1.10'), dst: ip('10.0.2.10'), sport: 40000, dport: 8080, in: 'br0', out: 'eth1', ctstate: 'NEW', bytes: 60, ...over,
});

describe('evalChain on the router ruleset', () => {
  it('accepts what a rule allows and counts it', () => {
    const h = hostWith(RTR);
    expect(evalChain(h, 'filter', 'FORWARD', tcp(), true)).toEqual({ verdict: 'ACCEPT' });
    const rules = h.iptables.filter.chains.FORWARD.rules;
    expect(rules[3].counters).toEqual({ pkts: 1, bytes: 60 });
    expect(rules.filter((r) => r.counters.pkts).length).toBe(1);
  });

  it('falls through a user chain: LOG goes on, DROP decides, the policy is not counted', () => {
    const h = hostWith(RTR);
    const v = evalChain(h, 'filter', 'FORWARD', tcp({ dport: 9999 }), true);
    expect(v).toEqual({ verdict: 'DROP', logs: [{ prefix: 'FWD-DROP: ', level: 4 }] });
    const c = h.iptables.filter.chains;
    expect(c.FORWARD.rules[6].counters.pkts).toBe(1);
    expect(c.LOGDROP.rules.map((r) => r.counters.pkts)).toEqual([1, 1]);
    expect(c.FORWARD.policyCounters.pkts).toBe(0);
  });

  it('rule order decides: the REJECT for web2 comes after the allow rules', () => {
    const h = hostWith(RTR);
    expect(evalChain(h, 'filter', 'FORWARD', tcp({ src: ip('10.0.1.11') }), false).verdict).toBe('ACCEPT');
    expect(evalChain(h, 'filter', 'FORWARD', tcp({ src: ip('10.0.1.11'), dport: 22 }), false)).toEqual({ verdict: 'REJECT', rejectWith: 'icmp-host-prohibited' });
  });

  it('conntrack states and interfaces', () => {
    const h = hostWith(RTR);
    expect(evalChain(h, 'filter', 'FORWARD', tcp({ dport: 9999, ctstate: 'ESTABLISHED' }), false).verdict).toBe('ACCEPT');
    expect(evalChain(h, 'filter', 'FORWARD', tcp({ in: 'eth2' }), false).verdict).toBe('DROP');
    expect(evalChain(h, 'filter', 'INPUT', tcp({ dport: 22, in: 'br0', out: undefined }), false).verdict).toBe('ACCEPT');
  });

  it('without counting, nothing changes', () => {
    const h = hostWith(RTR);
    const before = JSON.stringify(h.iptables);
    evalChain(h, 'filter', 'FORWARD', tcp({ dport: 1 }), false);
    expect(JSON.stringify(h.iptables)).toBe(before);
  });

  it('nat targets', () => {
    const h = hostWith(RTR);
    const web = tcp({ dst: ip('10.0.1.1'), dport: 80, out: undefined });
    expect(evalChain(h, 'nat', 'PREROUTING', web, true)).toEqual({ verdict: 'ACCEPT', nat: { kind: 'DNAT', ip: ip('10.0.2.10'), port: 8080 } });
    expect(evalChain(h, 'nat', 'PREROUTING', { ...web, dport: 443 }, true)).toEqual({ verdict: 'ACCEPT' });
    expect(h.iptables.nat.chains.PREROUTING.policyCounters).toEqual({ pkts: 1, bytes: 60 });
    const out = tcp({ in: undefined, out: 'eth2' });
    expect(evalChain(h, 'nat', 'POSTROUTING', out, false).nat).toEqual({ kind: 'MASQUERADE' });
    expect(evalChain(h, 'nat', 'POSTROUTING', { ...out, src: ip('10.0.2.10') }, false).nat).toEqual({ kind: 'SNAT', ip: ip('10.0.3.1') });
    expect(evalChain(h, 'nat', 'POSTROUTING', { ...out, out: 'eth1' }, false).nat).toBeUndefined();
  });
});

describe('evalChain semantics', () => {
  const table = (rules: string, policy = 'ACCEPT', extra = '') =>
    hostWith(`*filter\n:INPUT ${policy} [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n${extra}${rules}\nCOMMIT\n`);

  it('the policy decides when no rule does, and is counted', () => {
    const h = table('-A INPUT -p udp -j ACCEPT', 'DROP');
    expect(evalChain(h, 'filter', 'INPUT', tcp(), true)).toEqual({ verdict: 'DROP' });
    expect(h.iptables.filter.chains.INPUT.policyCounters).toEqual({ pkts: 1, bytes: 60 });
  });

  it('REJECT defaults to icmp-port-unreachable; tcp-reset and others as given', () => {
    expect(evalChain(table('-A INPUT -j REJECT'), 'filter', 'INPUT', tcp(), false)).toEqual({ verdict: 'REJECT', rejectWith: 'icmp-port-unreachable' });
    expect(evalChain(table('-A INPUT -p tcp -j REJECT --reject-with tcp-reset'), 'filter', 'INPUT', tcp(), false).rejectWith).toBe('tcp-reset');
  });

  it('RETURN leaves a user chain; in a built-in chain it applies the policy', () => {
    const h = table('-A INPUT -j CHK\n-A INPUT -j ACCEPT\n-A CHK -s 10.0.1.0/24 -j RETURN\n-A CHK -j DROP', 'DROP', ':CHK - [0:0]\n');
    expect(evalChain(h, 'filter', 'INPUT', tcp(), false).verdict).toBe('ACCEPT');
    expect(evalChain(h, 'filter', 'INPUT', tcp({ src: ip('192.168.1.1') }), false).verdict).toBe('DROP');
    const h2 = table('-A INPUT -j RETURN\n-A INPUT -j ACCEPT', 'DROP');
    expect(evalChain(h2, 'filter', 'INPUT', tcp(), false).verdict).toBe('DROP');
  });

  it('a user chain that runs out returns to its caller', () => {
    const h = table('-A INPUT -j EMPTY\n-A INPUT -j REJECT', 'ACCEPT', ':EMPTY - [0:0]\n');
    expect(evalChain(h, 'filter', 'INPUT', tcp(), false).verdict).toBe('REJECT');
  });

  it('negations', () => {
    const h = table(['! -s 10.0.0.0/8 -j DROP', '-p tcp ! --dport 8080 -j DROP', '! -i eth+ -j DROP', '! -p tcp -j REJECT'].map((r) => `-A INPUT ${r}`).join('\n'));
    expect(evalChain(h, 'filter', 'INPUT', tcp({ in: 'eth0' }), false).verdict).toBe('ACCEPT');
    expect(evalChain(h, 'filter', 'INPUT', tcp({ in: 'eth0', src: ip('8.8.8.8') }), false).verdict).toBe('DROP');
    expect(evalChain(h, 'filter', 'INPUT', tcp({ in: 'eth0', dport: 22 }), false).verdict).toBe('DROP');
    expect(evalChain(h, 'filter', 'INPUT', tcp({ in: 'br0' }), false).verdict).toBe('DROP');
    expect(evalChain(h, 'filter', 'INPUT', { ...tcp({ in: 'eth0' }), proto: 'udp' }, false).verdict).toBe('REJECT');
  });

  it('multiport, with and without negation, and port ranges', () => {
    const h = table('-A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT\n-A INPUT -p tcp -m multiport ! --sports 1:1023 -j REJECT\n-A INPUT -p udp -m udp --dport 1000:2000 -j ACCEPT\n-A INPUT -j DROP');
    expect(evalChain(h, 'filter', 'INPUT', tcp({ dport: 443 }), false).verdict).toBe('ACCEPT');
    expect(evalChain(h, 'filter', 'INPUT', tcp({ dport: 22 }), false).verdict).toBe('REJECT');
    expect(evalChain(h, 'filter', 'INPUT', tcp({ dport: 22, sport: 80 }), false).verdict).toBe('DROP');
    expect(evalChain(h, 'filter', 'INPUT', { ...tcp({ dport: 1500 }), proto: 'udp' }, false).verdict).toBe('ACCEPT');
  });

  it('multiport ranges', () => {
    const h = table('-A INPUT -p tcp -m multiport --dports 22,8000:8080 -j ACCEPT\n-A INPUT -j DROP');
    expect(evalChain(h, 'filter', 'INPUT', tcp({ dport: 8042 }), false).verdict).toBe('ACCEPT');
    expect(evalChain(h, 'filter', 'INPUT', tcp({ dport: 8081 }), false).verdict).toBe('DROP');
  });

  it('TCP flags: --syn is the first packet of a connection unless flags are given', () => {
    const h = table('-A INPUT -p tcp ! --syn -m conntrack --ctstate NEW -j DROP\n-A INPUT -p tcp --syn -j ACCEPT\n-A INPUT -j REJECT');
    expect(evalChain(h, 'filter', 'INPUT', tcp(), false).verdict).toBe('ACCEPT');
    expect(evalChain(h, 'filter', 'INPUT', tcp({ tcpFlags: 0x10 }), false).verdict).toBe('DROP');
    expect(evalChain(h, 'filter', 'INPUT', tcp({ ctstate: 'ESTABLISHED' }), false).verdict).toBe('REJECT');
  });

  it('ctstate with negation', () => {
    const h = table('-A INPUT -m conntrack ! --ctstate NEW,INVALID -j ACCEPT\n-A INPUT -j DROP');
    expect(evalChain(h, 'filter', 'INPUT', tcp({ ctstate: 'RELATED' }), false).verdict).toBe('ACCEPT');
    expect(evalChain(h, 'filter', 'INPUT', tcp({ ctstate: 'NEW' }), false).verdict).toBe('DROP');
  });

  it('ICMP types by name, number and code; any', () => {
    const h = table('-A INPUT -p icmp --icmp-type echo-request -j ACCEPT\n-A INPUT -p icmp --icmp-type 3/3 -j RETURN\n-A INPUT -p icmp ! --icmp-type any -j ACCEPT\n-A INPUT -p icmp -j REJECT', 'DROP');
    const icmp = (icmpType?: string): PacketView => ({ proto: 'icmp', src: ip('10.0.1.10'), dst: ip('10.0.2.10'), ctstate: 'NEW', bytes: 84, icmpType });
    expect(evalChain(h, 'filter', 'INPUT', icmp('echo-request'), false).verdict).toBe('ACCEPT');
    expect(evalChain(h, 'filter', 'INPUT', icmp('port-unreachable'), false).verdict).toBe('DROP');
    expect(evalChain(h, 'filter', 'INPUT', icmp('echo-reply'), false).verdict).toBe('REJECT');
  });
});
