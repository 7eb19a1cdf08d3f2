// `kubectl config` against what kubectl v1.32 prints for the same kubeconfig; the
// player's context and namespace choices stay in their own session.
import { describe, expect, it } from 'vitest';
import { newSession } from '../../../server/shell/shell.js';
import { kubectlCommands } from '../../../server/shell/commands/kubectl.js';
import { exec } from '../../helpers/run.js';
import { kubeWorld } from './kubectl-world.js';

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: kubernetes
  cluster:
    server: https://10.0.10.10:6443
contexts:
- name: kubernetes-admin@kubernetes
  context:
    cluster: kubernetes
    user: kubernetes-admin
- name: dev
  context:
    cluster: kubernetes
    user: dev
    namespace: shop
current-context: kubernetes-admin@kubernetes
users:
- name: kubernetes-admin
  user:
    token: abc
`;

const MANIFESTS = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop, creationTimestamp: -5m}
data: {a: "1"}
`;

function setup() {
  const k = kubeWorld(MANIFESTS, { kubeconfig: false });
  k.world.hosts.web1.files['/root/.kube/config'] = KUBECONFIG;
  return k;
}

describe('kubectl config', () => {
  it('lists contexts, sorted, with the current one starred', () => {
    const { run } = setup();
    expect(run('kubectl config get-contexts').out).toBe(
      'CURRENT   NAME                          CLUSTER      AUTHINFO           NAMESPACE\n' +
      '          dev                           kubernetes   dev                shop\n' +
      '*         kubernetes-admin@kubernetes   kubernetes   kubernetes-admin   \n',
    );
    expect(run('kubectl config get-contexts -o name').out).toBe('dev\nkubernetes-admin@kubernetes\n');
    const missing = run('kubectl config get-contexts nope');
    expect(missing).toMatchObject({ out: 'CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE\n', err: 'error: context nope not found\n', exit: 1 });
    expect(run('kubectl config current-context')).toMatchObject({ out: 'kubernetes-admin@kubernetes\n', exit: 0 });
  });

  it('switches context and namespace for this player only', () => {
    const { world, run } = setup();
    expect(run('kubectl get cm settings').err).toBe('Error from server (NotFound): configmaps "settings" not found\n');
    expect(run('kubectl config set-context --current --namespace=shop')).toMatchObject({ out: 'Context "kubernetes-admin@kubernetes" modified.\n', exit: 0 });
    expect(run('kubectl get cm settings').out).toBe('NAME       DATA   AGE\nsettings   1      5m\n');
    expect(run('kubectl config get-contexts kubernetes-admin@kubernetes').out).toContain('kubernetes-admin   shop\n');

    const other = newSession(world, 'web1');
    expect(exec(world, other, 'kubectl get cm settings', kubectlCommands).exit).toBe(1);

    expect(run('kubectl config use-context nope')).toMatchObject({ err: 'error: no context exists with the name: "nope"\n', exit: 1 });
    expect(run('kubectl config use-context dev')).toMatchObject({ out: 'Switched to context "dev".\n', exit: 0 });
    expect(run('kubectl config current-context').out).toBe('dev\n');
    expect(run('kubectl get cm settings').exit).toBe(0);
    expect(world.hosts.web1.files['/root/.kube/config']).toBe(KUBECONFIG);
  });

  it('reports a missing current context and bad usage', () => {
    const { run } = kubeWorld(MANIFESTS, { kubeconfig: false });
    expect(run('kubectl config current-context')).toMatchObject({ err: 'error: current-context is not set\n', exit: 1 });
    expect(run('kubectl config get-contexts').out).toBe('CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE\n');
    const { run: run2 } = setup();
    expect(run2('kubectl config set-context --namespace=x')).toMatchObject({ err: 'error: you must specify a non-empty context name or --current\n', exit: 1 });
    expect(run2('kubectl config')).toMatchObject({ out: '', exit: 1 });
    expect(run2('kubectl config').err).toMatch(/^Modify kubeconfig files using subcommands like "kubectl config set current-context my-context"\./);
  });
});
