// Disk space (GNU coreutils 9.1, Debian 12): df, du, and the ways to free space — rm and
// truncate. The root filesystem's size and usage are host.disk; large files (a runaway
// log) are listed in host.disk.files with their size in MiB, their content not modelled.
import { ERRNO, fileKind, listDir, releaseSpace, resolvePath } from '../files.js';
import { getopt, tryHelp } from '../getopt.js';
import type { Host } from '../../sim/world/types.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { always } from './reads.js';

const KIB = 1024;
const MIB = 1024 * 1024;

/** human_readable() with -h: powers of 1024, rounded up, one decimal below 10. */
export function humanSize(bytes: number): string {
  if (bytes < KIB) return String(Math.ceil(bytes));
  const units = ['K', 'M', 'G', 'T', 'P'];
  let v = bytes / KIB;
  let u = 0;
  while (v >= KIB && u < units.length - 1) {
    v /= KIB;
    u++;
  }
  if (v < 10) {
    const d = Math.ceil(v * 10 - 1e-9) / 10;
    return d >= 10 ? `${Math.ceil(d)}${units[u]}` : `${d.toFixed(1)}${units[u]}`;
  }
  const n = Math.ceil(v - 1e-9);
  if (n >= KIB && u < units.length - 1) return `1.0${units[u + 1]}`;
  return `${n}${units[u]}`;
}

interface Fs {
  source: string;
  size: number;
  used: number;
  target: string;
}

/** The mounts of a Debian VM: the root disk, the EFI partition and the usual tmpfs. */
function mounts(host: Host, user: string): Fs[] {
  const mem = host.memoryMb * MIB;
  const disk = host.kind === 'vm' ? 'vda' : 'sda';
  const root = { source: `/dev/${disk}1`, size: host.disk.sizeMb * MIB, used: Math.min(host.disk.usedMb, host.disk.sizeMb) * MIB, target: '/' };
  const uid = user === 'root' ? 0 : 1000;
  return [
    { source: 'udev', size: Math.floor(mem / 2 / 4096) * 4096, used: 0, target: '/dev' },
    { source: 'tmpfs', size: Math.floor(mem / 10 / 4096) * 4096, used: 1148 * KIB, target: '/run' },
    root,
    { source: 'tmpfs', size: Math.floor(mem / 2 / 4096) * 4096, used: 0, target: '/dev/shm' },
    { source: 'tmpfs', size: 5 * MIB, used: 0, target: '/run/lock' },
    { source: `/dev/${disk}15`, size: 124 * MIB, used: 12 * MIB, target: '/boot/efi' },
    { source: 'tmpfs', size: Math.floor(mem / 10 / 4096) * 4096, used: 0, target: `/run/user/${uid}` },
  ];
}

/** The mount a path lives on: the longest matching mount point. */
function mountOf(fss: Fs[], path: string): Fs {
  return fss.filter((f) => f.target === '/' || path === f.target || path.startsWith(f.target + '/')).sort((a, b) => b.target.length - a.target.length)[0];
}

/** Columns as coreutils' print_table: minimum widths, one space between, the last one unpadded. */
function table(rows: string[][], minWidths: number[], left: boolean[]): string {
  const widths = minWidths.map((w, i) => Math.max(w, ...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : left[i] ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' ')).join('\n') + '\n';
}

function df(ctx: CommandContext): number {
  const r = getopt('df', ctx.argv.slice(1), { short: 'hk', long: [{ name: 'human-readable', key: 'h', arg: 'none' }] });
  if (!r.ok) {
    ctx.err(r.error + tryHelp('df'));
    return 1;
  }
  const human = r.opts.some((o) => o.key === 'h') && r.opts.filter((o) => o.key === 'h' || o.key === 'k').pop()?.key === 'h';
  const fss = mounts(ctx.host, ctx.session.user);
  let status = 0;
  let shown = fss;
  if (r.operands.length) {
    shown = [];
    for (const op of r.operands) {
      const path = resolvePath(ctx.session.cwd, op);
      if (!fileKind(ctx.host, path)) {
        ctx.err(`df: ${op}: ${ERRNO.ENOENT}\n`);
        status = 1;
        continue;
      }
      shown.push(mountOf(fss, path));
    }
    if (!shown.length) return status;
  }
  const size = (b: number) => (human ? humanSize(b) : String(Math.ceil(b / KIB)));
  const rows = [[
    'Filesystem', human ? 'Size' : '1K-blocks', 'Used', human ? 'Avail' : 'Available', 'Use%', 'Mounted on',
  ], ...shown.map((f) => {
    const avail = Math.max(0, f.size - f.used);
    const pct = f.used + avail === 0 ? '-' : `${Math.ceil((f.used * 100) / (f.used + avail))}%`;
    return [f.source, size(f.size), size(f.used), size(avail), pct, f.target];
  })];
  ctx.out(table(rows, [14, 5, 5, 5, 4, 0], [true, false, false, false, false, true]));
  return status;
}

