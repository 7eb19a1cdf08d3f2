// Shared by the ping, traceroute, nc and ssh tests: the reference lab, a terminal per host
// that shows stdout and stderr merged in order, the capture transcripts with their
// per-command exit status and stderr lines, and masking of timing digits.
import { expect } from 'vitest';
import { commands } from '../../../server/shell/commands/index.js';
import { ncCommands } from '../../../server/shell/commands/nc.js';
import { pingCommands } from '../../../server/shell/commands/ping.js';
import { sshCommands } from '../../../server/shell/commands/ssh.js';
import { tracerouteCommands } from '../../../server/shell/commands/traceroute.js';
import { execLine, newSession } from '../../../server/shell/shell.js';
import type { Session } from '../../../server/shell/types.js';
import type { World } from '../../../server/sim/world/types.js';
import { NET_CAPTURES } from './net-captures.js';

export { lab } from './lab.js';

const registry = { ...commands, ...pingCommands, ...tracerouteCommands, ...ncCommands, ...sshCommands };

export interface Shown {
  /** What the terminal shows: stdout and stderr in order. */
  text: string;
  out: string;
  err: string;
  exit: number;
  elapsedMs: number;
  /** 1-based numbers of the lines that came (entirely) from stderr. */
  stderrLines: number[];
}

/** Runs lines on a world, one root session per host (or the given session). */
export function terminal(world: World) {
  const sessions = new Map<string, Session>();
  const session = (host: string) => {
    if (!sessions.has(host)) sessions.set(host, newSession(world, host));
    return sessions.get(host)!;
  };
  return (host: string | Session, line: string): Shown => {
    const r = execLine(world, typeof host === 'string' ? session(host) : host, line, registry);
    const text = r.chunks.map((c) => c.text).join('');
    const stderrLines: number[] = [];
    let lineNo = 1;
    let fromErr = true;
    for (const c of r.chunks) {
      for (const ch of c.text) {
        if (c.fd === 1) fromErr = false;
        if (ch === '\n') {
          if (fromErr) stderrLines.push(lineNo);
          lineNo++;
          fromErr = true;
        }
      }
    }
    const pick = (fd: 1 | 2) => r.chunks.filter((c) => c.fd === fd).map((c) => c.text).join('');
    return { text, out: pick(1), err: pick(2), exit: r.exit, elapsedMs: r.elapsedMs, stderrLines };
  };
}

export interface Step {
  host: string;
  cmd: string;
  text: string;
  exit: number;
  /** Lines of `text` that were stderr (1-based). */
  stderrLines: number[];
}

function lineRange(spec: string, count: number): number[] {
  if (spec === 'all stderr') return Array.from({ length: count }, (_, i) => i + 1);
  const m = /stderr lines (\d+)(?:-(\d+))?/.exec(spec);
  if (!m) return [];
  const [a, b] = [Number(m[1]), Number(m[2] ?? m[1])];
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

/** The commands of a capture with their output, exit status and stderr lines. */
export function transcript(name: string): Step[] {
  const lines = NET_CAPTURES[name].split('\n');
  const headerLines = lines.filter((l) => l.startsWith('#'));
  const header = headerLines.join('\n');
  const steps: Step[] = [];
  for (const line of lines.slice(headerLines.length)) {
    const m = /^(\w+)\$ (.*)$/.exec(line);
    if (m) steps.push({ host: m[1], cmd: m[2], text: '', exit: 0, stderrLines: [] });
    else if (steps.length) steps[steps.length - 1].text += line + '\n';
  }
  const last = steps[steps.length - 1];
  last.text = last.text.replace(/\n$/, '');
  const all = /# Exit (\d+), (all stdout|all stderr)/.exec(header);
  const per = new Map<number, [number, string]>();
  for (const part of /# Per command: (.*)/.exec(header)?.[1].split(';') ?? []) {
    const m = /\[(\d+)\] exit (\d+), (.*?)\.?$/.exec(part.trim());
    if (m) per.set(Number(m[1]), [Number(m[2]), m[3]]);
  }
  steps.forEach((s, i) => {
    const [exit, spec] = per.get(i + 1) ?? (all ? [Number(all[1]), all[2]] : [NaN, '']);
    if (Number.isNaN(exit)) throw new Error(`${name}: no exit status for command ${i + 1}`);
    s.exit = exit;
    s.stderrLines = lineRange(spec, s.text.split('\n').length - (s.text.endsWith('\n') ? 1 : 0));
  });
  return steps;
}

/** Timing digits cannot match a real run: round-trip times and `time Nms` totals. */
export function mask(text: string): string {
  return text
    .replace(/time=\d+(?:\.\d+)? ms/g, 'time=T ms')
    .replace(/rtt min\/avg\/max\/mdev = [\d./]+ ms/g, 'rtt min/avg/max/mdev = R ms')
    .replace(/, time \d+ms/g, ', time Nms')
    .replace(/ {2}\d+\.\d{3} ms/g, '  T ms');
}

/** Runs a step and compares what the terminal shows (timing masked), the status and stderr lines. */
export function expectStep(run: ReturnType<typeof terminal>, step: Step, expected = step.text): Shown {
  const shown = run(step.host, step.cmd);
  const label = `${step.host}$ ${step.cmd}`;
  expect({ cmd: label, text: mask(shown.text), exit: shown.exit }).toEqual({ cmd: label, text: mask(expected), exit: step.exit });
  expect({ cmd: label, stderrLines: shown.stderrLines }).toEqual({ cmd: label, stderrLines: step.stderrLines });
  return shown;
}

/** The `time Nms` of ping's statistics. */
export const pingTime = (text: string) => Number(/, time (\d+)ms/.exec(text)?.[1]);

/** min/avg/max/mdev in ms; checks they are ordered and plausible for this LAN. */
export function expectRtt(text: string): number[] {
  const m = /rtt min\/avg\/max\/mdev = (\d+\.\d{3})\/(\d+\.\d{3})\/(\d+\.\d{3})\/(\d+\.\d{3}) ms/.exec(text);
  expect(m, text).not.toBeNull();
  const [min, avg, max, mdev] = m!.slice(1).map(Number);
  expect(min).toBeGreaterThan(0);
  expect(min).toBeLessThanOrEqual(avg);
  expect(avg).toBeLessThanOrEqual(max);
  expect(max).toBeLessThan(0.5);
  expect(mdev).toBeLessThanOrEqual(max - min);
  return [min, avg, max, mdev];
}
