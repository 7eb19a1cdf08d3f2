import { describe, expect, it } from 'vitest';
import { humanDuration } from '../../../server/sim/k8s/duration.js';
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
