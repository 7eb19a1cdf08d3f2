// Resource arguments as kubectl's resource builder reads them: `TYPE[,TYPE...] [NAME...]`
// or `TYPE/NAME ...`, short names and plurals, the `all` category.
import { RESOURCES, resolveResource, type ResourceType } from '../../sim/k8s/resources.js';
import type { Cluster } from '../../sim/k8s/types.js';

export interface Target {
  type: ResourceType;
  /** Empty: list every object of the type. */
  names: string[];
}

export type ArgsResult = { ok: true; targets: Target[]; singleItem: boolean } | { ok: false; error: string };

function resolveTypes(list: string, cluster: Cluster | undefined): ResourceType[] | string {
  const out: ResourceType[] = [];
  for (const typed of list.split(',')) {
    if (typed === 'all') {
      out.push(...RESOURCES.filter((t) => t.categories.includes('all')));
      continue;
    }
    const t = resolveResource(typed, cluster);
    if (!t) return `the server doesn't have a resource type "${typed}"`;
    out.push(t);
  }
  return out;
}

/** `cluster`: the server whose types count (an add-on's CRD only while installed). */
export function resolveArgs(args: string[], verb: string, cluster?: Cluster): ArgsResult {
  if (args.some((a) => a.includes('/'))) {
    const targets: Target[] = [];
    for (const a of args) {
      const slash = a.indexOf('/');
      if (slash < 0) {
        return { ok: false, error: `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl ${verb} resource/<resource_name>' instead of 'kubectl ${verb} resource resource/<resource_name>'` };
      }
      const name = a.slice(slash + 1);
      if (!name) return { ok: false, error: `arguments in resource/name form must have a single resource and name` };
      const types = resolveTypes(a.slice(0, slash), cluster);
      if (typeof types === 'string') return { ok: false, error: types };
      if (types.length !== 1) return { ok: false, error: `arguments in resource/name form must have a single resource and name` };
      targets.push({ type: types[0], names: [name] });
    }
    return { ok: true, targets, singleItem: targets.length === 1 };
  }
  const types = resolveTypes(args[0], cluster);
  if (typeof types === 'string') return { ok: false, error: types };
  const names = args.slice(1);
  return { ok: true, targets: types.map((type) => ({ type, names })), singleItem: types.length === 1 && names.length === 1 };
}

/** `pod`, `deployment.apps`: the kind prefix of `-o name` and multi-kind tables. */
export const kindPrefix = (t: ResourceType) => (t.group ? `${t.kind.toLowerCase()}.${t.group}` : t.kind.toLowerCase());
