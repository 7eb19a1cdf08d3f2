// Shell builtins and basic utilities: echo, cd, pwd, env, export, history, exit, help,
// cat, ls, sudo, id, whoami, hostname.
import { formatIp } from '../../sim/net/ip.js';
import { ERRNO, fileKind, listDir, lookupError, privateToRoot, resolvePath } from '../files.js';
import { getopt, tryHelp } from '../getopt.js';
import { formatNumber, formatString, parseFormat } from '../printf.js';
import { popLogin, pushLogin } from '../session.js';
import { registryOf, runNested } from '../shell.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { readOperand } from './input.js';

const TERM_WIDTH = 80;

/** A bash builtin's invalid-option report: two lines, exit 2. */
function builtinUsage(ctx: CommandContext, name: string, bad: string, usage: string): number {
  ctx.err(`bash: ${name}: ${bad}: invalid option\n${name}: usage: ${usage}\n`);
  return 2;
}

/** Splits leading `-xyz` flags of a bash builtin; returns the first bad flag, if any. */
function builtinFlags(args: string[], allowed: string): { flags: Set<string>; rest: string[]; bad?: string } {
  const flags = new Set<string>();
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    for (const c of a.slice(1)) {
      if (!allowed.includes(c)) return { flags, rest: [], bad: `-${c}` };
      flags.add(c);
    }
  }
  return { flags, rest: args.slice(i) };
}

// --- echo ----------------------------------------------------------------

const ECHO_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** Interprets `echo -e` escapes; `stop` is set when `\c` ends the output. */
function echoEscapes(s: string): { text: string; stop: boolean } {
  let text = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) {
      text += c;
      continue;
    }
    const n = s[i + 1];
    let m: RegExpExecArray | null;
    if (n in ECHO_ESCAPES) {
      text += ECHO_ESCAPES[n];
      i++;
    } else if (n === 'c') {
      return { text, stop: true };
    } else if ((m = /^0[0-7]{0,3}/.exec(s.slice(i + 1)))) {
      text += String.fromCharCode(parseInt(m[0], 8) & 0xff);
      i += m[0].length;
    } else if ((m = /^x([0-9a-fA-F]{1,2})/.exec(s.slice(i + 1)))) {
      text += String.fromCharCode(parseInt(m[1], 16));
      i += m[0].length;
    } else if ((m = /^(u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8})/.exec(s.slice(i + 1)))) {
      const cp = parseInt(m[1].slice(1), 16);
      text += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\\' + m[0];
      i += m[0].length;
    } else {
      text += c;
    }
  }
  return { text, stop: false };
}

function echo(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i]); i++) {
    for (const c of args[i].slice(1)) {
      if (c === 'n') newline = false;
      else escapes = c === 'e';
    }
  }
  let out = args.slice(i).join(' ');
  if (escapes) {
    const r = echoEscapes(out);
    out = r.text;
    if (r.stop) newline = false;
  }
  ctx.out(newline ? out + '\n' : out);
  return 0;
}

// --- printf ------------------------------------------------------------------

const PRINTF_USAGE = 'printf: usage: printf [-v var] format [arguments]\n';

