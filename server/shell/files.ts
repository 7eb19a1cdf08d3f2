// The per-host file tree seen by the shell. `host.files` maps absolute paths to file
// contents; a key ending in `/` marks an (empty) directory. Directories are also implied
// by the paths of the files under them, and the usual top-level ones always exist.
// /proc/sys/* is backed by `host.sysctl` (net.ipv4.ip_forward ↔ /proc/sys/net/ipv4/ip_forward),
// /dev/null reads empty and discards writes.
import type { Host } from '../sim/world/types.js';

export const ERRNO = {
  ENOENT: 'No such file or directory',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  EACCES: 'Permission denied',
  EINVAL: 'Invalid argument',
  EFBIG: 'File too large',
} as const;
export type Errno = keyof typeof ERRNO;

const BASE_DIRS = new Set([
  '/', '/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/opt', '/proc', '/proc/sys', '/root', '/run',
  '/sbin', '/srv', '/sys', '/tmp', '/usr', '/usr/bin', '/usr/lib', '/usr/local', '/usr/sbin', '/var',
  '/var/lib', '/var/log', '/var/tmp',
]);
const DEVICES = new Set(['/dev/null']);
const SYSCTL_ROOT = '/proc/sys/';
/** Largest file the shell lets a player grow (the world is kept in memory). */
export const MAX_FILE = 1 << 20;
const MIB = 1024 * 1024;

/** Makes `path` absolute against `cwd` and folds `.`, `..` and repeated slashes. */
export function resolvePath(cwd: string, path: string): string {
  const parts: string[] = [];
  for (const p of (path.startsWith('/') ? path : `${cwd}/${path}`).split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return '/' + parts.join('/');
}

const sysctlKey = (path: string) => path.slice(SYSCTL_ROOT.length).split('/').join('.');

export function fileKind(host: Host, path: string): 'file' | 'dir' | undefined {
  if (BASE_DIRS.has(path)) return 'dir';
  if (DEVICES.has(path) || Object.hasOwn(host.files, path)) return 'file';
  if (path.startsWith(SYSCTL_ROOT)) {
    const key = sysctlKey(path);
    if (Object.hasOwn(host.sysctl, key)) return 'file';
    if (Object.keys(host.sysctl).some((k) => k.startsWith(key + '.'))) return 'dir';
    return undefined;
  }
  const prefix = path + '/';
  if (Object.keys(host.files).some((k) => k.startsWith(prefix))) return 'dir';
  return undefined;
}

/** Why a missing `path` cannot be opened: a missing parent, or a file used as a directory. */
export function lookupError(host: Host, path: string): Errno {
  const parts = path.split('/').filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    const parent = '/' + parts.slice(0, i).join('/');
    const kind = fileKind(host, parent);
    if (kind === undefined) return 'ENOENT';
    if (kind === 'file') return 'ENOTDIR';
  }
  return 'ENOENT';
}

export type ReadResult = { ok: true; text: string } | { ok: false; errno: Errno };

/** Only root may look inside /root (mode 700). */
export const privateToRoot = (path: string, user: string) => user !== 'root' && (path === '/root' || path.startsWith('/root/'));

export function readFile(host: Host, path: string, user = 'root'): ReadResult {
  if (privateToRoot(path, user)) return { ok: false, errno: 'EACCES' };
  const kind = fileKind(host, path);
  if (kind === 'dir') return { ok: false, errno: 'EISDIR' };
  if (kind === undefined) return { ok: false, errno: lookupError(host, path) };
  if (DEVICES.has(path)) return { ok: true, text: '' };
  if (path.startsWith(SYSCTL_ROOT)) return { ok: true, text: host.sysctl[sysctlKey(path)] + '\n' };
  return { ok: true, text: host.files[path] };
}

