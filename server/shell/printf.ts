// printf-style formatting shared by the `printf` builtin and awk's printf: conversion
// specs (%-08.3f, %*d, %s, %x, %e, %g, %c, %%), as C's printf renders them.

export interface Conversion {
  flags: string;
  /** undefined: none; 'star': taken from the next argument. */
  width?: number | 'star';
  precision?: number | 'star';
  conv: string;
}

export type Piece = { lit: string } | { spec: Conversion; text: string };

const CONVERSIONS = 'diouxXeEfFgGscb%';

/**
 * Splits a format into literal text and conversions. A bad conversion (`%z`, a `%5` at
 * the end) is returned as `bad`, the spec text up to and including the bad character.
 */
export function parseFormat(format: string): { pieces: Piece[]; bad?: string } {
  const pieces: Piece[] = [];
  let lit = '';
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') {
      lit += format[i];
      continue;
    }
    const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?(.?)/.exec(format.slice(i))!;
    const conv = m[4];
    if (!CONVERSIONS.includes(conv) || conv === '') {
      if (lit) pieces.push({ lit });
      return { pieces, bad: m[0] };
    }
    if (conv === '%') {
      lit += '%';
      i += m[0].length - 1;
      continue;
    }
    if (lit) pieces.push({ lit });
    lit = '';
    const num = (s: string | undefined) => (s === undefined ? undefined : s === '*' ? ('star' as const) : Number(s || '0'));
    pieces.push({ spec: { flags: m[1], width: num(m[2]), precision: num(m[3]), conv }, text: m[0] });
    i += m[0].length - 1;
  }
  if (lit) pieces.push({ lit });
  return { pieces };
}

function pad(s: string, flags: string, width: number | undefined, numeric: boolean): string {
  const w = width ?? 0;
  if (s.length >= w) return s;
  if (flags.includes('-')) return s.padEnd(w);
  if (numeric && flags.includes('0')) {
    const sign = /^[-+ ]/.test(s) ? s[0] : '';
    const prefix = /^[-+ ]?0[xX]/.test(s) ? s.slice(sign.length, sign.length + 2) : '';
    const body = s.slice(sign.length + prefix.length);
    return sign + prefix + body.padStart(w - sign.length - prefix.length, '0');
  }
  return s.padStart(w);
}

const expDigits = (s: string) => s.replace(/e([-+])(\d)$/, 'e$10$2');

/** %g with `precision` significant digits; `alt` (#) keeps trailing zeros. */
function formatG(n: number, precision: number, alt: boolean, upper: boolean): string {
  const p = precision === 0 ? 1 : precision;
  if (n === 0) return alt ? (0).toFixed(p - 1) : '0';
  const exp = Number(n.toExponential(p - 1).split('e')[1]);
  let s = exp < -4 || exp >= p ? expDigits(n.toExponential(p - 1)) : n.toFixed(Math.max(0, p - 1 - exp));
  if (!alt) s = s.replace(/\.?0+(e|$)/, '$1').replace(/\.(e|$)/, '$1');
  return upper ? s.toUpperCase() : s;
}

/** Formats a number for d/i/o/u/x/X/e/E/f/F/g/G. */
export function formatNumber(spec: Conversion, n: number, width?: number, precision?: number): string {
  const { flags, conv } = spec;
  const sign = (s: string, neg: boolean) => (neg ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s;
  if (!Number.isFinite(n)) {
    const s = Number.isNaN(n) ? 'nan' : 'inf';
    return pad(sign(/[A-Z]/.test(conv) ? s.toUpperCase() : s, n < 0), flags, width, false);
  }
  let body: string;
  if ('diouxX'.includes(conv)) {
    const t = Math.trunc(n);
    const abs = Math.abs(t);
    body = conv === 'o' ? abs.toString(8) : conv === 'x' ? abs.toString(16) : conv === 'X' ? abs.toString(16).toUpperCase() : String(abs);
    if (precision !== undefined) body = body.padStart(precision, '0');
    if (precision === 0 && t === 0) body = '';
    if (flags.includes('#') && t !== 0 && (conv === 'x' || conv === 'X')) body = (conv === 'x' ? '0x' : '0X') + body;
    if (flags.includes('#') && conv === 'o' && !body.startsWith('0')) body = '0' + body;
    const s = 'di'.includes(conv) ? sign(body, t < 0) : body;
    return pad(s, precision !== undefined ? flags.replace('0', '') : flags, width, true);
  }
  const p = precision ?? 6;
  const abs = Math.abs(n);
  if (conv === 'f' || conv === 'F') body = abs.toFixed(p);
  else if (conv === 'e' || conv === 'E') body = expDigits(abs.toExponential(p));
  else body = formatG(abs, p, flags.includes('#'), conv === 'G');
  if (conv === 'E') body = body.toUpperCase();
  return pad(sign(body, n < 0 || Object.is(n, -0)), flags, width, true);
}

/** Formats a string for %s (precision truncates) or %c (first character). */
export function formatString(spec: Conversion, s: string, width?: number, precision?: number): string {
  const text = spec.conv === 'c' ? [...s][0] ?? '' : precision !== undefined ? [...s].slice(0, precision).join('') : s;
  return pad(text, spec.flags, width, false);
}
