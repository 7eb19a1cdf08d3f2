// The Docker Engine API (v1.50, Docker 28) over a host's DockerState, as a pure function
// from a request to a JSON response: containers (list, inspect, logs), images, networks.
// Like the Kubernetes API server it is called in-process by the simulated docker CLI and
// served over HTTP to the real docker CLI in tests. Status strings (`Up 2 hours`) are the
// daemon's; the CLI formats everything else.
import { wallMs } from '../clock.js';
import type { World } from '../world/types.js';
import type { DockerContainer, DockerNetwork, DockerState } from './types.js';

export const API_VERSION = '1.50';

export interface EngineRequest {
  path: string;
  query?: Record<string, string>;
}

export interface EngineResponse {
  status: number;
  body: unknown;
}

const secondsOf = (now: number) => Math.floor(wallMs(now) / 1000);

/** go-units HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / 3_600_000 / 24 / 365)} years`;
}

/** The daemon's State.String(): `Up 2 hours (healthy)`, `Exited (1) 3 minutes ago`, `Created`. */
export function statusText(c: DockerContainer, now: number): string {
  switch (c.state) {
    case 'running': {
      const up = `Up ${humanDuration(now - (c.startedAt ?? c.created))}`;
      if (c.health === 'starting') return `${up} (health: starting)`;
      return c.health ? `${up} (${c.health})` : up;
    }
    case 'paused':
      return `Up ${humanDuration(now - (c.startedAt ?? c.created))} (Paused)`;
    case 'restarting':
      return `Restarting (${c.exitCode ?? 0}) ${humanDuration(now - (c.finishedAt ?? now))} ago`;
    case 'exited':
      return c.finishedAt === undefined ? '' : `Exited (${c.exitCode ?? 0}) ${humanDuration(now - c.finishedAt)} ago`;
    case 'dead':
      return 'Dead';
    default:
      return 'Created';
  }
}

/** A stable engine id for a host (what `docker info` reports as ID). */
const engineId = (host: string) => `${host.toUpperCase().padEnd(4, 'X').slice(0, 4)}:SIMU:LATE:DENG:INE0:0000:0000:0000:0000:0000:0000:0000`;

const notFound = (what: string) => ({ status: 404, body: { message: what } });

