// A measured figure and its target, as the benchmarks print them.
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** Passes when value <= target (value >= target with `atLeast`); none: printed for information. */
  target?: number;
  atLeast?: boolean;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
