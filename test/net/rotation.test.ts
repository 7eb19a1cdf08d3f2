import { describe, expect, it } from 'vitest';
import { Rotation } from '../../server/net/rotation.js';

describe('Rotation', () => {
  for (const [items, shares] of [[200, 200], [1000, 200], [7, 200], [3, 1], [0, 20], [201, 20]]) {
    it(`hands out each of ${items} items exactly once in ${shares} calls, evenly`, () => {
      const list = Array.from({ length: items }, (_, i) => i);
      const r = new Rotation();
      for (let round = 0; round < 2; round++) {
        const seen: number[] = [];
        const sizes: number[] = [];
        for (let i = 0; i < shares; i++) {
          const got = r.next(list, shares);
          seen.push(...got);
          sizes.push(got.length);
        }
        expect(seen).toEqual(list);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    });
  }
});
