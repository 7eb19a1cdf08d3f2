// GNU sleep: lets simulated time pass. Everything that runs by itself (the cluster's
// controllers, back-offs, probes) moves on while the player waits, as it would at work.
import { tryHelp } from '../getopt.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { q } from './input.js';

const UNIT_MS: Record<string, number> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The longest one sleep waits: the world's controllers catch up second by second. */
const MAX_MS = 3_600_000;

/** `1.5m` → 90000, `inf` → Infinity; undefined for anything GNU sleep rejects. */
function intervalMs(arg: string): number | undefined {
  const m = /^\+?([0-9]+\.?[0-9]*(?:e[+-]?[0-9]+)?|\.[0-9]+(?:e[+-]?[0-9]+)?|inf(?:inity)?)([smhd]?)$/i.exec(arg);
  if (!m) return undefined;
  const n = /^inf/i.test(m[1]) ? Infinity : Number(m[1]);
  return n * UNIT_MS[m[2]];
}

const HELP = `Usage: sleep NUMBER[SUFFIX]...
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
    ctx.out(HELP);
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
      ctx.err(a.startsWith('--') ? `sleep: unrecognized option '${a}'\n${tryHelp('sleep')}` : `sleep: invalid option -- '${a[1]}'\n${tryHelp('sleep')}`);
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
  // Ctrl-C ends the wait where it was pressed; the clock goes no further than that.
  const budget = Math.min(total, MAX_MS, ctx.interruptAt === undefined ? Infinity : ctx.interruptAt + 1);
  ctx.wait(Math.round(budget));
  return 0;
}

export const sleepCommands: Record<string, CommandSpec> = {
  sleep: { run: sleep, summary: 'let time pass (NUMBER[smhd] seconds, minutes, hours, days)' },
};
