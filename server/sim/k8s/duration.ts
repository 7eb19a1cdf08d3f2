// apimachinery's HumanDuration: the AGE / LAST SEEN / `(x ago)` strings of kubectl.
// Truncates, never rounds: <2m Ns, <10m MmSs, <3h Mm, <8h HhMm, <48h Hh, <8d DdHh, <2y Dd, <8y YyDd, else Yy.
import { parseRfc3339 } from '../clock.js';

export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(seconds / 3600);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${hours / 24}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    const y = Math.floor(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** Age of an RFC 3339 timestamp at wall-clock `nowMs`, or `<unknown>` when unset. */
export function ageOf(ts: string | undefined | null, nowMs: number): string {
  const t = ts ? parseRfc3339(ts) : undefined;
  return t === undefined ? '<unknown>' : humanDuration(nowMs - t);
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Go's time.ParseDuration (`1h30m`, `1.5s`, `-2m`, `0`) in ms, or its error text
 * (`time: invalid duration "x"`, `time: missing unit in duration "5"`, `time: unknown unit "d" in duration "1d"`).
 */
export function parseGoDuration(text: string): { ok: true; ms: number } | { ok: false; error: string } {
  const invalid = { ok: false as const, error: `time: invalid duration "${text}"` };
  let s = text;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    sign = s[0] === '-' ? -1 : 1;
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, ms: 0 };
  if (s === '') return invalid;
  let ms = 0;
  while (s !== '') {
    const number = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (!number[1] && !number[2]) return invalid;
    s = s.slice(number[0].length);
    const unit = /^[^.\d]*/.exec(s)![0];
    if (!unit) return { ok: false, error: `time: missing unit in duration "${text}"` };
    if (!(unit in UNIT_MS)) return { ok: false, error: `time: unknown unit "${unit}" in duration "${text}"` };
    s = s.slice(unit.length);
    ms += Number(`${number[1] || '0'}.${number[2] || '0'}`) * UNIT_MS[unit];
  }
  return { ok: true, ms: sign * ms };
}
