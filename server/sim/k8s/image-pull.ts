// containerd pulling an image for the kubelet, through the world's network: the registry's
// name resolved from the node (its /etc/hosts and resolv.conf), a TCP connection from the
// node to it, then the registry's answer (manifest found, unknown tag, credentials needed).
// Each way of failing gets containerd 1.7's error text, as the kubelet's event shows it.
import { probe } from '../net/engine.js';
import { formatIp, parseIp, type Ip } from '../net/ip.js';
import { parseResolvConf, resolveHost } from '../net/resolver.js';
import type { World } from '../world/types.js';
import { catalogueEntry, hex64, imageSize, registryEndpoint, tagsOf, type ImageRef } from './images.js';
import type { ClusterRuntime, NodeRuntime } from './runtime.js';
import { getObject } from './store.js';
import type { Pod } from './types.js';

export type PullResult = { ok: true; ms: number; size: number } | { ok: false; ms: number; error: string };

/** containerd's dial timeout: a registry that never answers fails the pull after this long. */
const DIAL_TIMEOUT_MS = 30_000;
/** Download speed from a registry. */
const BYTES_PER_MS = 50_000;

function endpointOf(rt: ClusterRuntime, ref: ImageRef): { host: string; port: number } {
  const known = rt.registries[ref.registry];
  const name = registryEndpoint(ref.registry);
  const m = /^(.*):(\d+)$/.exec(name);
  if (m) return { host: m[1], port: Number(m[2]) };
  return { host: name, port: known?.port ?? 443 };
}

/** Whether one of the pod's imagePullSecrets holds credentials for the registry. */
function hasCredentials(world: World, pod: Pod, registry: string): boolean {
  const ns = pod.metadata.namespace ?? 'default';
  for (const ref of pod.spec.imagePullSecrets ?? []) {
    const secret = getObject(world.cluster!, 'Secret', ns, ref.name);
    const data = secret?.data?.['.dockerconfigjson'] ?? secret?.data?.['.dockercfg'];
    if (!data) continue;
    try {
      const cfg = JSON.parse(atob(data)) as { auths?: Record<string, unknown> };
      const auths = cfg.auths ?? (cfg as Record<string, unknown>);
      if (Object.keys(auths).some((k) => k.replace(/^https?:\/\//, '').replace(/\/.*$/, '') === registry)) return true;
    } catch {
      continue;
    }
  }
  return false;
}

/** Pull secrets the pod names that do not exist (the kubelet warns, then pulls anyway). */
export function missingPullSecrets(world: World, pod: Pod): string[] {
  const ns = pod.metadata.namespace ?? 'default';
  return (pod.spec.imagePullSecrets ?? []).map((r) => r.name).filter((n) => !getObject(world.cluster!, 'Secret', ns, n));
}

/** An ephemeral source port for an error text, fixed by what it is about. */
const ephemeralPort = (seed: string) => 32768 + (parseInt(hex64(seed).slice(0, 6), 16) % 28000);

/** What pulling `ref` from node `node` for `pod` gives now. */
export function pullImage(world: World, rt: ClusterRuntime, node: NodeRuntime, pod: Pod, ref: ImageRef): PullResult {
  const prefix = (code: string) => `rpc error: code = ${code} desc = failed to pull and unpack image "${ref.full}": failed to resolve reference "${ref.full}": `;
  const ep = endpointOf(rt, ref);
  const url = `https://${ep.host}${ep.port === 443 ? '' : `:${ep.port}`}/v2/${ref.path}/manifests/${ref.tag}`;
  const request = `failed to do request: Head "${url}": `;
  let ip: Ip | null = parseIp(ep.host);
  let ms = 0;
  if (ip === null) {
    const r = resolveHost(world, node.host, ep.host);
    ms += r.ms;
    const ns = parseResolvConf(world.hosts[node.host].files['/etc/resolv.conf']).nameservers[0];
    const server = `${formatIp(ns)}:53`;
    if (r.kind !== 'ok' || !r.addrs.length) {
      const why =
        r.kind === 'timeout' ? `read udp ${node.ip}:${ephemeralPort(`dns:${node.host}:${world.now}`)}->${server}: i/o timeout`
        : r.kind === 'nxdomain' || r.kind === 'ok' ? 'no such host'
        : 'server misbehaving';
      return { ok: false, ms: Math.max(ms, 50), error: `${prefix('Unknown')}${request}dial tcp: lookup ${ep.host} on ${server}: ${why}` };
    }
    ip = r.addrs[0];
  }
  const dial = `dial tcp ${formatIp(ip)}:${ep.port}: `;
  const conn = probe(world, node.host, { dst: ip, proto: 'tcp', dport: ep.port });
  let failure: string | undefined;
  if (conn.kind === 'timeout') return { ok: false, ms: ms + DIAL_TIMEOUT_MS, error: `${prefix('Unknown')}${request}${dial}i/o timeout` };
  if (conn.kind === 'local') {
    const text = { ENETUNREACH: 'network is unreachable', EHOSTUNREACH: 'no route to host', EINVAL: 'invalid argument', EACCES: 'permission denied', EMSGSIZE: 'message too long' };
    failure = `connect: ${text[conn.errno]}`;
  }
  else if (conn.kind === 'icmp') {
    failure = conn.type === 'port-unreachable' ? 'connect: connection refused'
      : conn.type === 'net-unreachable' || conn.type === 'net-prohibited' ? 'connect: network is unreachable'
      : 'connect: no route to host';
  } else if (conn.tcp !== 'syn-ack' || !conn.service) failure = 'connect: connection refused';
  if (failure) return { ok: false, ms: ms + 5, error: `${prefix('Unknown')}${request}${dial}${failure}` };
  if (conn.kind !== 'reply' || !conn.service) return { ok: false, ms, error: `${prefix('Unknown')}${request}EOF` };
  const app = conn.service.listener.app;
  const isRegistry = app.kind === 'http' && app.routes.some((r) => r.path.startsWith('/v2/'));
  if (!isRegistry) return { ok: false, ms: ms + 20, error: app.kind === 'http' ? `${prefix('NotFound')}${ref.full}: not found` : `${prefix('Unknown')}${request}EOF` };
  const entry = catalogueEntry(rt.images, ref);
  if (entry?.private && !hasCredentials(world, pod, ref.registry)) {
    const denied = ref.registry === 'docker.io'
      ? 'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed'
      : `failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://${ep.host}/token?scope=repository%3A${ref.path.replace(/\//g, '%2F')}%3Apull&service=${ep.host}: 401 Unauthorized`;
    return { ok: false, ms: ms + 40, error: `${prefix('Unknown')}${denied}` };
  }
  if (!entry || !tagsOf(entry).includes(ref.tag)) return { ok: false, ms: ms + 40, error: `${prefix('NotFound')}${ref.full}: not found` };
  const size = imageSize(rt.images, ref);
  return { ok: true, ms: ms + 250 + Math.round(size / BYTES_PER_MS), size };
}