/** Backslash escapes of a printf format (octal without a leading 0, unlike echo -e). */
function printfEscapes(s: string): string {
  return s.replace(/\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|u([0-9a-fA-F]{1,4})|([abefnrtv"'\\]))|\\/g, (m, oct, hex, uni, ch) => {
    if (oct) return String.fromCharCode(parseInt(oct, 8) & 0xff);
    if (hex) return String.fromCharCode(parseInt(hex, 16));
    if (uni) return String.fromCodePoint(parseInt(uni, 16));
    if (ch) return ch in ECHO_ESCAPES ? ECHO_ESCAPES[ch] : ch;
    return m;
  });
}

/** A printf numeric argument: decimal, 0x hex, 0 octal, or 'c for a character code. */
function printfNumber(arg: string, integer: boolean): number | undefined {
  const a = arg.trim();
  if (a === '') return 0;
  if (/^['"]/.test(a)) return a.codePointAt(1) ?? 0;
  const hex = /^([-+]?)0[xX]([0-9a-fA-F]+)$/.exec(a);
  if (hex) return (hex[1] === '-' ? -1 : 1) * parseInt(hex[2], 16);
  if (integer && /^[-+]?0[0-7]+$/.test(a)) return parseInt(a, 8);
  if (integer ? /^[-+]?\d+$/.test(a) : /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(a)) return Number(a);
  return undefined;
}

function printf(ctx: CommandContext): number {
  let args = ctx.argv.slice(1);
  let target: string | undefined;
  if (args[0] === '-v') {
    target = args[1];
    args = args.slice(2);
    if (target === undefined) {
      ctx.err(`bash: printf: -v: option requires an argument\n${PRINTF_USAGE}`);
      return 2;
    }
    if (!VALID_NAME.test(target)) {
      ctx.err(`bash: printf: \`${target}': not a valid identifier\n`);
      return 2;
    }
  } else if (args[0] === '--') args = args.slice(1);
  else if (args[0]?.startsWith('-') && args[0].length > 1) return builtinUsage(ctx, 'printf', args[0].slice(0, 2), 'printf [-v var] format [arguments]');
  if (args.length === 0) {
    ctx.err(PRINTF_USAGE);
    return 2;
  }
  const { pieces, bad } = parseFormat(args[0]);
  const values = args.slice(1);
  let out = '';
  let status = 0;
  let i = 0;
  const take = () => (i < values.length ? values[i++] : undefined);
  const finish = () => {
    if (target !== undefined) ctx.session.env[target] = out;
    else ctx.out(out);
  };
  do {
    for (const p of pieces) {
      if ('lit' in p) {
        out += printfEscapes(p.lit);
        continue;
      }
      const num = (a: string | undefined, integer: boolean) => {
        const n = printfNumber(a ?? '', integer);
        if (n !== undefined) return n;
        ctx.err(`bash: printf: ${a}: invalid number\n`);
        status = 1;
        return integer ? parseInt(a ?? '', 10) || 0 : parseFloat(a ?? '') || 0;
      };
      const width = p.spec.width === 'star' ? num(take(), true) : p.spec.width;
      const precision = p.spec.precision === 'star' ? num(take(), true) : p.spec.precision;
      const arg = take();
      const c = p.spec.conv;
      if (c === 's' || c === 'c') out += formatString(p.spec, arg ?? '', width, precision);
      else if (c === 'b') {
        const r = echoEscapes(arg ?? '');
        out += formatString({ ...p.spec, conv: 's' }, r.text, width, precision);
        if (r.stop) {
          finish();
          return status;
        }
      } else out += formatNumber(p.spec, num(arg, 'diouxX'.includes(c)), width, precision);
    }
  } while (bad === undefined && i < values.length && pieces.some((p) => 'spec' in p));
  finish();
  if (bad === undefined) return status;
  ctx.err(`bash: printf: \`${bad}': missing format character\n`);
  return 1;
}

// --- directories -----------------------------------------------------------

const homeOf = (ctx: CommandContext) => ctx.session.env.HOME;

const forbidden = (ctx: CommandContext, path: string) => privateToRoot(path, ctx.session.user);

function cd(ctx: CommandContext): number {
  const { rest, bad } = builtinFlags(ctx.argv.slice(1), 'LPe@');
  if (bad) return builtinUsage(ctx, 'cd', bad, 'cd [-L|[-P [-e]] [-@]] [dir]');
  if (rest.length > 1) {
    ctx.err('bash: cd: too many arguments\n');
    return 1;
  }
  let dir = rest[0];
  let print = false;
  if (dir === undefined) {
    dir = homeOf(ctx);
    if (dir === undefined) {
      ctx.err('bash: cd: HOME not set\n');
      return 1;
    }
  } else if (dir === '-') {
    dir = ctx.session.env.OLDPWD;
    if (dir === undefined) {
      ctx.err('bash: cd: OLDPWD not set\n');
      return 1;
    }
    print = true;
  }
  if (dir === '') return 0;
  const path = resolvePath(ctx.session.cwd, dir);
  const kind = fileKind(ctx.host, path);
  const why = kind === undefined ? ERRNO[lookupError(ctx.host, path)] : kind === 'file' ? ERRNO.ENOTDIR : forbidden(ctx, path) ? ERRNO.EACCES : '';
  if (why) {
    ctx.err(`bash: cd: ${dir}: ${why}\n`);
    return 1;
  }
  ctx.session.env.OLDPWD = ctx.session.cwd;
  ctx.session.env.PWD = path;
  ctx.session.cwd = path;
  if (print) ctx.out(path + '\n');
  return 0;
}

function pwd(ctx: CommandContext): number {
  const { bad } = builtinFlags(ctx.argv.slice(1), 'LP');
  if (bad) return builtinUsage(ctx, 'pwd', bad, 'pwd [-LP]');
  ctx.out(ctx.session.cwd + '\n');
  return 0;
}

// --- identity --------------------------------------------------------------

const uidOf = (user: string) => (user === 'root' ? 0 : 1000);

/** Users that exist on the simulated hosts: root and the logged-in players. */
const knownUser = (ctx: CommandContext, user: string) =>
  user === 'root' || user === ctx.session.user || ctx.session.stack.some((f) => f.user === user);

function whoami(ctx: CommandContext): number {
  const r = getopt('whoami', ctx.argv.slice(1), { short: '' });
  if (!r.ok) {
    ctx.err(r.error + tryHelp('whoami'));
    return 1;
  }
  if (r.operands.length > 0) {
    ctx.err(`whoami: extra operand ‘${r.operands[0]}’\n${tryHelp('whoami')}`);
    return 1;
  }
  ctx.out(ctx.session.user + '\n');
  return 0;
}

function id(ctx: CommandContext): number {
  const r = getopt('id', ctx.argv.slice(1), {
    short: 'ugGnrz',
    long: [
      { name: 'zero', key: 'z', arg: 'none' },
      { name: 'user', key: 'u', arg: 'none' },
      { name: 'group', key: 'g', arg: 'none' },
      { name: 'groups', key: 'G', arg: 'none' },
      { name: 'name', key: 'n', arg: 'none' },
      { name: 'real', key: 'r', arg: 'none' },
    ],
  });
  if (!r.ok) {
    ctx.err(r.error + tryHelp('id'));
    return 1;
  }
  if (r.operands.length > 1) {
    ctx.err(`id: extra operand ‘${r.operands[1]}’\n${tryHelp('id')}`);
    return 1;
  }
  const user = r.operands[0] ?? ctx.session.user;
  if (!knownUser(ctx, user)) {
    ctx.err(`id: ‘${user}’: no such user\n`);
    return 1;
  }
  const keys = new Set(r.opts.map((o) => o.key));
  const which = ['u', 'g', 'G'].filter((k) => keys.has(k));
  if (keys.has('z') && which.length === 0) {
    ctx.err('id: option --zero not permitted in default format\n');
    return 1;
  }
  if (which.length > 1) {
    ctx.err(`id: cannot print "only" of more than one choice\n`);
    return 1;
  }
  if (which.length === 0 && (keys.has('n') || keys.has('r'))) {
    ctx.err(`id: cannot print only names or real IDs in default format\n`);
    return 1;
  }
  const uid = uidOf(user);
  if (which.length === 1) {
    ctx.out((keys.has('n') ? user : String(uid)) + (keys.has('z') ? '\0' : '\n'));
    return 0;
  }
  ctx.out(`uid=${uid}(${user}) gid=${uid}(${user}) groups=${uid}(${user})\n`);
  return 0;
}

const HOSTNAME_USAGE = `Usage: hostname [-b] {hostname|-F file}         set host name (from file)
       hostname [-a|-A|-d|-f|-i|-I|-s|-y]       display formatted name
       hostname                                 display host name

       {yp,nis,}domainname {nisdomain|-F file}  set NIS domain name (from file)
       {yp,nis,}domainname                      display NIS domain name

       dnsdomainname                            display dns domain name

       hostname -V|--version|-h|--help          print info and exit

Program name:
       {yp,nis,}domainname=hostname -y
       dnsdomainname=hostname -d

Program options:
    -a, --alias            alias names
    -A, --all-fqdns        all long host names (FQDNs)
    -b, --boot             set default hostname if none available
    -d, --domain           DNS domain name
    -f, --fqdn, --long     long host name (FQDN)
    -F, --file             read host name or NIS domain name from given file
    -i, --ip-address       addresses for the host name
    -I, --all-ip-addresses all addresses for the host
    -s, --short            short host name
    -y, --yp, --nis        NIS/YP domain name

Description:
   This command can get or set the host name or the NIS domain name. You can
   also get the DNS domain or the FQDN (fully qualified domain name).
   Unless you are using bind or NIS for host lookups you can change the
   FQDN (Fully Qualified Domain Name) and the DNS domain name (which is
   part of the FQDN) in the /etc/hosts file.
`;

/** Addresses /etc/hosts gives for `name` (what `hostname -i` resolves). */
function hostsFileAddrs(ctx: CommandContext, name: string): string[] {
  const text = ctx.host.files['/etc/hosts'] ?? '';
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const [addr, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (addr && names.includes(name)) out.push(addr);
  }
  return out;
}

function hostname(ctx: CommandContext): number {
  const r = getopt('hostname', ctx.argv.slice(1), {
    short: 'aAbdfF:iIsyVh',
    long: [
      { name: 'short', key: 's', arg: 'none' },
      { name: 'fqdn', key: 'f', arg: 'none' },
      { name: 'long', key: 'f', arg: 'none' },
      { name: 'domain', key: 'd', arg: 'none' },
      { name: 'ip-address', key: 'i', arg: 'none' },
      { name: 'all-ip-addresses', key: 'I', arg: 'none' },
    ],
  });
  if (!r.ok) {
    ctx.err(r.error);
    ctx.out(HOSTNAME_USAGE);
    return 255;
  }
  const name = ctx.host.name;
  if (r.operands.length > 1) {
    ctx.err(HOSTNAME_USAGE);
    return 255;
  }
  if (r.operands.length === 1) {
    ctx.err(ctx.session.user === 'root'
      ? 'hostname: changing the host name is not supported in this simulation\n'
      : 'hostname: you must be root to change the host name\n');
    return 1;
  }
  const key = r.opts[r.opts.length - 1]?.key;
  if (key === 'I') {
    const addrs = ctx.host.ifaces
      .filter((i) => i.up && i.kind !== 'loopback')
      .flatMap((i) => i.addrs.map((a) => formatIp(a.ip) + ' '));
    ctx.out(addrs.join('') + '\n');
  } else if (key === 'i') {
    const addrs = hostsFileAddrs(ctx, name);
    if (addrs.length === 0) {
      ctx.err('hostname: Name or service not known\n');
      return 1;
    }
    ctx.out(addrs.join(' ') + ' \n');
  } else if (key === 'd') {
    ctx.out('\n');
  } else if (key === 's' || key === 'f' || key === undefined) {
    ctx.out((key === 's' ? name.split('.')[0] : name) + '\n');
  } else {
    ctx.err(`hostname: option -${key} is not supported in this simulation\n`);
    return 1;
  }
  return 0;
}

// --- environment -------------------------------------------------------------

const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function printEnv(ctx: CommandContext, env: Record<string, string>) {
  ctx.out(Object.entries({ ...env, _: '/usr/bin/env' }).map(([k, v]) => `${k}=${v}\n`).join(''));
}

function env(ctx: CommandContext): number {
  const r = getopt('env', ctx.argv.slice(1), {
    short: 'iu:',
    long: [
      { name: 'ignore-environment', key: 'i', arg: 'none' },
      { name: 'unset', key: 'u', arg: 'required' },
    ],
    stopAtOperand: true,
  });
  if (!r.ok) {
    ctx.err(r.error + tryHelp('env'));
    return 125;
  }
  const vars: Record<string, string> = r.opts.some((o) => o.key === 'i') ? {} : { ...ctx.session.env };
  for (const o of r.opts) if (o.key === 'u' && o.value !== undefined) delete vars[o.value];
  let i = 0;
  for (; i < r.operands.length && r.operands[i].includes('='); i++) {
    const a = r.operands[i];
    const eq = a.indexOf('=');
    if (eq === 0) {
      ctx.err(`env: cannot unset '${a}': ${ERRNO.EINVAL}\n`);
      return 125;
    }
    vars[a.slice(0, eq)] = a.slice(eq + 1);
  }
  const command = r.operands.slice(i);
  if (command.length === 0) {
    printEnv(ctx, vars);
    return 0;
  }
  if (SHELL_ONLY.has(command[0])) {
    ctx.err(`env: ‘${command[0]}’: ${ERRNO.ENOENT}\n`);
    return 127;
  }
  const saved = ctx.session.env;
  ctx.session.env = vars;
  let status: number | undefined;
  try {
    status = runNested(ctx, command);
  } finally {
    if (ctx.session.env === vars) ctx.session.env = saved;
  }
  if (status === undefined) {
    ctx.err(`env: ‘${command[0]}’: ${ERRNO.ENOENT}\n`);
    return 127;
  }
  return status;
}

/** `declare -x` quoting: backslash before `"`, `\`, `$` and backquote. */
const declareValue = (v: string) => `"${v.replace(/["\\$`]/g, '\\$&')}"`;

