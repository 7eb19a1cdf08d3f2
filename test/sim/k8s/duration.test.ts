import { describe, expect, it } from 'vitest';
import { humanDuration, parseGoDuration } from '../../../server/sim/k8s/duration.js';
import { referenceText } from '../../shell/commands/kubectl-reference.js';

describe('HumanDuration matches reference/kubectl/age-format.txt', () => {
  const rows = referenceText('age-format.txt')
    .split('\n')
    .filter((l) => /^\d+\s+\S+$/.test(l))
    .map((l) => l.split(/\s+/) as [string, string]);

  it('has the table', () => expect(rows.length).toBeGreaterThan(20));
  it.each(rows)('%s seconds -> %s', (secs, text) => {
    expect(humanDuration(Number(secs) * 1000)).toBe(text);
  });
  it('truncates sub-second parts and treats a clock a second behind as 0s', () => {
    expect(humanDuration(119_999)).toBe('119s');
    expect(humanDuration(-1000)).toBe('0s');
    expect(humanDuration(-2000)).toBe('<invalid>');
  });
});

// Go's time.ParseDuration, as kubectl's duration flags report it (checked with kubectl v1.32:
// `kubectl rollout status deploy/x --timeout=VALUE`).
describe('parseGoDuration', () => {
  it.each([
    ['0', 0], ['1h30m', 5_400_000], ['1.5s', 1500], ['.5s', 500], ['1.s', 1000], ['-1m', -60_000], ['+2m', 120_000],
    ['300ms', 300], ['2m3.5s', 123_500], ['1500us', 1.5], ['1µs', 0.001],
  ] as const)('%s is %d ms', (text, ms) => expect(parseGoDuration(text)).toEqual({ ok: true, ms }));

  it.each([
    ['abc', 'time: invalid duration "abc"'],
    ['', 'time: invalid duration ""'],
    ['-', 'time: invalid duration "-"'],
    ['.s', 'time: invalid duration ".s"'],
    ['5', 'time: missing unit in duration "5"'],
    ['1.5.s', 'time: missing unit in duration "1.5.s"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['1h-1m', 'time: unknown unit "h-" in duration "1h-1m"'],
  ])('%j fails: %s', (text, error) => expect(parseGoDuration(text)).toEqual({ ok: false, error }));
});
