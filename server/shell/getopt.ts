// GNU getopt_long-style option parsing with glibc's error messages, for the command
// families: bundled short flags (-iv), attached or separate arguments (-n5, -n 5),
// long options with unique-prefix abbreviation (--line=5), `--`, and permutation
// (options may follow operands).

export interface LongOption {
  name: string;
  /** The key reported in `opts` (usually the equivalent short letter). */
  key: string;
  arg: 'none' | 'required' | 'optional';
}

export interface OptionSpec {
  /** getopt string: option letters, `:` after a letter that takes an argument. */
  short: string;
  long?: LongOption[];
  /** Stop at the first operand instead of permuting (like `sudo`, `env`). */
  stopAtOperand?: boolean;
}

export interface Option {
  key: string;
  value?: string;
}

export type GetoptResult = { ok: true; opts: Option[]; operands: string[] } | { ok: false; error: string };

/** The line GNU tools print after a usage error. */
export const tryHelp = (prog: string) => `Try '${prog} --help' for more information.\n`;

export function getopt(prog: string, args: string[], spec: OptionSpec): GetoptResult {
  const opts: Option[] = [];
  const operands: string[] = [];
  const fail = (msg: string): GetoptResult => ({ ok: false, error: `${prog}: ${msg}\n` });
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const all = spec.long ?? [];
      const exact = all.find((o) => o.name === name);
      const matches = exact ? [exact] : all.filter((o) => o.name.startsWith(name));
      const distinct = new Set(matches.map((o) => o.key + o.arg));
      if (matches.length === 0) return fail(`unrecognized option '${arg}'`);
      if (distinct.size > 1) {
        const names = matches.map((o) => `'--${o.name}'`).join(' ');
        return fail(`option '${arg.slice(0, eq < 0 ? undefined : eq)}' is ambiguous; possibilities: ${names}`);
      }
      const opt = matches[0];
      if (eq >= 0) {
        if (opt.arg === 'none') return fail(`option '--${opt.name}' doesn't allow an argument`);
        opts.push({ key: opt.key, value: arg.slice(eq + 1) });
      } else if (opt.arg === 'required') {
        if (i + 1 >= args.length) return fail(`option '--${opt.name}' requires an argument`);
        opts.push({ key: opt.key, value: args[++i] });
      } else {
        opts.push({ key: opt.key });
      }
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') {
      for (let j = 1; j < arg.length; j++) {
        const c = arg[j];
        const at = c === ':' ? -1 : spec.short.indexOf(c);
        if (at < 0) return fail(`invalid option -- '${c}'`);
        if (spec.short[at + 1] !== ':') {
          opts.push({ key: c });
          continue;
        }
        if (j + 1 < arg.length) opts.push({ key: c, value: arg.slice(j + 1) });
        else if (i + 1 < args.length) opts.push({ key: c, value: args[++i] });
        else return fail(`option requires an argument -- '${c}'`);
        break;
      }
      continue;
    }
    if (spec.stopAtOperand) {
      operands.push(...args.slice(i));
      break;
    }
    operands.push(arg);
  }
  return { ok: true, opts, operands };
}
