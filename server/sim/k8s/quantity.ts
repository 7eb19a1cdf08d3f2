// resource.Quantity: parsing (`250m`, `128Mi`, `1.5Gi`, `2e3`), the canonical string the
// API server stores and kubectl prints (`0.5` -> `500m`, `1024Ki` -> `1Mi`), and sums.
// Values are exact BigInt counts of nano-units.

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Qty {
  nanos: bigint;
  format: QuantityFormat;
}

const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const DECIMAL_SUFFIX: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };

const pow10 = (e: number) => 10n ** BigInt(e);
const NANO = pow10(9);

/** Parses a quantity string; undefined if it is not one. */
export function parseQuantity(s: string): Qty | undefined {
  const m = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|[numkMGTPE])?$/.exec(s.trim());
  if (!m) return undefined;
  const [, sign, num, suffix = ''] = m;
  const [int, frac = ''] = num.split('.');
  const digits = BigInt((int || '0') + frac);
  let exp10 = -frac.length;
  let binary = 0;
  let format: QuantityFormat = 'DecimalSI';
  if (suffix in BINARY) {
    binary = BINARY[suffix];
    format = 'BinarySI';
  } else if (/^[eE]/.test(suffix) && suffix.length > 1) {
    exp10 += Number(suffix.slice(1));
    format = 'DecimalExponent';
  } else {
    exp10 += DECIMAL[suffix];
  }
  let scaled = digits * 1024n ** BigInt(binary);
  const e = exp10 + 9;
  if (e >= 0) scaled *= pow10(e);
  else {
    const div = pow10(-e);
    scaled = (scaled + div - 1n) / div; // sub-nano precision rounds up, like the API server
  }
  return { nanos: sign === '-' ? -scaled : scaled, format };
}

/** The canonical string form of a quantity (Quantity.String()). */
export function formatQuantity(q: Qty): string {
  const { nanos } = q;
  if (nanos === 0n) return '0';
  const neg = nanos < 0n;
  const abs = neg ? -nanos : nanos;
  const sign = neg ? '-' : '';
  if (q.format === 'BinarySI' && abs >= 1024n * NANO && abs % NANO === 0n) {
    let v = abs / NANO;
    let k = 0;
    while (k < 6 && v % 1024n === 0n) {
      v /= 1024n;
      k++;
    }
    return `${sign}${v}${BINARY_SUFFIX[k]}`;
  }
  let mant = abs;
  let exp = -9;
  while (mant % 10n === 0n) {
    mant /= 10n;
    exp++;
  }
  while (((exp % 3) + 3) % 3 !== 0) {
    mant *= 10n;
    exp--;
  }
  if (exp > 18) {
    mant *= pow10(exp - 18);
    exp = 18;
  }
  if (q.format === 'DecimalExponent') return `${sign}${mant}${exp === 0 ? '' : `e${exp}`}`;
  return `${sign}${mant}${DECIMAL_SUFFIX[exp]}`;
}

/** canonicalQuantity's answers (the same few quantities come back on every object). */
const canonicalForms = new Map<string, string>();

/** Canonicalises a quantity string as the API server does on write; unparseable input is kept. */
export function canonicalQuantity(s: string | number): string {
  const text = String(s);
  let out = canonicalForms.get(text);
  if (out === undefined) {
    const q = parseQuantity(text);
    out = q ? formatQuantity(q) : text;
    if (canonicalForms.size >= 10_000) canonicalForms.clear();
    canonicalForms.set(text, out);
  }
  return out;
}

export const ZERO: Qty = { nanos: 0n, format: 'DecimalSI' };

/** a + b, keeping a's format (a zero quantity takes b's), like Quantity.Add. */
export function addQuantity(a: Qty, b: Qty): Qty {
  return { nanos: a.nanos + b.nanos, format: a.nanos === 0n ? b.format : a.format };
}

export const milliValue = (q: Qty) => Number((q.nanos + 999_999n) / 1_000_000n);
export const value = (q: Qty) => Number((q.nanos + NANO - 1n) / NANO);

/** Parses, treating missing or malformed as zero. */
export const qty = (s: string | undefined) => (s === undefined ? ZERO : (parseQuantity(s) ?? ZERO));
