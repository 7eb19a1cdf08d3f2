// Tab completion: finds the word under the cursor, walks the command table to learn what that
// word can be, and offers the matching commands, subcommands, flags, kinds and seen names.
import { RESOURCES } from '../../server/sim/k8s/resources.js';
import { COMMANDS, KNOWN_FILES, type Category, type Slot, type Spec } from './completion-table.js';
import { kindResource, type Seen } from './seen.js';

export interface Completion {
  /** Where the word being completed starts in the line. */
  from: number;
  /** The text that replaces the word (the candidates' common prefix, plus a space when unique). */
  insert: string;
  /** Every candidate, sorted; more than one means the player has to type on. */
  candidates: string[];
}

const KINDS = [...new Set(RESOURCES.flatMap((r) => [r.resource, r.singular, ...r.shortNames]))].sort();

function commonPrefix(words: string[]): string {
  if (!words.length) return '';
  let p = words[0];
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

interface Walk {
  spec: Spec;
  /** Index of the positional argument being typed. */
  position: number;
  /** The previous word asks for a value of this kind. */
  value?: Slot;
  /** Last resource kind named on the line (for object names). */
  kind?: string;
  /** The word being completed is a command name (first word, after sudo/help/ssh HOST). */
  atCommand: boolean;
}

const argSlot = (spec: Spec, position: number): Slot | undefined => (spec.args?.length ? spec.args[Math.min(position, spec.args.length - 1)] : undefined);

function walk(words: string[]): Walk {
  let w: Walk = { spec: {}, position: 0, atCommand: true };
  for (const word of words) {
    if (w.atCommand) {
      w = { spec: COMMANDS[word] ?? {}, position: 0, atCommand: false };
      continue;
    }
    if (w.value) {
      w = { ...w, value: undefined };
      continue;
    }
    const value = w.spec.values?.[word];
    if (value) {
      w = { ...w, value };
      continue;
    }
    if (word.startsWith('-')) continue;
    const sub = w.spec.sub?.[word];
    if (sub) {
      w = { ...w, spec: sub, position: 0 };
      continue;
    }
    const slot = argSlot(w.spec, w.position);
    if (slot === 'command') return walk(words.slice(words.indexOf(word, 1)));
    w = { ...w, position: w.position + 1, kind: slot === 'kind' ? word : w.kind };
  }
  return w;
}

function categoryWords(c: Category, seen: Seen, kind: string | undefined): readonly string[] {
  switch (c) {
    case 'target':
      return [...seen.host, ...seen.ip];
    case 'kind':
      return KINDS;
    case 'object': {
      const r = kind ? kindResource(kind.split('/')[0]) : 'nodes';
      return (r ? seen.objects[r] : undefined) ?? [];
    }
    case 'url':
      return seen.host.map((h) => `http://${h}/`);
    case 'file':
      return KNOWN_FILES;
    case 'command':
      return Object.keys(COMMANDS);
    default:
      return seen[c];
  }
}

/** Subcommand names, aliases left out (`ip r` and `ip ro` are `ip route`): the longest name of each. */
function subcommands(spec: Spec): string[] {
  const best = new Map<Spec, string>();
  for (const [name, sub] of Object.entries(spec.sub ?? {})) if ((best.get(sub)?.length ?? 0) < name.length) best.set(sub, name);
  return [...best.values()];
}

/** Completes the word before the cursor; undefined when nothing matches. */
export function complete(line: string, cursor: number, seen: Seen): Completion | undefined {
  const before = line.slice(0, cursor);
  // Each command of a pipeline or list completes on its own.
  const segmentStart = Math.max(0, ...['|', ';', '&&', '||'].map((sep) => (before.includes(sep) ? before.lastIndexOf(sep) + sep.length : 0)));
  const segment = before.slice(segmentStart);
  const m = /(\S*)$/.exec(segment)!;
  const word = m[1];
  const from = cursor - word.length;
  const words = segment.slice(0, segment.length - word.length).trim().split(/\s+/).filter(Boolean);
  const w = walk(words);
  let pool: readonly string[];
  let prefix = '';
  let typed = word;
  if (w.atCommand) pool = Object.keys(COMMANDS);
  else if (w.value) pool = typeof w.value === 'string' ? categoryWords(w.value, seen, w.kind) : w.value;
  else if (word.startsWith('-')) pool = w.spec.flags ?? [];
  else {
    const slot = argSlot(w.spec, w.position);
    const fromSlot = slot === undefined ? [] : typeof slot === 'string' ? categoryWords(slot, seen, w.kind) : slot;
    pool = [...subcommands(w.spec), ...fromSlot];
    // ssh root@db<Tab>
    const at = word.lastIndexOf('@');
    if (at >= 0 && (slot === 'host' || slot === 'target')) {
      prefix = word.slice(0, at + 1);
      typed = word.slice(at + 1);
    }
  }
  const candidates = [...new Set(pool)].filter((c) => c.startsWith(typed) && c !== '').sort();
  if (!candidates.length) return undefined;
  const unique = candidates.length === 1;
  const common = commonPrefix(candidates);
  const space = unique && !/[/=]$/.test(common) ? ' ' : '';
  return { from, insert: prefix + common + space, candidates: candidates.map((c) => prefix + c) };
}
