// Time on the simulated clock: `sleep` lets it pass, `watch` re-runs a command as it
// passes, `date` reads it. Everything that runs by itself (the cluster's controllers,
// back-offs, probes) moves on while the player waits, as it would at work.
import { formatCtime, formatRfc1123Z, wallMs } from '../../sim/clock.js';
import { tryHelp } from '../getopt.js';
import { quote } from 'shell-quote';
import { runNestedLine } from '../shell.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { q } from './input.js';
import { always, shortHas } from './reads.js';

const UNIT_MS: Record<string, number> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The longest one `sleep` or `watch` runs: the world's controllers catch up second by second. */
const MAX_MS = 3_600_000;

/**
 * Refreshes one `watch` draws at most. Every refresh runs its command in full, so this bounds
 * the work one line can cost the room (`watch -n 0.1` for five minutes); after the last one
 * the screen stays as it is until Ctrl-C, as a watch whose command hangs would.
 */
const MAX_REFRESHES = 300;

/** How long a command may run: `ms`, or until just past the Ctrl-C the player pressed. */
const budget = (ctx: CommandContext, ms: number) => Math.min(ms, MAX_MS, ctx.interruptAt === undefined ? Infinity : ctx.interruptAt + 1);

/** `1.5m` → 90000, `inf` → Infinity; undefined for anything GNU sleep rejects. */
function intervalMs(arg: string): number | undefined {
  const m = /^\+?([0-9]+\.?[0-9]*(?:e[+-]?[0-9]+)?|\.[0-9]+(?:e[+-]?[0-9]+)?|inf(?:inity)?)([smhd]?)$/i.exec(arg);
  if (!m) return undefined;
  const n = /^inf/i.test(m[1]) ? Infinity : Number(m[1]);
  return n * UNIT_MS[m[2]];
}

const badOption = (prog: string, a: string) =>
  `${prog}: ${a.startsWith('--') ? `unrecognized option '${a}'` : `invalid option -- '${a[1]}'`}\n${tryHelp(prog)}`;

const SLEEP_HELP = `Usage: sleep NUMBER[SUFFIX]...
  or:  sleep OPTION
Pause for NUMBER seconds, where NUMBER is an integer or floating-point.
SUFFIX may be 's','m','h', or 'd', for seconds, minutes, hours, days.
With multiple arguments, pause for the sum of their values.

      --help        display this help and exit
      --version     output version information and exit
`;

function sleep(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  if (args[0] === '--help') {
    ctx.out(SLEEP_HELP);
    return 0;
  }
  if (args[0] === '--') args.shift();
  if (args.length === 0) {
    ctx.err(`sleep: missing operand\n${tryHelp('sleep')}`);
    return 1;
  }
  let total = 0;
  let bad = false;
  for (const a of args) {
    if (a.startsWith('-') && a.length > 1) {
      ctx.err(badOption('sleep', a));
      return 1;
    }
    const ms = intervalMs(a);
    if (ms === undefined) {
      ctx.err(`sleep: invalid time interval ${q(a)}\n`);
      bad = true;
    } else total += ms;
  }
  if (bad) {
    ctx.err(tryHelp('sleep'));
    return 1;
  }
  ctx.wait(Math.round(budget(ctx, total)));
  return 0;
}

const WATCH_USAGE = `
Usage:
 watch [options] command

Options:
  -b, --beep             beep if command has a non-zero exit
  -c, --color            interpret ANSI color and style sequences
  -d, --differences[=<permanent>]
                         highlight changes between updates
  -e, --errexit          exit if command has a non-zero exit
  -g, --chgexit          exit when output from command changes
  -q, --equexit <cycles>
                         exit when output from command does not change
  -n, --interval <secs>  seconds to wait between updates
  -p, --precise          attempt run command in precise intervals
  -t, --no-title         turn off header
  -w, --no-wrap          turn off line wrapping
  -x, --exec             pass command to exec instead of "sh -c"

 -h, --help     display this help and exit
 -v, --version  output version information and exit

For more details see watch(1).
`;

