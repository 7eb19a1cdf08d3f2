// kubectl's write side through the shell: here-documents into `apply -f -`, what apply,
// create, delete, scale, label, patch, set, rollout, taint, edit and watch print, and that
// every rejected command leaves the cluster exactly as it was.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getObject } from '../../../server/sim/k8s/store.js';
import type { Deployment, Node, Pod } from '../../../server/sim/k8s/types.js';
import { exec } from '../../helpers/run.js';
import { kubeWorld } from './kubectl-world.js';

const FIXTURE = readFileSync(new URL('../../fixtures/k8s/shop-cluster.yaml', import.meta.url), 'utf8');

/** The shop cluster with the full command set (sed for KUBE_EDITOR) on web1. */
function cluster() {
  const k = kubeWorld(FIXTURE, { created: '-41d' });
  return { ...k, run: (line: string) => exec(k.world, k.session, line) };
}

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api2
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: api2}
  template:
    metadata:
      labels: {app: api2}
    spec:
      containers:
      - name: api
        image: registry.local/api:2.0
`;

describe('kubectl apply from a here-document', () => {
  it('creates, then reports unchanged and configured', () => {
    const { world, run } = cluster();
    expect(run(`kubectl apply -f - <<EOF\n${DEPLOY}EOF`)).toMatchObject({ out: 'deployment.apps/api2 created\n', err: '', exit: 0 });
    const d = getObject(world.cluster!, 'Deployment', 'shop', 'api2')!;
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    expect(d.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration']).toContain('"replicas":2');
    expect(run(`kubectl apply -f - <<'EOF'\n${DEPLOY}EOF`).out).toBe('deployment.apps/api2 unchanged\n');
    expect(run(`cat <<EOF | kubectl apply -f -\n${DEPLOY.replace('replicas: 2', 'replicas: 4')}EOF`).out).toBe('deployment.apps/api2 configured\n');
    expect(getObject(world.cluster!, 'Deployment', 'shop', 'api2')!.spec.replicas).toBe(4);
  });

  it('expands variables in an unquoted here-document', () => {
    const { world, run } = cluster();
    run('IMG=nginx:1.29');
    expect(run(`kubectl apply -f - <<EOF\n${DEPLOY.replace('registry.local/api:2.0', '$IMG')}EOF`).exit).toBe(0);
    expect(getObject(world.cluster!, 'Deployment', 'shop', 'api2')!.spec.template.spec.containers[0].image).toBe('nginx:1.29');
  });

  it('reports YAML syntax errors like kubectl', () => {
    const { run } = cluster();
    expect(run("kubectl apply -f - <<'EOF'\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a: b\nEOF")).toMatchObject({
      out: '', err: 'error: error parsing STDIN: error converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context\n', exit: 1,
    });
  });
});

describe('rejected commands change nothing', () => {
  const BAD: [line: string, err: string | RegExp][] = [
    [`kubectl apply -f - <<'EOF'\n${DEPLOY.replace(/app: api2}/g, 'app: api3}').replace('labels: {app: api3}', 'labels: {app: other}')}EOF`,
      'The Deployment "api2" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`\n'],
    [`kubectl apply -f - <<'EOF'\n${DEPLOY.replace('replicas: 2', 'replica: 2')}EOF`,
      'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"\n'],
    [`kubectl create -f - <<'EOF'\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\nEOF`, 'Error from server (AlreadyExists): error when creating "STDIN": namespaces "shop" already exists\n'],
    ['kubectl apply -f /root/nope.yaml', 'error: the path "/root/nope.yaml" does not exist\n'],
    ['kubectl scale deploy web --replicas=-1 -n shop', 'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n'],
    ['kubectl label pod web-7d4b9c8f6d-2xkqp app=other -n shop', "error: 'app' already has a value (web), and --overwrite is false\n"],
    ['kubectl patch deploy web -n shop --type json -p \'[{"op":"remove","path":"/spec/foo"}]\'', 'The request is invalid: : Unable to remove nonexistent key: foo: missing value\n'],
    ['kubectl patch deploy web -n shop -p \'{"spec":{"replicas":-3}}\'', 'The Deployment "web" is invalid: spec.replicas: Invalid value: -3: must be greater than or equal to 0\n'],
    ['kubectl set image deploy/web nope=nginx -n shop', 'error: unable to find container named "nope"\n'],
    ['kubectl delete pod nope -n shop', 'Error from server (NotFound): pods "nope" not found\n'],
    ['kubectl taint nodes node-1 foo=bar:Bad', "error: invalid taint effect: Bad, unsupported taint effect\nSee 'kubectl taint -h' for help and examples\n"],
    ['kubectl rollout undo deploy/web -n shop --to-revision=9', 'error: unable to find specified revision 9 in history\n'],
    ['kubectl drain node-2', /^error: unable to drain node "node-2" due to error: /],
    ['kubectl create deployment x --image=nginx -n nosuchns', 'error: failed to create deployment: namespaces "nosuchns" not found\n'],
  ];
  it.each(BAD)('%s', (line, err) => {
    const { world, run } = cluster();
    const before = structuredClone(world.cluster!.objects);
    const node2 = structuredClone(getObject(world.cluster!, 'Node', undefined, 'node-2')) as Node;
    const r = run(line);
    expect(r.exit).toBe(1);
    if (typeof err === 'string') expect(r.err).toBe(err);
    else expect(r.err).toMatch(err);
    // drain cordons before it finds pods it may not evict, as kubectl does; node-2 already was.
    expect(getObject(world.cluster!, 'Node', undefined, 'node-2')).toEqual(node2);
    expect(world.cluster!.objects).toEqual(before);
  });
});

