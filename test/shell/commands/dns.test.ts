import { describe, expect, it } from 'vitest';
import { expectStep, lab, terminal, transcript } from './dns-curl-lab.js';

/** Replays a capture on a fresh lab: the scene's other commands run for real, the DNS tools are compared. */
function replay(name: string, setup: [string, string][] = []) {
  const world = lab();
  const run = terminal(world);
  for (const [host, line] of setup) run(host, line);
  const shown = transcript(name).map((step) => expectStep(run, step));
  return { world, run, shown };
}

const DROP_DNS: [string, string][] = [['dns1', 'iptables -A INPUT -p udp --dport 53 -j DROP']];

describe('dig on the reference lab', () => {
  it('answers, follows CNAMEs and reverse-maps', () => {
    replay('dig-success.txt');
  });
  it('prints NXDOMAIN and REFUSED answers', () => {
    replay('dig-nxdomain.txt');
    replay('dig-refused.txt');
  });
  it('prints +short and +noall +answer', () => {
    replay('dig-short.txt');
  });
  it('times out against a silent server: 3 tries of 5 s, or +time/+tries', () => {
    const { shown } = replay('dig-timeout.txt', DROP_DNS);
    expect(shown.map((s) => s.elapsedMs)).toEqual([15000, 1000]);
  });
  it('tells a refused port from a silent or unreachable server', () => {
    const { shown } = replay('dig-connection-refused-and-unreachable.txt');
    expect(shown.map((s) => s.elapsedMs)).toEqual([0, 1000, 2000]);
  });
});

describe('nslookup, host and getent on the reference lab', () => {
  it('nslookup resolves with the search list, CNAMEs and PTRs', () => {
    replay('nslookup.txt');
    replay('nslookup-nxdomain-refused.txt');
  });
  it('nslookup times out (3 tries by default) and reports a refused server', () => {
    const { shown } = replay('nslookup-timeout.txt', DROP_DNS);
    expect(shown.map((s) => s.elapsedMs)).toEqual([15000, 1000, 0]);
  });
  it('host', () => {
    replay('host-cmd.txt');
  });
  it('getent hosts and ahostsv4', () => {
    replay('getent-hosts.txt');
  });
});
