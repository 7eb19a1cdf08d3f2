// `kubectl describe` against ../shared/reference/kubectl/describe-*.txt, each on a cluster
// holding the objects its transcript shows (test/fixtures/k8s/describe/), at the moment it
// was taken. Where the reconstruction and the real kubectl v1.32 differ (checked against
// the binary by test/sim/k8s/kubectl-diff.test.ts), the expected text is corrected as noted.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kubeWorld } from './kubectl-world.js';
import { transcripts } from './kubectl-reference.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/k8s/describe/${name}.yaml`, import.meta.url), 'utf8');
const withPodNamespace = (name: string) => `${fixture('pod-common')}\n---\n${fixture(name)}`;

type Fix = (expected: string) => string;

/** v1.32 labels the projected config map's optional flag `ConfigMapOptional` and prints the unset *bool as `<nil>`. */
const configMapOptional: Fix = (t) => t.replace('    Optional:                false\n    DownwardAPI:', '    ConfigMapOptional:       <nil>\n    DownwardAPI:');
/** A container with a status always gets `Container ID:` and `Image ID:` lines, empty while its image is not pulled. */
const emptyIds: Fix = (t) => t.replace('    Image:          registry.corp.internal/shop/payments:3.1.0\n', '    Container ID:   \n    Image:          registry.corp.internal/shop/payments:3.1.0\n    Image ID:       \n');
/** v1.32 still prints the (deprecated, empty) kube-proxy version; pods list in API order (namespace, name). */
const nodeFixes: Fix = (t) =>
  t
    .replace('  Kubelet Version:            v1.31.4\n', '  Kubelet Version:            v1.31.4\n  Kube-Proxy Version:         \n')
    .replace(
      /(  kube-system +kube-proxy-5xw7m .*\n)(  shop +web-.*\n)(  shop +payments-.*\n)/,
      (_m, proxy: string, web: string, payments: string) => proxy + payments + web,
    );
/** `Events:  <none>` stays in the tabwriter block above it (no flush when there are no events). */
const alignedNoEvents: Fix = (t) => t.replace('Events:  <none>', 'Events:                   <none>');

interface Case {
  file: string;
  scenes: { manifests: string; now: string }[];
  fix: Fix;
}

const CASES: Case[] = [
  { file: 'describe-pod-running.txt', scenes: [{ manifests: withPodNamespace('pod-running'), now: '2025-11-20T11:12:30Z' }], fix: configMapOptional },
  { file: 'describe-pod-crashloop-oomkilled.txt', scenes: [{ manifests: withPodNamespace('pod-crashloop'), now: '2025-11-22T10:08:12Z' }], fix: configMapOptional },
  { file: 'describe-pod-imagepullbackoff.txt', scenes: [{ manifests: withPodNamespace('pod-imagepullbackoff'), now: '2025-11-20T14:14:11Z' }], fix: (t) => configMapOptional(emptyIds(t)) },
  { file: 'describe-pod-pending-failedscheduling.txt', scenes: [{ manifests: withPodNamespace('pod-pending'), now: '2025-11-20T14:20:00Z' }], fix: configMapOptional },
  { file: 'describe-deploy.txt', scenes: [{ manifests: fixture('deploy'), now: '2025-11-22T10:00:00Z' }], fix: (t) => t },
  {
    file: 'describe-svc.txt',
    scenes: [{ manifests: fixture('svc-no-endpoints'), now: '2025-11-22T10:00:00Z' }, { manifests: fixture('svc-endpoints'), now: '2025-11-22T10:00:00Z' }],
    fix: alignedNoEvents,
  },
  { file: 'describe-node.txt', scenes: [{ manifests: fixture('node'), now: '2025-11-22T10:10:00Z' }], fix: nodeFixes },
];

describe('kubectl describe matches the reference transcripts', () => {
  for (const c of CASES) {
    transcripts(c.file).forEach(({ command, output }, i) => {
      it(`${c.file}: ${command} (#${i + 1})`, () => {
        const scene = c.scenes[i];
        const { run } = kubeWorld(scene.manifests, { now: scene.now, created: '2025-10-14T08:30:00Z' });
        const r = run(command);
        expect(r.err).toBe('');
        expect(r.exit).toBe(0);
        expect(r.out).toBe(c.fix(output));
      });
    });
  }
});
