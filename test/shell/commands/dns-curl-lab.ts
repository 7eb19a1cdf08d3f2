// Shared by the dig/nslookup/host/getent and curl tests: the capture transcripts with their
// per-command exit status and stderr lines, what cannot match a real run masked (query ids
// and times, dates), and the comparison of one step.
import { expect } from 'vitest';
import { DNS_CURL_CAPTURES } from './dns-curl-captures.js';
import { terminal, type Shown } from './net-lab.js';

export { lab, terminal } from './net-lab.js';

export interface Step {
  host: string;
  cmd: string;
  text: string;
  exit: number;
  /** Lines of `text` that were stderr (1-based). */
  stderrLines: number[];
}

function stderrRange(spec: string, count: number): number[] {
  if (spec.startsWith('all stderr')) return Array.from({ length: count }, (_, i) => i + 1);
  const m = /stderr lines ([\d,-]+)/.exec(spec);
  if (!m) return [];
  return m[1].split(',').flatMap((part) => {
    const [a, b] = part.split('-').map(Number);
    return Array.from({ length: (b ?? a) - a + 1 }, (_, i) => a + i);
  });
}

/** The commands of a capture with their output, exit status and stderr lines. */
export function transcript(name: string): Step[] {
  const lines = DNS_CURL_CAPTURES[name].split('\n');
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
  if (/NO newline after the last output line/.test(header)) last.text = last.text.replace(/\n$/, '');
  const all = /# Exit (\d+), ([^.\n]*)/.exec(header);
  const per = new Map<number, [number, string]>();
  for (const part of /# Per command: (.*)/.exec(header)?.[1].split(';') ?? []) {
    const m = /\[(\d+)\] exit (\d+), ([^;]*)/.exec(part.trim());
    if (m) per.set(Number(m[1]), [Number(m[2]), m[3]]);
  }
  steps.forEach((s, i) => {
    const [exit, spec] = per.get(i + 1) ?? (all ? [Number(all[1]), all[2]] : [NaN, '']);
    if (Number.isNaN(exit)) throw new Error(`${name}: no exit status for command ${i + 1}`);
    s.exit = exit;
    s.stderrLines = stderrRange(spec, s.text.split('\n').length - (s.text.endsWith('\n') ? 1 : 0));
  });
  return steps;
}

/** What differs between runs: dig's query id, time and date, HTTP dates; header lines' CR (the captures show LF). */
export function mask(text: string): string {
  return text
    .replace(/id: \d+/g, 'id: N')
    .replace(/;; Query time: \d+ msec/g, ';; Query time: N msec')
    .replace(/;; WHEN: .*/g, ';; WHEN: DATE')
    .replace(/(Date|Last-Modified)(\x1b\[0m)?: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT/g, '$1$2: DATE')
    .replace(/\r\n/g, '\n');
}

/** Runs a step and compares what the terminal shows (masked), the status and the stderr lines. */
export function expectStep(run: ReturnType<typeof terminal>, step: Step, expected = step.text): Shown {
  const shown = run(step.host, step.cmd);
  const label = `${step.host}$ ${step.cmd}`;
  expect({ cmd: label, text: mask(shown.text), exit: shown.exit }).toEqual({ cmd: label, text: mask(expected), exit: step.exit });
  expect({ cmd: label, stderrLines: shown.stderrLines }).toEqual({ cmd: label, stderrLines: step.stderrLines });
  return shown;
}
