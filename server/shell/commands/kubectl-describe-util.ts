// Building blocks of kubectl's describers (kubectl pkg/describe/describe.go): the
// indenting PrefixWriter over a tabwriter (minwidth 0, padding 2), multi-line labels,
// annotations, taints and tolerations, and the Events table.
import { formatRfc1123Z, parseRfc3339 } from '../../sim/clock.js';
import { ageOf } from '../../sim/k8s/duration.js';
import type { Event, Taint, Toleration } from '../../sim/k8s/types.js';
import { DESCRIBE_TABWRITER, TabWriter } from './kubectl-tabwriter.js';

const escapeTerminal = (s: string) => s.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');

export class PrefixWriter {
  private tw = new TabWriter(DESCRIBE_TABWRITER);
  private rawText = '';

  /** `raw`: tabs are written as they are, unaligned (how `rollout history --revision` prints a template). */
  constructor(private readonly raw = false) {}

  private put(text: string): void {
    if (this.raw) this.rawText += escapeTerminal(text);
    else this.tw.write(escapeTerminal(text));
  }

  /** Writes `text` indented by `level` steps of two spaces. */
  write(level: number, text: string): void {
    this.put('  '.repeat(level) + text);
  }

  writeLine(text: string): void {
    this.put(text + '\n');
  }

  /** Aligns what was written so far on its own (a new column block starts after). */
  flush(): void {
    if (!this.raw) this.tw.flush();
  }

  text(): string {
    return this.raw ? this.rawText : this.tw.flush();
  }
}

/** time.RFC1123Z of an RFC 3339 timestamp. */
export const rfc1123 = (ts: string | undefined | null) => (ts ? formatRfc1123Z(parseRfc3339(ts) ?? 0) : '');

export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined, initialIndent = '', innerIndent = '\t'): void {
  w.write(0, `${initialIndent}${title}:${innerIndent}`);
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return w.writeLine('<none>');
  keys.forEach((k, i) => {
    if (i !== 0) w.write(0, initialIndent + innerIndent);
    w.write(0, `${k}=${labels![k]}\n`);
  });
}

const MAX_ANNOTATION_LEN = 140;
const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined): void {
  w.write(0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {}).filter((k) => !SKIP_ANNOTATIONS.has(k)).sort();
  if (keys.length === 0) return w.writeLine('<none>');
  keys.forEach((k, i) => {
    if (i !== 0) w.write(0, '\t');
    const value = annotations![k].replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${k}:\n`);
      for (const s of value.split('\n')) w.write(0, `\t  ${s.length > MAX_ANNOTATION_LEN - 2 ? s.slice(0, MAX_ANNOTATION_LEN - 2) + '...' : s}\n`);
    } else w.write(0, `${k}: ${value}\n`);
  });
}

export function printTaintsMultiline(w: PrefixWriter, title: string, taints: Taint[] | undefined): void {
  w.write(0, `${title}:\t`);
  if (!taints?.length) return w.writeLine('<none>');
  const sorted = [...taints].sort((a, b) => {
    const ka = `${a.effect},${a.key}`;
    const kb = `${b.effect},${b.key}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(0, '\t');
    w.write(0, `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}\n`);
  });
}

export function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: Toleration[] | undefined, initialIndent = ''): void {
  w.write(0, `${initialIndent}${title}:\t`);
  if (!tolerations?.length) return w.writeLine('<none>');
  const sorted = [...tolerations].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(0, initialIndent + '\t');
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined) s += ` for ${t.tolerationSeconds}s`;
    w.write(0, s + '\n');
  });
}

const lastSeen = (e: Event) => (e.lastTimestamp ? (parseRfc3339(e.lastTimestamp) ?? 0) : 0);

/** DescribeEvents: `Events:  <none>` or the Type/Reason/Age/From/Message table, oldest first. */
export function describeEvents(w: PrefixWriter, events: Event[], now: number): void {
  if (events.length === 0) {
    w.write(0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  const sorted = [...events].sort((a, b) => lastSeen(a) - lastSeen(b));
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = e.eventTime ? ageOf(e.eventTime, now) : ageOf(e.firstTimestamp, now);
    const interval = (e.count ?? 0) > 1 ? `${ageOf(e.lastTimestamp, now)} (x${e.count} over ${first})` : first;
    const source = e.source?.component || e.reportingComponent || '';
    w.write(1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${(e.message ?? '').trim()}\n`);
  }
}
