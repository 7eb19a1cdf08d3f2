// The simulator's kubectl write commands against the real kubectl v1.32. Two identical
// worlds: one is served to the real kubectl by the fake API server, the other is changed
// by the simulated kubectl. Each scenario runs the same command lines on both; every
// command's stdout, stderr and exit status must agree byte for byte, and so must the
// objects stored afterwards. Manifest files exist on both sides (a temp directory for the
// real kubectl, /root on the simulated host). Skipped where kubectl is not installed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pairedWorlds } from './paired-worlds.js';
import { kubectlAvailable, runRealKubectl } from './fake-apiserver.js';

const FIXTURE = readFileSync(new URL('../../fixtures/k8s/shop-cluster.yaml', import.meta.url), 'utf8');
const hasKubectl = kubectlAvailable();

const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web2
spec:
  replicas: 2
  selector:
    matchLabels: {app: web2}
  template:
    metadata:
      labels: {app: web2}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web2
spec:
  selector: {app: web2}
  ports:
  - port: 80
    targetPort: 80
`;

const FILES: Record<string, string> = {
  'web2.yaml': DEPLOY,
  'web2-v2.yaml': DEPLOY.replace('replicas: 2', 'replicas: 3').replace('nginx:1.27', 'nginx:1.28'),
  'web2-badsel.yaml': DEPLOY.replace(/app: web2}/g, 'app: web3}').split('---')[0],
  'web2-invalid.yaml': DEPLOY.replace('replicas: 2', 'replicas: -1').replace('image: nginx:1.27', 'image: ""').split('---')[0],
  'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-cfg\n  namespace: shop\ndata:\n  a: "1"\n',
  'cm-other-ns.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-cfg\n  namespace: default\ndata:\n  a: "1"\n',
  'typo.yaml': DEPLOY.replace('replicas: 2', 'replica: 2').replace('image: nginx', 'imagee: nginx').split('---')[0],
  'wrongtype.yaml': DEPLOY.replace('replicas: 2', 'replicas: two').split('---')[0],
  'nokind.yaml': 'metadata:\n  name: x\n',
  'noversion.yaml': 'kind: ConfigMap\nmetadata:\n  name: x\n',
  'list.yaml': '- a\n- b\n',
  'bad-indent.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n   labels: x\n',
  'bad-tab.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: a\n',
  'bad-colon.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a: b\n',
  'bad-quote.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "a\n',
  'bad-seq.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  - x\n  y: z\n',
  'bad-key.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n data:\n  x: y\n',
  'bad-flow.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [a\n',
  'bad-second.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: y\n  z\n',
};

/** Each scenario starts from fresh worlds; lines run in order. A line may be `[args, stdin]`. */
const SCENARIOS: Record<string, (string[] | [string[], string])[]> = {
  'apply: create, unchanged, configured, warnings': [
    ['apply', '-f', 'web2.yaml', '-n', 'shop'],
    ['apply', '-f', 'web2.yaml', '-n', 'shop'],
    ['apply', '-f', 'web2-v2.yaml', '-n', 'shop'],
    ['get', 'deploy', 'web2', '-n', 'shop', '-o', 'yaml'],
    ['get', 'svc', 'web2', '-n', 'shop', '-o', 'json'],
    ['apply', '-f', 'web2.yaml', '-n', 'shop', '--dry-run=client'],
    ['apply', '-f', 'web2.yaml', '-n', 'shop', '--dry-run=server'],
    ['apply', '-f', 'cm.yaml'],
    ['apply', '-f', 'cm.yaml', '-n', 'default'],
    ['apply', '-f', 'cm-other-ns.yaml'],
    [['apply', '-f', '-', '-n', 'shop'], DEPLOY],
    ['apply', '-f', 'web2.yaml', '-n', 'nosuchns'],
  ],
  'apply: errors change nothing': [
    ['apply', '-f', 'web2.yaml', '-n', 'shop'],
    ['apply', '-f', 'web2-badsel.yaml', '-n', 'shop'],
    ['apply', '-f', 'web2-invalid.yaml', '-n', 'shop'],
    ['apply', '-f', 'web2-invalid.yaml', '-f', 'web2-badsel.yaml', '-n', 'shop'],
    ['apply', '-f', 'typo.yaml'],
    ['apply', '-f', 'wrongtype.yaml'],
    ['apply', '-f', 'nokind.yaml'],
    ['apply', '-f', 'noversion.yaml'],
    ['apply', '-f', 'list.yaml'],
    ['apply', '-f', 'nofile.yaml'],
    ['apply'],
    ...['bad-indent', 'bad-tab', 'bad-colon', 'bad-quote', 'bad-seq', 'bad-key', 'bad-flow', 'bad-second'].map((f) => ['apply', '-f', `${f}.yaml`]),
    [['apply', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a: b\n'],
  ],
  'label and annotate': [
    ['label', 'pod', 'web-7d4b9c8f6d-2xkqp', 'tier=frontend', '-n', 'shop'],
    ['label', 'pod', 'web-7d4b9c8f6d-2xkqp', 'tier=backend', '-n', 'shop'],
    ['label', 'pod', 'web-7d4b9c8f6d-2xkqp', 'tier=backend', '--overwrite', '-n', 'shop'],
    ['label', 'pod', 'web-7d4b9c8f6d-2xkqp', 'tier=backend', '--overwrite', '-n', 'shop'],
    ['label', 'pod', 'web-7d4b9c8f6d-2xkqp', 'tier-', '-n', 'shop'],
    ['label', 'pod', 'web-7d4b9c8f6d-2xkqp', 'tier-', '-n', 'shop'],
    ['label', 'pod', 'web-7d4b9c8f6d-2xkqp', '-n', 'shop'],
    ['label', 'pod', 'web-7d4b9c8f6d-2xkqp', 'bad key=x', '-n', 'shop'],
    ['label', 'pods', '-l', 'app=web', 'x=y', '-n', 'shop'],
    ['label', 'pods', '--all', 'x=z', '--overwrite', '-n', 'shop'],
    ['label', 'pod', 'web-7d4b9c8f6d-2xkqp', 'api-5f9c7b6d4-x2k9p', 'tier=b', 'app=c', '-n', 'shop'],
    ['label', 'pod', 'web-7d4b9c8f6d-2xkqp', 'a=b', 'a-', '-n', 'shop'],
    ['label', 'po', 'a=b', '-n', 'shop'],
    ['label', 'pod', 'nope', 'a=b', '-n', 'shop'],
    ['label', 'node', 'node-2', 'disk=ssd'],
    ['annotate', 'deploy', 'web', 'note=hello', '-n', 'shop'],
    ['annotate', 'deploy', 'web', 'note=bye', '-n', 'shop'],
    ['annotate', 'deploy', 'web', 'note-', '-n', 'shop'],
    ['annotate', 'deploy', 'web', '-n', 'shop'],
  ],
  'scale, patch, set': [
    ['scale', 'deploy', 'web', '--replicas=5', '-n', 'shop'],
    ['scale', 'deploy/web', 'rs/web-6c9f8d7b5f', '--replicas=2', '-n', 'shop'],
    ['scale', 'deploy', 'web', '-n', 'shop'],
    ['scale', 'deploy', 'web', '--replicas=-1', '-n', 'shop'],
    ['scale', 'deploy', 'nope', '--replicas=1', '-n', 'shop'],
    ['scale', 'pod', 'web-7d4b9c8f6d-2xkqp', '--replicas=1', '-n', 'shop'],
    ['scale', 'deploy', 'web', '--replicas=3', '--current-replicas=4', '-n', 'shop'],
    ['patch', 'deploy', 'web', '-n', 'shop', '-p', '{"spec":{"replicas":2}}'],
    ['patch', 'deploy', 'web', '-n', 'shop', '--type', 'merge', '-p', '{"spec":{"replicas":3}}'],
    ['patch', 'deploy', 'web', '-n', 'shop', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/replicas","value":4}]'],
    ['patch', 'deploy', 'web', '-n', 'shop', '--type', 'json', '-p', '[{"op":"remove","path":"/spec/foo"}]'],
    ['patch', 'deploy', 'web', '-n', 'shop', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.29"}]}}}}'],
    ['patch', 'deploy', 'web', '-n', 'shop', '-p', 'spec:\n  paused: true'],
    ['patch', 'deploy', 'web', '-n', 'shop', '-p', 'notjson'],
    ['patch', 'deploy', 'web', '-n', 'shop', '-p', '{"spec":{"replicas":"x"}}'],
    ['patch', 'deploy', 'web', '-n', 'shop'],
    ['patch', 'deploy', 'web', '-n', 'shop', '--type', 'foo', '-p', '{}'],
    ['patch', 'deploy', 'nope', '-n', 'shop', '-p', '{}'],
    ['set', 'image', 'deploy/web', 'web=nginx:1.30', '-n', 'shop'],
    ['set', 'image', 'deploy/web', 'web=nginx:1.30', '-n', 'shop'],
    ['set', 'image', 'deploy/web', 'nope=nginx:1.29', '-n', 'shop'],
    ['set', 'image', 'deploy', 'web', '*=nginx:1.31', '-n', 'shop'],
    ['set', 'image', 'pod/web-7d4b9c8f6d-2xkqp', 'web=nginx:1', '-n', 'shop'],
    ['set', 'image', 'svc/web', 'web=nginx:1', '-n', 'shop'],
    ['set', 'image', 'deploy/web', '-n', 'shop'],
    ['set', 'image', 'deploy/nope', 'web=x', '-n', 'shop'],
    ['set', 'env', 'deploy/web', 'FOO=bar', '-n', 'shop'],
    ['set', 'env', 'deploy/web', 'FOO=bar', '-n', 'shop'],
    ['set', 'env', 'deploy/web', '--list', '-n', 'shop'],
    ['set', 'env', 'deploy/web', 'FOO-', '-n', 'shop'],
    ['set', 'resources', 'deploy/web', '--limits=cpu=300m', '-n', 'shop'],
    ['set', 'resources', 'deploy/web', '--limits=cpu=100m', '-n', 'shop'],
    ['set', 'resources', 'deploy/web', '-c', 'nope', '--limits=cpu=300m', '-n', 'shop'],
    ['set', 'foo'],
    ['get', 'deploy', 'web', '-n', 'shop', '-o', 'yaml'],
  ],
  delete: [
    ['delete', 'pod', 'web-7d4b9c8f6d-2xkqp', '-n', 'shop', '--wait=false'],
    ['delete', 'pod', 'cart-64d5b7c9f8-hh7zr', 'api-5f9c7b6d4-x2k9p', 'nope', '-n', 'shop', '--wait=false'],
    ['delete', 'pod', 'web-6c9f8d7b5f-zx8vd', '-n', 'shop', '--grace-period=0', '--force'],
    ['delete', 'pod', 'orders-7f7d9b5c6-p8sxw', '-n', 'shop', '--force', '--wait=false'],
    ['delete', 'pod', 'nope', '-n', 'shop', '--ignore-not-found'],
    ['delete', 'pods', '-l', 'app=nope', '-n', 'shop'],
    ['delete', 'pod', '-n', 'shop'],
    ['delete'],
    ['delete', 'nope', 'x'],
    ['delete', 'pod/x', 'svc/y', '-n', 'shop'],
    ['delete', 'pod', 'x', '-n', 'shop', '--grace-period=5', '--force'],
    ['delete', 'pod', 'payments-6b8d9f7c5-mz4lw', '-n', 'shop', '--dry-run=client'],
    ['delete', 'pod', 'payments-6b8d9f7c5-mz4lw', '-n', 'shop', '--dry-run=server', '--wait=false'],
    ['delete', 'pod', 'migrate-db-x7q2n', '-n', 'shop', '--wait=false', '-o', 'name'],
    ['delete', 'pod', '-l', 'app=web', '--all', '-n', 'shop'],
    ['delete', 'svc,cm', '-l', 'app=web', '-n', 'shop', '--wait=false'],
    ['delete', 'deploy', 'web', '-n', 'shop', '--cascade=orphan', '--wait=false'],
    ['apply', '-f', 'web2.yaml', '-n', 'shop'],
    ['delete', '-f', 'web2.yaml', '-n', 'shop', '--wait=false'],
    ['delete', '-f', 'web2.yaml', '-n', 'shop', '--wait=false'],
    ['delete', 'ns', 'nosuch'],
    ['get', 'pods,rs,deploy', '-n', 'shop'],
  ],
  rollout: [
    ['rollout', 'history', 'deploy/web', '-n', 'shop'],
    ['rollout', 'history', 'deploy/web', '-n', 'shop', '--revision=2'],
    ['rollout', 'history', 'deploy/web', '-n', 'shop', '--revision=9'],
    ['rollout', 'status', 'deploy/web', '-n', 'shop', '--watch=false'],
    ['rollout', 'undo', 'deploy/web', '-n', 'shop', '--to-revision=3'],
    ['rollout', 'undo', 'deploy/web', '-n', 'shop', '--to-revision=7'],
    ['rollout', 'undo', 'deploy/web', '-n', 'shop'],
    ['get', 'deploy', 'web', '-n', 'shop', '-o', 'yaml'],
    ['rollout', 'history', 'deploy', 'web', '-n', 'shop'],
    ['rollout', 'pause', 'deploy/web', '-n', 'shop'],
    ['rollout', 'pause', 'deploy/web', '-n', 'shop'],
    ['rollout', 'undo', 'deploy/web', '-n', 'shop'],
    ['rollout', 'restart', 'deploy/web', '-n', 'shop'],
    ['rollout', 'resume', 'deploy/web', '-n', 'shop'],
    ['rollout', 'resume', 'deploy/web', '-n', 'shop'],
    ['rollout', 'undo', 'deploy/nope', '-n', 'shop'],
    ['rollout', 'history', 'deploy', '-n', 'shop'],
    ['rollout', 'foo'],
  ],
  'nodes: cordon, drain, taint': [
    ['cordon', 'node-1'],
    ['cordon', 'node-1'],
    ['uncordon', 'node-2'],
    ['uncordon', 'node-2'],
    ['cordon', 'nope'],
    ['drain', 'node-2', '--force'],
    ['drain', 'cp-1', '--ignore-daemonsets', '--dry-run=client'],
    ['drain', 'node-1', '--ignore-daemonsets', '--force', '--grace-period=0', '--pod-selector=app=web'],
    ['drain', 'nope'],
    ['uncordon', 'node-1', 'node-2'],
    ['taint', 'nodes', 'node-1', 'dedicated=gpu:NoSchedule'],
    ['taint', 'nodes', 'node-1', 'dedicated=gpu:NoSchedule'],
    ['taint', 'nodes', 'node-1', 'dedicated=cpu:NoSchedule', '--overwrite'],
    ['taint', 'node', 'node-2', 'maint=now:NoExecute'],
    ['taint', 'nodes', 'node-1', 'dedicated:NoSchedule-'],
    ['taint', 'nodes', 'node-1', 'dedicated:NoSchedule-'],
    ['taint', 'nodes', 'node-1', 'foo=bar:Bad'],
    ['taint', 'nodes', 'node-1', 'foo=bar'],
    ['taint', 'nodes', 'node-1', 'dedicated-'],
    ['taint', 'nodes', 'node-2', 'maint-'],
    ['get', 'nodes', '-o', 'yaml'],
  ],
  'expose and create generators': [
    ['expose', 'deploy', 'web', '--port=80', '--target-port=8080', '-n', 'shop', '--name', 'web-svc'],
    ['expose', 'deploy', 'web', '--port=80', '-n', 'shop'],
    ['expose', 'deploy', 'web', '-n', 'shop', '--name=x'],
    ['expose', 'deploy', 'web', '-n', 'shop', '--name=y', '--type=NodePort', '--port', '80', '--dry-run=client', '-o', 'yaml'],
    ['expose', 'svc', 'web', '-n', 'shop', '--name=z', '--dry-run=client', '-o', 'yaml'],
    ['expose', 'deploy', 'nope', '-n', 'shop'],
    ['expose', 'cm', 'api-config', '-n', 'shop', '--port=80'],
    ['get', 'svc', '-n', 'shop', '-o', 'yaml'],
    ['create', 'deployment', 'web3', '--image=nginx', '-n', 'shop', '--dry-run=client', '-o', 'yaml'],
    ['create', 'deployment', 'web3', '--image=nginx:1.27', '--image=busybox', '--replicas=3', '--port=80', '-n', 'shop', '--dry-run=client', '-o', 'yaml'],
    ['create', 'ns', 'team-a', '--dry-run=client', '-o', 'yaml'],
    ['create', 'configmap', 'cfg', '--from-literal=a=b', '--from-literal=c=d', '-n', 'shop', '--dry-run=client', '-o', 'yaml'],
    ['create', 'secret', 'generic', 'sec', '--from-literal=password=hunter2', '-n', 'shop', '--dry-run=client', '-o', 'yaml'],
    ['create', 'deployment', 'web3', '--image=nginx', '-n', 'shop', '--dry-run=client'],
    ['create', 'deployment', 'web4', '-n', 'shop'],
    ['create', 'deployment', '-n', 'shop', '--image=x'],
  ],
  help: [
    ['apply', '--help'], ['create', 'deployment', '-h'], ['rollout', 'history', '-h'], ['rollout'], ['set'], ['set', 'image', '--help'], ['drain', '--help'],
    ['taint', '-h'], ['edit', '--help'], ['delete', '-h'], ['label', '--help'], ['scale', '-h'], ['expose', '--help'], ['patch', '-h'],
  ],
  'create -f': [
    ['create', '-f', 'web2.yaml', '-n', 'shop'],
    ['create', '-f', 'web2.yaml', '-n', 'shop'],
    ['apply', '-f', 'web2.yaml', '-n', 'shop'],
    ['create', '-f', 'cm.yaml', '--dry-run=client'],
    ['create', 'foo', 'bar'],
    ['create'],
  ],
};

describe.skipIf(!hasKubectl)('simulated kubectl writes agree with the real kubectl v1.32', () => {
  describe.each(Object.entries(SCENARIOS))('%s', (_name, lines) => {
    const { real, sim, server, dir } = pairedWorlds(FIXTURE, FILES);
    const steps = lines.map((l, i) => {
      const [argv, stdin] = Array.isArray(l[0]) ? (l as [string[], string]) : [l as string[], ''];
      return { title: `${i + 1}: kubectl ${argv.map(quote).join(' ')}${stdin ? ' <stdin' : ''}`, argv, stdin };
    });
    it.each(steps)('$title', async ({ argv, stdin }) => {
      sim.world.now = real.world.now;
      const ours = sim.run(stdin ? `kubectl ${argv.map(quote).join(' ')} <<'EOF'\n${stdin}EOF` : `kubectl ${argv.map(quote).join(' ')}`);
      const theirs = await runRealKubectl(server(), argv, { stdin, cwd: dir() });
      // klog headers carry the time and pid; the fake server serves no watches (kubectl warns, then lists).
      const klog = (s: string) => s.replace(/^W\d{4} .* reflector\.go:\d+\] .*\n/gm, '').replace(/^E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, 'E0000 00:00:00.000000 1 ');
      expect({ stdout: ours.out, stderr: klog(ours.err), exit: ours.exit }).toEqual({ ...theirs, stderr: klog(theirs.stderr) });
      expect(sim.world.cluster).toEqual(real.world.cluster);
    });
  });
});
