// What a scenario marks as protected: deleting it costs the team points. A reference names
// a host (`host:NAME`), an interface (`iface:HOST/IFACE`), a systemd unit (`unit:HOST/UNIT`),
// a security group (`sg:ID`) or a Kubernetes object (`k8s:KIND/NAMESPACE/NAME`, or
// `k8s:KIND/NAME` for cluster-scoped kinds such as Node and Namespace).
import { RESOURCES } from '../sim/k8s/resources.js';
import { getObject } from '../sim/k8s/store.js';
import type { Kind } from '../sim/k8s/types.js';
import type { World } from '../sim/world/types.js';

export const PROTECTED_FORMS = 'host:NAME, iface:HOST/IFACE, unit:HOST/UNIT, sg:ID or k8s:KIND/[NAMESPACE/]NAME';

/** Why `ref` names nothing in `world` (malformed, or gone); undefined when it exists. */
export function protectedProblem(world: World, ref: string): string | undefined {
  const m = /^(host|iface|unit|sg|k8s):(.+)$/.exec(ref);
  if (!m) return `"${ref}" is not ${PROTECTED_FORMS}`;
  const [, type, rest] = m;
  if (type === 'sg') return world.securityGroups[rest] ? undefined : `no security group "${rest}"`;
  const parts = rest.split('/');
  if (type === 'k8s') {
    const t = RESOURCES.find((r) => r.kind === parts[0]);
    if (!t) return `no Kubernetes kind "${parts[0]}"`;
    if (parts.length !== (t.namespaced ? 3 : 2)) return `"${ref}" must be k8s:${t.kind}/${t.namespaced ? 'NAMESPACE/' : ''}NAME`;
    if (!world.cluster) return 'the world has no Kubernetes cluster';
    const [namespace, name] = t.namespaced ? [parts[1], parts[2]] : [undefined, parts[1]];
    return getObject(world.cluster, t.kind as Kind, namespace, name) ? undefined : `no ${t.kind} "${t.namespaced ? `${namespace}/` : ''}${name}"`;
  }
  const [host, obj] = parts;
  const h = world.hosts[host];
  if (!h) return `no host "${host}"`;
  if (type === 'iface' && !h.ifaces.some((i) => i.name === obj)) return `host "${host}" has no interface "${obj}"`;
  if (type === 'unit' && !h.units[obj]) return `host "${host}" has no unit "${obj}"`;
  return undefined;
}
