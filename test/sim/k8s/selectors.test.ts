import { describe, expect, it } from 'vitest';
import { formatLabels, formatLabelSelector, labelSelectorString, matchesRequirements, matchesSelector, parseFieldSelector, parseLabelSelector } from '../../../server/sim/k8s/selectors.js';

const labels = { app: 'web', tier: 'frontend', 'pod-template-hash': '7d4b9c8f6d' };
const sel = (text: string) => {
  const p = parseLabelSelector(text);
  if (!p.ok) throw new Error(p.error);
  return p.reqs;
};

describe('label selectors', () => {
  it.each([
    ['app=web', true], ['app==web', true], ['app!=web', false], ['app=api', false], ['app', true], ['!app', false], ['!missing', true],
    ['app in (api,web)', true], ['app notin (web)', false], ['app=web,tier=frontend', true], ['app=web,tier=db', false], ['', true],
    ['missing!=x', true],
  ])('%s matches: %s', (text, expected) => {
    expect(matchesRequirements(sel(text), labels)).toBe(expected);
  });

  it('rejects malformed selectors like the API server', () => {
    const bad = parseLabelSelector('app=we b');
    expect(bad.ok).toBe(false);
    expect(parseLabelSelector('a b').ok).toBe(false);
  });

  it('formats labels and LabelSelectors as printers do', () => {
    expect(formatLabels(labels)).toBe('app=web,pod-template-hash=7d4b9c8f6d,tier=frontend');
    expect(formatLabels({})).toBe('<none>');
    const s = { matchLabels: { tier: 'data', app: 'db' }, matchExpressions: [{ key: 'env', operator: 'In' as const, values: ['prod', 'dev'] }] };
    expect(labelSelectorString(s)).toBe('app=db,env in (dev,prod),tier=data');
    expect(formatLabelSelector({})).toBe('<none>');
    expect(matchesSelector(s, { app: 'db', tier: 'data', env: 'dev' })).toBe(true);
    expect(matchesSelector(s, { app: 'db', tier: 'data' })).toBe(false);
  });

  it('parses field selectors', () => {
    expect(parseFieldSelector('status.phase=Running,spec.nodeName!=node-1')).toEqual({
      ok: true,
      reqs: [{ field: 'status.phase', op: '=', value: 'Running' }, { field: 'spec.nodeName', op: '!=', value: 'node-1' }],
    });
    expect(parseFieldSelector('nonsense').ok).toBe(false);
  });
});