/** Bytes a file takes on disk: its modelled size, else its content in 4 KiB blocks. */
function fileBytes(host: Host, path: string): number {
  const big = host.disk.files?.[path];
  if (big !== undefined) return big * MIB;
  const len = host.files[path]?.length ?? 0;
  return Math.ceil(len / 4096) * 4096;
}

/** Bytes under a directory (4 KiB per directory), and each subdirectory's total. */
function dirUsage(host: Host, path: string, depth: number, maxDepth: number, out: [number, string][]): number {
  let total = 4096;
  for (const name of listDir(host, path).sort()) {
    const child = path === '/' ? `/${name}` : `${path}/${name}`;
    if (child === '/proc' || child === '/sys' || child === '/dev') continue;
    const kind = fileKind(host, child);
    if (kind === 'dir') total += dirUsage(host, child, depth + 1, maxDepth, out);
    else total += fileBytes(host, child);
  }
  if (depth <= maxDepth) out.push([total, path]);
  return total;
}

function du(ctx: CommandContext): number {
  const r = getopt('du', ctx.argv.slice(1), {
    short: 'hsd:c',
    long: [{ name: 'human-readable', key: 'h', arg: 'none' }, { name: 'summarize', key: 's', arg: 'none' }, { name: 'max-depth', key: 'd', arg: 'required' }, { name: 'total', key: 'c', arg: 'none' }],
  });
  if (!r.ok) {
    ctx.err(r.error + tryHelp('du'));
    return 1;
  }
  const has = (k: string) => r.opts.some((o) => o.key === k);
  const depthOpt = r.opts.filter((o) => o.key === 'd').pop()?.value;
  if (depthOpt !== undefined && !/^\d+$/.test(depthOpt)) {
    ctx.err(`du: invalid maximum depth '${depthOpt}'\n${tryHelp('du')}`);
    return 1;
  }
  if (has('s') && depthOpt !== undefined && depthOpt !== '0') {
    ctx.err(`du: warning: summarizing conflicts with --max-depth=${depthOpt}\n${tryHelp('du')}`);
    return 1;
  }
  const maxDepth = has('s') ? 0 : depthOpt !== undefined ? Number(depthOpt) : Infinity;
  const fmt = (b: number) => (has('h') ? humanSize(b) : String(Math.ceil(b / KIB)));
  let status = 0;
  let grand = 0;
  for (const op of r.operands.length ? r.operands : ['.']) {
    const path = resolvePath(ctx.session.cwd, op);
    const kind = fileKind(ctx.host, path);
    if (!kind) {
      ctx.err(`du: cannot access '${op}': ${ERRNO.ENOENT}\n`);
      status = 1;
      continue;
    }
    const rows: [number, string][] = [];
    if (kind === 'file') rows.push([fileBytes(ctx.host, path), path]);
    else dirUsage(ctx.host, path, 0, maxDepth, rows);
    for (const [bytes, p] of rows) ctx.out(`${fmt(bytes)}\t${op === path ? p : op + p.slice(path.length)}\n`);
    grand += rows[rows.length - 1]?.[0] ?? 0;
  }
  if (has('c')) ctx.out(`${fmt(grand)}\ttotal\n`);
  return status;
}

const mayWrite = (user: string, path: string) => user === 'root' || path.startsWith('/tmp/') || path.startsWith(`/home/${user}/`);

