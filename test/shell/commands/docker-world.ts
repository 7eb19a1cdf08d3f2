// A world whose web1 runs a Docker Engine: containers in several states on the default
// bridge and a user-defined one, images, networks. Times are relative to world.now at build.
import type { DockerState } from '../../../server/sim/docker/types.js';
import type { World } from '../../../server/sim/world/types.js';
import { newSession } from '../../../server/shell/shell.js';
import { exec } from '../../helpers/run.js';
import { tinyWorld } from '../../helpers/world.js';

const hex = (seed: string) => {
  let out = '';
  let x = [...seed].reduce((a, c) => (a * 31 + c.charCodeAt(0)) >>> 0, 7);
  while (out.length < 64) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out += (x >>> 8).toString(16).padStart(6, '0');
  }
  return out.slice(0, 64);
};

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export function dockerState(now: number): DockerState {
  const img = (repoTag: string, ageMs: number, size: number) => ({ id: hex(repoTag), repoTags: [repoTag], created: now - ageMs, size });
  const images = [img('nginx:1.27', 20 * DAY, 192_004_242), img('redis:7.2', 40 * DAY, 116_897_338), img('shop/api:1.4.2', 3 * DAY, 352_116_020), img('busybox:latest', 400 * DAY, 4_261_550)];
  const bridge = { id: hex('bridge'), name: 'bridge', driver: 'bridge' as const, created: now - 41 * DAY, subnet: '172.17.0.0/16', gateway: '172.17.0.1', bridge: 'docker0' };
  const appNet = { id: hex('app-net'), name: 'app-net', driver: 'bridge' as const, created: now - 20 * DAY, subnet: '172.18.0.0/16', gateway: '172.18.0.1', bridge: `br-${hex('app-net').slice(0, 12)}` };
  return {
    images,
    networks: [bridge, { id: hex('host'), name: 'host', driver: 'host', created: now - 41 * DAY }, { id: hex('none'), name: 'none', driver: 'null', created: now - 41 * DAY }, appNet],
    containers: [
      {
        id: hex('web'), name: 'web', image: 'nginx:1.27', imageId: `sha256:${images[0].id}`, command: "/docker-entrypoint.sh nginx -g 'daemon off;'",
        created: now - 2 * DAY, state: 'running', startedAt: now - 5 * HOUR, ports: [{ containerPort: 80, proto: 'tcp', hostPort: 8080 }],
        networks: { bridge: { ip: '172.17.0.2', mac: '02:42:ac:11:00:02', endpointId: hex('web-ep') } },
        logs: [
          { at: now - 5 * HOUR, stream: 'stderr', text: '2026/11/23 04:00:00 [notice] 1#1: start worker processes\n' },
          { at: now - 10 * MIN, stream: 'stdout', text: '172.17.0.1 - - [23/Nov/2026:08:50:00 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/7.88.1" "-"\n' },
        ],
      },
      {
        id: hex('redis'), name: 'cache', image: 'redis:7.2', imageId: `sha256:${images[1].id}`, command: 'docker-entrypoint.sh redis-server',
        created: now - 3 * DAY, state: 'running', startedAt: now - 3 * DAY, health: 'healthy', ports: [{ containerPort: 6379, proto: 'tcp' }],
        networks: { 'app-net': { ip: '172.18.0.2', mac: '02:42:ac:12:00:02', endpointId: hex('redis-ep'), aliases: ['cache'] } },
        logs: [{ at: now - 3 * DAY, stream: 'stdout', text: '1:M 20 Nov 2026 09:00:00.000 * Ready to accept connections tcp\n' }],
      },
      {
        id: hex('api'), name: 'shop-api', image: 'shop/api:1.4.2', imageId: `sha256:${images[2].id}`, command: 'python -m shop.api --port 8000',
        created: now - 50 * MIN, state: 'exited', startedAt: now - 50 * MIN, finishedAt: now - 47 * MIN, exitCode: 1, ports: [{ containerPort: 8000, proto: 'tcp' }],
        networks: { 'app-net': { ip: '', mac: '', endpointId: '' } },
        logs: [
          { at: now - 50 * MIN, stream: 'stdout', text: 'Starting shop API on :8000\n' },
          { at: now - 47 * MIN, stream: 'stderr', text: 'redis.exceptions.ConnectionError: Error -2 connecting to redis:6379. Name or service not known.\n' },
        ],
      },
      {
        id: hex('once'), name: 'migrate', image: 'busybox:latest', imageId: `sha256:${images[3].id}`, command: 'sh -c "echo migrated"',
        created: now - 30 * DAY, state: 'exited', startedAt: now - 30 * DAY, finishedAt: now - 30 * DAY, exitCode: 0, ports: [],
        networks: { bridge: { ip: '', mac: '', endpointId: '' } }, logs: [{ at: now - 30 * DAY, stream: 'stdout', text: 'migrated\n' }],
      },
    ],
  };
}

/** tinyWorld with Docker on web1 (a running `docker` unit). */
export function dockerWorld(now = 0): { world: World; run: (line: string) => ReturnType<typeof exec> } {
  const world = tinyWorld();
  world.now = now;
  const web1 = world.hosts.web1;
  web1.units.docker = {
    name: 'docker', description: 'Docker Application Container Engine', state: 'active', enabled: true, since: 0, mainPid: 611,
    execStart: '/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock', listeners: [], journal: [],
  };
  web1.docker = dockerState(now);
  const session = newSession(world, 'web1');
  return { world, run: (line: string) => exec(world, session, line) };
}
