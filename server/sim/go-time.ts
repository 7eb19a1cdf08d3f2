// Go's time.Parse for the layouts kubectl and crictl parse times with, and the errors it
// gives (`parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`);
// Time.Format with the same layout elements, for the times programs write in their logs.

/** An instant to the nanosecond: ms since 1970 and ns past it (0..999999). */
export interface NanoTime {
  ms: number;
  ns: number;
}

/** Go's time.RFC3339 layout: what kubectl's --since-time is parsed with. */
export const GO_RFC3339 = '2006-01-02T15:04:05Z07:00';

/** The time package's own quote() in its errors (not strconv.Quote): `"` and `\` escaped, control and non-ASCII bytes as `\xhh`. */
function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c >= 0x80) for (const b of new TextEncoder().encode(ch)) out += `\\x${b.toString(16).padStart(2, '0')}`;
    else out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
  }
  return `${out}"`;
}

type Std = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'frac' | 'tz';

/** The layout's chunks as Go's nextStdChunk finds them, for the elements these layouts use. */
function chunksOf(layout: string): { prefix: string; std?: Std; text: string }[] {
  const kinds: Record<string, Std> = { '2006': 'year', '01': 'month', '02': 'day', '15': 'hour', '04': 'minute', '05': 'second', 'Z07:00': 'tz' };
  const out: { prefix: string; std?: Std; text: string }[] = [];
  const re = /2006|01|02|15|04|05|Z07:00|[.,](?:0+|9+)(?!\d)/g;
  let last = 0;
  for (let m = re.exec(layout); m; m = re.exec(layout)) {
    out.push({ prefix: layout.slice(last, m.index), std: kinds[m[0]] ?? 'frac', text: m[0] });
    last = m.index + m[0].length;
  }
  if (last < layout.length) out.push({ prefix: layout.slice(last), text: '' });
  return out;
}

const isDigit = (s: string, i: number) => i < s.length && s[i] >= '0' && s[i] <= '9';

/** Go's getnum: one or two digits (exactly two when `fixed`). */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return fixed ? undefined : [Number(s[0]), s.slice(1)];
  return [Number(s.slice(0, 2)), s.slice(2)];
}

/** Go's parseNanoseconds: `.123` (at most 9 digits count) in ns. */
const nanos = (frac: string) => Number(frac.slice(1, 10).padEnd(9, '0'));

const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const daysIn = (month: number, year: number) => (month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);

/**
 * Go's time.Parse (or ParseInLocation UTC, when the layout has no zone) for the layouts kubectl
 * and crictl parse times with (elements 2006 01 02 15 04 05 .999999999 Z07:00), with its errors:
 * `parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`, `...: month out of range`.
 */
