// sysctl (procps-ng 4.0.2, Debian 12) over `host.sysctl`, the keys the simulation knows:
// read `key`, write `key=value` (with or without -w), -a/-r listings, -n/-N/-q/-e/-b, -p FILE.
import { ERRNO, readFile, resolvePath } from '../files.js';
import { isRoot } from '../privileges.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { shortHas } from './reads.js';

const USAGE = `
Usage:
 sysctl [options] [variable[=value] ...]

Options:
  -a, --all            display all variables
  -A                   alias of -a
  -X                   alias of -a
      --deprecated     include deprecated parameters to listing
      --dry-run        Print the key and values but do not write
  -b, --binary         print value without new line
  -e, --ignore         ignore unknown variables errors
  -N, --names          print variable names without values
  -n, --values         print only values of the given variable(s)
  -p, --load[=<file>]  read values from file
  -f                   alias of -p
      --system         read values from all system directories
  -r, --pattern <expression>
                       select setting that match expression
  -q, --quiet          do not echo variable set
  -w, --write          enable writing a value to variable
  -o                   does nothing
  -x                   does nothing
  -d                   alias of -h

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see sysctl(8).
`;

const LONG: Record<string, string> = {
  all: 'a', binary: 'b', ignore: 'e', names: 'N', values: 'n', load: 'p', pattern: 'r', quiet: 'q', write: 'w', help: 'h', version: 'V',
  'dry-run': 'dry-run', deprecated: 'deprecated', system: 'system',
};

interface Flags {
  names: boolean;
  values: boolean;
  quiet: boolean;
  ignore: boolean;
  binary: boolean;
  dryRun: boolean;
}