function exportCmd(ctx: CommandContext): number {
  const { flags, rest, bad } = builtinFlags(ctx.argv.slice(1), 'fnp');
  if (bad) return builtinUsage(ctx, 'export', bad, 'export [-fn] [name[=value] ...] or export -p');
  const env = ctx.session.env;
  if (rest.length === 0) {
    const names = Object.keys(env).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    ctx.out(names.map((n) => `declare -x ${n}=${declareValue(env[n])}\n`).join(''));
    return 0;
  }
  let status = 0;
  for (const arg of rest) {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    if (!VALID_NAME.test(name)) {
      ctx.err(`bash: export: \`${arg}': not a valid identifier\n`);
      status = 1;
      continue;
    }
    if (flags.has('n')) delete env[name];
    else if (eq >= 0) env[name] = arg.slice(eq + 1);
  }
  return status;
}

function unset(ctx: CommandContext): number {
  const { rest, bad } = builtinFlags(ctx.argv.slice(1), 'fvn');
  if (bad) return builtinUsage(ctx, 'unset', bad, 'unset [-f] [-v] [-n] [name ...]');
  for (const name of rest) delete ctx.session.env[name];
  return 0;
}

function history(ctx: CommandContext): number {
  const { flags, rest, bad } = builtinFlags(ctx.argv.slice(1), 'c');
  const usage = 'history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg [arg...]';
  if (bad) return builtinUsage(ctx, 'history', bad, usage);
  const lines = ctx.session.history;
  if (flags.has('c')) {
    lines.length = 0;
    return 0;
  }
  if (rest.length > 1) {
    ctx.err('bash: history: too many arguments\n');
    return 1;
  }
  let from = 0;
  if (rest.length === 1) {
    if (!/^\d+$/.test(rest[0])) {
      ctx.err(`bash: history: ${rest[0]}: numeric argument required\n`);
      return 1;
    }
    from = Math.max(0, lines.length - Number(rest[0]));
  }
  ctx.out(lines.slice(from).map((l, i) => `${String(from + i + 1).padStart(5)}  ${l}\n`).join(''));
  return 0;
}

