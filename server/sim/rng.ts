// Seeded PRNG (mulberry32). The state is a plain number kept in the world so that a
// world stays a pure function of (scenario, seed, command log).

const step = (state: number) => (state + 0x6d2b79f5) >>> 0;

/** The value in [0,1) drawn at an (already advanced) state. */
function valueAt(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Advances `state` and returns [value in [0,1), next state]. */
export function nextRandom(state: number): [number, number] {
  const next = step(state);
  return [valueAt(next), next];
}

/** A stateful generator over a seed, for builders that need many draws. */
export class Rng {
  constructor(public state: number) {}
  next(): number {
    const [v, s] = nextRandom(this.state);
    this.state = s;
    return v;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

/** Draws from the world's PRNG state (nextRandom without the pair). */
export function worldRandom(world: { rng: number }): number {
  world.rng = step(world.rng);
  return valueAt(world.rng);
}
