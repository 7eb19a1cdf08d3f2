// Seeded fuzzing of the shell and every registered command: random lines built from
// command names, flags, paths, addresses, garbage, huge words, unbalanced quotes and
// operators. No line may throw; every result is well-formed; and a single command that
// fails (non-zero exit) must leave the world as it was, apart from what traffic changes; a
// line the shell reports as read-only must leave its configuration as it was.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands } from '../../server/shell/commands/index.js';
import { configPrint } from '../../server/game/world-view.js';
import { MAX_LINE, execLine, newSession } from '../../server/shell/shell.js';
import { Rng } from '../../server/sim/rng.js';
import type { World } from '../../server/sim/world/types.js';
import { stableView } from '../helpers/stable.js';
import { tinyWorld } from '../helpers/world.js';

const FLAGS = ['-n', '-c', '-v', '-i', '-a', '-l', '-r', '-s', '-q', '-o', '-w', '-x', '-E', '-F', '-d', '-f', '-k', '-t', '-u', '-z',
  '-4', '-br', '-s', '-n 3', '-c 1', '-W 1', '-w 1', '-p', '--help', '--version', '--foo', '--lines=2', '-1', '-123', '-', '--', '-e'];
const WORDS = ['/etc/hosts', '/etc/resolv.conf', '/nonexistent', '/tmp/x', '/root', '/', '.', '..', '~', '/proc/sys/net/ipv4/ip_forward',
  'eth0', 'eth1', 'lo', 'br0', 'eth9', 'eth0.10', '10.0.1.1', '10.0.1.10', '10.0.2.10', '10.0.1.300', '0.0.0.0/0', '10.0.9.0/24', 'default',
  'via', 'dev', 'up', 'down', 'add', 'del', 'show', 'set', 'mtu', '1400', 'INPUT', 'FORWARD', 'OUTPUT', 'ACCEPT', 'DROP', 'REJECT', 'tcp', 'udp',
  'icmp', '--dport', '80', '8080', '-j', '-p', '-A', '-I', '-D', '-L', '-t', 'nat', 'db1', 'web2', 'nginx', 'http://10.0.2.10:8080/',
  'net.ipv4.ip_forward=1', '$HOME', '"$?"', '${X:-y}', '${}', '*', '?', '[a-z]', '{print $1}', "'{print $1}'", '"a b"', 'x=1', '%s\\n',
  '(a+)+$', '[[:digit:]]+', '\\', 'é', '\t', '0', '-1', '99999999999', 'NaN', ''];
const OPERATORS = [';', '&&', '||', '|', '|&', '&', '>', '>>', '<', '<<<', '2>&1', '2>/dev/null', '>/dev/null', '(', ')', '!', '#', ';;', '\n'];
/** Tools that work through their operands one by one, as the real ones do: `rm a b` removes a even when b fails. */
const PER_OPERAND = new Set(['rm', 'sysctl', 'truncate']);
const perOperand = (text: string) => {
  const [name, ...args] = text.split(/\s+/);
  return PER_OPERAND.has(name) && args.filter((a) => !a.startsWith('-')).length > 1;
};
const GARBAGE = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~\u00e9\u4e2d\u0000\u001b';

/** Random characters; `plain` leaves out the shell's operator characters. */
function garbage(rng: Rng, max: number, plain = false): string {
  const alphabet = plain ? GARBAGE.replace(/[;&|<>()]/g, '') : GARBAGE;
  let s = '';
  for (let n = rng.int(1, max); n > 0; n--) s += alphabet[rng.int(0, alphabet.length - 1)];
  return s;
}

/** One command and its words; `simple` keeps it free of operators and real-file redirections. */
function command(rng: Rng, names: string[], simple: boolean): string {
  const parts = [rng.next() < 0.93 ? rng.pick(names) : garbage(rng, 8, simple)];
  for (let n = rng.int(0, 6); n > 0; n--) {
    const r = rng.next();
    if (r < 0.35) parts.push(rng.pick(FLAGS));
    else if (r < 0.8) parts.push(rng.pick(WORDS));
    else if (r < 0.9) parts.push(garbage(rng, 12, simple));
    else if (r < 0.93) parts.push("'" + garbage(rng, 5, simple));
    else if (r < 0.95) parts.push('"' + garbage(rng, 5, simple));
    else if (r < 0.97) parts.push('x'.repeat(rng.int(1000, 10_000)));
    else parts.push(simple ? rng.pick(['2>/dev/null', '>/dev/null', '2>&1']) : rng.pick(OPERATORS));
  }
  return parts.join(' ');
}

