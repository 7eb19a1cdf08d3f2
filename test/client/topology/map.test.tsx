// The topology map learns only from what the player's commands printed (real outputs of the
// simulated world here) and draws subnets, hosts, gateways and Kubernetes nodes with pods.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { runLines, startSession } from '../../../server/headless.js';
import { loadWorldYaml } from '../../../server/sim/world/yaml.js';
import { emptyTopology, learnTopology, type Topology } from '../../../client/topology/model.js';
import { TopologyView } from '../../../client/topology/TopologyView.js';
import { plain, renderAt } from '../helpers/render.js';

/** Runs the commands on a base world as the player would, teaching the map each output. */
function explore(base: string, host: string | undefined, lines: string[]): Topology {
  const world = loadWorldYaml(readFileSync(`scenarios/bases/${base}.yaml`, 'utf8'), 1, base);
  const session = startSession(world, host);
  let t = emptyTopology;
  for (const line of lines) {
    const prompt = runLines(world, session, ['']).replace(/\n$/, '');
    const out = runLines(world, session, [line]).split('\n').slice(1).join('\n');
    const at = /@([^:]+):/.exec(prompt)?.[1];
    t = learnTopology(t, line, at, out);
  }
  return t;
}

function draw(t: Topology, width = 100, height = 30, start?: string): string {
  const r = renderAt(<TopologyView topology={t} width={width} height={height} scroll={0} start={start} />, width, height);
  const frame = plain(r.lastFrame());
  r.unmount();
  return frame;
}

describe('topology map', () => {
  test('nothing discovered: says how to discover', () => {
    const f = draw(emptyTopology);
    expect(f).toContain('Topology map');
    expect(f).not.toContain('10.10.');
  });

  test('a subnet with its CIDR, the host with its address, and the gateway learnt from routes and ping', () => {
    const t = explore('office', 'ws1', ['ip addr', 'ip route', 'ping -c1 10.10.10.1']);
    const f = draw(t, 100, 30, 'ws1');
    expect(f).toContain('10.10.10.0/24');
    expect(f).toMatch(/ws1\s+eth0 10\.10\.10\.50\s+UP/);
    expect(f).toContain('10.10.10.1');
    // Hosts never looked at are not drawn.
    expect(f).not.toContain('db1');
  });

  test('Kubernetes nodes with their pods', () => {
    const t = explore('k8s', 'cp1', ['kubectl get nodes -o wide', 'kubectl get pods -A -o wide']);
    expect(Object.keys(t.nodes).length).toBeGreaterThan(0);
    const f = draw(t, 120, 60);
    for (const n of Object.keys(t.nodes)) expect(f).toContain(n);
    const pod = Object.values(t.pods).find((p) => p.node)!;
    expect(f).toContain(pod.name.slice(0, 20));
  });

  test('a connected route is enough to place the host in its subnet; the wrong gateway shows apart', () => {
    const t = explore('office', 'ws1', ['ip route']);
    expect(t.hosts.ws1.ifaces.eth0.addrs).toEqual(['10.10.10.50/24']);
    const f = draw(t, 100, 30, 'ws1');
    expect(f).toContain('10.10.10.0/24');
    expect(f).toMatch(/ws1\s+eth0 10\.10\.10\.50/);
    expect(f).toMatch(/10\.10\.10\.1\s+gateway/);
  });
});
