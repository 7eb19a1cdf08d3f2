import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadWorldYaml } from '../../server/sim/world/yaml.js';
import { alertText, describeCheck, evaluate, parseCheck, type Check } from '../../server/game/objectives.js';
import { buildWorld } from '../../server/sim/world/build.js';
import type { World } from '../../server/sim/world/types.js';
import { scenario } from './catalogue.js';

const office = (): World => buildWorld(scenario('shop-api-502').world, 1);
const check = (raw: unknown): Check => {
  const r = parseCheck(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.check;
};
const observe = (world: World, raw: unknown) => evaluate(world, check(raw));

describe('objective predicates', () => {
  it('http goes through name resolution, the gateway and its backend, like curl', () => {
    const w = office();
    expect(observe(w, { http: { from: 'ws1', url: 'http://shop.office.lan/api/items', contains: 'items' } })).toEqual({ ok: true, observed: 'HTTP 200' });
    expect(observe(w, { http: { from: 'ws1', url: 'http://10.10.20.10/api/items' } })).toEqual({ ok: false, observed: 'HTTP 404' });
    expect(observe(w, { http: { from: 'ws1', url: 'http://10.10.20.10/api/items', host: 'shop.office.lan' } })).toEqual({ ok: true, observed: 'HTTP 200' });
    w.hosts.api1.units['shop-api'].state = 'inactive';
    expect(observe(w, { http: { from: 'ws1', url: 'http://shop.office.lan/api/items' } })).toEqual({ ok: false, observed: 'HTTP 502' });
    expect(observe(w, { http: { from: 'ws1', url: 'http://nosuch.office.lan/' } })).toEqual({ ok: false, observed: 'could not resolve host' });
  });

  it('https objectives accept any certificate like curl -k unless they ask to verify it', () => {
    const w = loadWorldYaml(readFileSync('scenarios/bases/k8s.yaml', 'utf8'), 1);
    expect(observe(w, { http: { from: 'cp1', url: 'https://10.0.10.10:6443/healthz', contains: 'ok' } })).toEqual({ ok: true, observed: 'HTTP 200' });
    // The cluster's own CA is not among the public ones a host trusts.
    expect(observe(w, { http: { from: 'cp1', url: 'https://10.0.10.10:6443/healthz', verify: true } })).toEqual({ ok: false, observed: 'TLS handshake failed' });
    expect(parseCheck({ http: { from: 'cp1', url: 'ftp://x/' } }).ok).toBe(false);
  });

  it('tcp and icmp report what a client would see', () => {
    const w = office();
    expect(observe(w, { tcp: { from: 'api1', to: 'db1', port: 5432 } })).toEqual({ ok: true, observed: 'connected' });
    expect(observe(w, { tcp: { from: 'ws1', to: 'db1', port: 5432 } })).toEqual({ ok: false, observed: 'connection timed out' });
    expect(observe(w, { tcp: { from: 'api1', to: '10.10.20.22', port: 9999 } })).toEqual({ ok: false, observed: 'connection refused' });
    expect(observe(w, { icmp: { from: 'ws1', to: 'db1' } })).toEqual({ ok: true, observed: 'echo reply' });
  });

  it('dns resolves through the host resolver, optionally to an expected address', () => {
    const w = office();
    expect(observe(w, { dns: { from: 'ws1', name: 'shop.office.lan', address: '10.10.20.10' } })).toEqual({ ok: true, observed: 'resolves to 10.10.20.10' });
    expect(observe(w, { dns: { from: 'ws1', name: 'shop.office.lan', address: '10.10.20.11' } }).ok).toBe(false);
    expect(observe(w, { dns: { from: 'ws1', name: 'nosuch.office.lan' } })).toEqual({ ok: false, observed: 'NXDOMAIN' });
    w.hosts.ns1.units.named.state = 'inactive';
    expect(observe(w, { dns: { from: 'ws1', name: 'shop.office.lan' } }).ok).toBe(false);
  });

  it('combines checks with all, any and not', () => {
    const w = office();
    const good = { tcp: { from: 'api1', to: 'db1', port: 5432 } };
    const bad = { tcp: { from: 'ws1', to: 'db1', port: 5432 } };
    expect(observe(w, { all: [good, bad] })).toEqual({ ok: false, observed: 'connection timed out' });
    expect(observe(w, { any: [bad, good] })).toEqual({ ok: true, observed: 'connected' });
    expect(observe(w, { not: bad })).toEqual({ ok: true, observed: 'connection timed out' });
    expect(describeCheck(check({ all: [good, { not: bad }] }))).toBe('TCP connect from api1 to db1:5432 and not (TCP connect from ws1 to db1:5432)');
  });

  it('never changes the world, not even counters or the ARP cache', () => {
    const w = office();
    const before = JSON.stringify(w);
    observe(w, { all: [{ http: { from: 'ws1', url: 'http://shop.office.lan/api/items' } }, { icmp: { from: 'ws1', to: 'db1' } }, { dns: { from: 'api1', name: 'db1' } }] });
    expect(JSON.stringify(w)).toBe(before);
  });

  it('rejects unknown checks and bad parameters with the path of the mistake', () => {
    expect(parseCheck({ ping: { from: 'a' } })).toEqual({ ok: false, issues: [{ path: ['ping'], message: 'unknown check "ping" (known: all, any, not, http, tcp, icmp, dns, deployment, endpoints, pods, node-ready, pod-dns)' }] });
    expect(parseCheck({ all: [{ tcp: { from: 'a', to: 'b', port: 70000 } }] })).toMatchObject({ ok: false, issues: [{ path: ['all', 0, 'tcp', 'port'] }] });
    expect(parseCheck({ http: { from: 'a', url: 'ftp://x/' } })).toEqual({ ok: false, issues: [{ path: ['http', 'url'], message: 'url: not an http:// or https:// URL' }] });
  });

  it('fills the observation into the page', () => {
    expect(alertText('{observed} on shop.example.com/api from the public subnet', 'HTTP 503')).toBe('HTTP 503 on shop.example.com/api from the public subnet');
  });
});