const WATCH_LONG: Record<string, string> = {
  '--beep': 'b', '--color': 'c', '--differences': 'd', '--errexit': 'e', '--chgexit': 'g', '--equexit': 'q', '--interval': 'n',
  '--precise': 'p', '--no-title': 't', '--no-wrap': 'w', '--exec': 'x', '--help': 'h', '--version': 'v',
};

interface WatchOpts {
  intervalMs: number;
  title: boolean;
  exec: boolean;
  errExit: boolean;
  changeExit: boolean;
  sameExit?: number;
  command: string[];
}

/** procps-ng watch's options: they end at the first word that is not one. */
function watchArgs(ctx: CommandContext): WatchOpts | number {
  const o: WatchOpts = { intervalMs: 2000, title: true, exec: false, errExit: false, changeExit: false, command: [] };
  const args = ctx.argv.slice(1);
  let i = 0;
  const value = (flag: string, inline: string | undefined): string | undefined => inline ?? args[++i] ?? (ctx.err(`watch: option requires an argument -- '${flag}'${WATCH_USAGE}`), undefined);
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    let flags: string[];
    let inline: string | undefined;
    if (a.startsWith('--')) {
      const [name, v] = a.split(/=(.*)/s, 2);
      const f = WATCH_LONG[name];
      if (!f) {
        ctx.err(`watch: unrecognized option '${a}'${WATCH_USAGE}`);
        return 1;
      }
      flags = [f];
      inline = v;
    } else flags = [...a.slice(1)];
    for (let k = 0; k < flags.length; k++) {
      const f = flags[k];
      if (f === 'n' || f === 'q') {
        const rest = a.startsWith('--') ? inline : flags.slice(k + 1).join('') || undefined;
        const v = value(f, rest);
        if (v === undefined) return 1;
        const n = Number(v);
        if (v.trim() === '' || !Number.isFinite(n)) {
          ctx.err(`watch: failed to parse argument: '${v}': Invalid argument\n`);
          return 1;
        }
        if (f === 'n') o.intervalMs = Math.max(100, Math.round(n * 1000));
        else o.sameExit = Math.max(1, Math.floor(n));
        break;
      }
      switch (f) {
        case 'h':
          ctx.out(WATCH_USAGE);
          return 0;
        case 'v':
          ctx.out('watch from procps-ng 4.0.2\n');
          return 0;
        case 't':
          o.title = false;
          break;
        case 'x':
          o.exec = true;
          break;
        case 'e':
          o.errExit = true;
          break;
        case 'g':
          o.changeExit = true;
          break;
        case 'b': case 'c': case 'd': case 'p': case 'w':
          break;
        default:
          ctx.err(`watch: invalid option -- '${f}'${WATCH_USAGE}`);
          return 1;
      }
    }
  }
  o.command = args.slice(i);
  if (o.command.length === 0) {
    ctx.err(WATCH_USAGE);
    return 1;
  }
  return o;
}

/** `Every 2.0s: kubectl get pods` on the left, `host: date` on the right of an 80-column line. */
function watchHeader(ctx: CommandContext, o: WatchOpts): string {
  const left = `Every ${(o.intervalMs / 1000).toFixed(1)}s: ${o.command.join(' ')}`;
  const right = `${ctx.host.name}: ${formatCtime(wallMs(ctx.world.now))}`;
  const width = Number(ctx.session.env.COLUMNS) > 0 ? Number(ctx.session.env.COLUMNS) : 80;
  const room = width - right.length - 1;
  const shown = left.length > room ? left.slice(0, Math.max(0, room - 3)) + '...' : left;
  return `${shown.padEnd(room)} ${right}\n\n`;
}

/**
 * Re-runs the command every interval, clearing the screen before each run as the real
 * full-screen tool does, until Ctrl-C (or -g/-e/-q says to stop).
 */
