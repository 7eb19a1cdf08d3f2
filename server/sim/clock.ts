// The simulated wall clock: `world.now` counts milliseconds from EPOCH_MS, the moment
// every world starts (2026-11-23 09:00:00 UTC). Pure formatters for the timestamps tools print.

export const EPOCH_MS = Date.UTC(2026, 10, 23, 9, 0, 0);

/** Wall-clock milliseconds since 1970 at simulated time `now`. */
export const wallMs = (now: number) => EPOCH_MS + now;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** formatRfc3339's last answer. */
const lastRfc3339: { ms: number | undefined; text: string } = { ms: undefined, text: '' };

/** `2026-11-23T09:00:00Z` (Go's time.RFC3339 in UTC, whole seconds). */
export function formatRfc3339(ms: number): string {
  // The same instant comes back many times in a row (every object a controller writes in a tick).
  if (Object.is(ms, lastRfc3339.ms)) return lastRfc3339.text;
  const d = new Date(ms);
  const text = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}Z`;
  lastRfc3339.ms = ms;
  lastRfc3339.text = text;
  return text;
}

/** `2026-11-23T09:00:00.123456Z` (metav1.MicroTime). */
export function formatRfc3339Micro(ms: number): string {
  const frac = String(Math.floor(((ms % 1000) + 1000) % 1000) * 1000).padStart(6, '0');
  return formatRfc3339(ms).replace('Z', `.${frac}Z`);
}

/** `Mon, 23 Nov 2026 09:00:00 +0000` (Go's time.RFC1123Z in UTC). */
export function formatRfc1123Z(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

/** Parses an RFC 3339 timestamp (`Z` or `±hh:mm` offset, optional fraction); undefined if malformed. */
const parsed = new Map<string, number | undefined>();

/** Memoised: the same timestamps (creation, transitions) are read again on every listing and tick. */
export function parseRfc3339(s: string): number | undefined {
  let v = parsed.get(s);
  if (v === undefined && !parsed.has(s)) {
    if (parsed.size >= 20_000) parsed.clear();
    parsed.set(s, (v = parseRfc3339Text(s)));
  }
  return v;
}

function parseRfc3339Text(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  let ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +sec) + (frac ? Math.floor(Number(frac) * 1000) : 0);
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  return ms;
}

/** `Nov 23 09:00:00`: syslog's and `journalctl`'s short timestamp (strftime `%b %d %H:%M:%S`, UTC). */
export function formatSyslogTime(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/** `Mon 2026-11-23 09:00:00 UTC`: systemd's timestamp style (`systemctl status`). */
export function formatSystemdTime(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC`;
}

/** `Mon Nov 23 09:00:00 2026` (strftime `%a %b %e %H:%M:%S %Y`, UTC): `watch`'s header; `withZone` adds `UTC` before the year as `date` prints it. */
export function formatCtime(ms: number, withZone = false): string {
  const d = new Date(ms);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${withZone ? 'UTC ' : ''}${d.getUTCFullYear()}`;
}

/** `2026-11-23T09:00:00.000000001Z`: Go's RFC3339NanoFixed (the kubelet's and crictl's log timestamps); `ns` is past `ms`. */
export function formatRfc3339Nano(ms: number, ns = 0): string {
  const sub = (((ms % 1000) + 1000) % 1000) * 1_000_000 + ns;
  return formatRfc3339(ms).replace('Z', `.${String(sub).padStart(9, '0')}Z`);
}
