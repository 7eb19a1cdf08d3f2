// kubectl's entry point: where it connects, version, cluster-info, api-resources, help,
// unknown commands. Outputs as kubectl v1.32 prints them.
import { describe, expect, it } from 'vitest';
import { kubeWorld } from './kubectl-world.js';

const MANIFESTS = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns, kubernetes.io/cluster-service: "true", kubernetes.io/name: CoreDNS}}
spec: {clusterIP: 10.96.0.10, selector: {k8s-app: kube-dns}, ports: [{name: dns, port: 53, protocol: UDP}, {name: dns-tcp, port: 53}]}
`;

const REFUSED_LOCAL = /^E1123 09:00:00\.\d{6} +\d+ memcache\.go:265\] "Unhandled Error" err="couldn't get current server API group list: Get \\"http:\/\/localhost:8080\/api\?timeout=32s\\": dial tcp 127\.0\.0\.1:8080: connect: connection refused"$/;

describe('kubectl', () => {
  it('without a kubeconfig dials localhost:8080 and is refused', () => {
    const { run } = kubeWorld(MANIFESTS, { kubeconfig: false });
    const r = run('kubectl get pods');
    const lines = r.err.trimEnd().split('\n');
    expect(r).toMatchObject({ out: '', exit: 1 });
    expect(lines).toHaveLength(6);
    for (const l of lines.slice(0, 5)) expect(l).toMatch(REFUSED_LOCAL);
    expect(lines[5]).toBe('The connection to the server localhost:8080 was refused - did you specify the right host or port?');

    const v = run('kubectl version');
    expect(v).toMatchObject({ out: 'Client Version: v1.32.4\nKustomize Version: v5.5.0\n', err: 'The connection to the server localhost:8080 was refused - did you specify the right host or port?\n', exit: 1 });

    const api = run('kubectl api-resources');
    expect(api.out).toBe('NAME   SHORTNAMES   APIVERSION   NAMESPACED   KIND\n');
    expect(api.err.split('\n')).toHaveLength(3);
    expect(run('kubectl version --client')).toMatchObject({ out: 'Client Version: v1.32.4\nKustomize Version: v5.5.0\n', err: '', exit: 0 });
  });

  it('reaches the cluster named in the kubeconfig', () => {
    const { run } = kubeWorld(MANIFESTS);
    expect(run('kubectl version')).toMatchObject({ out: 'Client Version: v1.32.4\nKustomize Version: v5.5.0\nServer Version: v1.32.4\n', exit: 0 });
    // On a terminal, names in green and URLs in yellow (go-colortext).
    expect(run('kubectl cluster-info').out).toBe(
      '\x1b[0;32mKubernetes control plane\x1b[0m is running at \x1b[0;33mhttps://10.0.10.10:6443\x1b[0m\n' +
      '\x1b[0;32mCoreDNS\x1b[0m is running at \x1b[0;33mhttps://10.0.10.10:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\x1b[0m\n' +
      "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    );
    const other = run('kubectl --server=https://10.0.10.99:6443 get pods');
    expect(other.err.trimEnd().split('\n').pop()).toBe('The connection to the server 10.0.10.99:6443 was refused - did you specify the right host or port?');
  });

  it('prints help, and cobra errors for unknown commands', () => {
    const { run } = kubeWorld(MANIFESTS);
    expect(run('kubectl').out).toMatch(/^kubectl controls the Kubernetes cluster manager\.\n/);
    expect(run('kubectl gets')).toMatchObject({ err: 'Error: unknown command "gets" for "kubectl"\n\nDid you mean this?\n\tset\n\tget\n\n', exit: 1 });
    expect(run('kubectl xyzzyq')).toMatchObject({ err: 'Error: unknown command "xyzzyq" for "kubectl"\n', exit: 1 });
    expect(run('kubectl -n shop get ns shop').out).toMatch(/^NAME   STATUS   AGE\nshop   Active   0s\n$/);
  });

  it('takes global flags before the subcommand and resource/name arguments', () => {
    const { run } = kubeWorld(MANIFESTS);
    expect(run('kubectl -n kube-system get svc/kube-dns -o name').out).toBe('service/kube-dns\n');
    expect(run('kubectl get svc kube-dns --namespace=kube-system -o jsonpath={.spec.clusterIP}').out).toBe('10.96.0.10');
  });
});
