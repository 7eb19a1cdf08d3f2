// Finalizers hold a deleted object: it stays, with deletionTimestamp and grace 0, and
// `kubectl delete` waits for it (until --timeout or Ctrl-C) until the finalizers are removed
// (`kubectl patch ... finalizers:null`). A deleted namespace turns Terminating: new content is
// refused, the namespace controller deletes what is in it, reports what remains in the
// namespace's conditions and removes the namespace once it is empty.
import { describe, expect, it } from 'vitest';
import { commands } from '../../../../server/shell/commands/index.js';
import { execLine } from '../../../../server/shell/shell.js';
import { tickWorld } from '../../../../server/sim/tick.js';
import { textOf } from '../../../helpers/run.js';
import { cluster } from './cluster.js';

/** A namespace `demo` holding a ConfigMap with a finalizer nobody removes. */
function held() {
  const c = cluster();
  c.run('kubectl create ns demo');
  c.run('kubectl -n demo create configmap cfg --from-literal=a=b');
  expect(c.run(`kubectl -n demo patch configmap cfg -p '{"metadata":{"finalizers":["example.com/block"]}}'`).out).toBe('configmap/cfg patched\n');
  return c;
}

describe('an object held by a finalizer', () => {
  it('stays marked for deletion; kubectl delete waits until --timeout', () => {
    const c = held();
    const del = c.run('kubectl -n demo delete configmap cfg --timeout=5s');
    expect(del.out).toBe('configmap "cfg" deleted\n');
    expect(del.err).toBe('error: timed out waiting for the condition on configmaps/cfg\n');
    expect(del.exit).toBe(1);
    expect(del.elapsedMs).toBe(5000);
    const meta = c.run(`kubectl -n demo get cm cfg -o 'jsonpath={.metadata.deletionGracePeriodSeconds}|{.metadata.finalizers}|{.metadata.deletionTimestamp}'`).out.split('|');
    expect(meta.slice(0, 2)).toEqual(['0', '["example.com/block"]']);
    expect(meta[2]).toMatch(/^2026-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // A second delete changes nothing; removing the finalizer lets it go at once.
    expect(c.run('kubectl -n demo delete cm cfg --wait=false').out).toBe('configmap "cfg" deleted\n');
    expect(c.run(`kubectl -n demo patch cm cfg -p '{"metadata":{"finalizers":null}}'`).out).toBe('configmap/cfg patched\n');
    const gone = c.run('kubectl -n demo get cm cfg');
    expect(gone.err).toBe('Error from server (NotFound): configmaps "cfg" not found\n');
  });

  it('kubectl delete waits until Ctrl-C (^C, status 130); the object stays', () => {
    const c = held();
    const r = execLine(c.world, c.session, 'kubectl -n demo delete configmap cfg', commands, { interruptAt: 7000 });
    tickWorld(c.world, r.elapsedMs);
    expect(textOf(r.chunks, 1)).toBe('configmap "cfg" deleted\n');
    expect(textOf(r.chunks, 2)).toBe('^C\n');
    expect(r.exit).toBe(130);
    expect(c.run('kubectl -n demo get cm cfg -o name').out).toBe('configmap/cfg\n');
    // With the finalizer removed the object goes at once.
    c.run(`kubectl -n demo patch cm cfg --type=json -p '[{"op":"remove","path":"/metadata/finalizers"}]'`);
    expect(c.run('kubectl -n demo delete cm cfg').err).toBe('Error from server (NotFound): configmaps "cfg" not found\n');
  });
});

describe('a deleted namespace', () => {
  it('is Terminating, refuses new content, and waits for a finalizer with the real conditions', () => {
    const c = held();
    expect(c.run('kubectl delete ns demo --wait=false').out).toBe('namespace "demo" deleted\n');
    expect(c.run('kubectl get ns demo').out).toBe('NAME   STATUS        AGE\ndemo   Terminating   0s\n');
    expect(c.run('kubectl get ns demo -o jsonpath={.spec.finalizers}').out).toBe('["kubernetes"]');
    expect(c.run('kubectl -n demo create configmap x --from-literal=a=b').err).toBe(
      'error: failed to create configmap: configmaps "x" is forbidden: unable to create new content in namespace demo because it is being terminated\n',
    );
    c.world.hosts.cp1.files['/root/pod.yaml'] = 'apiVersion: v1\nkind: Pod\nmetadata: {name: t}\nspec:\n  containers: [{name: t, image: nginx}]\n';
    expect(c.run('kubectl -n demo apply -f /root/pod.yaml').err).toBe(
      'Error from server (Forbidden): error when creating "/root/pod.yaml": pods "t" is forbidden: unable to create new content in namespace demo because it is being terminated\n',
    );
    c.wait(12);
    const conditions = c.run(`kubectl get ns demo -o 'jsonpath={range .status.conditions[*]}{.type} {.status} {.reason}: {.message}{"\\n"}{end}'`).out;
    expect(conditions).toBe([
      'NamespaceDeletionDiscoveryFailure False ResourcesDiscovered: All resources successfully discovered',
      'NamespaceDeletionGroupVersionParsingFailure False ParsedGroupVersions: All legacy kube types successfully parsed',
      'NamespaceDeletionContentFailure False ContentDeleted: All content successfully deleted, may be waiting on finalization',
      'NamespaceContentRemaining True SomeResourcesRemain: Some resources are remaining: configmaps. has 1 resource instances',
      'NamespaceFinalizersRemaining True SomeFinalizerRemain: Some finalizers are remaining: example.com/block in 1 resource instances',
      '',
    ].join('\n'));
    // Only the ConfigMap is left (the default ServiceAccount went).
    expect(c.run('kubectl -n demo get sa,cm -o name').out).toBe('configmap/cfg\n');
    expect(c.run('kubectl delete ns demo').err).toBe(
      'Error from server (Conflict): Operation cannot be fulfilled on namespaces "demo": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.\n',
    );
    c.run(`kubectl -n demo patch cm cfg -p '{"metadata":{"finalizers":null}}'`);
    c.wait(10);
    expect(c.run('kubectl get ns demo').err).toBe('Error from server (NotFound): namespaces "demo" not found\n');
  });

  it('with workloads: kubectl delete ns waits while the controller removes them', () => {
    const c = cluster();
    const del = c.run('kubectl delete ns shop');
    expect(del.out).toBe('namespace "shop" deleted\n');
    expect(del.exit).toBe(0);
    // First look after 5 s deletes the content; pods take a moment to stop; the next look finishes.
    expect(del.elapsedMs).toBeGreaterThanOrEqual(6000);
    expect(del.elapsedMs).toBeLessThanOrEqual(20000);
    expect(c.run('kubectl get pods -n shop').err).toBe('No resources found in shop namespace.\n');
    expect(c.run('kubectl get ns -o name').out).not.toContain('namespace/shop\n');
    // The system namespaces cannot be deleted at all.
    expect(c.run('kubectl delete ns kube-system')).toMatchObject({ exit: 1, out: '', err: 'Error from server (Forbidden): namespaces "kube-system" is forbidden: this namespace may not be deleted\n' });
    // The namespace can be made again, afresh.
    expect(c.run('kubectl create ns shop').out).toBe('namespace/shop created\n');
    expect(c.run('kubectl get ns shop -o jsonpath={.status.phase}').out).toBe('Active');
  });
});
