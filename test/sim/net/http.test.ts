// The one HTTP model: an objective check gets the reply curl shows a player, and a check
// leaves no trace in the world.
import { describe, expect, it } from 'vitest';
import { httpRequest, parseUrl } from '../../../server/sim/net/http.js';
import { lab, terminal } from '../../shell/commands/net-lab.js';

describe('httpRequest', () => {
  it("gets the status and body curl shows, Python's error page included", () => {
    const world = lab();
    const run = terminal(world);
    for (const [path, status] of [['/healthz', 200], ['/nope', 404]] as const) {
      const r = httpRequest(world, 'web1', parseUrl(`http://db1:8080${path}`)!);
      expect(r).toMatchObject({ kind: 'response', status });
      expect(r.kind === 'response' && r.body).toBe(run('web1', `curl -s http://db1:8080${path}`).out);
    }
    expect(httpRequest(world, 'web1', parseUrl('http://db1:8080/nope')!)).toMatchObject({ version: '1.0', reason: 'File not found' });
  });

  it('tells failures apart like curl does', () => {
    const world = lab();
    const get = (url: string) => httpRequest(world, 'web1', parseUrl(url)!).kind;
    expect(get('http://10.0.2.10:8081/')).toBe('connect-failed');
    expect(get('http://10.0.2.10:9001/')).toBe('reset');
    expect(get('http://10.0.2.10:9002/')).toBe('no-response');
    expect(get('http://10.0.2.10:22/')).toBe('not-http');
    expect(get('https://10.0.2.10:8080/')).toBe('tls-failed');
    expect(get('http://nosuch/')).toBe('resolve-failed');
  });

  it('counts packets only when asked to (a check is not a player command)', () => {
    const world = lab();
    const run = terminal(world);
    run('db1', 'iptables -A INPUT -p tcp --dport 8080 -j ACCEPT');
    const counters = () => world.hosts.db1.iptables.filter.chains.INPUT.rules[0].counters.pkts;
    httpRequest(world, 'web1', parseUrl('http://10.0.2.10:8080/healthz')!);
    expect(counters()).toBe(0);
    httpRequest(world, 'web1', parseUrl('http://10.0.2.10:8080/healthz')!, { record: true });
    expect(counters()).toBeGreaterThan(0);
  });
});