// --- control -----------------------------------------------------------------

function exit(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  const name = ctx.argv[0];
  if (args.length > 1) {
    ctx.err(`bash: ${name}: too many arguments\n`);
    return 1;
  }
  let status = ctx.session.lastExit ?? 0;
  if (args.length === 1) {
    if (/^[+-]?\d+$/.test(args[0])) status = ((Number(args[0]) % 256) + 256) % 256;
    else {
      ctx.err(`bash: ${name}: ${args[0]}: numeric argument required\n`);
      status = 2;
    }
  }
  // The bottom shell is the player's own terminal in the room: leaving the room is the
  // client's business (it may watch for `exit`), so here the shell just stays open.
  const frame = popLogin(ctx.session);
  if (!frame) return 0;
  ctx.err('logout\n');
  if (frame.closeMessage) ctx.err(frame.closeMessage + '\n');
  return status;
}

function clear(ctx: CommandContext): number {
  ctx.out('\x1b[H\x1b[2J\x1b[3J');
  return 0;
}

function help(ctx: CommandContext): number {
  const all = registryOf(ctx) ?? {};
  const topics = ctx.argv.slice(1);
  const names = topics.length ? topics.filter((t) => Object.hasOwn(all, t)) : Object.keys(all).sort();
  if (names.length === 0) {
    const t = topics[topics.length - 1];
    ctx.err(`bash: help: no help topics match \`${t}'.  Try \`help help' or \`man -k ${t}' or \`info ${t}'.\n`);
    return 1;
  }
  const width = Math.max(...names.map((n) => n.length)) + 2;
  if (topics.length === 0) ctx.out('Commands you can run in this shell:\n');
  ctx.out(names.map((n) => `  ${n.padEnd(width)}${all[n].summary}\n`).join(''));
  return 0;
}

