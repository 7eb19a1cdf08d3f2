// Lines a Kubernetes component writes to its unit's journal, in klog's format:
// `E1123 09:00:00.123456    1234 file.go:123] "message" key="value"`.
import { wallMs } from '../../clock.js';
import type { Host, World } from '../../world/types.js';
import { runtimeOf } from '../runtime.js';

const MAX_LINES = 2000;
const p2 = (n: number) => String(n).padStart(2, '0');

/** Go's %q of a string (what klog prints for a structured value). */
export const q = (s: string) => JSON.stringify(s);

/** klog's line header, `E1123 09:00:00.123456    1234 file.go:123] `, at wall-clock microsecond `wallUs`. */
export function klogHeader(level: 'I' | 'W' | 'E', wallUs: number, pid: number, file: string): string {
  const d = new Date(Math.floor(wallUs / 1000));
  const us = String(((wallUs % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0');
  return `${level}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${us} ${String(pid).padStart(7)} ${file}] `;
}

export function klog(world: World, host: Host, unitName: string, level: 'I' | 'W' | 'E', file: string, text: string): void {
  const unit = host.units[unitName];
  if (!unit || unit.state !== 'active' || runtimeOf(world)?.quiet) return;
  const ms = wallMs(world.now);
  const head = klogHeader(level, ms * 1000 + 137, unit.mainPid, file);
  unit.journal.push({ at: world.now, ident: unit.listeners[0]?.process ?? unitName, pid: unit.mainPid, text: head + text });
  if (unit.journal.length > MAX_LINES) unit.journal.splice(0, unit.journal.length - MAX_LINES);
}
