// kubectl's generic describer, what `kubectl describe` uses for custom resources (a CRD's
// objects, e.g. a VerticalPodAutoscaler): name, namespace, labels and annotations, then every
// field of the object as sorted, indented "Smart Label:  value" lines, then its events.
import type { Event, KubeObject } from '../../sim/k8s/types.js';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline, PrefixWriter } from './kubectl-describe-util.js';

const ACRONYMS = ['API', 'URL', 'UID', 'OSB', 'GUID'];

const charClass = (c: string) => (/\p{Ll}/u.test(c) ? 1 : /\p{Lu}/u.test(c) ? 2 : /\p{Nd}/u.test(c) ? 3 : 4);

/** fatih/camelcase Split: runs of one character class, an upper-case letter before lower case starts the next run. */
function camelSplit(s: string): string[] {
  const runs: string[][] = [];
  let last = 0;
  for (const c of s) {
    const k = charClass(c);
    if (k === last) runs[runs.length - 1].push(c);
    else runs.push([c]);
    last = k;
  }
  for (let i = 0; i + 1 < runs.length; i++) {
    if (charClass(runs[i][0]) === 2 && charClass(runs[i + 1][0]) === 1) runs[i + 1].unshift(runs[i].pop()!);
  }
  return runs.filter((r) => r.length).map((r) => r.join(''));
}

/** smartLabelFor: `containerName` -> `Container Name`, `apiVersion` -> `API Version`; names with other characters stay. */
export function smartLabel(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  return camelSplit(field)
    .filter((p) => p !== '_')
    .map((p) => (ACRONYMS.includes(p.toUpperCase()) ? p.toUpperCase() : p.replace(/(^|[^\p{L}\p{N}'])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase())))
    .join(' ');
}

/** Go's %v of a decoded JSON scalar. */
function scalar(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e21 ? String(v) : String(v).replace(/e\+?(-?)(\d)$/, 'e+$10$2').replace('e+-', 'e-');
  return String(v);
}

const SKIP = ['.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations', '.metadata.managedFields'];

function printContent(w: PrefixWriter, level: number, content: Record<string, unknown>, prefix: string): void {
  for (const field of Object.keys(content).sort()) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (SKIP.includes(path)) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      printContent(w, level + 1, value as Record<string, unknown>, path);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      for (const child of value) {
        if (child !== null && typeof child === 'object' && !Array.isArray(child)) printContent(w, level + 1, child as Record<string, unknown>, path);
        else w.write(level + 1, `${Array.isArray(child) ? `[${child.map(scalar).join(' ')}]` : scalar(child)}\n`);
      }
    } else w.write(level, `${smartLabel(field)}:\t${scalar(value)}\n`);
  }
}

export function describeGeneric(w: PrefixWriter, obj: KubeObject, events: Event[] | undefined, now: number): void {
  w.write(0, `Name:\t${obj.metadata.name}\n`);
  w.write(0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', obj.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
  printContent(w, 0, obj as unknown as Record<string, unknown>, '');
  if (events) describeEvents(w, events, now);
}