// --- files -------------------------------------------------------------------

const readError = (prog: string, name: string, errno: keyof typeof ERRNO) => `${prog}: ${name}: ${ERRNO[errno]}\n`;

/** Renders control characters the way `cat -v` does (^X, ^?). */
const showNonprinting = (s: string) =>
  s.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => (c === '\x7f' ? '^?' : '^' + String.fromCharCode(c.charCodeAt(0) + 64)));

function cat(ctx: CommandContext): number {
  const r = getopt('cat', ctx.argv.slice(1), {
    short: 'AbeEnstTuv',
    long: [
      { name: 'show-all', key: 'A', arg: 'none' },
      { name: 'number-nonblank', key: 'b', arg: 'none' },
      { name: 'show-ends', key: 'E', arg: 'none' },
      { name: 'number', key: 'n', arg: 'none' },
      { name: 'squeeze-blank', key: 's', arg: 'none' },
      { name: 'show-tabs', key: 'T', arg: 'none' },
      { name: 'show-nonprinting', key: 'v', arg: 'none' },
    ],
  });
  if (!r.ok) {
    ctx.err(r.error + tryHelp('cat'));
    return 1;
  }
  const o = new Set<string>();
  for (const { key } of r.opts) {
    const expand: Record<string, string> = { A: 'vET', e: 'vE', t: 'vT' };
    for (const k of expand[key] ?? key) o.add(k);
  }
  const plain = !['b', 'E', 'n', 's', 'T', 'v'].some((k) => o.has(k));
  let status = 0;
  let lineNo = 0;
  let lastBlank = false;
  for (const name of r.operands.length ? r.operands : ['-']) {
    const read = readOperand(ctx, name);
    if (!read.ok) {
      ctx.err(readError('cat', name, read.errno));
      status = 1;
      continue;
    }
    const text = read.text;
    if (plain) {
      ctx.out(text);
      continue;
    }
    const lines = text.split('\n');
    const endsWithNewline = lines[lines.length - 1] === '';
    if (endsWithNewline) lines.pop();
    let out = '';
    lines.forEach((line, i) => {
      const blank = line === '';
      if (o.has('s') && blank && lastBlank) return;
      lastBlank = blank;
      let l = line;
      if (o.has('v')) l = showNonprinting(l);
      if (o.has('T')) l = l.replace(/\t/g, '^I');
      const number = o.has('b') ? !blank : o.has('n');
      if (number) l = `${String(++lineNo).padStart(6)}\t${l}`;
      const last = i === lines.length - 1 && !endsWithNewline;
      out += l + (last ? '' : (o.has('E') ? '$' : '') + '\n');
    });
    ctx.out(out);
  }
  return status;
}

