// Line numbers of YAML nodes, so every error names the line of what is wrong.
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';

export type Path = (string | number)[];

/** Line (1-based) of the deepest node of `path` that exists, else of the document's first node. */
export function lineAt(doc: Document, text: string, path: Path): number {
  let node: unknown = doc.contents;
  let last: Node | null = (doc.contents as Node | null) ?? null;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(key));
      if (!pair) break;
      last = (pair.key as Node) ?? last;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(key)];
      if (item === undefined) break;
      last = item as Node;
      node = item;
    } else break;
  }
  const offset = last?.range?.[0];
  return offset === undefined ? 1 : text.slice(0, offset).split('\n').length;
}

/** `hosts.web1.nics[0].ip` as a path. */
export function parseDottedPath(path: string): Path {
  return path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== '').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}

/** Whether `path` exists in the plain object `obj` (all of it). */
export function hasPath(obj: unknown, path: Path): boolean {
  let cur = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, key)) return false;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return true;
}
