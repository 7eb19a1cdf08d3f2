// The cross-layer scenarios (scenarios/x-*.yaml): the symptom shows in another layer than
// the cause. Alternative real-world fixes (not in the scenario files) turn them green;
// plausible wrong ones leave them red. The cross-layer faults check their parameters.
import { describe, expect, it } from 'vitest';
import { CROSS_FAULTS } from '../../server/game/faults/cross.js';
import { checkParams, injectFault } from '../../server/game/faults/index.js';
import { evaluate, parseCheck, type Check } from '../../server/game/objectives.js';
import { commands } from '../../server/shell/commands/index.js';
import { execLine, newSession } from '../../server/shell/shell.js';
import { Rng } from '../../server/sim/rng.js';
import { tickWorld } from '../../server/sim/tick.js';
import { buildWorld } from '../../server/sim/world/build.js';
import type { World } from '../../server/sim/world/types.js';
import { play } from '../../server/game/solve.js';
import { buildScenarioWorld } from '../../server/game/setup.js';
import type { Scenario } from '../../server/game/scenario/types.js';
import { catalogue, scenario } from './catalogue.js';

const cross = catalogue().filter((s) => s.id.startsWith('x-'));

/** The first seed whose drawn causes include one whose report line contains `text`. */
function seedWhere(s: Scenario, text: string): number {
  for (let seed = 1; seed <= 300; seed++) {
    if (buildScenarioWorld(s, seed).faults.some((f) => f.description.includes(text))) return seed;
  }
  throw new Error(`${s.id}: no seed draws a cause with "${text}"`);
}

function outcome(id: string, cause: string, steps: string[]) {
  const s = scenario(id);
  const { game, failures } = play(s, seedWhere(s, cause), steps);
  const objectives = game.objectives();
  return {
    failures,
    green: objectives.filter((o) => o.kind === 'objective').every((o) => o.ok),
    guards: objectives.filter((o) => o.kind === 'guard').every((o) => o.ok),
    collateral: game.finish().collateral.map((c) => `${c.kind}: ${c.what}`),
  };
}

const CLEAN = { failures: [], green: true, guards: true, collateral: [] };

describe('the cross-layer catalogue', () => {
  it('has at least 10 scenarios, each spanning layers, most with a pool of causes', () => {
    expect(cross.length).toBeGreaterThanOrEqual(10);
    for (const s of cross) expect(s.layers.length, s.id).toBeGreaterThanOrEqual(2);
    expect(cross.filter((s) => s.faults.some((f) => f.kind === 'pool')).length).toBeGreaterThanOrEqual(10);
    expect(cross.filter((s) => s.world.cluster).length).toBeGreaterThanOrEqual(7);
  });
});

describe('alternative real-world fixes turn cross-layer scenarios green', () => {
  it('x-lb-backend-down, REJECT in node2 FORWARD: an ACCEPT for lb1 inserted above it', () => {
    const r = outcome('x-lb-backend-down', 'rejects FORWARD traffic', ['ssh node2 iptables -I FORWARD 1 -s 10.0.20.80/32 -p tcp --dport 8080 -j ACCEPT']);
    expect(r).toEqual(CLEAN);
  });

  it('x-storefront-down-outside, DROP in node1 FORWARD: an ACCEPT inserted above it', () => {
    const r = outcome('x-storefront-down-outside', 'drops FORWARD traffic', ['ssh node1 iptables -I FORWARD -i eth0 -o cni0 -p tcp --dport 80 -j ACCEPT']);
    expect(r).toEqual(CLEAN);
  });

  it('x-rollout-stuck-one-node, wrong gateway on node2: fix the route, then restart the rollout instead of deleting the pod', () => {
    const r = outcome('x-rollout-stuck-one-node', 'default route on node2', [
      'ssh node2', 'ip route del default', 'ip route add default via 10.0.10.1 dev eth0', 'exit',
      'kubectl -n shop rollout restart deployment/web', 'sleep 120',
    ]);
    expect(r).toEqual(CLEAN);
  });

  it('x-pods-cannot-resolve-corp, DROP on dns1: an ACCEPT for DNS from the cluster subnet, logged in by address', () => {
    const r = outcome('x-pods-cannot-resolve-corp', 'on dns1 drops INPUT', ['ssh 10.0.20.53 iptables -I INPUT -s 10.0.10.0/24 -p udp --dport 53 -j ACCEPT']);
    expect(r).toEqual(CLEAN);
  });
});