export function findContainer(d: DockerState, ref: string): DockerContainer | undefined {
  const name = ref.replace(/^\//, '');
  return d.containers.find((c) => c.name === name) ?? d.containers.find((c) => c.id === ref) ?? (ref.length >= 1 ? d.containers.find((c) => c.id.startsWith(ref)) : undefined);
}

export function findNetwork(d: DockerState, ref: string): DockerNetwork | undefined {
  return d.networks.find((n) => n.name === ref) ?? d.networks.find((n) => n.id === ref) ?? d.networks.find((n) => n.id.startsWith(ref));
}

function containerSummary(c: DockerContainer, now: number, d: DockerState) {
  const ports = c.ports.flatMap((p) => (p.hostPort ? [
    { IP: p.hostIp ?? '0.0.0.0', PrivatePort: p.containerPort, PublicPort: p.hostPort, Type: p.proto },
    ...(p.hostIp ? [] : [{ IP: '::', PrivatePort: p.containerPort, PublicPort: p.hostPort, Type: p.proto }]),
  ] : [{ PrivatePort: p.containerPort, Type: p.proto }]));
  const networks = Object.fromEntries(Object.entries(c.networks).map(([name, e]) => [name, endpointSettings(findNetwork(d, name), e)]));
  return {
    Id: c.id, Names: [`/${c.name}`], Image: c.image, ImageID: c.imageId, Command: c.command, Created: secondsOf(c.created),
    Ports: ports, Labels: c.labels ?? {}, State: c.state, Status: statusText(c, now),
    HostConfig: { NetworkMode: Object.keys(c.networks)[0] ?? 'none' }, NetworkSettings: { Networks: networks }, Mounts: [],
  };
}

function endpointSettings(n: DockerNetwork | undefined, e: DockerContainer['networks'][string]) {
  const prefix = Number(n?.subnet?.split('/')[1] ?? 16);
  return {
    IPAMConfig: null, Links: null, Aliases: e.aliases ?? null, MacAddress: e.mac, DriverOpts: null, GwPriority: 0, NetworkID: n?.id ?? '',
    EndpointID: e.endpointId, Gateway: n?.gateway ?? '', IPAddress: e.ip, IPPrefixLen: prefix, IPv6Gateway: '', GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0, DNSNames: null,
  };
}

function networkJson(n: DockerNetwork, d: DockerState, withContainers: boolean) {
  const containers: Record<string, unknown> = {};
  if (withContainers) {
    for (const c of d.containers) {
      const e = c.networks[n.name];
      if (!e || c.state !== 'running') continue;
      const prefix = n.subnet?.split('/')[1] ?? '16';
      containers[c.id] = { Name: c.name, EndpointID: e.endpointId, MacAddress: e.mac, IPv4Address: `${e.ip}/${prefix}`, IPv6Address: '' };
    }
  }
  const options: Record<string, string> = n.name === 'bridge'
    ? {
      'com.docker.network.bridge.default_bridge': 'true', 'com.docker.network.bridge.enable_icc': 'true', 'com.docker.network.bridge.enable_ip_masquerade': 'true',
      'com.docker.network.bridge.host_binding_ipv4': '0.0.0.0', 'com.docker.network.bridge.name': 'docker0', 'com.docker.network.driver.mtu': '1500',
    }
    : {};
  return {
    Name: n.name, Id: n.id, Created: new Date(wallMs(n.created)).toISOString().replace('.000Z', 'Z'), Scope: 'local', Driver: n.driver,
    EnableIPv4: n.driver === 'bridge', EnableIPv6: false,
    IPAM: { Driver: 'default', Options: n.name === 'bridge' ? null : {}, Config: n.subnet ? [{ Subnet: n.subnet, Gateway: n.gateway }] : null },
    Internal: !!n.internal, Attachable: false, Ingress: false, ConfigFrom: { Network: '' }, ConfigOnly: false,
    ...(withContainers ? { Containers: containers } : { Containers: {} }), Options: options, Labels: {},
  };
}

/** Serves one GET of the Engine API (an optional `/v1.NN` prefix is accepted). */
export function serveEngine(world: World, hostName: string, req: EngineRequest): EngineResponse {
  const d = world.hosts[hostName]?.docker;
  if (!d) return { status: 500, body: { message: 'docker is not installed on this host' } };
  const path = req.path.replace(/^\/v\d+\.\d+/, '');
  const q = req.query ?? {};
  const now = world.now;
  if (path === '/_ping') return { status: 200, body: 'OK' };
  if (path === '/info') return { status: 200, body: { ID: engineId(hostName), Name: hostName, Swarm: { LocalNodeState: 'inactive', ControlAvailable: false }, ServerVersion: '28.2.2', OperatingSystem: 'Debian GNU/Linux 12 (bookworm)', OSType: 'linux' } };
  if (path === '/containers/json') {
    const all = q.all === '1' || q.all === 'true' || Number(q.limit ?? -1) > 0;
    const list = d.containers.filter((c) => all || c.state === 'running' || c.state === 'restarting' || c.state === 'paused');
    const sorted = [...list].sort((a, b) => b.created - a.created);
    const limit = Number(q.limit ?? -1);
    return { status: 200, body: (limit > 0 ? sorted.slice(0, limit) : sorted).map((c) => containerSummary(c, now, d)) };
  }
  if (path === '/images/json') {
    return {
      status: 200,
      body: [...d.images].sort((a, b) => b.created - a.created).map((i) => ({
        Containers: -1, Created: secondsOf(i.created), Id: `sha256:${i.id}`, Labels: null, ParentId: '',
        RepoDigests: [], RepoTags: i.repoTags, SharedSize: -1, Size: i.size,
      })),
    };
  }
  if (path === '/networks') return { status: 200, body: d.networks.map((n) => networkJson(n, d, false)) };
  let m = /^\/networks\/([^/]+)$/.exec(path);
  if (m) {
    const n = findNetwork(d, decodeURIComponent(m[1]));
    return n ? { status: 200, body: networkJson(n, d, true) } : notFound(`network ${decodeURIComponent(m[1])} not found`);
  }
  m = /^\/containers\/([^/]+)\/(json|logs)$/.exec(path);
  if (m) {
    const c = findContainer(d, decodeURIComponent(m[1]));
    if (!c) return notFound(`No such container: ${decodeURIComponent(m[1])}`);
    if (m[2] === 'logs') return { status: 200, body: c.logs };
    return { status: 200, body: inspectContainer(c, d) };
  }
  // Other object types `docker inspect` tries for a name: none of them exist here.
  m = /^\/(images|volumes|plugins|nodes|services|tasks|secrets|configs)\/([^/]+?)(\/json)?$/.exec(path);
  if (m) return notFound(`No such ${m[1].replace(/s$/, '')}: ${decodeURIComponent(m[2])}`);
  return { status: 404, body: { message: 'page not found' } };
}

const iso = (ms: number | undefined) => (ms === undefined ? '0001-01-01T00:00:00Z' : new Date(wallMs(ms)).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z'));

/** The essentials of GET /containers/{id}/json. */
function inspectContainer(c: DockerContainer, d: DockerState) {
  return {
    Id: c.id, Created: iso(c.created), Path: c.command.split(' ')[0], Args: c.command.split(' ').slice(1),
    State: {
      Status: c.state, Running: c.state === 'running' || c.state === 'paused', Paused: c.state === 'paused', Restarting: c.state === 'restarting',
      OOMKilled: false, Dead: c.state === 'dead', Pid: c.state === 'running' ? 1000 + parseInt(c.id.slice(0, 4), 16) % 30000 : 0,
      ExitCode: c.exitCode ?? 0, Error: '', StartedAt: iso(c.startedAt), FinishedAt: iso(c.finishedAt),
      ...(c.health ? { Health: { Status: c.health, FailingStreak: c.health === 'unhealthy' ? 3 : 0, Log: [] } } : {}),
    },
    Image: `sha256:${c.imageId.replace(/^sha256:/, '')}`, Name: `/${c.name}`, RestartCount: c.restartCount ?? 0,
    HostConfig: { NetworkMode: Object.keys(c.networks)[0] ?? 'none', RestartPolicy: { Name: c.restartPolicy ?? 'no', MaximumRetryCount: 0 } },
    Config: { Image: c.image, Env: c.env ?? [], Labels: c.labels ?? {} },
    NetworkSettings: {
      Ports: Object.fromEntries(c.ports.map((p) => [`${p.containerPort}/${p.proto}`, p.hostPort ? [{ HostIp: p.hostIp ?? '0.0.0.0', HostPort: String(p.hostPort) }] : null])),
      Networks: Object.fromEntries(Object.entries(c.networks).map(([name, e]) => [name, endpointSettings(findNetwork(d, name), e)])),
    },
  };
}
