// Image references as containerd normalises them (`nginx` is docker.io/library/nginx:latest),
// the image catalogue (what a repository's tags contain and do), and the stable digests
// and ids an image gets from its reference.
import type { ImageBehaviour, ImageSpec } from '../world/spec.js';

export interface ImageRef {
  /** Registry host as written (`registry.corp.internal`, `docker.io`, `localhost:5000`). */
  registry: string;
  /** Path in the registry (`shop/api`, `library/nginx`). */
  path: string;
  tag: string;
  /** `registry/path` */
  repository: string;
  /** `registry/path:tag` */
  full: string;
}

/** References parsed (the same few images come back for every container; callers get a copy). */
const parsedRefs = new Map<string, ImageRef | undefined>();

/** containerd's normalisation of a reference; undefined when it is not a valid one. */
export function parseImageRef(image: string): ImageRef | undefined {
  if (!parsedRefs.has(image)) {
    if (parsedRefs.size >= 10_000) parsedRefs.clear();
    parsedRefs.set(image, normaliseRef(image));
  }
  const ref = parsedRefs.get(image);
  return ref && { ...ref };
}

function normaliseRef(image: string): ImageRef | undefined {
  if (!image || /\s/.test(image) || image !== image.trim()) return undefined;
  let rest = image;
  let tag = 'latest';
  const at = rest.indexOf('@');
  if (at >= 0) {
    tag = rest.slice(at + 1);
    rest = rest.slice(0, at);
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.slice(colon + 1);
      rest = rest.slice(0, colon);
    }
  }
  const parts = rest.split('/');
  let registry = 'docker.io';
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) registry = parts.shift()!;
  if (registry === 'docker.io' && parts.length === 1) parts.unshift('library');
  const path = parts.join('/');
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(path)) return undefined;
  if (!/^[\w][\w.-]{0,127}$/.test(tag) && !/^sha256:[0-9a-f]{64}$/.test(tag)) return undefined;
  const repository = `${registry}/${path}`;
  return { registry, path, tag, repository, full: `${repository}${tag.startsWith('sha256:') ? '@' : ':'}${tag}` };
}

/** The host containerd contacts for a registry (Docker Hub's API is registry-1.docker.io). */
export const registryEndpoint = (registry: string) => (registry === 'docker.io' ? 'registry-1.docker.io' : registry);

/** FNV-1a of a string, its start varied by a salt. */
function fnv(text: string, salt: number): number {
  let h = 0x811c9dc5 ^ salt;
  for (let c = 0; c < text.length; c++) h = Math.imul(h ^ text.charCodeAt(c), 0x01000193);
  return h >>> 0;
}

/** The salt of each group of 8 digits of hex64. */
const SALTS = Array.from({ length: 8 }, (_, i) => (i * 0x9e3779b1) | 0);

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A byte as 2 hex digits. */
export const byteHex = (x: number) => BYTE_HEX[x & 255];

/** A 32-bit number as 8 hex digits. */
const hex8 = (x: number) => BYTE_HEX[x >>> 24] + BYTE_HEX[(x >>> 16) & 255] + BYTE_HEX[(x >>> 8) & 255] + BYTE_HEX[x & 255];

/** The `i`-th group of 8 digits of hex64(text) as a number. */
export const hashWord = (text: string, i: number) => fnv(text, SALTS[i]);

/** 64 hex digits derived from `text` (a stand-in for a sha256 of the content). */
export function hex64(text: string): string {
  return hexPrefix(text, 64);
}

/** The first `n` (up to 64) digits of hex64(text), without working out the others: FNV-1a once per salt, 8 digits each. */
export function hexPrefix(text: string, n: number): string {
  let out = '';
  for (let i = 0; i * 8 < n; i++) out += hex8(hashWord(text, i));
  return out.length === n ? out : out.slice(0, n);
}

/** The catalogue entry of a repository, by its normalised name. */
export function catalogueEntry(images: Record<string, ImageSpec>, ref: ImageRef): ImageSpec | undefined {
  return images[ref.repository];
}

export function tagsOf(spec: ImageSpec): string[] {
  return Array.isArray(spec.tags) ? spec.tags.map(String) : Object.keys(spec.tags ?? {});
}

/** What a container of `ref` does: the repository's behaviour with its tag's overrides. */
export function behaviourOf(images: Record<string, ImageSpec>, ref: ImageRef): ImageBehaviour {
  const spec = catalogueEntry(images, ref);
  if (!spec) return {};
  const { tags, private: _p, preloaded: _l, ...base } = spec;
  const over = Array.isArray(tags) ? undefined : tags?.[ref.tag];
  return { ...base, ...(over ?? {}) };
}

/** Compressed size in bytes: the catalogue's, else a plausible one fixed by the reference. */
export function imageSize(images: Record<string, ImageSpec>, ref: ImageRef): number {
  return behaviourOf(images, ref).size ?? 20_000_000 + (fnv(ref.full, 7) % 60_000_000);
}

/** Normalises the catalogue's keys (`nginx` -> docker.io/library/nginx). */
export function normaliseCatalogue(images: Record<string, ImageSpec> | undefined): Record<string, ImageSpec> {
  const out: Record<string, ImageSpec> = {};
  for (const [name, spec] of Object.entries(images ?? {})) {
    const ref = parseImageRef(name);
    out[ref ? ref.repository : name] = spec;
  }
  return out;
}
