// Loads a world file (YAML text) into a World. Errors name the line of the bad field.
import { parseDocument, isMap, isSeq, type Node } from 'yaml';
import { buildWorld, WorldSpecError } from './build.js';
import type { World } from './types.js';
import type { WorldSpec } from './spec.js';

export class WorldFileError extends Error {
  constructor(public file: string, public line: number | null, message: string) {
    super(`${file}${line ? `:${line}` : ''}: ${message}`);
  }
}

/** Line of the node at a dotted path like `hosts.web1.nics[0].ip`, or null. */
export function lineOf(doc: ReturnType<typeof parseDocument>, text: string, path: string): number | null {
  const keys = path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== '');
  let node: unknown = doc.contents;
  let last: Node | null = null;
  for (const key of keys) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as { value?: unknown })?.value ?? p.key) === key);
      if (!pair) break;
      last = (pair.key as Node) ?? last;
      node = pair.value;
    } else if (isSeq(node)) {
      node = node.items[Number(key)];
      if (node) last = node as Node;
    } else break;
  }
  const offset = last?.range?.[0];
  return offset === undefined ? null : text.slice(0, offset).split('\n').length;
}

export function parseWorldYaml(text: string, file = 'world.yaml'): { spec: WorldSpec; lineOf: (path: string) => number | null } {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new WorldFileError(file, e.linePos?.[0]?.line ?? null, e.message.split('\n')[0]);
  }
  const spec = doc.toJS() as WorldSpec;
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new WorldFileError(file, 1, 'a world file is a mapping with subnets and hosts');
  return { spec, lineOf: (path) => lineOf(doc, text, path) };
}

export function loadWorldYaml(text: string, seed: number, file = 'world.yaml'): World {
  const { spec, lineOf: at } = parseWorldYaml(text, file);
  try {
    return buildWorld(spec, seed);
  } catch (e) {
    if (e instanceof WorldSpecError) throw new WorldFileError(file, at(e.path), e.message);
    throw e;
  }
}
