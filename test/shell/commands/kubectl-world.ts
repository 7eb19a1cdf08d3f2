// A world with a Kubernetes cluster loaded from manifests and a root shell on web1 that
// has a kubeconfig for it; `run` types a line there with the kubectl commands.
import { EPOCH_MS, parseRfc3339 } from '../../../server/sim/clock.js';
import { loadClusterYaml } from '../../../server/sim/k8s/fixture.js';
import { kubectlCommands } from '../../../server/shell/commands/kubectl.js';
import { newSession } from '../../../server/shell/shell.js';
import { exec } from '../../helpers/run.js';
import { tinyWorld } from '../../helpers/world.js';

export const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: kubernetes
  cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
    server: https://10.0.10.10:6443
contexts:
- name: kubernetes-admin@kubernetes
  context:
    cluster: kubernetes
    user: kubernetes-admin
current-context: kubernetes-admin@kubernetes
users:
- name: kubernetes-admin
  user:
    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=
`;

export interface KubeWorldOptions {
  /** Wall-clock time of the scene, RFC 3339 (default: the world epoch). */
  now?: string;
  /** When the cluster was created, e.g. `-41d`. */
  created?: string;
  /** Give web1 a kubeconfig (default true). */
  kubeconfig?: boolean;
}

/** `manifests` undefined: a world without a cluster (nothing listens at the kubeconfig's server). */
export function kubeWorld(manifests: string | undefined, opts: KubeWorldOptions = {}) {
  const world = tinyWorld();
  if (opts.now) world.now = parseRfc3339(opts.now)! - EPOCH_MS;
  if (manifests !== undefined) loadClusterYaml(world, manifests, { created: opts.created });
  if (opts.kubeconfig !== false) world.hosts.web1.files['/root/.kube/config'] = KUBECONFIG;
  const session = newSession(world, 'web1');
  return { world, session, run: (line: string) => exec(world, session, line, kubectlCommands) };
}
