// Nothing a player can run names the fault: for every scenario and every cause, the output
// of the usual diagnostic commands on every host holds no fault id, no root-cause text, no
// hint of the cause and no line of its fix.
import { describe, expect, it } from 'vitest';
import { commands } from '../../server/shell/commands/index.js';
import { execLine, newSession } from '../../server/shell/shell.js';
import { FAULTS } from '../../server/game/faults/index.js';
import { allCauses, buildScenarioWorld, hintsFor, solutionsFor } from '../../server/game/setup.js';
import type { World } from '../../server/sim/world/types.js';
import { catalogue } from './catalogue.js';

const DIAGNOSTICS = [
  'hostname', 'ip addr', 'ip -d link', 'ip -s link', 'ip route', 'ip rule', 'ip route show table all', 'ip neigh', 'bridge link', 'bridge vlan show',
  'iptables-save', 'iptables -L -n -v', 'iptables -t nat -L -n -v', 'iptables -S', 'ss -tulnp', 'ss -s', 'netstat -tulnp', 'sysctl -a',
  'systemctl list-units --all --no-pager', 'systemctl --failed', 'journalctl --no-pager', 'journalctl -x --no-pager', 'df -h', 'du -h /var',
  'ls -a /etc /etc/default /var/log /root', 'cat /etc/resolv.conf /etc/hosts', 'env', 'history',
  'aws ec2 describe-route-tables', 'aws ec2 describe-security-groups', 'aws ec2 describe-instances', 'curl -sv http://127.0.0.1/', 'dig localhost',
];

/** What a player asks the API server of a cluster world, from its control-plane host. */
const KUBECTL = [
  'kubectl get all -A -o wide', 'kubectl get events -A', 'kubectl describe nodes', 'kubectl describe pods -A', 'kubectl describe deployments -A',
  'kubectl describe services -A', 'kubectl get nodes -o yaml', 'kubectl get deployments,replicasets,services,endpoints,ingresses,networkpolicies,configmaps -A -o yaml',
  'kubectl rollout history deployment -n shop', 'kubectl rollout history deployment -n kube-system',
];

/** Everything the diagnostics print on every host players can log in to. */
function transcript(world: World): string {
  let out = '';
  for (const host of Object.values(world.hosts)) {
    if (!host.login || host.kind === 'external') continue;
    const session = newSession(world, host.name);
    const lines = [
      ...DIAGNOSTICS,
      ...Object.keys(host.units).flatMap((u) => [`systemctl status ${u} --no-pager`, `journalctl -u ${u} --no-pager`]),
      ...Object.keys(host.files).filter((f) => !f.endsWith('/')).map((f) => `cat ${f}`),
    ];
    for (const line of lines) {
      const r = execLine(world, session, line, commands);
      out += r.chunks.map((c) => c.text).join('');
    }
  }
  const api = world.cluster?.runtime?.config.apiServer.host;
  if (api) {
    const session = newSession(world, api);
    for (const line of KUBECTL) out += execLine(world, session, line, commands).chunks.map((c) => c.text).join('');
  }
  return out;
}

describe('no fault leaks into what players can see', () => {
  const ids = Object.keys(FAULTS);
  for (const scenario of catalogue()) {
    it(`${scenario.id}: every cause`, () => {
      for (const causes of allCauses(scenario)) {
        const { world, faults } = buildScenarioWorld(scenario, 7, causes);
        const text = transcript(world);
        expect(text).toContain('LISTEN');
        const lower = text.toLowerCase();
        for (const id of ids) expect(lower, `fault id ${id}`).not.toContain(id);
        for (const f of faults) expect(text, 'root-cause text').not.toContain(f.description);
        const secrets = [
          ...hintsFor(scenario, causes).filter((h) => h.tier !== 'nudge').map((h) => h.text),
          ...solutionsFor(scenario, causes).flatMap((s) => s.steps).filter((l) => l.length >= 16),
        ];
        for (const s of secrets) expect(text, 'hint or fix').not.toContain(s);
      }
    });
  }
});

describe('the leak check itself', () => {
  it('sees journals, files and firewall comments, where a careless fault would leave its name', () => {
    const scenario = catalogue().find((s) => s.id === 'shop-api-502')!;
    const { world } = buildScenarioWorld(scenario, 1);
    const api1 = world.hosts.api1;
    api1.units['shop-api'].journal.push({ at: 0, ident: 'shop-api', pid: 1, text: 'injected by service-stopped' });
    api1.files['/etc/motd'] = 'cause: wrong-prefix\n';
    const match = world.hosts.rtr.iptables.filter.chains.FORWARD.rules[0].match;
    Object.assign(match, { comment: 'iptables-drop', modules: [...(match.modules ?? []), 'comment'] });
    const lower = transcript(world).toLowerCase();
    for (const id of ['service-stopped', 'wrong-prefix', 'iptables-drop']) expect(lower).toContain(id);
  });

  it('sees the objects of a cluster, where a careless Kubernetes fault would leave its name', () => {
    const scenario = catalogue().find((s) => s.id === 'k8s-shop-api-errors')!;
    const { world } = buildScenarioWorld(scenario, 1);
    const api = world.cluster!.objects.Deployment!['shop/api'];
    api.metadata.annotations = { ...api.metadata.annotations, note: 'image-tag-typo' };
    world.cluster!.objects.ConfigMap!['shop/api-config'].data!.NOTE = 'readiness-wrong-port';
    const lower = transcript(world).toLowerCase();
    for (const id of ['image-tag-typo', 'readiness-wrong-port']) expect(lower).toContain(id);
  });
});