describe('everyday changes', () => {
  it('scales, sets images, restarts and rolls back a deployment', () => {
    const { world, run } = cluster();
    const web = () => getObject(world.cluster!, 'Deployment', 'shop', 'web') as Deployment;
    expect(run('kubectl scale deploy web --replicas=5 -n shop').out).toBe('deployment.apps/web scaled\n');
    expect(web().spec.replicas).toBe(5);
    expect(run('kubectl set image deploy/web web=nginx:1.29 -n shop').out).toBe('deployment.apps/web image updated\n');
    expect(web().spec.template.spec.containers[0].image).toBe('nginx:1.29');
    expect(web().metadata.generation).toBe(5);
    expect(run('kubectl set image deploy/web web=nginx:1.29 -n shop')).toMatchObject({ out: '', exit: 0 });
    expect(run('kubectl rollout restart deploy/web -n shop').out).toBe('deployment.apps/web restarted\n');
    expect(web().spec.template.metadata!.annotations).toEqual({ 'kubectl.kubernetes.io/restartedAt': '2026-11-23T09:00:00Z' });
    expect(run('kubectl rollout undo deploy/web -n shop --to-revision=2').out).toBe('deployment.apps/web rolled back\n');
    expect(web().spec.template.spec.containers[0].image).toBe('nginx:1.27');
    expect(run('kubectl rollout history deploy/web -n shop').out).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n');
  });

  it('deletes a running pod gracefully and a pending one at once', () => {
    const { world, run } = cluster();
    expect(run('kubectl delete pod web-7d4b9c8f6d-2xkqp cart-64d5b7c9f8-hh7zr -n shop').out).toBe('pod "web-7d4b9c8f6d-2xkqp" deleted\npod "cart-64d5b7c9f8-hh7zr" deleted\n');
    const pod = getObject(world.cluster!, 'Pod', 'shop', 'web-7d4b9c8f6d-2xkqp') as Pod;
    expect(pod.metadata.deletionTimestamp).toBe('2026-11-23T09:00:30Z');
    expect(getObject(world.cluster!, 'Pod', 'shop', 'cart-64d5b7c9f8-hh7zr')).toBeUndefined();
    expect(run('kubectl get pod web-7d4b9c8f6d-2xkqp -n shop').out).toContain('Terminating');
  });

  it('deleting a deployment takes its replica sets and pods along', () => {
    const { world, run } = cluster();
    run('kubectl delete deploy web -n shop --wait=false');
    expect(getObject(world.cluster!, 'ReplicaSet', 'shop', 'web-7d4b9c8f6d')).toBeUndefined();
    expect((getObject(world.cluster!, 'Pod', 'shop', 'web-7d4b9c8f6d-2xkqp') as Pod).metadata.deletionTimestamp).toBeDefined();
  });

  it('cordons, taints and untaints nodes', () => {
    const { world, run } = cluster();
    expect(run('kubectl cordon node-1; kubectl cordon node-1').out).toBe('node/node-1 cordoned\nnode/node-1 already cordoned\n');
    expect(run('kubectl taint nodes cp-1 gpu=yes:NoSchedule').out).toBe('node/cp-1 tainted\n');
    expect((getObject(world.cluster!, 'Node', undefined, 'cp-1') as Node).spec.taints?.[0]).toEqual({ key: 'gpu', value: 'yes', effect: 'NoSchedule' });
    expect(run('kubectl taint nodes cp-1 gpu-').out).toBe('node/cp-1 untainted\n');
  });

  it('prints a rollout status once when the cluster cannot move on its own', () => {
    const { run } = cluster();
    expect(run('kubectl rollout status deploy/web -n shop')).toMatchObject({
      out: 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n', exit: 0,
    });
  });

  it('watches a table in simulated time', () => {
    const { run } = cluster();
    const r = run('kubectl get nodes -w');
    expect(r.out.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    expect(r.elapsedMs).toBe(10 * 60_000);
  });
});

describe('kubectl edit with a scripted editor', () => {
  it('applies the edit, or says nothing changed', () => {
    const { world, run } = cluster();
    expect(run("KUBE_EDITOR='sed -i s/replicas:\\ 3/replicas:\\ 4/' kubectl edit deploy web -n shop")).toMatchObject({ out: 'deployment.apps/web edited\n', err: '', exit: 0 });
    expect((getObject(world.cluster!, 'Deployment', 'shop', 'web') as Deployment).spec.replicas).toBe(4);
    expect(run('KUBE_EDITOR=true kubectl edit deploy web -n shop')).toMatchObject({ out: '', err: 'Edit cancelled, no changes made.\n', exit: 0 });
    expect(Object.keys(world.hosts.web1.files).filter((f) => f.startsWith('/tmp/kubectl-edit-'))).toEqual([]);
  });

  it('keeps a copy and changes nothing when the edit is invalid', () => {
    const { world, run } = cluster();
    const before = structuredClone(world.cluster!.objects);
    const r = run("KUBE_EDITOR='sed -i s/replicas:\\ 3/replicas:\\ -3/' kubectl edit deploy web -n shop");
    expect(r.exit).toBe(1);
    expect(r.err).toMatch(/^error: deployments\.apps "web" is invalid\nA copy of your changes has been stored to "\/tmp\/kubectl-edit-\d+\.yaml"\nerror: Edit cancelled, no valid changes were saved\.\n$/);
    expect(world.cluster!.objects).toEqual(before);
  });
});

describe('waiting commands and Ctrl-C', () => {
  it('stops a watch where the player interrupts it', async () => {
    const { execLine } = await import('../../../server/shell/shell.js');
    const { commands } = await import('../../../server/shell/commands/index.js');
    const { world, session } = cluster();
    const r = execLine(world, session, 'kubectl get nodes -w', commands, { interruptAt: 5000 });
    expect(r.exit).toBe(130);
    expect(r.elapsedMs).toBe(5000);
    expect(r.chunks.at(-1)).toMatchObject({ fd: 2, text: '^C\n' });
  });
});