export function goParseTime(layout: string, value: string): { ok: true; time: NanoTime } | { ok: false; error: string } {
  const cannot = (valueElem: string, layoutElem: string) => ({ ok: false as const, error: `parsing time ${timeQuote(value)} as ${timeQuote(layout)}: cannot parse ${timeQuote(valueElem)} as ${timeQuote(layoutElem)}` });
  const message = (msg: string) => ({ ok: false as const, error: `parsing time ${timeQuote(value)}${msg}` });
  const chunks = chunksOf(layout);
  let v = value;
  let year = 0, month = 1, day = 1, hour = 0, min = 0, sec = 0, nsec = 0, offset = 0;
  for (let i = 0; i < chunks.length; i++) {
    const { prefix, std, text } = chunks[i];
    for (const ch of prefix) {
      if (v[0] !== ch) return cannot(v, prefix);
      v = v.slice(1);
    }
    if (!text) break;
    const hold = v;
    let range = '';
    let bad = false;
    const num = (fixed: boolean) => {
      const r = getnum(v, fixed);
      if (!r) {
        bad = true;
        return 0;
      }
      v = r[1];
      return r[0];
    };
    switch (std) {
      case 'year':
        if (v.length < 4 || !isDigit(v, 0) || !/^\d{4}$/.test(v.slice(0, 4))) bad = true;
        else [year, v] = [Number(v.slice(0, 4)), v.slice(4)];
        break;
      case 'month':
        month = num(true);
        if (!bad && (month <= 0 || month > 12)) range = 'month';
        break;
      case 'day':
        day = num(true);
        break;
      case 'hour':
        hour = num(false);
        if (!bad && hour >= 24) range = 'hour';
        break;
      case 'minute':
        min = num(true);
        if (!bad && min >= 60) range = 'minute';
        break;
      case 'second':
        sec = num(true);
        if (bad) break;
        if (sec >= 60) range = 'second';
        // A fraction the layout does not ask for is taken all the same.
        else if (v.length >= 2 && (v[0] === '.' || v[0] === ',') && isDigit(v, 1) && !chunks[i + 1]?.text.startsWith('.')) {
          const m = /^[.,]\d+/.exec(v)![0];
          nsec = nanos(m);
          v = v.slice(m.length);
        }
        break;
      case 'frac': {
        if (v.length < 2 || (v[0] !== '.' && v[0] !== ',') || !isDigit(v, 1)) break;
        const m = /^[.,]\d+/.exec(v)![0];
        nsec = nanos(m);
        v = v.slice(m.length);
        break;
      }
      case 'tz': {
        if (v[0] === 'Z') {
          v = v.slice(1);
          break;
        }
        if (v.length < 6 || v[3] !== ':') {
          bad = true;
          break;
        }
        const sign = v[0];
        const hh = getnum(v.slice(1, 3), true);
        const mm = hh && getnum(v.slice(4, 6), true);
        v = v.slice(6);
        const [hr, mi] = [hh?.[0] ?? 0, mm?.[0] ?? 0];
        if (hr > 24) range = 'time zone offset hour';
        if (mi > 60) range = 'time zone offset minute';
        offset = (sign === '-' ? -1 : 1) * (hr * 60 + mi) * 60_000;
        if (!mm || (sign !== '+' && sign !== '-')) bad = true;
        break;
      }
    }
    if (range) return message(`: ${range} out of range`);
    if (bad) return cannot(hold, text);
  }
  if (v.length) return message(`: extra text: ${timeQuote(v)}`);
  if (day < 1 || day > daysIn(month, year)) return message(': day out of range');
  // setUTCFullYear: Date.UTC would take years 0-99 as 1900-1999.
  const ms = new Date(0).setUTCFullYear(year, month - 1, day) + ((hour * 60 + min) * 60 + sec) * 1000 - offset + Math.floor(nsec / 1_000_000);
  return { ok: true, time: { ms, ns: nsec % 1_000_000 } };
}

const p2 = (n: number) => String(n).padStart(2, '0');

/**
 * Go's Time.Format in UTC (`2006/01/02 15:04:05` -> `2026/11/23 09:00:05`): `.000` keeps that many
 * fraction digits, `.999` drops trailing zeros (and the point when nothing is left).
 */
export function goFormatTime(layout: string, ms: number): string {
  const d = new Date(ms);
  const fields: Record<Exclude<Std, 'frac'>, string> = {
    year: String(d.getUTCFullYear()).padStart(4, '0'), month: p2(d.getUTCMonth() + 1), day: p2(d.getUTCDate()),
    hour: p2(d.getUTCHours()), minute: p2(d.getUTCMinutes()), second: p2(d.getUTCSeconds()), tz: 'Z',
  };
  let out = '';
  for (const { prefix, std, text } of chunksOf(layout)) {
    out += prefix;
    if (!std) continue;
    if (std !== 'frac') {
      out += fields[std];
      continue;
    }
    const digits = `${String(d.getUTCMilliseconds()).padStart(3, '0')}000000`.slice(0, text.length - 1);
    const kept = text[1] === '9' ? digits.replace(/0+$/, '') : digits;
    if (kept) out += text[0] + kept;
  }
  return out;
}