/** `net/ipv4/ip_forward` and `net.ipv4.ip_forward` both name the key net.ipv4.ip_forward. */
const normKey = (k: string) => k.replace(/\//g, '.');

/** Why /proc/sys/<key> cannot be opened, as stat(2) would say. */
function statError(keys: Record<string, string>, key: string): string | undefined {
  if (Object.hasOwn(keys, key)) return undefined;
  const parts = key.split('.');
  for (let i = 1; i < parts.length; i++) if (Object.hasOwn(keys, parts.slice(0, i).join('.'))) return 'Not a directory';
  return 'No such file or directory';
}

const isDir = (keys: Record<string, string>, key: string) => Object.keys(keys).some((k) => k.startsWith(key + '.'));

function show(ctx: CommandContext, key: string, value: string, f: Flags): void {
  if (f.binary) ctx.out(value);
  else if (f.names) ctx.out(`${key}\n`);
  else if (f.values) ctx.out(`${value}\n`);
  else ctx.out(`${key} = ${value}\n`);
}

function readKey(ctx: CommandContext, arg: string, f: Flags): number {
  const keys = ctx.host.sysctl;
  const key = normKey(arg);
  if (isDir(keys, key)) {
    for (const k of Object.keys(keys).filter((k) => k.startsWith(key + '.')).sort()) show(ctx, k, keys[k], f);
    return 0;
  }
  const err = statError(keys, key);
  if (err) {
    if (f.ignore) return 0;
    ctx.err(`sysctl: cannot stat /proc/sys/${key.replace(/\./g, '/')}: ${err}\n`);
    return 1;
  }
  show(ctx, key, keys[key], f);
  return 0;
}

function writeKey(ctx: CommandContext, arg: string, f: Flags): number {
  const keys = ctx.host.sysctl;
  const eq = arg.indexOf('=');
  const key = normKey(arg.slice(0, eq)).trim();
  const value = arg.slice(eq + 1).trim();
  if (!key) {
    ctx.err('sysctl: Path is not under /proc/sys/: /proc/sys/\n');
    return 1;
  }
  if (isDir(keys, key)) {
    ctx.err(`sysctl: setting key "${key}": Invalid argument\n`);
    return 0;
  }
  const err = statError(keys, key);
  if (err) {
    if (f.ignore) return 0;
    ctx.err(`sysctl: cannot stat /proc/sys/${key.replace(/\./g, '/')}: ${err}\n`);
    return 1;
  }
  if (!isRoot(ctx)) {
    ctx.err(`sysctl: permission denied on key "${key}"\n`);
    return 1;
  }
  const numeric = /^-?\d+$/;
  if (value === '' || (numeric.test(keys[key]) && !numeric.test(value))) {
    ctx.err(`sysctl: setting key "${key}": Invalid argument\n`);
    return 1;
  }
  if (!f.dryRun) keys[key] = value;
  if (!f.quiet) show(ctx, key, value, f);
  return 0;
}

/** sysctl -p: `key = value` lines; `#` and `;` start comments. */
function load(ctx: CommandContext, file: string | undefined, f: Flags): number {
  const path = resolvePath(ctx.session.cwd, file ?? '/etc/sysctl.conf');
  const r = readFile(ctx.host, path);
  if (!r.ok) {
    if (file === undefined && r.errno === 'ENOENT') return 0;
    ctx.err(`sysctl: cannot open "${file ?? '/etc/sysctl.conf'}": ${ERRNO[r.errno]}\n`);
    return 1;
  }
  let rc = 0;
  for (const raw of r.text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    if (!line.includes('=')) continue;
    rc = writeKey(ctx, line.replace(/\s*=\s*/, '='), f) || rc;
  }
  return rc;
}

function sysctl(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  const flags: Flags = { names: false, values: false, quiet: false, ignore: false, binary: false, dryRun: false };
  let all = false;
  let write = false;
  let loadFile: string | null = null;
  let pattern: RegExp | undefined;
  const operands: string[] = [];
  const badOption = (msg: string) => {
    ctx.err(`sysctl: ${msg}\n`);
    ctx.out(USAGE);
    return 0;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    let letters: string[];
    let attached: string | undefined;
    if (a.startsWith('--') && a.length > 2) {
      const [name, value] = a.slice(2).split(/=(.*)/s);
      const hits = Object.keys(LONG).filter((n) => n.startsWith(name));
      const key = LONG[name] ?? (hits.length === 1 ? LONG[hits[0]] : undefined);
      if (!key) return badOption(`unrecognized option '${a}'`);
      letters = [key];
      attached = value;
    } else if (a.startsWith('-') && a.length > 1) {
      letters = [...a.slice(1)];
    } else {
      operands.push(a);
      continue;
    }
    for (let j = 0; j < letters.length; j++) {
      const c = letters[j];
      switch (c) {
        case 'a': case 'A': case 'X': all = true; break;
        case 'b': flags.binary = true; break;
        case 'e': flags.ignore = true; break;
        case 'N': flags.names = true; break;
        case 'n': flags.values = true; break;
        case 'q': flags.quiet = true; break;
        case 'w': write = true; break;
        case 'o': case 'x': case 'deprecated': case 'system': break;
        case 'dry-run': flags.dryRun = true; break;
        case 'p': case 'f': {
          const rest = letters.slice(j + 1).join('');
          loadFile = attached ?? (rest || (args[i + 1] !== undefined && !args[i + 1].startsWith('-') ? args[++i] : ''));
          j = letters.length;
          break;
        }
        case 'r': {
          const rest = letters.slice(j + 1).join('');
          const text = attached ?? (rest || args[++i]);
          if (text === undefined) return badOption(`option requires an argument -- 'r'`);
          try {
            pattern = new RegExp(text);
          } catch {
            ctx.err(`sysctl: unable to parse pattern: ${text}\n`);
            return 1;
          }
          j = letters.length;
          break;
        }
        case 'h': case 'd':
          ctx.out(USAGE);
          return 0;
        case 'V':
          ctx.out('sysctl from procps-ng 4.0.2\n');
          return 0;
        default:
          return badOption(`invalid option -- '${c}'`);
      }
    }
  }
  if (loadFile !== null) return load(ctx, loadFile || undefined, flags);
  if (all) {
    for (const k of Object.keys(ctx.host.sysctl).sort()) if (!pattern || pattern.test(k)) show(ctx, k, ctx.host.sysctl[k], flags);
    return 0;
  }
  if (!operands.length) {
    ctx.err(args.length ? "sysctl: no variables specified\nTry `sysctl --help' for more information.\n" : USAGE);
    return 1;
  }
  let rc = 0;
  for (const op of operands) {
    if (op.includes('=')) rc = writeKey(ctx, op, flags) || rc;
    else if (write) {
      ctx.err('sysctl: command line(0): invalid syntax, continuing...\n');
      rc = 1;
    } else rc = readKey(ctx, op, flags) || rc;
  }
  return rc;
}

export const sysctlCommands: Record<string, CommandSpec> = {
  sysctl: {
    // `sysctl KEY` and `-a` read; `-w`, `KEY=VALUE`, `-p` and `--system` write.
    reads: (argv) => !shortHas(argv, 'wp') && !argv.slice(1).some((a) => a.includes('=') || a === '--write' || a === '--load' || a === '--system'),
    run: sysctl, summary: 'read and write kernel parameters (net.ipv4.ip_forward, ...)' },
};