describe('plausible wrong fixes leave cross-layer scenarios red', () => {
  it('x-lb-backend-down, REJECT in node2 FORWARD: an ACCEPT appended after it', () => {
    expect(outcome('x-lb-backend-down', 'rejects FORWARD traffic', ['ssh node2 iptables -A FORWARD -s 10.0.20.0/24 -p tcp --dport 8080 -j ACCEPT']).green).toBe(false);
  });

  it('x-storefront-down-outside, DROP in node1 FORWARD: opening port 80 in INPUT does nothing for a hostPort', () => {
    expect(outcome('x-storefront-down-outside', 'drops FORWARD traffic', ['ssh node1 iptables -I INPUT -p tcp --dport 80 -j ACCEPT']).green).toBe(false);
  });

  it('x-rollout-stuck-one-node, wrong gateway on node2: the route fixed but the pod left in its back-off', () => {
    const r = outcome('x-rollout-stuck-one-node', 'default route on node2', ['ssh node2 ip route replace default via 10.0.10.1', 'sleep 10']);
    expect(r.failures).toEqual([]);
    expect(r.green).toBe(false);
  });

  it('x-pods-cannot-resolve-corp, DROP on dns1: ssh by name needs the DNS that is broken', () => {
    const r = outcome('x-pods-cannot-resolve-corp', 'on dns1 drops INPUT', ['ssh dns1 iptables -I INPUT -s 10.0.10.0/24 -p udp --dport 53 -j ACCEPT']);
    expect(r.failures[0]).toContain('Could not resolve hostname dns1');
    expect(r.green).toBe(false);
  });

  it('x-node-notready-below, disk full on node2: restarting the kubelet', () => {
    expect(outcome('x-node-notready-below', 'filled the disk of node2', ['ssh node2 systemctl restart kubelet', 'sleep 30']).green).toBe(false);
  });
});

