// Go's time.Parse for the layouts kubectl and crictl use (the error texts were checked against
// kubectl v1.32: `kubectl logs x --since-time=VALUE`), and Time.Format with the same elements.
import { describe, expect, it } from 'vitest';
import { goFormatTime, goParseTime, GO_RFC3339 } from '../../server/sim/go-time.js';

const at = (iso: string) => Date.parse(iso);

describe('goParseTime', () => {
  it('reads RFC 3339 times with a fraction and an offset', () => {
    expect(goParseTime(GO_RFC3339, '2026-11-23T09:00:00Z')).toEqual({ ok: true, time: { ms: at('2026-11-23T09:00:00Z'), ns: 0 } });
    expect(goParseTime(GO_RFC3339, '2026-11-23T10:00:00.123456789+01:00')).toEqual({ ok: true, time: { ms: at('2026-11-23T09:00:00.123Z'), ns: 456_789 } });
    expect(goParseTime(GO_RFC3339, '2026-11-23T9:00:00,5Z')).toEqual({ ok: true, time: { ms: at('2026-11-23T09:00:00.500Z'), ns: 0 } });
    expect(goParseTime('2006-01-02', '2026-11-23')).toEqual({ ok: true, time: { ms: at('2026-11-23T00:00:00Z'), ns: 0 } });
    expect(goParseTime('2006-01-02T15:04:05.999999999', '2026-11-23T09:00:00.25')).toEqual({ ok: true, time: { ms: at('2026-11-23T09:00:00.250Z'), ns: 0 } });
  });

  it('fails with Go\'s messages', () => {
    const cases: [string, string][] = [
      ['abc', 'parsing time "abc" as "2006-01-02T15:04:05Z07:00": cannot parse "abc" as "2006"'],
      ['2026-11-23', 'parsing time "2026-11-23" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"'],
      ['2026-1-23T09:00:00Z', 'parsing time "2026-1-23T09:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse "1-23T09:00:00Z" as "01"'],
      ['2026-11-23T09:00:00z', 'parsing time "2026-11-23T09:00:00z" as "2006-01-02T15:04:05Z07:00": cannot parse "z" as "Z07:00"'],
      ['2026-11-23T09:00:00+a1:00', 'parsing time "2026-11-23T09:00:00+a1:00" as "2006-01-02T15:04:05Z07:00": cannot parse "+a1:00" as "Z07:00"'],
      ['2026-13-01T00:00:00Z', 'parsing time "2026-13-01T00:00:00Z": month out of range'],
      ['2026-11-23T24:00:00Z', 'parsing time "2026-11-23T24:00:00Z": hour out of range'],
      ['2026-11-23T09:00:00+25:00', 'parsing time "2026-11-23T09:00:00+25:00": time zone offset hour out of range'],
      ['2023-02-29T00:00:00Z', 'parsing time "2023-02-29T00:00:00Z": day out of range'],
      ['2026-11-23T09:00:00Zjunk', 'parsing time "2026-11-23T09:00:00Zjunk": extra text: "junk"'],
      ['é', 'parsing time "\\xc3\\xa9" as "2006-01-02T15:04:05Z07:00": cannot parse "\\xc3\\xa9" as "2006"'],
    ];
    for (const [value, error] of cases) expect([value, goParseTime(GO_RFC3339, value)]).toEqual([value, { ok: false, error }]);
  });
});

describe('goFormatTime', () => {
  it('writes the layout elements in UTC, fractions fixed (.000) or trimmed (.999)', () => {
    expect(goFormatTime('2006/01/02 15:04:05', at('2026-11-23T09:05:07.250Z'))).toBe('2026/11/23 09:05:07');
    expect(goFormatTime('2006-01-02T15:04:05.000Z07:00', at('2026-11-23T09:05:07.250Z'))).toBe('2026-11-23T09:05:07.250Z');
    expect(goFormatTime('2006-01-02T15:04:05.999999999Z07:00', at('2026-11-23T09:05:07.250Z'))).toBe('2026-11-23T09:05:07.25Z');
    expect(goFormatTime('15:04:05.999', at('2026-11-23T09:05:07Z'))).toBe('09:05:07');
    expect(goFormatTime('ts=2006-01-02T15:04:05.000000Z07:00', at('2026-11-23T09:05:07.004Z'))).toBe('ts=2026-11-23T09:05:07.004000Z');
  });
});