/** Names directly inside directory `path` (not sorted). */
export function listDir(host: Host, path: string): string[] {
  const prefix = path === '/' ? '/' : path + '/';
  const names = new Set<string>();
  const add = (full: string) => {
    if (!full.startsWith(prefix) || full === prefix) return;
    const name = full.slice(prefix.length).split('/')[0];
    if (name) names.add(name);
  };
  for (const d of BASE_DIRS) add(d);
  for (const d of DEVICES) add(d);
  for (const k of Object.keys(host.files)) add(k);
  if (path === '/proc' || path.startsWith(SYSCTL_ROOT) || path === '/proc/sys') {
    for (const k of Object.keys(host.sysctl)) add(SYSCTL_ROOT + k.split('.').join('/'));
  }
  return [...names];
}

/** Where `user` may create or change files (root: anywhere). */
function writable(user: string, path: string): boolean {
  if (user === 'root') return true;
  const home = `/home/${user}/`;
  return path.startsWith('/tmp/') || path.startsWith(home);
}

/**
 * Checks that `path` can be opened for writing by `user`, without changing anything.
 * Returns the errno bash would report for the redirection, or undefined when it can.
 */
export function checkWritable(host: Host, path: string, user: string): Errno | undefined {
  const kind = fileKind(host, path);
  if (kind === 'dir') return 'EISDIR';
  if (DEVICES.has(path)) return undefined;
  if (path.startsWith('/proc/')) {
    if (kind === undefined || !path.startsWith(SYSCTL_ROOT)) return lookupError(host, path);
    return user === 'root' ? undefined : 'EACCES';
  }
  if (kind === undefined) {
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    const parentKind = fileKind(host, parent);
    if (parentKind === undefined) return lookupError(host, path);
    if (parentKind === 'file') return 'ENOTDIR';
  }
  return writable(user, path) ? undefined : 'EACCES';
}

/** What writing `text` to an openable `path` would fail with, without writing it. */
export function checkWrite(host: Host, path: string, text: string, append: boolean): Errno | undefined {
  if (DEVICES.has(path)) return undefined;
  if (path.startsWith(SYSCTL_ROOT)) {
    const numeric = /^-?\d+$/;
    if (text === '') return undefined;
    return numeric.test(host.sysctl[sysctlKey(path)]) && !numeric.test(text.trim()) ? 'EINVAL' : undefined;
  }
  const size = (append ? (host.files[path]?.length ?? 0) : 0) + text.length;
  return size > MAX_FILE ? 'EFBIG' : undefined;
}

/**
 * Gives a large file's space back to the disk beyond its first `keepBytes`, as truncating
 * or removing it does. Large files (a runaway log) have their size in MiB in
 * host.disk.files, their content not modelled; other files take no modelled space.
 */
export function releaseSpace(host: Host, path: string, keepBytes: number): void {
  const big = host.disk.files?.[path];
  if (big === undefined) return;
  const keep = Math.min(big, keepBytes / MIB);
  host.disk.usedMb = Math.max(0, host.disk.usedMb - (big - keep));
  if (keep > 0) host.disk.files![path] = keep;
  else delete host.disk.files![path];
}

/**
 * Writes a file already checked with checkWritable. For /proc/sys the value must suit the
 * current one (a number for a numeric setting), else EINVAL and nothing changes; a file
 * is cut at MAX_FILE (EFBIG). Writing without append truncates first (O_TRUNC), which
 * frees the space the old content took.
 */
export function writeFile(host: Host, path: string, text: string, append: boolean): Errno | undefined {
  if (DEVICES.has(path)) return undefined;
  const errno = checkWrite(host, path, text, append);
  if (path.startsWith(SYSCTL_ROOT)) {
    if (errno === undefined && text !== '') host.sysctl[sysctlKey(path)] = text.trim();
    return errno;
  }
  if (!append) releaseSpace(host, path, 0);
  const next = append && Object.hasOwn(host.files, path) ? host.files[path] + text : text;
  host.files[path] = next.slice(0, MAX_FILE);
  return errno;
}