function rm(ctx: CommandContext): number {
  const r = getopt('rm', ctx.argv.slice(1), {
    short: 'frRv',
    long: [{ name: 'force', key: 'f', arg: 'none' }, { name: 'recursive', key: 'r', arg: 'none' }, { name: 'verbose', key: 'v', arg: 'none' }],
  });
  if (!r.ok) {
    ctx.err(r.error + tryHelp('rm'));
    return 1;
  }
  const has = (k: string) => r.opts.some((o) => o.key === k);
  if (!r.operands.length) {
    if (has('f')) return 0;
    ctx.err(`rm: missing operand\n${tryHelp('rm')}`);
    return 1;
  }
  const host = ctx.host;
  let status = 0;
  for (const op of r.operands) {
    const path = resolvePath(ctx.session.cwd, op);
    const kind = fileKind(host, path);
    if (!kind) {
      if (!has('f')) {
        ctx.err(`rm: cannot remove '${op}': ${ERRNO.ENOENT}\n`);
        status = 1;
      }
      continue;
    }
    if (kind === 'dir' && !has('r') && !has('R')) {
      ctx.err(`rm: cannot remove '${op}': Is a directory\n`);
      status = 1;
      continue;
    }
    if (!mayWrite(ctx.session.user, path) || path === '/' || !Object.keys(host.files).some((k) => k === path || k.startsWith(path + '/'))) {
      ctx.err(path === '/' ? `rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n` : `rm: cannot remove '${op}': ${ERRNO.EACCES}\n`);
      status = 1;
      continue;
    }
    for (const k of Object.keys(host.files)) {
      if (k !== path && !k.startsWith(path + '/')) continue;
      releaseSpace(host, k, 0);
      delete host.files[k];
      if (has('v') && !k.endsWith('/')) ctx.out(`removed '${k === path ? op : op + k.slice(path.length)}'\n`);
    }
  }
  return status;
}

/** truncate's SIZE: a number with an optional K, M, G (powers of 1024) suffix. */
function parseSize(text: string): number | null {
  const m = /^(\d+)([KMG]?)(?:iB)?$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * ({ '': 1, K: KIB, M: MIB, G: KIB * MIB }[m[2]] ?? 1);
}

function truncate(ctx: CommandContext): number {
  const r = getopt('truncate', ctx.argv.slice(1), { short: 's:c', long: [{ name: 'size', key: 's', arg: 'required' }, { name: 'no-create', key: 'c', arg: 'none' }] });
  if (!r.ok) {
    ctx.err(r.error + tryHelp('truncate'));
    return 1;
  }
  const sizeText = r.opts.filter((o) => o.key === 's').pop()?.value;
  if (sizeText === undefined) {
    ctx.err(`truncate: you must specify either '--size' or '--reference'\n${tryHelp('truncate')}`);
    return 1;
  }
  const size = parseSize(sizeText);
  if (size === null) {
    ctx.err(`truncate: Invalid number: '${sizeText}'\n`);
    return 1;
  }
  if (!r.operands.length) {
    ctx.err(`truncate: missing file operand\n${tryHelp('truncate')}`);
    return 1;
  }
  const host = ctx.host;
  let status = 0;
  for (const op of r.operands) {
    const path = resolvePath(ctx.session.cwd, op);
    const kind = fileKind(host, path);
    if (kind === 'dir') {
      ctx.err(`truncate: cannot open '${op}' for writing: Is a directory\n`);
      status = 1;
      continue;
    }
    if (!mayWrite(ctx.session.user, path)) {
      ctx.err(`truncate: cannot open '${op}' for writing: ${ERRNO.EACCES}\n`);
      status = 1;
      continue;
    }
    if (!kind) {
      if (r.opts.some((o) => o.key === 'c')) continue;
      const parent = path.slice(0, path.lastIndexOf('/')) || '/';
      if (fileKind(host, parent) !== 'dir') {
        ctx.err(`truncate: cannot open '${op}' for writing: ${ERRNO.ENOENT}\n`);
        status = 1;
        continue;
      }
    }
    releaseSpace(host, path, size);
    host.files[path] = (host.files[path] ?? '').slice(0, size);
  }
  return status;
}

export const diskCommands: Record<string, CommandSpec> = {
  df: { reads: always, run: df, summary: 'report file system disk space usage' },
  du: { reads: always, run: du, summary: 'estimate file space usage' },
  rm: { run: rm, summary: 'remove files or directories' },
  truncate: { run: truncate, summary: 'shrink or extend the size of a file to the specified size' },
};
