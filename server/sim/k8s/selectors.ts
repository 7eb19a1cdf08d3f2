// Label and field selectors: parsing what `-l` / `--field-selector` send to the API
// server, matching, and the string forms printers use (FormatLabels, FormatLabelSelector).
import type { LabelSelector } from './types.js';

export type Operator = '=' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  op: Operator;
  values: string[];
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** labels.FormatLabels: `a=1,b=2` in key order, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort(byteOrder);
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}

function requirementString(r: Requirement): string {
  switch (r.op) {
    case '=':
      return `${r.key}=${r.values[0]}`;
    case '!=':
      return `${r.key}!=${r.values[0]}`;
    case 'in':
      return `${r.key} in (${[...r.values].sort(byteOrder).join(',')})`;
    case 'notin':
      return `${r.key} notin (${[...r.values].sort(byteOrder).join(',')})`;
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'gt':
      return `${r.key}>${r.values[0]}`;
    case 'lt':
      return `${r.key}<${r.values[0]}`;
  }
}

/** The requirements of a LabelSelector object, sorted by key (LabelSelectorAsSelector). */
export function selectorRequirements(sel: LabelSelector | undefined): Requirement[] {
  const reqs: Requirement[] = [];
  for (const [key, v] of Object.entries(sel?.matchLabels ?? {})) reqs.push({ key, op: '=', values: [v] });
  for (const e of sel?.matchExpressions ?? []) {
    const op: Operator = e.operator === 'In' ? 'in' : e.operator === 'NotIn' ? 'notin' : e.operator === 'Exists' ? 'exists' : '!';
    reqs.push({ key: e.key, op, values: e.values ?? [] });
  }
  return reqs.sort((a, b) => byteOrder(a.key, b.key));
}

/** Selector.String() of a LabelSelector: empty for an empty selector. */
export const labelSelectorString = (sel: LabelSelector | undefined) => selectorRequirements(sel).map(requirementString).join(',');

/** metav1.FormatLabelSelector: the selector string, `<none>` when empty. */
export const formatLabelSelector = (sel: LabelSelector | undefined) => labelSelectorString(sel) || '<none>';

export function matchesRequirements(reqs: Requirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.hasOwn(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case '=':
        return has && v === r.values[0];
      case '!=':
        return !has || v !== r.values[0];
      case 'in':
        return has && r.values.includes(v);
      case 'notin':
        return !has || !r.values.includes(v);
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'gt':
      case 'lt': {
        const n = Number(v);
        if (!has || !Number.isInteger(n)) return false;
        return r.op === 'gt' ? n > Number(r.values[0]) : n < Number(r.values[0]);
      }
    }
  });
}

export const matchesSelector = (sel: LabelSelector | undefined, labels: Record<string, string> | undefined) =>
  matchesRequirements(selectorRequirements(sel), labels);

export type ParsedSelector = { ok: true; reqs: Requirement[] } | { ok: false; error: string };

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Parses a label selector string (`app=web,tier!=db`, `env in (a,b)`, `!canary`). */
export function parseLabelSelector(text: string): ParsedSelector {
  const reqs: Requirement[] = [];
  const s = text.trim();
  if (s === '') return { ok: true, reqs };
  // Split on commas outside parentheses.
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  for (const raw of parts) {
    const p = raw.trim();
    let m: RegExpExecArray | null;
    let req: Requirement | undefined;
    if ((m = /^!\s*(\S+)$/.exec(p))) req = { key: m[1], op: '!', values: [] };
    else if ((m = /^(\S+?)\s+(in|notin)\s*\(([^)]*)\)$/.exec(p)))
      req = { key: m[1], op: m[2] as Operator, values: m[3].split(',').map((v) => v.trim()) };
    else if ((m = /^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(\S*)$/.exec(p))) {
      const op: Operator = m[2] === '!=' ? '!=' : m[2] === '>' ? 'gt' : m[2] === '<' ? 'lt' : '=';
      req = { key: m[1], op, values: [m[3]] };
    } else if (KEY.test(p)) req = { key: p, op: 'exists', values: [] };
    if (!req) return { ok: false, error: `unable to parse requirement: found '${p}', expected: identifier` };
    if (!KEY.test(req.key)) return { ok: false, error: `unable to parse requirement: <nil>: Invalid value: "${req.key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')` };
    for (const v of req.values) {
      if ((req.op === 'gt' || req.op === 'lt') && !/^-?\d+$/.test(v)) return { ok: false, error: `unable to parse requirement: <nil>: Invalid value: "${v}": for 'Gt', 'Lt' operators, the value must be an integer` };
      if (!VALUE.test(v) || v.length > 63) return { ok: false, error: `unable to parse requirement: <nil>: Invalid value: "${v}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')` };
    }
    reqs.push(req);
  }
  return { ok: true, reqs };
}

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

/** Parses a field selector (`status.phase=Running,spec.nodeName!=node-1`). */
export function parseFieldSelector(text: string): { ok: true; reqs: FieldRequirement[] } | { ok: false; error: string } {
  const reqs: FieldRequirement[] = [];
  if (text.trim() === '') return { ok: true, reqs };
  for (const part of text.split(',')) {
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(part.trim());
    if (!m) return { ok: false, error: `invalid selector: '${text}'; can't understand '${part}'` };
    reqs.push({ field: m[1].trim(), op: m[2] === '!=' ? '!=' : '=', value: m[3].trim() });
  }
  return { ok: true, reqs };
}