const check = (raw: unknown): Check => {
  const r = parseCheck(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.check;
};

/** Runs shell lines on a host; the failed ones, with their output. */
function run(world: World, host: string, lines: string[]): string[] {
  const session = newSession(world, host);
  return lines.flatMap((l) => {
    const r = execLine(world, session, l, commands);
    world.now += r.elapsedMs;
    return r.exit === 0 ? [] : [`${l}: exit ${r.exit}: ${r.chunks.map((c) => c.text).join('').trim()}`];
  });
}

interface CrossCase {
  /** Faults injected in order (a cross-layer fault, and what it exposes). */
  faults: { type: string; params: Record<string, unknown> }[];
  symptom: unknown;
  fix: { host: string; lines: string[] };
  /** Simulated time the cluster needs after the fix. */
  settleMs: number;
}

const WEB = { deployment: { namespace: 'shop', name: 'web', ready: 2 } };

const CROSS_CASES: Record<string, CrossCase> = {
  'cluster-aftermath': {
    faults: [{ type: 'cluster-aftermath', params: { fault: 'iptables-drop', host: 'node2', chain: 'OUTPUT', match: '-d 10.0.10.10/32 -p tcp --dport 6443' } }],
    symptom: { 'node-ready': { node: 'node2' } },
    fix: { host: 'node2', lines: ['iptables -D OUTPUT 1'] },
    settleMs: 30_000,
  },
  'disk-filling': {
    faults: [
      { type: 'disk-filling', params: { host: 'node1', path: '/root/big.pcap' } },
      { type: 'rollout-restart', params: { namespace: 'ingress-nginx', deployment: 'ingress-nginx-controller' } },
    ],
    symptom: { deployment: { namespace: 'ingress-nginx', name: 'ingress-nginx-controller' } },
    fix: { host: 'node1', lines: ['rm /root/big.pcap'] },
    settleMs: 60_000,
  },
  'rollout-restart': {
    faults: [
      { type: 'node-tainted', params: { nodes: ['node1'], effect: 'NoSchedule' } },
      { type: 'rollout-restart', params: { namespace: 'ingress-nginx', deployment: 'ingress-nginx-controller' } },
    ],
    symptom: { deployment: { namespace: 'ingress-nginx', name: 'ingress-nginx-controller' } },
    fix: { host: 'cp1', lines: ['kubectl taint nodes node1 dedicated-'] },
    settleMs: 60_000,
  },
  'image-rollout': {
    faults: [
      { type: 'iptables-drop', params: { host: 'rtr', chain: 'FORWARD', match: '-d 10.0.20.20/32 -p tcp --dport 443' } },
      { type: 'image-rollout', params: { namespace: 'shop', deployment: 'web', tag: '1.4.3' } },
    ],
    symptom: WEB,
    fix: { host: 'cp1', lines: ['ssh rtr iptables -D FORWARD 1', 'kubectl -n shop delete pod --field-selector status.phase=Pending'] },
    settleMs: 60_000,
  },
  'kube-proxy-stale': {
    faults: [{ type: 'kube-proxy-stale', params: { node: 'node2', namespace: 'shop', deployment: 'web' } }],
    symptom: { http: { from: 'cp1', url: 'http://10.0.10.12:30080/' } },
    fix: { host: 'node2', lines: ['systemctl start kube-proxy'] },
    settleMs: 10_000,
  },
};

describe('the cross-layer faults', () => {
  it('each has a case here', () => {
    expect(Object.keys(CROSS_CASES).sort()).toEqual(CROSS_FAULTS.map((f) => f.id).sort());
  });

  it.each(Object.entries(CROSS_CASES))('%s: the cluster shows the symptom, and the real fix repairs it', (_, c) => {
    const world = buildWorld(scenario('x-node-notready-below').world, 3);
    const symptom = check(c.symptom);
    expect(evaluate(world, symptom).ok, 'healthy before').toBe(true);
    const rng = new Rng(5);
    for (const f of c.faults) expect(injectFault(world, f.type, f.params, rng, -600_000).description).not.toContain('\n');
    expect(evaluate(world, symptom).ok, 'broken by the fault').toBe(false);
    expect(run(world, c.fix.host, c.fix.lines)).toEqual([]);
    tickWorld(world, c.settleMs);
    expect(evaluate(world, symptom), 'repaired').toMatchObject({ ok: true });
  });
});

describe('cross-layer fault parameters', () => {
  it('cluster-aftermath checks the inner fault and its parameters', () => {
    expect(checkParams('cluster-aftermath', { fault: 'iptables-drop', host: 'node2', chain: 'OUTPUT', match: '-p tcp' }).ok).toBe(true);
    const unknown = checkParams('cluster-aftermath', { fault: 'kubelet-stopped', node: 'node2' });
    expect(unknown.ok).toBe(false);
    const bad = checkParams('cluster-aftermath', { fault: 'iptables-drop', host: 'node2', chain: 'PREROUTING', match: '-p tcp' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0].path).toEqual(['chain']);
  });

  it('disk-filling leaves no unit failed and the node under disk pressure', () => {
    const s = scenario('x-ingress-restart-pending');
    const { world } = buildScenarioWorld(s, 1);
    const node1 = world.hosts.node1;
    expect(node1.disk.usedMb / node1.disk.sizeMb).toBeGreaterThan(0.9);
    expect(Object.values(node1.units).filter((u) => u.state !== 'active')).toEqual([]);
  });
});