function line(rng: Rng, names: string[]): { text: string; simple: boolean } {
  if (rng.next() < 0.5) return { text: command(rng, names, true), simple: true };
  const parts = [command(rng, names, false)];
  for (let n = rng.int(0, 3); n > 0; n--) parts.push(rng.pick(OPERATORS), command(rng, names, false));
  return { text: parts.join(' '), simple: false };
}

function fuzz(makeWorld: () => World, host: string, seed: number, count: number) {
  const names = Object.keys(commands);
  const rng = new Rng(seed);
  let world = makeWorld();
  let session = newSession(world, host);
  const failures: string[] = [];
  for (let i = 0; i < count; i++) {
    // A fresh world now and then, so that earlier successful changes do not pile up.
    if (i % 200 === 0) {
      world = makeWorld();
      session = newSession(world, host);
    }
    const { text, simple } = line(rng, names);
    const before = simple && !perOperand(text) ? stableView(world) : undefined;
    const print = configPrint(world);
    let result;
    try {
      result = execLine(world, session, text, commands);
    } catch (e) {
      failures.push(`threw on ${JSON.stringify(text.slice(0, 200))}: ${(e as Error).stack}`);
      continue;
    }
    const wellFormed =
      Number.isInteger(result.exit) && result.exit >= 0 && result.exit <= 255 && Number.isFinite(result.elapsedMs) &&
      result.chunks.every((c) => (c.fd === 1 || c.fd === 2) && typeof c.text === 'string' && Number.isFinite(c.at));
    if (!wellFormed) failures.push(`malformed result for ${JSON.stringify(text.slice(0, 200))}`);
    if (text.length > MAX_LINE && result.exit !== 2) failures.push(`long line ran: ${text.slice(0, 80)}`);
    // The game skips looking for changes after a line that only read: it must not have changed anything.
    if (result.readOnly && configPrint(world) !== print) failures.push(`read-only line changed the world: ${JSON.stringify(text.slice(0, 200))}`);
    if (before !== undefined && result.exit !== 0) {
      try {
        expect(stableView(world)).toEqual(before);
      } catch {
        failures.push(`exit ${result.exit} but the world changed: ${JSON.stringify(text.slice(0, 200))}`);
      }
    }
    // `exit` after `sudo -i` etc. is fine; keep the session from drifting too far.
    if (session.stack.length > 3) session = newSession(world, host);
  }
  return failures;
}

describe('fuzzing every registered command', () => {
  it('on the tiny world: 6,000 lines', () => {
    expect(fuzz(tinyWorld, 'web1', 20240501, 6000)).toEqual([]);
  });

  it('covers every command name', () => {
    // The vocabulary is the registry itself, so families added later are fuzzed too.
    const rng = new Rng(7);
    const seen = new Set<string>();
    const names = Object.keys(commands);
    for (let i = 0; i < 6000; i++) seen.add(line(rng, names).text.split(' ')[0]);
    expect(names.filter((n) => !seen.has(n))).toEqual([]);
  });
});

const lab = await (async (): Promise<{ world?: () => World; why?: string }> => {
  try {
    const { loadWorldYaml } = await import('../../server/sim/world/yaml.js');
    const text = readFileSync(new URL('../fixtures/lab.yaml', import.meta.url), 'utf8');
    loadWorldYaml(text, 1);
    return { world: () => loadWorldYaml(text, 1) };
  } catch (e) {
    return { why: (e as Error).message };
  }
})();

describe('fuzzing on the reference lab world', () => {
  it.skipIf(!lab.world)(`4,000 lines on web1 and rtr${lab.why ? ` (skipped: lab world does not load: ${lab.why})` : ''}`, () => {
    expect(fuzz(lab.world!, 'web1', 99, 2000)).toEqual([]);
    expect(fuzz(lab.world!, 'rtr', 100, 2000)).toEqual([]);
  });
});
