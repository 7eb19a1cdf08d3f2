// Argument handling shared by the bash builtins: their flag parsing and the two-line
// "invalid option" report bash prints.
import type { CommandContext } from '../types.js';

/** A shell variable name. */
export const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A bash builtin's invalid-option report: two lines, exit 2. */
export function builtinUsage(ctx: CommandContext, name: string, bad: string, usage: string): number {
  ctx.err(`bash: ${name}: ${bad}: invalid option\n${name}: usage: ${usage}\n`);
  return 2;
}

/** Splits leading `-xyz` flags of a bash builtin; returns the first bad flag, if any. */
export function builtinFlags(args: string[], allowed: string): { flags: Set<string>; rest: string[]; bad?: string } {
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
