// CoreDNS's kubernetes plugin: names under the cluster domain answered from the Services
// (`api.shop.svc.cluster.local` -> its ClusterIP, a headless Service's ready endpoints, an
// ExternalName's CNAME) and pods (`10-244-1-5.shop.pod.cluster.local`), PTR records for
// Service and pod addresses; anything else is not the plugin's (CoreDNS forwards it).
import type { World } from '../world/types.js';
import { runtimeOf } from './runtime.js';
import { getObject } from './store.js';

export interface ClusterRR {
  name: string;
  ttl: number;
  type: 'A' | 'CNAME' | 'PTR';
  value: string;
}

export type ClusterAnswer = { rcode: 'NOERROR' | 'NXDOMAIN'; answers: ClusterRR[] };

const TTL = 30;

function forward(world: World, domain: string, name: string, owner: string, qtype: string): ClusterAnswer {
  const c = world.cluster!;
  const parts = name.slice(0, -(domain.length + 1)).split('.');
  const rr = (type: ClusterRR['type'], value: string): ClusterRR => ({ name: owner, ttl: TTL, type, value });
  const want = (type: string) => qtype === type || qtype === 'ANY';
  if (parts.length === 3 && parts[2] === 'svc') {
    const svc = getObject(c, 'Service', parts[1], parts[0]);
    if (!svc) return { rcode: 'NXDOMAIN', answers: [] };
    if (svc.spec.type === 'ExternalName') return { rcode: 'NOERROR', answers: want('A') || want('CNAME') ? [rr('CNAME', (svc.spec.externalName ?? '').replace(/\.$/, ''))] : [] };
    if (!want('A')) return { rcode: 'NOERROR', answers: [] };
    if (svc.spec.clusterIP === 'None') {
      const ep = getObject(c, 'Endpoints', parts[1], parts[0]);
      const ips = [...new Set((ep?.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)))];
      return { rcode: 'NOERROR', answers: ips.map((ip) => rr('A', ip)) };
    }
    return { rcode: 'NOERROR', answers: svc.spec.clusterIP ? [rr('A', svc.spec.clusterIP)] : [] };
  }
  if (parts.length === 3 && parts[2] === 'pod' && /^\d+-\d+-\d+-\d+$/.test(parts[0]) && getObject(c, 'Namespace', undefined, parts[1])) {
    return { rcode: 'NOERROR', answers: want('A') ? [rr('A', parts[0].replace(/-/g, '.'))] : [] };
  }
  const exists = (parts.length === 2 && (parts[1] === 'svc' || parts[1] === 'pod') && getObject(c, 'Namespace', undefined, parts[0])) || (parts.length === 1 && (parts[0] === 'svc' || parts[0] === 'pod'));
  return { rcode: exists ? 'NOERROR' : 'NXDOMAIN', answers: [] };
}

function reverse(world: World, domain: string, name: string, owner: string): ClusterAnswer | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.in-addr\.arpa$/.exec(name);
  if (!m) return undefined;
  const ip = [m[4], m[3], m[2], m[1]].join('.');
  const c = world.cluster!;
  for (const svc of Object.values(c.objects.Service ?? {})) {
    if (svc.spec.clusterIP === ip) return { rcode: 'NOERROR', answers: [{ name: owner, ttl: TTL, type: 'PTR', value: `${svc.metadata.name}.${svc.metadata.namespace}.svc.${domain}` }] };
  }
  for (const pod of Object.values(c.objects.Pod ?? {})) {
    if (pod.status?.podIP === ip && !pod.spec.hostNetwork) return { rcode: 'NOERROR', answers: [{ name: owner, ttl: TTL, type: 'PTR', value: `${ip.replace(/\./g, '-')}.${pod.metadata.namespace}.pod.${domain}` }] };
  }
  return undefined;
}

/** The plugin's answer for `qname`, or undefined when the name is not the cluster's (forwarded). */
export function clusterDnsAnswer(world: World, domain: string, qname: string, qtype: string): ClusterAnswer | undefined {
  if (!world.cluster) return undefined;
  const owner = qname.replace(/\.$/, '');
  const name = owner.toLowerCase();
  if (name === domain || name.endsWith(`.${domain}`)) return forward(world, domain, name, owner, qtype);
  return reverse(world, domain, name, owner);
}

/** Appends a line to what the running container of the pod whose network namespace is `host` has logged (kubectl logs). */
export function appendPodLog(world: World, host: string, line: string): void {
  const p = Object.values(runtimeOf(world)?.pods ?? {}).find((x) => x.host === host);
  const c = p?.containers.find((x) => x.phase === 'running');
  if (c) c.logs.push({ at: world.now, text: line });
}
