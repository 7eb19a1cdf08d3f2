// An image in a private repository pulled without credentials: the registry answers 401, the
// pod goes ErrImagePull/ImagePullBackOff with containerd's authorization error. A
// docker-registry Secret named in imagePullSecrets (of the pod template or of the service
// account) lets the next pull through.
import { describe, expect, it } from 'vitest';
import { cluster, linesWith, row } from './cluster.js';

const IMAGE = 'registry.corp.internal/shop/payments:1.0.0';
const PRIVATE = (yaml: string) => yaml.replace('  images:\n', `  images:
    registry.corp.internal/shop/payments:
      private: true
      tags: ["1.0.0"]
      size: 22020096
      listen: [8080]
      http:
        server: payments
        routes:
          /healthz: { body: "ok\\n" }
      memory: 30Mi
      cpu: 2m
      logs: ["payments listening on :8080"]
`);
const DENIED = `rpc error: code = Unknown desc = failed to pull and unpack image "${IMAGE}": failed to resolve reference "${IMAGE}": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://registry.corp.internal/token?scope=repository%3Ashop%2Fpayments%3Apull&service=registry.corp.internal: 401 Unauthorized`;
const SECRET = 'kubectl -n shop create secret docker-registry regcred --docker-server=registry.corp.internal --docker-username=ci --docker-password=s3cret';

function unauthorized() {
  const c = cluster(PRIVATE);
  expect(c.run(`kubectl -n shop create deployment payments --image=${IMAGE}`).out).toBe('deployment.apps/payments created\n');
  c.wait(5);
  return { ...c, bad: c.pod('shop', 'payments-') };
}

describe('a private registry without an imagePullSecret', () => {
  it('fails the pull with 401 Unauthorized', () => {
    const c = unauthorized();
    expect(row(c.run('kubectl -n shop get pods').out, c.bad)).toEqual([c.bad, '0/1', 'ImagePullBackOff', '0', '4s']);
    const d = c.run(`kubectl -n shop describe pod ${c.bad}`).out;
    expect(d).toContain(`  Warning  Failed     3s    kubelet            Failed to pull image "${IMAGE}": ${DENIED}\n`);
    expect(d).toContain(`  Normal   BackOff    2s    kubelet            Back-off pulling image "${IMAGE}"\n`);
    expect(c.run(`kubectl -n shop get pod ${c.bad} -o jsonpath={.status.containerStatuses[0].state.waiting.message}`).out).toBe(`Back-off pulling image "${IMAGE}"`);
  });

  it('creates the docker-registry secret as kubectl does', () => {
    const c = cluster(PRIVATE);
    expect(c.run(SECRET).out).toBe('secret/regcred created\n');
    expect(row(c.run('kubectl -n shop get secret regcred').out, 'regcred')).toEqual(['regcred', 'kubernetes.io/dockerconfigjson', '1', '0s']);
    const config = atob(c.run(`kubectl -n shop get secret regcred -o 'jsonpath={.data.\\.dockerconfigjson}'`).out);
    expect(config).toBe('{"auths":{"registry.corp.internal":{"username":"ci","password":"s3cret","auth":"Y2k6czNjcmV0"}}}');
    expect(c.run('kubectl -n shop create secret docker-registry other --docker-server=registry.corp.internal').err).toBe('error: either --from-file or the combination of --docker-username, --docker-password and --docker-server is required\n');
  });

  it('is fixed by imagePullSecrets in the pod template', () => {
    const c = unauthorized();
    c.run(SECRET);
    expect(c.run(`kubectl -n shop patch deploy payments -p '{"spec":{"template":{"spec":{"imagePullSecrets":[{"name":"regcred"}]}}}}'`).out).toBe('deployment.apps/payments patched\n');
    c.wait(10);
    const get = c.run('kubectl -n shop get pods').out;
    expect(get).not.toContain(c.bad);
    const [pod] = linesWith(get, 'payments-');
    expect(pod).toMatch(/1\/1 +Running +0 /);
    const name = pod.split(' ')[0];
    expect(c.run(`kubectl -n shop describe pod ${name}`).out).toMatch(new RegExp(`Normal  Pulled     \\d+s    kubelet            Successfully pulled image "${IMAGE.replace(/\./g, '\\.')}" in \\S+ \\(\\S+ including waiting\\)\\. Image size: 22020096 bytes\\.\\n`));
    expect(c.run(`kubectl -n shop logs ${name}`).out).toBe('payments listening on :8080\n');
  });

  it('is fixed by adding the secret to the service account (new pods get it)', () => {
    const c = unauthorized();
    c.run(SECRET);
    expect(c.run(`kubectl -n shop patch serviceaccount default -p '{"imagePullSecrets":[{"name":"regcred"}]}'`).out).toBe('serviceaccount/default patched\n');
    // The running pod keeps its spec: it needs replacing.
    expect(c.run(`kubectl -n shop delete pod ${c.bad}`).out).toBe(`pod "${c.bad}" deleted\n`);
    c.wait(10);
    const [pod] = linesWith(c.run('kubectl -n shop get pods').out, 'payments-');
    expect(pod).toMatch(/1\/1 +Running +0 /);
    expect(c.run(`kubectl -n shop get pod ${pod.split(' ')[0]} -o jsonpath={.spec.imagePullSecrets}`).out).toBe('[{"name":"regcred"}]');
  });
});
