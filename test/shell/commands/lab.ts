// The reference lab (test/fixtures/lab.yaml) with the MACs and ifindexes of the real
// captures, a shell runner, and a parser for the capture transcripts.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { loadWorldYaml } from '../../../server/sim/world/yaml.js';
import { execLine, newSession } from '../../../server/shell/shell.js';
import { commands } from '../../../server/shell/commands/index.js';
import type { Session } from '../../../server/shell/types.js';
import type { World } from '../../../server/sim/world/types.js';
import { CAPTURES } from './linux-captures.js';

const LAB_YAML = readFileSync(new URL('../../fixtures/lab.yaml', import.meta.url), 'utf8');

/** MAC and ifindex of every NIC as the captures show them. */
const CAPTURED_NICS: Record<string, Record<string, [string, number]>> = {
  rtr: {
    br0: ['6a:67:2c:6d:b9:3e', 2],
    eth1: ['66:ef:87:69:88:f6', 3],
    eth2: ['d6:ca:65:0a:96:69', 4],
    'veth-web1': ['e2:69:c5:e1:1a:2f', 7],
    'veth-web2': ['6a:67:2c:6d:b9:3e', 8],
  },
  web1: { eth0: ['22:c6:f0:bf:2f:ff', 2] },
  web2: { eth0: ['42:15:17:17:1d:6e', 2] },
  db1: { eth0: ['6e:e7:dd:43:d1:eb', 2] },
  dns1: { eth0: ['ee:e4:b3:58:ab:8f', 2] },
};

export function lab(): World {
  const world = loadWorldYaml(LAB_YAML, 1);
  for (const [host, nics] of Object.entries(CAPTURED_NICS)) {
    for (const [name, [mac, index]] of Object.entries(nics)) {
      const iface = world.hosts[host].ifaces.find((i) => i.name === name)!;
      iface.mac = mac;
      iface.index = index;
    }
  }
  return world;
}

export interface Result {
  out: string;
  err: string;
  exit: number;
}

/** A shell per host (root unless `user` is given) on one world. */
export function shell(world: World): (host: string, line: string, user?: string) => Result {
  const sessions = new Map<string, Session>();
  return (host, line, user = 'root') => {
    const key = `${user}@${host}`;
    if (!sessions.has(key)) sessions.set(key, newSession(world, host, user));
    const r = execLine(world, sessions.get(key)!, line, commands);
    const text = (fd: 1 | 2) => r.chunks.filter((c) => c.fd === fd).map((c) => c.text).join('');
    return { out: text(1), err: text(2), exit: r.exit };
  };
}

export interface Step {
  host: string;
  cmd: string;
  /** The captured output of the command. */
  text: string;
  exit: number;
  stream: 'stdout' | 'stderr' | 'none';
}

/** Splits a capture into its commands, with exit status and stream from the header. */
export function transcript(name: string): Step[] {
  const lines = CAPTURES[name].split('\n');
  const header = lines.filter((l) => l.startsWith('#')).join('\n');
  const steps: Step[] = [];
  for (const line of lines.slice(header.split('\n').length)) {
    const m = /^(\w+)\$ (.*)$/.exec(line);
    if (m) steps.push({ host: m[1], cmd: m[2], text: '', exit: 0, stream: 'none' });
    else if (steps.length) steps[steps.length - 1].text += line + '\n';
  }
  const last = steps[steps.length - 1];
  last.text = last.text.replace(/\n$/, '');
  const all = /# Exit (\d+), all (stdout|stderr)/.exec(header) ?? /# Exit (\d+) for every command/.exec(header);
  steps.forEach((s, i) => {
    const per = new RegExp(`\\[${i + 1}\\] exit (\\d+), (all stdout|all stderr|no output)`).exec(header);
    if (per) {
      s.exit = Number(per[1]);
      s.stream = per[2] === 'no output' ? 'none' : per[2] === 'all stdout' ? 'stdout' : 'stderr';
    } else if (all) {
      s.exit = Number(all[1]);
      s.stream = s.text ? ((all[2] as 'stdout' | 'stderr' | undefined) ?? 'stdout') : 'none';
    } else throw new Error(`${name}: no exit status for command ${i + 1}`);
  });
  return steps;
}

/** The captures' NICs are veth pairs; a VM's NIC prints without `@ifN` and `link-netns NS`. */
export function vm(text: string): string {
  return text
    .replace(/^(\S+)@if\d+ +/gm, (_, name: string) => `${name.padEnd(16)} `) // -br keeps its 16-column name field
    .replace(/@if\d+/g, '')
    .replace(/ link-netns \w+/g, '');
}

/**
 * The capture kernel's br0 took veth-web2's MAC after making its link-local address (and
 * solicited-node group) from its first random MAC; a simulated bridge keeps one MAC.
 */
export function br0LinkLocal(text: string): string {
  return text.replaceAll('fe80::2803:84ff:fec0:658b', 'fe80::6867:2cff:fe6d:b93e').replaceAll('33:33:ff:c0:65:8b', '33:33:ff:6d:b9:3e');
}

/** Runs a step and checks its stdout, stderr and status against the (transformed) capture. */
export function expectStep(run: ReturnType<typeof shell>, step: Step, fix: (s: string) => string = (s) => s): void {
  const actual = run(step.host, step.cmd);
  const text = fix(step.text);
  const expected = { out: step.stream === 'stdout' ? text : '', err: step.stream === 'stderr' ? text : '', exit: step.exit };
  expect({ cmd: `${step.host}$ ${step.cmd}`, ...actual }).toEqual({ cmd: `${step.host}$ ${step.cmd}`, ...expected });
}
