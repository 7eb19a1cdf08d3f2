// Pods whose processes are the nodes' own systemd units, as kubeadm runs them: the static
// control-plane pods (etcd, kube-apiserver, kube-controller-manager, kube-scheduler: mirror pods
// the kubelet posts for /etc/kubernetes/manifests) and the kube-proxy DaemonSet's pod on each
// node. The kubelet reports them Running and ready while their unit is active, and posts a
// static pod's mirror pod again (a new uid) whenever it is missing from the API.
import type { World } from '../world/types.js';
import { hex64 } from './images.js';
import { createObject, getObject } from './store.js';
import type { DaemonSet, Node, Pod } from './types.js';

/** The host unit a pod's container is, or undefined for an ordinary pod. */
export function hostUnitOf(pod: Pod): string | undefined {
  if (pod.metadata.namespace !== 'kube-system' || !pod.spec.hostNetwork) return undefined;
  if (pod.metadata.annotations?.['kubernetes.io/config.mirror']) return pod.metadata.labels?.component;
  if (pod.metadata.labels?.['k8s-app'] === 'kube-proxy') return 'kube-proxy';
  return undefined;
}

interface Component {
  name: string;
  command: string[];
  requests: Record<string, string>;
  probe: { host: string; path: string; port: number; scheme: string };
}

const STATIC_COMPONENTS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];

function components(ip: string): Component[] {
  return [
    {
      name: 'etcd',
      command: ['etcd', `--advertise-client-urls=https://${ip}:2379`, '--cert-file=/etc/kubernetes/pki/etcd/server.crt', '--client-cert-auth=true', '--data-dir=/var/lib/etcd', `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`, '--name=NODE', '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt'],
      requests: { cpu: '100m', memory: '100Mi' },
      probe: { host: '127.0.0.1', path: '/livez', port: 2381, scheme: 'HTTP' },
    },
    {
      name: 'kube-apiserver',
      command: ['kube-apiserver', `--advertise-address=${ip}`, '--allow-privileged=true', '--authorization-mode=Node,RBAC', '--client-ca-file=/etc/kubernetes/pki/ca.crt', '--enable-admission-plugins=NodeRestriction', '--etcd-servers=https://127.0.0.1:2379', '--secure-port=6443', '--service-cluster-ip-range=10.96.0.0/12'],
      requests: { cpu: '250m' },
      probe: { host: ip, path: '/livez', port: 6443, scheme: 'HTTPS' },
    },
    {
      name: 'kube-controller-manager',
      command: ['kube-controller-manager', '--allocate-node-cidrs=true', '--cluster-cidr=10.244.0.0/16', '--kubeconfig=/etc/kubernetes/controller-manager.conf', '--leader-elect=true', '--use-service-account-credentials=true'],
      requests: { cpu: '200m' },
      probe: { host: '127.0.0.1', path: '/healthz', port: 10257, scheme: 'HTTPS' },
    },
    {
      name: 'kube-scheduler',
      command: ['kube-scheduler', '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf', '--bind-address=127.0.0.1', '--kubeconfig=/etc/kubernetes/scheduler.conf', '--leader-elect=true'],
      requests: { cpu: '100m' },
      probe: { host: '127.0.0.1', path: '/healthz', port: 10259, scheme: 'HTTPS' },
    },
  ];
}

/** The mirror pods of a control-plane node's static pods. */
export function mirrorPods(node: Node, ip: string, version: string, created: string): Pod[] {
  const name = node.metadata.name;
  return components(ip).map((c) => {
    const hash = hex64(`static:${name}:${c.name}`).slice(0, 32);
    const image = c.name === 'etcd' ? 'registry.k8s.io/etcd:3.5.16-0' : `registry.k8s.io/${c.name}:${version}`;
    const annotations: Record<string, string> = {
      ...(c.name === 'etcd' ? { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${ip}:2379` } : {}),
      ...(c.name === 'kube-apiserver' ? { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${ip}:6443` } : {}),
      'kubernetes.io/config.hash': hash, 'kubernetes.io/config.mirror': hash, 'kubernetes.io/config.seen': created.replace('Z', '.000000000Z'), 'kubernetes.io/config.source': 'file',
    };
    const probe = { httpGet: { host: c.probe.host, path: c.probe.path, port: c.probe.port, scheme: c.probe.scheme }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15, successThreshold: 1, failureThreshold: 8 };
    return {
      apiVersion: 'v1', kind: 'Pod',
      metadata: {
        name: `${c.name}-${name}`, namespace: 'kube-system', creationTimestamp: created, annotations, labels: { component: c.name, tier: 'control-plane' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid!, controller: true }],
      },
      spec: {
        containers: [{
          name: c.name, image, imagePullPolicy: 'IfNotPresent', command: c.command.map((a) => a.replace('NODE', name)),
          resources: { requests: c.requests }, livenessProbe: probe, startupProbe: { ...probe, failureThreshold: 24 },
          terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
        }],
        nodeName: name, hostNetwork: true, dnsPolicy: 'ClusterFirst', enableServiceLinks: true, priority: 2000001000, priorityClassName: 'system-node-critical',
        restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, terminationGracePeriodSeconds: 30,
        tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
      },
      status: { phase: 'Pending' },
    } as Pod;
  });
}

/** kubeadm's kube-proxy DaemonSet (its pods run the nodes' kube-proxy units). */
export function kubeProxyDaemonSet(version: string): DaemonSet {
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { 'k8s-app': 'kube-proxy' }, annotations: { 'deprecated.daemonset.template.generation': '1' } },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-proxy' } },
        spec: {
          containers: [{
            name: 'kube-proxy', image: `registry.k8s.io/kube-proxy:${version}`, imagePullPolicy: 'IfNotPresent',
            command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
            env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
            securityContext: { privileged: true },
          }],
          hostNetwork: true, nodeSelector: { 'kubernetes.io/os': 'linux' }, priorityClassName: 'system-node-critical', serviceAccountName: 'kube-proxy',
          tolerations: [{ operator: 'Exists' }],
        },
      },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
      revisionHistoryLimit: 10,
    },
  };
}

/** The kubelet of a control-plane node posts the mirror pod of each of its static pods that the API lacks; returns those it posted. */
export function ensureMirrorPods(world: World, nodeName: string, ip: string, version: string): Pod[] {
  const c = world.cluster!;
  // The usual case, every tick: all four are there.
  if (STATIC_COMPONENTS.every((name) => getObject(c, 'Pod', 'kube-system', `${name}-${nodeName}`))) return [];
  const node = getObject(c, 'Node', undefined, nodeName);
  if (!node || node.metadata.deletionTimestamp) return [];
  const created: Pod[] = [];
  // The manifests were seen when the node joined; a new mirror pod is created now.
  for (const pod of mirrorPods(node, ip, version, node.metadata.creationTimestamp ?? '')) {
    if (getObject(c, 'Pod', 'kube-system', pod.metadata.name)) continue;
    delete pod.metadata.creationTimestamp;
    if (createObject(world, pod).ok) created.push(pod);
  }
  return created;
}
