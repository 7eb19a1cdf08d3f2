// Rule parsing and printing: the -S form round-trips, iptables-save text loads (with errors
// by line), and rule-spec errors match iptables 1.8.9.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../../server/sim/net/ip.js';
import { formatList } from '../../../server/sim/net/iptables-list.js';
import { emptyTables, formatRuleS, formatSaveTable, parseIptablesSave, parseRuleArgs } from '../../../server/sim/net/iptables-rules.js';

const REF = new URL('../../fixtures/reference/linux/', import.meta.url);
const capture = (file: string) => readFileSync(new URL(file, REF), 'utf8');
const SAVE = capture('iptables-save.txt').split('\n').filter((l) => !l.startsWith('#') && !l.startsWith('rtr$')).join('\n');

describe('emptyTables', () => {
  it('has the built-in chains with ACCEPT policies and zero counters', () => {
    const t = emptyTables();
    expect(Object.keys(t.filter.chains)).toEqual(['INPUT', 'FORWARD', 'OUTPUT']);
    expect(Object.keys(t.nat.chains)).toEqual(['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING']);
    expect(t.filter.chains.INPUT).toEqual({ policy: 'ACCEPT', policyCounters: { pkts: 0, bytes: 0 }, rules: [] });
  });
});

describe('parseIptablesSave', () => {
  it('loads the captured router ruleset and prints it back as iptables-save does', () => {
    const r = parseIptablesSave(SAVE);
    if (!r.ok) throw new Error(r.message);
    expect(r.tables.filter.present).toBe(true);
    const text = formatSaveTable('filter', r.tables.filter, false) + formatSaveTable('nat', r.tables.nat, false);
    expect(text).toBe(SAVE.replace(/^\n/, ''));
  });

  it('prints -A lines identical to iptables -S', () => {
    const r = parseIptablesSave(SAVE);
    if (!r.ok) throw new Error(r.message);
    const lines = Object.entries(r.tables.filter.chains).flatMap(([name, c]) => c.rules.map((rule) => formatRuleS(name, rule)));
    const expected = capture('iptables-S.txt').split('rtr$ ')[1].split('\n').filter((l) => l.startsWith('-A'));
    expect(lines).toEqual(expected);
  });

  it('reports errors with their line', () => {
    expect(parseIptablesSave('*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j NOPE\nCOMMIT\n')).toMatchObject({ ok: false, line: 3, message: "line 3: Chain 'NOPE' does not exist" });
    expect(parseIptablesSave('*filter\n-A INPUT -p tcp --dport 99999 -j ACCEPT\n')).toMatchObject({ ok: false, line: 2, message: "line 2: invalid port/service `99999' specified" });
    expect(parseIptablesSave('*mangle\nCOMMIT\n')).toMatchObject({ ok: false, line: 1 });
    expect(parseIptablesSave('*filter\n-A INPUT -j DNAT --to-destination 1.2.3.4\n')).toMatchObject({ ok: false, line: 2 });
  });
});

describe('parseRuleArgs', () => {
  it('builds the rule and its match extensions in order', () => {
    const r = parseRuleArgs(['-A', 'FORWARD', '-i', 'br0', '-p', 'tcp', '-m', 'multiport', '--dports', 'http,443', '-m', 'comment', '--comment', 'web', '-j', 'ACCEPT'], 'filter');
    if (!r.ok) throw new Error(r.message);
    expect(r.chain).toBe('FORWARD');
    expect(r.rule.match).toEqual({ in: { name: 'br0' }, proto: 'tcp', dports: [80, 443], comment: 'web', modules: ['multiport', 'comment'] });
    expect(formatRuleS(r.chain, r.rule)).toBe('-A FORWARD -i br0 -p tcp -m multiport --dports 80,443 -m comment --comment web -j ACCEPT');
  });

  it('normalises addresses to their network', () => {
    const r = parseRuleArgs(['-A', 'INPUT', '-s', '10.0.1.10/24', '!', '-d', '10.1', '-j', 'DROP'], 'filter');
    if (!r.ok) throw new Error(r.message);
    expect(r.rule.match.src).toEqual({ ip: parseIp('10.0.1.0'), prefix: 24 });
    expect(r.rule.match.dst).toEqual({ ip: parseIp('10.1.0.0'), prefix: 32, neg: true });
  });

  it('gives iptables errors and exit codes', () => {
    const err = (args: string[]) => {
      const r = parseRuleArgs(args, 'filter');
      return r.ok ? undefined : [r.message, r.exit];
    };
    const tryHelp = "Try `iptables -h' or 'iptables --help' for more information.\n";
    expect(err(['-A', 'INPUT', '--dport', '80', '-j', 'ACCEPT'])).toEqual([`iptables v1.8.9 (nf_tables): unknown option "--dport"\n${tryHelp}`, 2]);
    expect(err(['-A', 'INPUT', '-p', 'tcp', '--dport', '80:70'])).toEqual([`iptables v1.8.9 (nf_tables): invalid portrange (min > max)\n${tryHelp}`, 2]);
    expect(err(['-A', 'INPUT', '-m', 'conntrack', '--ctstate', 'NEW,FOO'])).toEqual([`iptables v1.8.9 (nf_tables): Bad ctstate "FOO"\n${tryHelp}`, 2]);
    expect(err(['-A', 'INPUT', '-j', 'LOG', '--log-level', 'warn'])).toEqual([`iptables v1.8.9 (nf_tables): log level "warn" unknown\n\n${tryHelp}`, 2]);
    expect(err(['-A', 'INPUT', '-p', 'tcp', '-p', 'udp'])).toEqual([`iptables v1.8.9 (nf_tables): multiple -p flags not allowed\n${tryHelp}`, 2]);
  });
});

describe('formatList', () => {
  it('lists an empty filter table like a fresh host', () => {
    const expected = capture('iptables-empty-default.txt').split('dns1$ ')[1].split('\n').slice(1).join('\n');
    expect(formatList('filter', emptyTables().filter, { numeric: false, verbose: false, exact: false, lineNumbers: false })).toBe(expected);
  });

  it('uses the nameOf hook for addresses without -n', () => {
    const r = parseIptablesSave(SAVE);
    if (!r.ok) throw new Error(r.message);
    const names: Record<number, string> = { [parseIp('10.0.1.11')!]: 'web2.corp.internal' };
    const text = formatList('filter', r.tables.filter, { numeric: false, verbose: false, exact: false, lineNumbers: false, nameOf: (a) => names[a] }, 'FORWARD');
    expect(text).toContain('REJECT     all  --  web2.corp.internal   10.0.2.0/24          reject-with icmp-host-prohibited\n');
  });
});
