// Reads ../shared/reference/kubectl/*.txt transcripts: header comments, then `$ cmd`
// lines each followed by what the command printed (stdout and stderr merged).
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const REFERENCE_DIR = new URL('../../fixtures/reference/kubectl/', import.meta.url);

export interface Transcript {
  command: string;
  output: string;
}

export function transcripts(file: string): Transcript[] {
  const lines = readFileSync(new URL(file, REFERENCE_DIR), 'utf8').split('\n');
  const out: Transcript[] = [];
  for (const line of lines) {
    if (line.startsWith('$ ')) out.push({ command: line.slice(2), output: '' });
    else if (out.length) out[out.length - 1].output += line + '\n';
  }
  // The file's final newline is not a line of output.
  if (out.length) out[out.length - 1].output = out[out.length - 1].output.replace(/\n$/, '');
  return out;
}

export function referenceText(file: string): string {
  return readFileSync(new URL(file, REFERENCE_DIR), 'utf8');
}

/** The documents of a manifest file whose `Kind/name` is listed (namespaces always kept). */
export function selectManifests(text: string, keys: string[]): string {
  const wanted = new Set(keys);
  return parseAllDocuments(text)
    .filter((d) => {
      const o = d.toJS() as { kind?: string; metadata?: { name?: string }; involvedObject?: { name?: string } } | null;
      if (!o?.kind) return false;
      if (o.kind === 'Namespace' && !wanted.has(`Namespace/${o.metadata?.name}`) && o.metadata?.name === 'shop') return true;
      const name = o.kind === 'Event' ? `${o.involvedObject?.name}` : o.metadata?.name;
      return wanted.has(`${o.kind}/${name}`) || (o.kind === 'Event' && wanted.has('Event/*'));
    })
    .map((d) => String(d))
    .join('---\n');
}

/** A table with rows in API order compared with a transcript whose rows are in another order: header first, rows sorted. */
export function headerThenSortedRows(text: string): string[] {
  const lines = text.split('\n').filter((l) => l !== '');
  return [lines[0], ...lines.slice(1).sort()];
}