/** ls's quoting of a name in messages: always single quotes. */
const lsQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** GNU ls -C: the most columns that fit in `width`, filled top to bottom, tab-indented. */
function columns(names: string[], width: number): string {
  const n = names.length;
  if (n === 0) return '';
  // Mirrors ls.c's init_column_info/calculate_columns: every column starts 3 wide, and a
  // layout stays valid while its line is shorter than the width.
  const maxCols = Math.max(1, Math.min(Math.floor(width / 3), n));
  const layouts = Array.from({ length: maxCols }, (_, i) => ({ valid: true, lineLen: (i + 1) * 3, widths: new Array<number>(i + 1).fill(3) }));
  names.forEach((name, f) => {
    layouts.forEach((l, i) => {
      if (!l.valid) return;
      const idx = Math.floor(f / Math.ceil(n / (i + 1)));
      const real = name.length + (idx === i ? 0 : 2);
      if (l.widths[idx] < real) {
        l.lineLen += real - l.widths[idx];
        l.widths[idx] = real;
        l.valid = l.lineLen < width;
      }
    });
  });
  let cols = maxCols;
  while (cols > 1 && !layouts[cols - 1].valid) cols--;
  const { widths } = layouts[cols - 1];
  const rows = Math.ceil(n / cols);
  let out = '';
  for (let row = 0; row < rows; row++) {
    let pos = 0;
    for (let col = 0, i = row; ; col++) {
      out += names[i];
      const to = pos + widths[col];
      i += rows;
      if (i >= n) break;
      for (let from = pos + names[i - rows].length; from < to; ) {
        if (Math.floor(to / 8) > Math.floor((from + 1) / 8)) {
          out += '\t';
          from += 8 - (from % 8);
        } else {
          out += ' ';
          from++;
        }
      }
      pos = to;
    }
    out += '\n';
  }
  return out;
}

const byCodepoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function ls(ctx: CommandContext): number {
  const r = getopt('ls', ctx.argv.slice(1), {
    short: 'aAbcCdfFgGhiklLmnNopqQrRsStTuUvwxXZ1',
    long: [
      { name: 'all', key: 'a', arg: 'none' },
      { name: 'almost-all', key: 'A', arg: 'none' },
      { name: 'directory', key: 'd', arg: 'none' },
      { name: 'reverse', key: 'r', arg: 'none' },
    ],
  });
  if (!r.ok) {
    ctx.err(r.error + tryHelp('ls'));
    return 2;
  }
  const o = new Set(r.opts.map((x) => x.key));
  const unsupported = [...o].find((k) => !'aAdrC1'.includes(k));
  if (unsupported) {
    ctx.err(`ls: option -${unsupported} is not supported in this simulation (try ls, ls -a, ls -1)\n`);
    return 2;
  }
  const all = o.has('a');
  const almostAll = o.has('A');
  const order = (names: string[]) => {
    const sorted = [...names].sort(byCodepoint);
    return o.has('r') ? sorted.reverse() : sorted;
  };
  const inColumns = (o.has('C') || ctx.isatty) && !o.has('1');
  const render = (names: string[]) => (inColumns ? columns(names, TERM_WIDTH) : names.map((s) => s + '\n').join(''));
  let status = 0;
  const files: string[] = [];
  const dirs: { name: string; path: string }[] = [];
  const operands = r.operands.length ? r.operands : ['.'];
  for (const name of operands) {
    const path = resolvePath(ctx.session.cwd, name);
    const kind = fileKind(ctx.host, path);
    if (kind === undefined) {
      ctx.err(`ls: cannot access ${lsQuote(name)}: ${ERRNO[lookupError(ctx.host, path)]}\n`);
      status = 2;
    } else if (kind === 'file' || o.has('d')) files.push(name);
    else dirs.push({ name, path });
  }
  const parts: string[] = [];
  if (files.length) parts.push(render(order(files)));
  const sortedDirs = o.has('r') ? [...dirs].sort((a, b) => byCodepoint(b.name, a.name)) : [...dirs].sort((a, b) => byCodepoint(a.name, b.name));
  const headers = operands.length > 1;
  for (const d of sortedDirs) {
    if (forbidden(ctx, d.path)) {
      ctx.err(`ls: cannot open directory ${lsQuote(d.name)}: ${ERRNO.EACCES}\n`);
      status = 2;
      continue;
    }
    let names = listDir(ctx.host, d.path).filter((s) => all || almostAll || !s.startsWith('.'));
    if (all) names = ['.', '..', ...names];
    parts.push((headers ? `${d.name}:\n` : '') + render(order(names)));
  }
  ctx.out(parts.join('\n'));
  return status;
}

