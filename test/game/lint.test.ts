import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baseReader, lintPaths, SCENARIO_DIR } from '../../client/scenario-files.js';
import { lintScenario } from '../../server/game/scenario/lint.js';
import { formatLintError, loadScenario, mergeSpec, parseDuration } from '../../server/game/scenario/load.js';

const FIXTURES = 'test/fixtures/scenarios';
const lintFile = (name: string) => {
  const file = `${FIXTURES}/${name}`;
  return lintScenario(readFileSync(file, 'utf8'), file, baseReader(file)).errors.map(formatLintError);
};

describe('opsdrill lint', () => {
  it('passes the whole catalogue and its bases', () => {
    const r = lintPaths([SCENARIO_DIR]);
    expect(r.errors.map(formatLintError)).toEqual([]);
    expect(r.scenarios.length).toBeGreaterThanOrEqual(8);
  });

  it('names the file, the line and the problem of every mistake in a broken scenario', () => {
    expect(lintFile('broken-fault.yaml')).toEqual([
      `${FIXTURES}/broken-fault.yaml:2: names the fault type "forwarding-off": the players must find the cause themselves`,
      `${FIXTURES}/broken-fault.yaml:11: fault forwarding-off: no host "rtr9" in the world`,
      `${FIXTURES}/broken-fault.yaml:13: unknown fault type "route-missing"`,
      `${FIXTURES}/broken-fault.yaml:16: chain: must be one of INPUT, FORWARD, OUTPUT`,
      `${FIXTURES}/broken-fault.yaml:21: objective "shop" names host "ws9", which is not in the world`,
      `${FIXTURES}/broken-fault.yaml:22: no "direction" hint for forwarding-off (hints come in tiers: nudge, direction, command)`,
      `${FIXTURES}/broken-fault.yaml:22: no "command" hint for forwarding-off (hints come in tiers: nudge, direction, command)`,
    ]);
  });

  it('reports bad parameters when no cause of a scenario loads at all, and protected objects that do not exist', () => {
    expect(lintFile('broken-params.yaml')).toEqual([
      `${FIXTURES}/broken-params.yaml:12: chain: must be one of INPUT, FORWARD, OUTPUT`,
      `${FIXTURES}/broken-params.yaml:14: chain: must be one of INPUT, FORWARD, OUTPUT`,
      `${FIXTURES}/broken-params.yaml:24: "k8s:Deployment/shop" must be k8s:Deployment/NAMESPACE/NAME`,
      `${FIXTURES}/broken-params.yaml:24: no Kubernetes kind "Widget"`,
      `${FIXTURES}/broken-params.yaml:24: the world has no Kubernetes cluster`,
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(lintFile('broken-yaml.yaml')).toEqual([`${FIXTURES}/broken-yaml.yaml:7: YAML: All mapping items must start at the same column`]);
  });

  it('reports a typo in a world override at its line in the scenario file', () => {
    expect(lintFile('broken-world.yaml')).toEqual([`${FIXTURES}/broken-world.yaml:13: world: unknown field "nic"`]);
  });

  it('reports a world that does not build at the overriding line', () => {
    expect(lintFile('broken-route.yaml')).toEqual([
      `${FIXTURES}/broken-route.yaml:13: world: hosts.ws1.routes[0]: gateway 10.99.0.1 is not on a connected network of ws1`,
    ]);
  });

  it('reports a mistake in a base world in the base file', () => {
    const text = 'id: x\ntitle: t\nbriefing: b\ndifficulty: beginner\nlayers: [network]\npar: 5m\nstart: { host: a }\nworld: { base: mine }\nfaults: [{ type: forwarding-off, params: { host: a } }]\nobjectives: [{ id: o, title: t, alert: a, check: { icmp: { from: a, to: a } } }]\n';
    const base = { file: 'bases/mine.yaml', text: 'hosts:\n  a:\n    nics:\n      - { name: eth0, subnet: nowhere }\n' };
    const r = lintScenario(text, 'x.yaml', (n) => (n === 'mine' ? base : undefined));
    expect(r.errors.map(formatLintError)).toEqual(['bases/mine.yaml:4: world: hosts.a.nics[0].subnet: unknown subnet "nowhere"']);
  });

  it('checks the shape of the format: missing and unknown fields, bad enums, durations', () => {
    const text = 'id: Bad_Id\ntitle: t\nbriefing: b\ndifficulty: easy\nlayers: [network]\npar: soon\nstart: { host: ws1 }\nworld: { base: office }\nfaults: []\nobjectives: []\nextra: 1\n';
    const errors = loadScenario(text, 'x.yaml', baseReader(`${SCENARIO_DIR}/x.yaml`)).errors.map(formatLintError);
    expect(errors).toEqual([
      'x.yaml:1: id: use lower-case words joined by -',
      'x.yaml:4: difficulty: must be one of beginner, intermediate, advanced, expert',
      'x.yaml:6: par: a duration like 10m, 90s or 1h30m',
      'x.yaml:9: faults: a scenario needs at least one fault',
      'x.yaml:10: objectives: a scenario needs at least one objective',
      'x.yaml:11: unknown field "extra"',
    ]);
  });
});

describe('scenario format helpers', () => {
  it('merges overrides into a base: mappings by key, lists replaced, null deletes', () => {
    const base = { hosts: { a: { routes: ['x'], cpus: 2 }, b: { cpus: 1 } }, dns: { search: ['s'] } };
    expect(mergeSpec(base, { hosts: { a: { routes: ['y'] }, b: null } })).toEqual({ hosts: { a: { routes: ['y'], cpus: 2 } }, dns: { search: ['s'] } });
  });

  it('parses durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('10')).toBeNull();
  });
});