function watch(ctx: CommandContext): number {
  const o = watchArgs(ctx);
  if (typeof o === 'number') return o;
  const limit = budget(ctx, Infinity);
  let previous: string | undefined;
  let same = 0;
  for (let refresh = 1; ; refresh++) {
    const started = ctx.elapsed;
    // -x: the words as they are, no shell in between.
    const { output, status } = runNestedLine(ctx, o.exec ? quote(o.command) : o.command.join(' '));
    ctx.out(`\x1b[H\x1b[2J${o.title ? watchHeader(ctx, o) : ''}${output}`);
    if (o.changeExit && previous !== undefined && output !== previous) return 0;
    same = output === previous ? same + 1 : 0;
    if (o.sameExit !== undefined && same >= o.sameExit) return 0;
    previous = output;
    if (o.errExit && status !== 0) {
      ctx.out('\ncommand exit with a non-zero status, press a key to exit');
      return status;
    }
    const next = started + o.intervalMs;
    if (next >= limit || refresh >= MAX_REFRESHES) {
      ctx.wait(Math.max(0, limit - ctx.elapsed));
      return 0;
    }
    ctx.wait(Math.max(0, next - ctx.elapsed));
  }
}

function date(ctx: CommandContext): number {
  let format: string | undefined;
  let rfc = false;
  for (const a of ctx.argv.slice(1)) {
    if (a === '-u' || a === '--utc' || a === '--universal') continue;
    if (a === '-R' || a === '--rfc-email') rfc = true;
    else if (a.startsWith('+')) {
      if (format !== undefined) {
        ctx.err(`date: extra operand ${q(a)}\n${tryHelp('date')}`);
        return 1;
      }
      format = a.slice(1);
    } else if (a.startsWith('-') && a.length > 1) {
      ctx.err(badOption('date', a));
      return 1;
    } else {
      ctx.err(format === undefined ? `date: invalid date ${q(a)}\n` : `date: extra operand ${q(a)}\n${tryHelp('date')}`);
      return 1;
    }
  }
  const ms = wallMs(ctx.world.now);
  ctx.out(`${rfc ? formatRfc1123Z(ms) : format === undefined ? formatCtime(ms, true) : strftime(format, ms)}\n`);
  return 0;
}

/** The conversions people put in `date +...`, in UTC. */
function strftime(format: string, ms: number): string {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const ctime = formatCtime(ms);
  const parts: Record<string, () => string> = {
    Y: () => String(d.getUTCFullYear()), m: () => p2(d.getUTCMonth() + 1), d: () => p2(d.getUTCDate()), e: () => ctime.slice(8, 10),
    H: () => p2(d.getUTCHours()), M: () => p2(d.getUTCMinutes()), S: () => p2(d.getUTCSeconds()), s: () => String(Math.floor(ms / 1000)),
    a: () => ctime.slice(0, 3), b: () => ctime.slice(4, 7), Z: () => 'UTC', z: () => '+0000', '%': () => '%', n: () => '\n', t: () => '\t',
    F: () => `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`, T: () => ctime.slice(11, 19), N: () => String((ms % 1000) * 1_000_000).padStart(9, '0'),
  };
  return format.replace(/%(.)/gs, (all, c: string) => parts[c]?.() ?? all);
}

/** `date [OPTION]... [+FORMAT]`: any other operand (MMDDhhmm) sets the clock. */
const optionsOrFormat = (argv: string[]) => argv.slice(1).every((a) => a.startsWith('+') || a.startsWith('-'));

export const timingCommands: Record<string, CommandSpec> = {
  sleep: { reads: always, run: sleep, summary: 'let time pass (NUMBER[smhd] seconds, minutes, hours, days)' },
  watch: { run: watch, summary: 'run a command again every few seconds (-n SECS) until Ctrl-C' },
  date: { run: date, summary: 'print the date and time', reads: (argv) => optionsOrFormat(argv) && !shortHas(argv, 's') && !argv.some((a) => a.startsWith('--set')) },
};
