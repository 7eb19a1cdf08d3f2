// Go's RFC3339NanoFixed, the kubelet's and crictl's log timestamp.
import { describe, expect, it } from 'vitest';
import { formatRfc3339Nano } from '../../server/sim/clock.js';

const at = (iso: string) => Date.parse(iso);

describe('formatRfc3339Nano', () => {
  it('prints nine fraction digits, ns past the ms', () => {
    expect(formatRfc3339Nano(at('2026-11-23T09:00:05Z'))).toBe('2026-11-23T09:00:05.000000000Z');
    expect(formatRfc3339Nano(at('2026-11-23T09:00:05.123Z'), 7)).toBe('2026-11-23T09:00:05.123000007Z');
    expect(formatRfc3339Nano(at('2026-11-23T06:59:59.999Z'), 999_999)).toBe('2026-11-23T06:59:59.999999999Z');
  });
});
