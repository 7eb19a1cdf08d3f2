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
