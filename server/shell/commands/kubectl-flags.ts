// Flag parsing with spf13/pflag's rules and error texts, as kubectl (cobra) uses it:
// `--name=value`, `--name value`, `-n value`, `-nvalue`, `-n=value`, bundled bool
// shorthands (`-Aw`), `--` ends flags, flags may follow arguments.

import { parseGoDuration } from '../../sim/k8s/duration.js';

/** `duration`: a Go duration (cobra's DurationVar), kept in ms. */
export type FlagType = 'bool' | 'string' | 'int' | 'stringArray' | 'duration';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
}

export interface ParsedFlags {
  values: Map<string, string | string[] | boolean | number>;
  args: string[];
}

export type FlagResult = { ok: true; flags: ParsedFlags } | { ok: false; error: string };

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

function flagLabel(f: FlagSpec): string {
  return f.short ? `-${f.short}, --${f.name}` : `--${f.name}`;
}

function setValue(p: ParsedFlags, f: FlagSpec, raw: string): string | undefined {
  switch (f.type) {
    case 'bool':
      if (!TRUE.has(raw) && !FALSE.has(raw)) return `invalid argument "${raw}" for "${flagLabel(f)}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`;
      p.values.set(f.name, TRUE.has(raw));
      return undefined;
    case 'int':
      if (!/^[+-]?\d+$/.test(raw)) return `invalid argument "${raw}" for "${flagLabel(f)}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`;
      p.values.set(f.name, Number(raw));
      return undefined;
    case 'duration': {
      const d = parseGoDuration(raw);
      if (!d.ok) return `invalid argument "${raw}" for "${flagLabel(f)}" flag: ${d.error}`;
      p.values.set(f.name, d.ms);
      return undefined;
    }
    case 'stringArray': {
      const prev = (p.values.get(f.name) as string[] | undefined) ?? [];
      p.values.set(f.name, [...prev, raw]);
      return undefined;
    }
    default:
      p.values.set(f.name, raw);
      return undefined;
  }
}

export function parseFlags(argv: string[], specs: FlagSpec[]): FlagResult {
  const p: ParsedFlags = { values: new Map(), args: [] };
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      p.args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const f = byName.get(name);
      if (!f) return { ok: false, error: `unknown flag: --${name}` };
      let raw: string;
      if (eq >= 0) raw = a.slice(eq + 1);
      else if (f.type === 'bool') raw = 'true';
      else if (i + 1 < argv.length) raw = argv[++i];
      else return { ok: false, error: `flag needs an argument: --${name}` };
      const err = setValue(p, f, raw);
      if (err) return { ok: false, error: err };
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        const f = byShort.get(c);
        if (!f) return { ok: false, error: `unknown shorthand flag: '${c}' in ${a}` };
        const rest = a.slice(j + 1);
        let raw: string;
        if (rest.startsWith('=')) raw = rest.slice(1);
        else if (f.type === 'bool') raw = 'true';
        else if (rest) raw = rest;
        else if (i + 1 < argv.length) raw = argv[++i];
        else return { ok: false, error: `flag needs an argument: '${c}' in ${a}` };
        const err = setValue(p, f, raw);
        if (err) return { ok: false, error: err };
        if (rest.startsWith('=') || f.type !== 'bool') break;
      }
      continue;
    }
    p.args.push(a);
  }
  return { ok: true, flags: p };
}

/** kubectl's global (root persistent) flags. */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'context', type: 'string' },
  { name: 'cluster', type: 'string' },
  { name: 'user', type: 'string' },
  { name: 'kubeconfig', type: 'string' },
  { name: 'server', short: 's', type: 'string' },
  { name: 'token', type: 'string' },
  { name: 'as', type: 'string' },
  { name: 'as-group', type: 'stringArray' },
  { name: 'as-uid', type: 'string' },
  { name: 'request-timeout', type: 'string' },
  { name: 'insecure-skip-tls-verify', type: 'bool' },
  { name: 'certificate-authority', type: 'string' },
  { name: 'client-certificate', type: 'string' },
  { name: 'client-key', type: 'string' },
  { name: 'tls-server-name', type: 'string' },
  { name: 'username', type: 'string' },
  { name: 'password', type: 'string' },
  { name: 'cache-dir', type: 'string' },
  { name: 'match-server-version', type: 'bool' },
  { name: 'disable-compression', type: 'bool' },
  { name: 'warnings-as-errors', type: 'bool' },
  { name: 'v', short: 'v', type: 'string' },
  { name: 'profile', type: 'string' },
  { name: 'profile-output', type: 'string' },
  { name: 'help', short: 'h', type: 'bool' },
];

export const flagString = (p: ParsedFlags, name: string) => p.values.get(name) as string | undefined;
export const flagBool = (p: ParsedFlags, name: string) => p.values.get(name) === true;
/** A `duration` flag's value in ms, or undefined when not given. */
export const flagDuration = (p: ParsedFlags, name: string) => p.values.get(name) as number | undefined;

const GLOBAL_VALUE_FLAGS = new Set(GLOBAL_FLAGS.filter((f) => f.type !== 'bool').flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]));

/**
 * Where a command's sub-subcommand (`set image`, `rollout undo`) is: the first argument that is
 * not a flag nor a global flag's value, as cobra finds it (`kubectl -n shop set image ...`); -1 if none.
 */
export function subcommandIndex(argv: string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return -1;
    if (!a.startsWith('-')) return i;
    if (GLOBAL_VALUE_FLAGS.has(a)) i++;
  }
  return -1;
}