// --- sudo --------------------------------------------------------------------

const SUDO_USAGE = `usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user]
            [-u user] [command [arg ...]]
usage: sudo [-ABbEHkNnPS] [-C num] [-D directory]
            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]
            [-u user] [VAR=value] [-i | -s] [command [arg ...]]
usage: sudo -e [-ABkNnS] [-C num] [-D directory]
            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]
            [-u user] file ...
`;

/** Bash builtins with no program on disk: sudo and env cannot run them. */
const SHELL_ONLY = new Set(['cd', 'export', 'unset', 'history', 'exit', 'logout', 'help']);

function sudo(ctx: CommandContext): number {
  const r = getopt('sudo', ctx.argv.slice(1), {
    short: 'u:isEHnSk',
    long: [
      { name: 'user', key: 'u', arg: 'required' },
      { name: 'login', key: 'i', arg: 'none' },
      { name: 'shell', key: 's', arg: 'none' },
    ],
    stopAtOperand: true,
  });
  if (!r.ok) {
    ctx.err(r.error + SUDO_USAGE);
    return 1;
  }
  const user = r.opts.filter((x) => x.key === 'u').pop()?.value ?? 'root';
  if (!knownUser(ctx, user)) {
    ctx.err(`sudo: unknown user ${user}\nsudo: error initializing audit plugin sudoers_audit\n`);
    return 1;
  }
  const shell = r.opts.find((x) => x.key === 'i' || x.key === 's');
  if (r.operands.length === 0) {
    if (!shell) {
      ctx.err(SUDO_USAGE);
      return 1;
    }
    const cwd = ctx.session.cwd;
    pushLogin(ctx.world, ctx.session, ctx.session.host, user);
    if (shell.key === 's') ctx.session.cwd = cwd;
    return 0;
  }
  const [cmd] = r.operands;
  const status = SHELL_ONLY.has(cmd) ? undefined : runNested(ctx, r.operands, user);
  if (status === undefined) {
    ctx.err(`sudo: ${cmd}: command not found\n`);
    return 1;
  }
  return status;
}

export const builtinCommands: Record<string, CommandSpec> = {
  echo: { run: echo, summary: 'display a line of text' },
  printf: { run: printf, summary: 'format and print data' },
  cd: { run: cd, summary: 'change the working directory' },
  pwd: { run: pwd, summary: 'print the current working directory' },
  whoami: { run: whoami, summary: 'print the current user name' },
  id: { run: id, summary: 'print user and group ids' },
  hostname: { run: hostname, summary: 'show the host name (-I: its addresses)' },
  env: { run: env, summary: 'print the environment, or run a command in a modified one' },
  export: { run: exportCmd, summary: 'set environment variables' },
  unset: { run: unset, summary: 'remove environment variables' },
  true: { run: () => 0, summary: 'do nothing, successfully' },
  false: { run: () => 1, summary: 'do nothing, unsuccessfully' },
  history: { run: history, summary: 'show the command history' },
  clear: { run: clear, summary: 'clear the terminal screen' },
  cat: { run: cat, summary: 'print files' },
  ls: { run: ls, summary: 'list directory contents' },
  sudo: { run: sudo, summary: 'run a command as root (or another user)' },
  help: { run: help, summary: 'list the available commands' },
  exit: { run: exit, summary: 'leave the current shell (back from ssh)' },
  logout: { run: exit, summary: 'leave a login shell (back from ssh)' },
};
