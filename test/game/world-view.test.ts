// What counts as a change a player made: time passing in a running cluster is not one
// (controllers rewrite statuses, events, endpoints and kube-proxy rules by themselves);
// a scaled Deployment, a new taint or a deleted Service is.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runLines, startSession } from '../../server/headless.js';
import { configPrint } from '../../server/game/world-view.js';
import { tickWorld } from '../../server/sim/tick.js';
import { loadWorldYaml } from '../../server/sim/world/yaml.js';

const cluster = () => loadWorldYaml(readFileSync('scenarios/bases/k8s.yaml', 'utf8'), 7);

describe('configPrint on a running cluster', () => {
  it('stays the same while only time passes, even through a rollout the controllers carry out', () => {
    const world = cluster();
    const session = startSession(world, 'cp1');
    runLines(world, session, ['kubectl -n shop set env deploy/api LOG_LEVEL=debug']);
    const after = configPrint(world);
    tickWorld(world, 90_000);
    runLines(world, session, ['kubectl get pods -A', 'kubectl -n shop get endpoints']);
    expect(configPrint(world)).toBe(after);
  });

  it('changes when a player scales, taints or deletes', () => {
    for (const line of ['kubectl -n shop scale deploy/web --replicas=3', 'kubectl taint node node1 maint=true:NoSchedule', 'kubectl -n shop delete svc api']) {
      const world = cluster();
      const session = startSession(world, 'cp1');
      const before = configPrint(world);
      const out = runLines(world, session, [line]);
      expect(out).not.toMatch(/error/i);
      expect(configPrint(world), line).not.toBe(before);
    }
  });
});
