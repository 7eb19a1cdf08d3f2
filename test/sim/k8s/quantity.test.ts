import { describe, expect, it } from 'vitest';
import { addQuantity, canonicalQuantity, formatQuantity, milliValue, parseQuantity, qty, value } from '../../../server/sim/k8s/quantity.js';

describe('resource quantities', () => {
  it.each([
    ['250m', '250m'], ['0.5', '500m'], ['1.5', '1500m'], ['1000m', '1'], ['2000', '2k'], ['100', '100'], ['0', '0'],
    ['128Mi', '128Mi'], ['1024Ki', '1Mi'], ['0.5Gi', '512Mi'], ['1.5Gi', '1536Mi'], ['512', '512'], ['1025Ki', '1025Ki'],
    ['8139880Ki', '8139880Ki'], ['37399969321', '37399969321'], ['1e3', '1e3'], ['1.5e3', '1500'], ['2G', '2G'], ['1n', '1n'],
  ])('%s is stored as %s', (input, canonical) => {
    expect(canonicalQuantity(input)).toBe(canonical);
  });

  it('keeps text that is not a quantity', () => {
    expect(parseQuantity('lots')).toBeUndefined();
    expect(canonicalQuantity('lots')).toBe('lots');
  });

  it('adds in the first operand format and measures in milli-units and units', () => {
    expect(formatQuantity(addQuantity(qty('250m'), qty('250m')))).toBe('500m');
    expect(formatQuantity(addQuantity(qty('500m'), qty('500m')))).toBe('1');
    expect(formatQuantity(addQuantity(qty('128Mi'), qty('128Mi')))).toBe('256Mi');
    expect(formatQuantity(addQuantity(qty(undefined), qty('128Mi')))).toBe('128Mi');
    expect(milliValue(qty('2'))).toBe(2000);
    expect(value(qty('1Ki'))).toBe(1024);
    expect(value(qty('1m'))).toBe(1);
  });
});
