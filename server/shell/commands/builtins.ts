// Shell builtins (cd, pwd, export, unset, env, history, exit/logout, help, clear, true,
// false) and sudo; the registry of this family also takes echo/printf, the identity
// commands and the file utilities from their modules.
import { ERRNO, fileKind, lookupError, privateToRoot, resolvePath } from '../files.js';
import { getopt, tryHelp } from '../getopt.js';
import { popLogin, pushLogin } from '../session.js';
import { registryOf, runNested } from '../shell.js';
import { hangUp } from '../jobs.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { VALID_NAME, builtinFlags, builtinUsage } from './builtin-args.js';
import { echo, printf } from './echo.js';
import { cat, ls, tee } from './fileutils.js';
import { hostname, id, knownUser, whoami } from './identity.js';
import { always, optionsOnly, shortHas } from './reads.js';

// --- directories -----------------------------------------------------------

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
    dir = ctx.session.env.HOME;
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
  const why = kind === undefined ? ERRNO[lookupError(ctx.host, path)] : kind === 'file' ? ERRNO.ENOTDIR : privateToRoot(path, ctx.session.user) ? ERRNO.EACCES : '';
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

// --- environment -------------------------------------------------------------

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
  const depth = ctx.session.stack.length;
  const frame = popLogin(ctx.session);
  if (!frame) return 0;
  hangUp(ctx.world, ctx.session, depth);
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
  echo: { run: echo, summary: 'display a line of text', reads: always },
  printf: { run: printf, summary: 'format and print data', reads: always },
  cd: { run: cd, summary: 'change the working directory', reads: always },
  pwd: { run: pwd, summary: 'print the current working directory', reads: always },
  whoami: { run: whoami, summary: 'print the current user name', reads: always },
  id: { run: id, summary: 'print user and group ids', reads: always },
  hostname: { run: hostname, summary: 'show the host name (-I: its addresses)', reads: (argv) => optionsOnly(argv) && !shortHas(argv, 'Fb') && !argv.some((a) => a.startsWith('--file') || a === '--boot') },
  env: { run: env, summary: 'print the environment, or run a command in a modified one' },
  export: { run: exportCmd, summary: 'set environment variables' },
  unset: { run: unset, summary: 'remove environment variables' },
  true: { run: () => 0, summary: 'do nothing, successfully', reads: always },
  false: { run: () => 1, summary: 'do nothing, unsuccessfully', reads: always },
  history: { run: history, summary: 'show the command history' },
  clear: { run: clear, summary: 'clear the terminal screen', reads: always },
  cat: { run: cat, summary: 'print files', reads: always },
  ls: { run: ls, summary: 'list directory contents', reads: always },
  tee: { run: tee, summary: 'copy standard input to files and standard output' },
  sudo: { run: sudo, summary: 'run a command as root (or another user)' },
  help: { run: help, summary: 'list the available commands', reads: always },
  exit: { run: exit, summary: 'leave the current shell (back from ssh)' },
  logout: { run: exit, summary: 'leave a login shell (back from ssh)' },
};
